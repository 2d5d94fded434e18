//! Synthetic datasets for `ddb seed --synthetic`: many users, conversations
//! and messages, generated from a seed, in exactly the rows the app writes
//! (each conversation's messages, then a group row for each participant at
//! its last message; shapes, keys and times from [`crate::model`]).
//!
//! Deterministic: the same shape and seed give the same items, byte for
//! byte, on every run. Each conversation draws from a generator of its own,
//! seeded from the run's seed and the conversation's number; times count
//! from a fixed epoch, never the clock; and the skew's powers are computed
//! with additions, multiplications and divisions only (never the platform's
//! `powf`), so no library's rounding can change a count. The items are
//! generated one at a time: nothing holds the whole dataset.
//!
//! Conversation `j` of `C` stamps every message at a time that is `j`
//! modulo `C` microseconds: no two conversations share a timestamp, so no
//! two group rows of one user share a key.
//!
//! Without skew every user takes part in exactly `--conversations`
//! conversations (with an odd number of users and of conversations, the
//! first user in one more) and every conversation has `--messages` messages. With skew `s` (a Zipf exponent), users are drawn
//! with weight `1/(rank+1)^s` and the messages beyond the first of each
//! conversation are shared out with the same weights, so a few users and
//! conversations are heavy and the totals stay as asked.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::model::attr::Item;
use crate::model::{MessageGroupRow, MessageRow, Participant};

/// Bounds of the dataset's shape.
pub mod limits {
    /// Users at most.
    pub const MAX_USERS: u64 = 1_000_000;
    /// Conversations per user at most.
    pub const MAX_CONVERSATIONS_PER_USER: u64 = 100_000;
    /// Messages per conversation at most.
    pub const MAX_MESSAGES_PER_CONVERSATION: u64 = 1_000_000;
    /// The largest skew (Zipf exponent).
    pub const MAX_SKEW: f64 = 3.0;
    /// Items written without `--yes`: a bigger dataset is refused with its cost.
    pub const ITEMS_WITHOUT_YES: u64 = 10_000_000;
    /// Items at most, even with `--yes`.
    pub const MAX_ITEMS: u64 = 1_000_000_000;
}

/// The first instant of the dataset: conversations start within a year of it.
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

const SECOND_US: u64 = 1_000_000;
const HOUR_US: u64 = 3600 * SECOND_US;
const DAY_US: u64 = 24 * HOUR_US;
/// Conversations start within this long after the epoch.
const START_SPREAD_US: u64 = 365 * DAY_US;
/// A conversation's messages span about this long at most.
const CONVERSATION_SPAN_US: u64 = 30 * DAY_US;
/// The longest characters of a generated message (the app takes 1024).
const MAX_TEXT_CHARS: usize = 1000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shape {
    pub users: u64,
    /// Conversations each user takes part in, on average.
    pub conversations_per_user: u64,
    /// Messages per conversation, on average.
    pub messages_per_conversation: u64,
    /// 0: even; larger: a few heavy users and conversations (Zipf exponent).
    pub skew: f64,
    pub random_seed: u64,
}

impl Shape {
    /// Conversations in all: each has two participants.
    pub fn conversations(&self) -> u64 {
        self.users
            .saturating_mul(self.conversations_per_user)
            .div_ceil(2)
            .max(1)
    }

    /// Messages in all (skew moves messages between conversations, never adds).
    pub fn messages(&self) -> u64 {
        self.conversations()
            .saturating_mul(self.messages_per_conversation)
    }

    /// Items in all: the messages and two group rows per conversation.
    pub fn items(&self) -> u64 {
        self.messages()
            .saturating_add(self.conversations().saturating_mul(2))
    }

    /// Write units before any item is made: one per message, two per group
    /// row (the table and the index), as most generated items are under 1 KB.
    pub fn estimated_write_units(&self) -> u64 {
        self.messages()
            .saturating_add(self.conversations().saturating_mul(4))
    }

    /// Refuses a shape that makes no dataset.
    pub fn check(&self) -> Result<(), String> {
        if self.users < 2 {
            return Err(format!(
                "--users {}: a conversation needs two users",
                self.users
            ));
        }
        if !(0.0..=limits::MAX_SKEW).contains(&self.skew) {
            return Err(format!(
                "--skew {}: expected 0 (even) to {} (a few very heavy users and conversations)",
                self.skew,
                limits::MAX_SKEW
            ));
        }
        Ok(())
    }
}

/// Where the participants come from.
#[derive(Debug, Clone)]
pub enum Users {
    /// Postgres's users, in handle order (the first is the heaviest under skew).
    Postgres(Vec<Participant>),
    /// Synthetic users ([`synthetic_user`]), as many as the shape says.
    Synthetic,
}

impl Users {
    fn get(&self, rank: u64) -> Participant {
        match self {
            Users::Postgres(list) => list[rank as usize].clone(),
            Users::Synthetic => synthetic_user(rank),
        }
    }

    pub fn source(&self) -> &'static str {
        match self {
            Users::Postgres(_) => "postgres",
            Users::Synthetic => "synthetic",
        }
    }
}

/// The namespace of synthetic users' ids: a user's id follows from its
/// handle, whatever the seed, so the rows of every run match the `users`
/// rows `--with-postgres` wrote.
const USER_NAMESPACE: Uuid = Uuid::from_u128(0x6372_7564_6475_7273_796e_7468_7573_6572);

const FIRST_NAMES: [&str; 24] = [
    "Ada", "Ben", "Cleo", "Dev", "Edith", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
    "Lars", "Mina", "Nico", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera",
    "Wes", "Yara",
];
const LAST_NAMES: [&str; 20] = [
    "Abara",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gupta",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Rossi",
    "Santos",
    "Tanaka",
    "Varga",
];

/// Synthetic user number `rank`: handle `synth000042`, an id derived from
/// the handle, a display name from fixed lists.
pub fn synthetic_user(rank: u64) -> Participant {
    let handle = format!("synth{rank:06}");
    let (first, rest) = (
        rank as usize % FIRST_NAMES.len(),
        rank as usize / FIRST_NAMES.len(),
    );
    let (last, round) = (rest % LAST_NAMES.len(), rest / LAST_NAMES.len());
    let display_name = if round == 0 {
        format!("{} {}", FIRST_NAMES[first], LAST_NAMES[last])
    } else {
        format!("{} {} {}", FIRST_NAMES[first], LAST_NAMES[last], round + 1)
    };
    Participant {
        uuid: Uuid::new_v5(&USER_NAMESPACE, handle.as_bytes()),
        display_name,
        handle,
    }
}

/// What the dataset holds, counted before anything is written.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub users: u64,
    pub users_from: &'static str,
    pub conversations: u64,
    pub messages: u64,
    pub items: u64,
    pub messages_per_conversation: Range,
    pub conversations_per_user: Range,
    /// The user in the most conversations.
    pub busiest_user: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Range {
    pub min: u64,
    pub max: u64,
}

/// A dataset: its shape, its users and the counts that fix each
/// conversation's number of messages.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub shape: Shape,
    users: Users,
    conversations: u64,
    /// Under skew: the sum of the conversations' weights and the messages
    /// left over after the rounding, given one each to the first conversations.
    shares: Option<(f64, u64)>,
    counts: Counts,
}

impl Dataset {
    /// Counts the dataset (one pass over its conversations, no item made).
    /// `users` must hold `shape.users` users.
    pub fn new(shape: Shape, users: Users) -> Self {
        let conversations = shape.conversations();
        let mut data = Dataset {
            shape,
            users,
            conversations,
            shares: None,
            counts: Counts {
                users: shape.users,
                users_from: "",
                conversations,
                messages: 0,
                items: 0,
                messages_per_conversation: Range { min: 0, max: 0 },
                conversations_per_user: Range { min: 0, max: 0 },
                busiest_user: String::new(),
            },
        };
        data.counts.users_from = data.users.source();
        if shape.skew > 0.0 {
            let extra = data.extra_messages();
            let total: f64 = (0..conversations).map(|j| data.weight(j)).sum();
            let given: u64 = (0..conversations)
                .map(|j| share(extra, data.weight(j), total))
                .sum();
            data.shares = Some((total, extra.saturating_sub(given)));
        }
        let mut per_user = vec![0u32; shape.users as usize];
        let (mut messages, mut fewest, mut most) = (0u64, u64::MAX, 0u64);
        for j in 0..conversations {
            let k = data.messages_of(j);
            messages += k;
            fewest = fewest.min(k);
            most = most.max(k);
            let (a, b) = data.participants(j, &mut data.rng_of(j));
            per_user[a as usize] += 1;
            per_user[b as usize] += 1;
        }
        let busiest = (0..per_user.len())
            .max_by_key(|&i| (per_user[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        data.counts.messages = messages;
        data.counts.items = messages + 2 * conversations;
        data.counts.messages_per_conversation = Range {
            min: fewest,
            max: most,
        };
        data.counts.conversations_per_user = Range {
            min: per_user.iter().copied().min().unwrap_or(0).into(),
            max: per_user.iter().copied().max().unwrap_or(0).into(),
        };
        data.counts.busiest_user = data.users.get(busiest as u64).handle;
        data
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The users the dataset names (`--with-postgres` writes them).
    pub fn users(&self) -> impl Iterator<Item = Participant> + '_ {
        (0..self.shape.users).map(|rank| self.users.get(rank))
    }

    /// Every item, conversation after conversation: its messages oldest
    /// first, then the two group rows.
    pub fn items(&self) -> Items<'_> {
        Items {
            data: self,
            next: 0,
            current: None,
        }
    }

    fn extra_messages(&self) -> u64 {
        self.conversations
            .saturating_mul(self.shape.messages_per_conversation.saturating_sub(1))
    }

    /// A conversation's weight under skew: `1/(j+1)^skew`.
    fn weight(&self, j: u64) -> f64 {
        power(j as f64 + 1.0, -self.shape.skew)
    }

    /// Messages of conversation `j`.
    fn messages_of(&self, j: u64) -> u64 {
        match self.shares {
            None => self.shape.messages_per_conversation,
            Some((total, left_over)) => {
                1 + share(self.extra_messages(), self.weight(j), total) + u64::from(j < left_over)
            }
        }
    }

    /// Conversation `j`'s own generator: the same numbers on every run.
    fn rng_of(&self, j: u64) -> fastrand::Rng {
        fastrand::Rng::with_seed(mix(self.shape.random_seed ^ mix(j.wrapping_add(1))))
    }

    /// The ranks of the two participants (never the same user).
    fn participants(&self, j: u64, rng: &mut fastrand::Rng) -> (u64, u64) {
        let n = self.shape.users;
        if self.shape.skew == 0.0 {
            // Round after round every user starts one conversation and is
            // asked into one, with a partner further along each round; an
            // odd number per user ends with a round of pairs (half the
            // users with the other half, the odd one out with the first).
            let full = n * (self.shape.conversations_per_user / 2);
            if j < full {
                let a = j % n;
                let step = 1 + (j / n) % (n - 1);
                return (a, (a + step) % n);
            }
            let (i, half) = (j - full, n / 2);
            return if i < half { (i, i + half) } else { (n - 1, 0) };
        }
        let a = self.zipf_rank(rng.f64());
        let mut b = self.zipf_rank(rng.f64());
        if b == a {
            b = (a + 1 + rng.u64(..n - 1)) % n;
        }
        (a, b)
    }

    /// A user rank drawn with weight `1/(rank+1)^skew` (inverse of the
    /// continuous distribution's CDF over [1, n+1)).
    fn zipf_rank(&self, u: f64) -> u64 {
        let n = self.shape.users as f64;
        let s = self.shape.skew;
        let x = if (s - 1.0).abs() < 1e-9 {
            power(n + 1.0, u)
        } else {
            let e = 1.0 - s;
            power(1.0 + u * (power(n + 1.0, e) - 1.0), 1.0 / e)
        };
        (x.floor() as u64).clamp(1, self.shape.users) - 1
    }

    /// The start of conversation `j`: its first message and its generator.
    fn conversation(&self, j: u64) -> Conversation {
        let mut rng = self.rng_of(j);
        let (a, b) = self.participants(j, &mut rng);
        let group_uuid = uuid_from(&mut rng);
        let k = self.messages_of(j);
        let unit = self.conversations; // microseconds between two times of one conversation
        let start = rng.u64(..(START_SPREAD_US / unit).max(1));
        let mean_gap = ((HOUR_US).min(CONVERSATION_SPAN_US / k.max(1)) / unit).max(1);
        Conversation {
            rng,
            j,
            group_uuid,
            a: self.users.get(a),
            b: self.users.get(b),
            left: k,
            at: start,
            mean_gap,
            group_rows: Vec::new(),
        }
    }
}

/// A conversation being generated.
struct Conversation {
    rng: fastrand::Rng,
    j: u64,
    group_uuid: Uuid,
    a: Participant,
    b: Participant,
    /// Messages still to make.
    left: u64,
    /// The time of the last message, in units of `conversations` µs.
    at: u64,
    mean_gap: u64,
    /// The group rows, once the last message is made.
    group_rows: Vec<MessageGroupRow>,
}

impl Conversation {
    fn message(&mut self, data: &Dataset) -> MessageRow {
        self.at += 1 + self.rng.u64(..2 * self.mean_gap);
        let micros = self.at * data.conversations + self.j;
        let at =
            epoch() + chrono::Duration::microseconds(i64::try_from(micros).unwrap_or(i64::MAX));
        let sender = if self.rng.bool() { &self.a } else { &self.b };
        let id = uuid_from(&mut self.rng);
        let text = text(&mut self.rng);
        MessageRow::new(self.group_uuid, at, id, &text, sender.clone())
    }
}

/// The dataset's items, one at a time.
pub struct Items<'a> {
    data: &'a Dataset,
    next: u64,
    current: Option<Conversation>,
}

impl Iterator for Items<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(c) = &mut self.current {
                if c.left > 0 {
                    let row = c.message(self.data);
                    c.left -= 1;
                    let item = row.to_item();
                    if c.left == 0 {
                        let mut rows = MessageGroupRow::pair(&row, &c.a, &c.b).to_vec();
                        rows.reverse();
                        c.group_rows = rows;
                    }
                    return Some(item);
                }
                if let Some(row) = c.group_rows.pop() {
                    return Some(row.to_item());
                }
                self.current = None;
            }
            if self.next >= self.data.conversations {
                return None;
            }
            self.current = Some(self.data.conversation(self.next));
            self.next += 1;
        }
    }
}

/// A version-4-shaped id from the generator.
fn uuid_from(rng: &mut fastrand::Rng) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.u64(..).to_le_bytes());
    bytes[8..].copy_from_slice(&rng.u64(..).to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

const WORDS: [&str; 64] = [
    "are", "we", "still", "on", "for", "tonight", "the", "ship", "leaves", "at", "seven", "bring",
    "your", "coat", "it", "is", "cold", "on", "deck", "did", "you", "see", "the", "news", "about",
    "station", "I", "think", "they", "will", "vote", "tomorrow", "maybe", "later", "sounds",
    "good", "thanks", "again", "coffee", "first", "then", "we", "talk", "about", "plans",
    "weekend", "trip", "is", "booked", "call", "me", "when", "you", "land", "running", "late",
    "sorry", "meeting", "moved", "to", "noon", "great", "idea", "done",
];
const ENDINGS: [&str; 4] = [".", "!", "?", "..."];

/// A message text: usually a few words, now and then a long paragraph
/// (over 1 KB of item, two write units).
fn text(rng: &mut fastrand::Rng) -> String {
    let words = if rng.u8(..20) == 0 {
        rng.usize(120..=200)
    } else {
        rng.usize(3..=24)
    };
    let mut out = String::new();
    for i in 0..words {
        let w = WORDS[rng.usize(..WORDS.len())];
        if out.len() + w.len() + 4 > MAX_TEXT_CHARS {
            break;
        }
        if i > 0 {
            out.push(' ');
        }
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(w);
        }
    }
    out.push_str(ENDINGS[rng.usize(..ENDINGS.len())]);
    out
}

/// Messages of a conversation's `extra` share: `extra * weight / total`, rounded down.
fn share(extra: u64, weight: f64, total: f64) -> u64 {
    (extra as f64 * weight / total).floor() as u64
}

/// SplitMix64's finaliser: spreads a number's bits over all of a u64.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const LN_2: f64 = std::f64::consts::LN_2;

/// The natural logarithm of `x > 0` from basic arithmetic only: `x = m·2^e`
/// with m in [1, 2), `ln m = 2·atanh((m-1)/(m+1))` by its series.
fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let (mut term, mut sum) = (z, 0.0);
    let mut k = 1.0;
    while k < 60.0 {
        sum += term / k;
        term *= z2;
        k += 2.0;
    }
    exponent as f64 * LN_2 + 2.0 * sum
}

/// `e^y` from basic arithmetic only: `y = k·ln 2 + r`, `e^r` by its series,
/// times `2^k` put into the exponent bits.
fn exp(y: f64) -> f64 {
    if y < -700.0 {
        return 0.0;
    }
    let k = (y / LN_2).round();
    let r = y - k * LN_2;
    let (mut term, mut sum) = (1.0, 1.0);
    let mut n = 1.0;
    while n < 25.0 {
        term *= r / n;
        sum += term;
        n += 1.0;
    }
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * scale
}

/// `x^p` for `x > 0`, the same on every platform.
fn power(x: f64, p: f64) -> f64 {
    if p == 0.0 {
        return 1.0;
    }
    exp(p * ln(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::attr::get_s;
    use crate::model::schema::attrs;

    fn shape(users: u64, per_user: u64, messages: u64, skew: f64) -> Shape {
        Shape {
            users,
            conversations_per_user: per_user,
            messages_per_conversation: messages,
            skew,
            random_seed: 7,
        }
    }

    fn all(shape: Shape) -> (Dataset, Vec<Item>) {
        let data = Dataset::new(shape, Users::Synthetic);
        let items: Vec<Item> = data.items().collect();
        (data, items)
    }

    #[test]
    fn the_arithmetic_matches_the_platforms_within_rounding() {
        for x in [1.0, 1.5, 2.0, 3.0, 10.0, 12345.678, 1e6, 1e9] {
            assert!(
                (ln(x) - x.ln()).abs() < 1e-12 * x.ln().abs().max(1.0),
                "ln {x}"
            );
        }
        for y in [-20.0, -1.0, -0.5, 0.0, 0.3, 1.0, 5.0, 30.0] {
            assert!((exp(y) - y.exp()).abs() <= 1e-13 * y.exp(), "exp {y}");
        }
        assert!((power(1000.0, -1.2) - 1000f64.powf(-1.2)).abs() < 1e-15);
    }

    #[test]
    fn without_skew_every_user_has_the_same_number_of_conversations() {
        for (users, per_user, range) in [
            (20, 3, (3, 3)),
            (7, 5, (5, 6)),
            (2, 5, (5, 5)),
            (3, 1, (1, 2)),
        ] {
            let (data, _) = all(shape(users, per_user, 1, 0.0));
            assert_eq!(
                data.counts().conversations_per_user,
                Range {
                    min: range.0,
                    max: range.1
                },
                "{users} users, {per_user} each"
            );
        }
        let (data, items) = all(shape(10, 4, 3, 0.0));
        let c = data.counts();
        assert_eq!((c.conversations, c.messages, c.items), (20, 60, 100));
        assert_eq!(items.len(), 100);
        assert_eq!(c.conversations_per_user, Range { min: 4, max: 4 });
        assert_eq!(c.messages_per_conversation, Range { min: 3, max: 3 });
        let groups = items
            .iter()
            .filter(|i| get_s(i, attrs::PK).unwrap().starts_with("GRP#"))
            .count();
        assert_eq!(groups, 40);
    }

    #[test]
    fn the_same_seed_gives_the_same_items_and_another_seed_others() {
        let s = shape(5, 3, 4, 1.1);
        let (_, first) = all(s);
        let (_, again) = all(s);
        assert_eq!(first.len(), again.len());
        assert_eq!(first, again);
        let (_, other) = all(Shape {
            random_seed: 8,
            ..s
        });
        assert_eq!(other.len(), first.len(), "skew keeps the totals");
        assert_ne!(other, first);
    }

    #[test]
    fn skew_keeps_the_totals_and_makes_heavy_users_and_conversations() {
        let (data, items) = all(shape(100, 10, 20, 1.2));
        let c = data.counts();
        assert_eq!(c.conversations, 500);
        assert_eq!(c.messages, 500 * 20, "every message is given out");
        assert_eq!(items.len() as u64, c.items);
        assert!(c.messages_per_conversation.min >= 1);
        assert!(
            c.messages_per_conversation.max > 200,
            "{:?}",
            c.messages_per_conversation
        );
        assert!(
            c.conversations_per_user.max > 50,
            "{:?}",
            c.conversations_per_user
        );
        assert_eq!(c.busiest_user, "synth000000");
    }

    #[test]
    fn rows_have_the_apps_shapes_and_no_key_repeats() {
        let (data, items) = all(shape(4, 3, 5, 0.5));
        let mut keys = std::collections::HashSet::new();
        let mut groups = 0;
        for item in &items {
            let key = (
                get_s(item, attrs::PK).unwrap().to_string(),
                get_s(item, attrs::SK).unwrap().to_string(),
            );
            assert!(keys.insert(key.clone()), "{key:?} twice");
            if key.0.starts_with("GRP#") {
                let row = MessageGroupRow::from_item(item).unwrap();
                assert_ne!(row.owner_uuid, row.other.uuid);
                groups += 1;
            } else {
                let row = MessageRow::from_item(item).unwrap();
                assert!(
                    row.sk.ends_with("+00:00") && row.sk.len() == 32,
                    "{}",
                    row.sk
                );
                assert!(row.message.chars().count() <= 1024);
            }
        }
        assert_eq!(groups as u64, 2 * data.counts().conversations);
    }

    #[test]
    fn a_conversations_group_rows_follow_its_last_message() {
        let (_, items) = all(shape(2, 1, 6, 0.0));
        assert_eq!(items.len(), 8);
        let last = MessageRow::from_item(&items[5]).unwrap();
        for item in &items[6..] {
            let row = MessageGroupRow::from_item(item).unwrap();
            assert_eq!(
                (row.sk.as_str(), row.message.as_str()),
                (last.sk.as_str(), last.message.as_str())
            );
            assert_eq!(row.group_uuid, last.group_uuid);
        }
        let times: Vec<String> = items[..6]
            .iter()
            .map(|i| get_s(i, attrs::SK).unwrap().to_string())
            .collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted, "oldest first");
    }

    #[test]
    fn synthetic_users_follow_from_their_rank() {
        let u = synthetic_user(42);
        assert_eq!(u.handle, "synth000042");
        assert_eq!(u, synthetic_user(42));
        assert_ne!(u.uuid, synthetic_user(43).uuid);
        assert_eq!(synthetic_user(0).display_name, "Ada Abara");
    }

    #[test]
    fn bad_shapes_are_refused() {
        assert!(shape(1, 1, 1, 0.0).check().is_err());
        assert!(shape(2, 1, 1, 3.5).check().is_err());
        assert!(shape(2, 1, 1, -0.1).check().is_err());
        assert!(shape(2, 1, 1, 3.0).check().is_ok());
    }
}
