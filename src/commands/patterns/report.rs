//! `patterns report`: every access pattern of the app run against the
//! table on a sample of its own keys, with what DynamoDB says each call
//! consumed (ReturnConsumedCapacity INDEXES), latencies, and what a mix of
//! calls a second would cost a month on demand and on the table's
//! provisioned capacity, and whether that capacity would throttle it.
//!
//! The writes (C, D, E) go into copies of sampled conversations, made for
//! the report and removed afterwards: the copy's group rows, a message in
//! it (C), the group rows moved to that message (E) and a new conversation
//! between the same two users (D). Every write is conditional: a put never
//! replaces an existing row, and a delete only removes a row whose
//! conversation or message id is the report's own.

use std::collections::HashSet;
use std::time::Instant;

use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};
use chrono::{DateTime, Duration, DurationRound, Utc};
use clap::Args;
use futures::stream::{self, StreamExt};
use serde::Serialize;
use uuid::Uuid;

use super::write::{put_message, start_conversation};
use crate::app::confirm::{confirm, ConfirmOpts};
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt::{self, Shutdown};
use crate::app::output;
use crate::aws::errors::service_code;
use crate::dynamo::client::Writer;
use crate::dynamo::consumed::Consumed;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::guard::writer;
use crate::dynamo::rows::{read_group_rows, PartitionPages};
use crate::dynamo::tables::describe_table;
use crate::model::attr::{get_s, Item};
use crate::model::capacity::{
    on_demand_read_cost_usd, on_demand_write_cost_usd, prices_note, provisioned_month_usd,
    HOURS_PER_MONTH,
};
use crate::model::schema::{attrs, key_differences};
use crate::model::{
    MessageEvent, MessageGroupRow, MessageRow, Participant, PartitionKey, GSI_NAME,
};

/// Items the app asks for in one page of a conversation or of a user's list.
pub const APP_PAGE: i32 = 20;

/// The patterns a rate can be given for, in order.
const KEYS: [char; 5] = ['A', 'B', 'C', 'D', 'E'];

/// Calls a second per pattern (A to E).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    per_second: [f64; 5],
    /// E was named (else it follows C: every new message moves its group rows).
    e_given: bool,
}

impl Rates {
    /// The mix the report assumes without `--rate`.
    pub const DEFAULT_TEXT: &'static str = "A=20/s,B=10/s,C=5/s,D=0.5/s (E follows C)";

    pub fn default_mix() -> Self {
        Rates {
            per_second: [20.0, 10.0, 5.0, 0.5, 5.0],
            e_given: false,
        }
    }

    fn of(&self, key: char) -> f64 {
        let i = KEYS.iter().position(|k| *k == key).expect("a pattern key");
        if key == 'E' && !self.e_given {
            self.per_second[2]
        } else {
            self.per_second[i]
        }
    }

    fn text(&self) -> String {
        KEYS.iter()
            .map(|k| format!("{k}={}/s", trim_number(self.of(*k))))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn trim_number(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `--rate`: `PATTERN=N/s` pairs, comma-separated (`/min` and `/h` too; a
/// bare number is a second's). Patterns not named take 0, except E, which
/// follows C unless named.
pub fn parse_rates(s: &str) -> Result<Rates, String> {
    let usage = "expected PATTERN=RATE pairs such as B=50/s,A=200/s,C=20/s (patterns A to E; rates per /s, /min or /h)";
    let mut rates = Rates {
        per_second: [0.0; 5],
        e_given: false,
    };
    let mut seen = HashSet::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, rate)) = part.split_once('=') else {
            return Err(format!("'{part}': {usage}"));
        };
        let name = name.trim().to_ascii_uppercase();
        let key = match name.chars().collect::<Vec<_>>()[..] {
            [k] if KEYS.contains(&k) => k,
            _ => return Err(format!("'{part}': unknown pattern '{name}'; {usage}")),
        };
        if !seen.insert(key) {
            return Err(format!("pattern {key} is given twice"));
        }
        let rate = rate.trim();
        let (number, seconds) = if let Some(n) = rate.strip_suffix("/s") {
            (n, 1.0)
        } else if let Some(n) = rate.strip_suffix("/min") {
            (n, 60.0)
        } else if let Some(n) = rate.strip_suffix("/h") {
            (n, 3600.0)
        } else {
            (rate, 1.0)
        };
        let value: f64 = match number.trim().parse::<f64>() {
            Ok(v) if (0.0..=1e9).contains(&v) => v,
            _ => return Err(format!("'{part}': '{rate}' is not a rate; {usage}")),
        };
        let i = KEYS.iter().position(|k| *k == key).expect("a pattern key");
        rates.per_second[i] = value / seconds;
        rates.e_given |= key == 'E';
    }
    if seen.is_empty() {
        return Err(usage.to_string());
    }
    Ok(rates)
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Keys sampled from the table, and calls made per pattern
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub samples: u32,

    /// Only the reads (A, B): nothing is written
    #[arg(long)]
    pub read_only: bool,

    /// Calls a second per pattern, for the monthly cost and the throttling
    /// check: e.g. B=50/s,A=200/s,C=20/s (also /min and /h); patterns not
    /// named take 0, E follows C unless named [default: A=20/s,B=10/s,C=5/s,D=0.5/s]
    #[arg(long, value_name = "MIX", value_parser = parse_rates)]
    pub rate: Option<Rates>,

    /// Seed of the sampling, to sample the same keys again
    #[arg(long, value_name = "S")]
    pub random_seed: Option<u64>,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

/// What one call of a pattern did.
#[derive(Debug, Clone, Copy, Default)]
struct Call {
    read: Consumed,
    written: Consumed,
    requests: u32,
    items_read: u64,
    items_written: u64,
    ms: f64,
}

impl Call {
    /// One write request of `items` items that consumed `written`, begun
    /// at `started`.
    fn write(written: Consumed, items: u64, started: Instant) -> Self {
        Call {
            written,
            requests: 1,
            items_written: items,
            ms: started.elapsed().as_secs_f64() * 1000.0,
            ..Call::default()
        }
    }
}

/// A pattern and its calls.
struct Pattern {
    name: &'static str,
    what: &'static str,
    /// The `--rate` key, if the pattern is in the mix.
    key: Option<char>,
    calls: Vec<Call>,
}

impl Pattern {
    fn new(name: &'static str, what: &'static str, key: Option<char>) -> Self {
        Pattern {
            name,
            what,
            key,
            calls: Vec::new(),
        }
    }
}

/// Per call: the mean and the most, and the means of the table's and the
/// indexes' parts.
#[derive(Debug, Clone, Copy, Serialize)]
struct UnitsPerCall {
    mean: f64,
    max: f64,
    total: f64,
    table_mean: f64,
    indexes_mean: f64,
}

#[derive(Debug, Clone, Copy, Serialize)]
struct Latency {
    p50: f64,
    p95: f64,
    p99: f64,
}

#[derive(Debug, Serialize)]
struct PatternReport {
    pattern: &'static str,
    what: &'static str,
    calls: usize,
    requests: u64,
    items_read: u64,
    items_written: u64,
    read_units: UnitsPerCall,
    write_units: UnitsPerCall,
    latency_ms: Latency,
    /// Calls a second in the mix (`None`: not in the mix).
    rate_per_second: Option<f64>,
    monthly_on_demand_usd: Option<f64>,
}

fn units(calls: &[Call], pick: impl Fn(&Call) -> Consumed) -> UnitsPerCall {
    let n = calls.len().max(1) as f64;
    let total: f64 = calls.iter().map(|c| pick(c).total).sum();
    UnitsPerCall {
        mean: round(total / n),
        max: round(calls.iter().map(|c| pick(c).total).fold(0.0, f64::max)),
        total: round(total),
        table_mean: round(calls.iter().map(|c| pick(c).table).sum::<f64>() / n),
        indexes_mean: round(calls.iter().map(|c| pick(c).indexes).sum::<f64>() / n),
    }
}

/// The value at percentile `p` (nearest rank).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn money(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

impl PatternReport {
    fn of(p: &Pattern, rates: &Rates) -> Self {
        let mut ms: Vec<f64> = p.calls.iter().map(|c| c.ms).collect();
        ms.sort_by(f64::total_cmp);
        let read = units(&p.calls, |c| c.read);
        let written = units(&p.calls, |c| c.written);
        let rate = p.key.map(|k| rates.of(k));
        PatternReport {
            pattern: p.name,
            what: p.what,
            calls: p.calls.len(),
            requests: p.calls.iter().map(|c| u64::from(c.requests)).sum(),
            items_read: p.calls.iter().map(|c| c.items_read).sum(),
            items_written: p.calls.iter().map(|c| c.items_written).sum(),
            read_units: read,
            write_units: written,
            latency_ms: Latency {
                p50: round(percentile(&ms, 50.0)),
                p95: round(percentile(&ms, 95.0)),
                p99: round(percentile(&ms, 99.0)),
            },
            rate_per_second: rate,
            monthly_on_demand_usd: rate.map(|r| {
                let calls = r * SECONDS_PER_MONTH;
                money(
                    on_demand_read_cost_usd(calls * read.mean)
                        + on_demand_write_cost_usd(calls * written.mean),
                )
            }),
        }
    }
}

/// Units a second of the table's and its indexes' read and write capacity.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Pools {
    table_read: f64,
    table_write: f64,
    indexes_read: f64,
    indexes_write: f64,
}

impl Pools {
    fn named(&self) -> [(&'static str, f64); 4] {
        [
            ("table reads (RCU)", self.table_read),
            ("table writes (WCU)", self.table_write),
            ("index reads (RCU)", self.indexes_read),
            ("index writes (WCU)", self.indexes_write),
        ]
    }

    fn month_usd(&self) -> f64 {
        provisioned_month_usd(
            self.table_read + self.indexes_read,
            self.table_write + self.indexes_write,
        )
    }
}

#[derive(Debug, Serialize)]
struct CapacityReport {
    billing_mode: &'static str,
    /// The table's provisioned capacity (`None` on demand).
    provisioned: Option<Pools>,
    /// What the mix consumes a second.
    needed: Pools,
    /// Whether the provisioned capacity is short of the mix (`None` on demand).
    throttles: Option<bool>,
    short: Vec<String>,
    monthly_on_demand_usd: f64,
    monthly_provisioned_usd: Option<f64>,
    /// Provisioned capacity just enough for the mix, a month.
    monthly_provisioned_for_mix_usd: f64,
}

/// Requests and capacity the report spent beside the patterns.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Spent {
    requests: u64,
    read_units: f64,
    write_units: f64,
}

impl Spent {
    fn read(&mut self, requests: u32, c: &Consumed) {
        self.requests += u64::from(requests);
        self.read_units += c.total;
    }

    fn wrote(&mut self, c: &Consumed) {
        self.requests += 1;
        self.write_units += c.total;
    }
}

#[derive(Debug, Default, Serialize)]
struct Overhead {
    sampling: Spent,
    setup: Spent,
    cleanup: Spent,
    /// Rows cleanup found that were not the report's (left as they are).
    left_alone: u64,
}

#[derive(Debug, Serialize)]
struct Report {
    table: String,
    endpoint: String,
    samples: u32,
    conversations_sampled: usize,
    users_sampled: usize,
    read_only: bool,
    mix: String,
    mix_is_default: bool,
    patterns: Vec<PatternReport>,
    capacity: CapacityReport,
    overhead: Overhead,
    prices: String,
}

/// Sampled keys: conversations and their participants' users.
struct Keys {
    groups: Vec<Uuid>,
    owners: Vec<Uuid>,
}

/// Rows of the index `index_items` holds per segment sampled.
const ROWS_PER_SEGMENT: i64 = 1000;
/// Segments sampled at least (when the index has that many).
const SEGMENTS_SAMPLED: u64 = 10;

/// Samples `n` conversations and `n` users from the index of group rows,
/// which holds only group rows: a few random segments of a parallel scan
/// on a big table, the whole index on a small one.
async fn sample_keys(
    ctx: &Ctx,
    index_items: i64,
    n: usize,
    rng: &mut fastrand::Rng,
    spent: &mut Spent,
) -> Result<Keys, CliError> {
    let client = ctx.dynamodb().await?;
    let table = ctx.table.as_str();
    let total = (index_items / ROWS_PER_SEGMENT).clamp(1, 1_000_000) as i32;
    let mut order: Vec<i32> = (0..total).collect();
    rng.shuffle(&mut order);
    let per_segment = if total == 1 {
        None
    } else {
        Some(
            ((2 * n) as u64)
                .div_ceil(SEGMENTS_SAMPLED.min(total as u64))
                .max(1) as i32,
        )
    };
    let (mut groups, mut owners) = (Vec::new(), Vec::new());
    let (mut seen_groups, mut seen_owners) = (HashSet::new(), HashSet::new());
    for segment in order {
        let mut start: Option<Item> = None;
        loop {
            let mut request = client
                .scan()
                .table_name(table)
                .index_name(GSI_NAME)
                .projection_expression("#pk, #g")
                .expression_attribute_names("#pk", attrs::PK)
                .expression_attribute_names("#g", attrs::MESSAGE_GROUP_UUID)
                .set_limit(per_segment)
                .set_exclusive_start_key(start.take())
                .return_consumed_capacity(ReturnConsumedCapacity::Indexes);
            if total > 1 {
                request = request.segment(segment).total_segments(total);
            }
            let out = request.send().await.map_err(|e| {
                ddb_error(
                    ctx,
                    e,
                    &format!("sampling index '{GSI_NAME}' of table '{table}'"),
                    Some(table),
                )
            })?;
            spent.read(
                1,
                &out.consumed_capacity()
                    .map(Consumed::of)
                    .unwrap_or_default(),
            );
            for item in out.items() {
                let owner = get_s(item, attrs::PK)
                    .and_then(|pk| pk.parse::<PartitionKey>().ok())
                    .and_then(|pk| match pk {
                        PartitionKey::Groups(u) => Some(u),
                        PartitionKey::Messages(_) => None,
                    });
                let group =
                    get_s(item, attrs::MESSAGE_GROUP_UUID).and_then(|g| Uuid::parse_str(g).ok());
                if let (Some(owner), Some(group)) = (owner, group) {
                    if groups.len() < n && seen_groups.insert(group) {
                        groups.push(group);
                    }
                    if owners.len() < n && seen_owners.insert(owner) {
                        owners.push(owner);
                    }
                }
            }
            start = out.last_evaluated_key;
            // A sampled segment gives one page; the only segment, every page.
            if start.is_none() || per_segment.is_some() || (groups.len() >= n && owners.len() >= n)
            {
                break;
            }
        }
        if groups.len() >= n && owners.len() >= n {
            break;
        }
    }
    Ok(Keys { groups, owners })
}

/// Reads one page (or every page) of a partition as one call.
async fn read_call(ctx: &Ctx, pk: PartitionKey, all: bool) -> Result<Call, CliError> {
    let started = Instant::now();
    let mut pages = PartitionPages::new(ctx, pk, true);
    let mut items = 0u64;
    while let Some(page) = pages.next_page((!all).then_some(APP_PAGE)).await? {
        items += page.len() as u64;
        if !all {
            break;
        }
    }
    Ok(Call {
        read: pages.consumed,
        requests: pages.requests,
        items_read: items,
        ms: started.elapsed().as_secs_f64() * 1000.0,
        ..Call::default()
    })
}

/// A row the report wrote, to remove afterwards: its key and the attribute
/// that proves it is the report's (`message_group_uuid` or `message_uuid`).
struct Written {
    key: Item,
    owned_by: (&'static str, String),
}

fn written(pk: String, sk: &str, attr: &'static str, id: Uuid) -> Written {
    let mut key = Item::new();
    key.insert(attrs::PK.into(), AttributeValue::S(pk));
    key.insert(attrs::SK.into(), AttributeValue::S(sk.to_string()));
    Written {
        key,
        owned_by: (attr, id.hyphenated().to_string()),
    }
}

/// The group rows and last message of a conversation, one per participant
/// (a conversation the report can copy has exactly two).
async fn participants(
    ctx: &Ctx,
    group: Uuid,
    spent: &mut Spent,
) -> Result<Option<(Participant, Participant, String)>, CliError> {
    let found = read_group_rows(ctx, group).await?;
    spent.read(found.requests, &found.consumed);
    let rows: Vec<MessageGroupRow> = found
        .items
        .iter()
        .filter_map(|i| MessageGroupRow::from_item(i).ok())
        .collect();
    match &rows[..] {
        // Each row names the other participant.
        [one, two] if one.owner_uuid != two.owner_uuid => Ok(Some((
            two.other.clone(),
            one.other.clone(),
            one.message.clone(),
        ))),
        _ => Ok(None),
    }
}

/// A put that never replaces a row, for the copies' group rows.
async fn put_new(
    ctx: &Ctx,
    client: &Writer,
    item: Item,
    spent: &mut Spent,
) -> Result<(), CliError> {
    let out = client
        .put_item()
        .table_name(&ctx.table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
        .send()
        .await
        .map_err(|e| ddb_error(ctx, e, "writing a copy of a conversation", Some(&ctx.table)))?;
    spent.wrote(
        &out.consumed_capacity()
            .map(Consumed::of)
            .unwrap_or_default(),
    );
    Ok(())
}

/// The write patterns on copies of the sampled conversations: C, E and D.
/// Every row written is pushed on `rows` before it is written.
#[allow(clippy::too_many_arguments)]
async fn write_patterns(
    ctx: &Ctx,
    client: &Writer,
    keys: &Keys,
    n: usize,
    patterns: &mut [Pattern; 3],
    rows: &mut Vec<Written>,
    overhead: &mut Overhead,
    shutdown: &Shutdown,
) -> Result<(), CliError> {
    let now = Utc::now()
        .duration_trunc(Duration::microseconds(1))
        .unwrap_or_else(|_| Utc::now());
    let at = |offset_s: i64, i: usize| -> DateTime<Utc> {
        now + Duration::seconds(offset_s) + Duration::microseconds(i as i64)
    };
    // The conversations that can be copied, with their participants.
    let mut copyable = Vec::new();
    for group in &keys.groups {
        if let Some(found) = participants(ctx, *group, &mut overhead.setup).await? {
            copyable.push(found);
        }
    }
    if copyable.is_empty() {
        return Err(CliError::usage(format!(
            "no sampled conversation of table '{}' has two participants' group rows to copy",
            ctx.table
        ))
        .hint("run with --read-only, or seed conversations first (`cruddur ddb seed`)"));
    }
    // The copies: a new conversation id, the same two users, group rows at
    // a time of the report's own.
    let mut copies = Vec::with_capacity(n);
    for i in 0..n {
        stopped(shutdown)?;
        let (a, b, text) = &copyable[i % copyable.len()];
        let copy = Uuid::new_v4();
        let first = MessageRow::new(copy, at(0, i), Uuid::new_v4(), text, a.clone());
        for row in MessageGroupRow::pair(&first, a, b) {
            rows.push(written(
                row.pk().to_string(),
                &row.sk,
                attrs::MESSAGE_GROUP_UUID,
                copy,
            ));
            put_new(ctx, client, row.to_item(), &mut overhead.setup).await?;
        }
        copies.push((copy, a.clone(), b.clone(), text.clone()));
    }
    let [c, e, d] = patterns;
    // C: a message in each copy.
    let mut messages = Vec::with_capacity(n);
    for (i, (copy, a, b, text)) in copies.iter().enumerate() {
        stopped(shutdown)?;
        let message = MessageRow::new(*copy, at(1, i), Uuid::new_v4(), text, a.clone());
        rows.push(written(
            message.pk().to_string(),
            &message.sk,
            attrs::MESSAGE_UUID,
            message.message_uuid,
        ));
        // The group rows E moves to it.
        for owner in [a, b] {
            rows.push(written(
                PartitionKey::groups_of(owner.uuid).to_string(),
                &message.sk,
                attrs::MESSAGE_GROUP_UUID,
                *copy,
            ));
        }
        let started = Instant::now();
        let consumed = put_message(ctx, client, &message).await?;
        c.calls.push(Call::write(consumed, 1, started));
        messages.push(message);
    }
    // E: each copy's group rows moved to its new message.
    for message in &messages {
        stopped(shutdown)?;
        let started = Instant::now();
        let update =
            crate::stream::apply::move_group_rows(ctx, client, &MessageEvent::from(message))
                .await?;
        e.calls.push(Call {
            read: update.cost.read,
            written: update.cost.written,
            requests: update.cost.requests,
            items_read: update.cost.items_read,
            // A move deletes the old row and puts the new one.
            items_written: 2 * update.rows_moved as u64,
            ms: started.elapsed().as_secs_f64() * 1000.0,
        });
    }
    // D: a new conversation between each copy's two users.
    for (i, (_, a, b, text)) in copies.iter().enumerate() {
        stopped(shutdown)?;
        let group = Uuid::new_v4();
        let sk = crate::model::time::format_sk(at(2, i));
        for owner in [a, b] {
            rows.push(written(
                PartitionKey::groups_of(owner.uuid).to_string(),
                &sk,
                attrs::MESSAGE_GROUP_UUID,
                group,
            ));
        }
        let started = Instant::now();
        let (message, consumed) =
            start_conversation(ctx, client, a, b, text, at(2, i), group).await?;
        rows.push(written(
            message.pk().to_string(),
            &message.sk,
            attrs::MESSAGE_UUID,
            message.message_uuid,
        ));
        d.calls.push(Call::write(consumed, 3, started));
    }
    Ok(())
}

fn stopped(shutdown: &Shutdown) -> Result<(), CliError> {
    match shutdown.requested() {
        Some(signal) => Err(CliError::interrupted(
            signal,
            "interrupted: the report stopped; the rows it wrote were removed",
        )),
        None => Ok(()),
    }
}

/// Removes the rows the report wrote, each only while it is still the
/// report's (or already gone).
async fn clean_up(
    ctx: &Ctx,
    client: &Writer,
    rows: Vec<Written>,
    overhead: &mut Overhead,
) -> Result<(), CliError> {
    let table = ctx.table.as_str();
    let results: Vec<Result<Option<Consumed>, CliError>> = stream::iter(rows)
        .map(|row| async move {
            let out = client
                .delete_item()
                .table_name(table)
                .set_key(Some(row.key))
                .condition_expression("attribute_not_exists(#pk) OR #owned = :id")
                .expression_attribute_names("#pk", attrs::PK)
                .expression_attribute_names("#owned", row.owned_by.0)
                .expression_attribute_values(":id", AttributeValue::S(row.owned_by.1))
                .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
                .send()
                .await;
            match out {
                Ok(out) => Ok(Some(
                    out.consumed_capacity()
                        .map(Consumed::of)
                        .unwrap_or_default(),
                )),
                Err(e) if service_code(&e) == Some("ConditionalCheckFailedException") => Ok(None),
                Err(e) => Err(ddb_error(
                    ctx,
                    e,
                    "removing a row the report wrote",
                    Some(table),
                )),
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut first_error = None;
    for r in results {
        match r {
            Ok(Some(c)) => overhead.cleanup.wrote(&c),
            Ok(None) => {
                overhead.cleanup.requests += 1;
                overhead.left_alone += 1;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(CliError::new(format!("{}; some rows the report wrote may remain", e.message))
            .hint("run the report again to measure; rows of the report's conversations can be removed by their message_group_uuid")),
        None => Ok(()),
    }
}

/// The table's provisioned capacity, by pool (`None` on demand).
fn provisioned(desc: &aws_sdk_dynamodb::types::TableDescription) -> Option<Pools> {
    let on_demand = desc
        .billing_mode_summary()
        .and_then(|b| b.billing_mode())
        .is_some_and(|m| *m == aws_sdk_dynamodb::types::BillingMode::PayPerRequest);
    if on_demand {
        return None;
    }
    let t = desc.provisioned_throughput();
    let mut pools = Pools {
        table_read: t.and_then(|t| t.read_capacity_units()).unwrap_or(0) as f64,
        table_write: t.and_then(|t| t.write_capacity_units()).unwrap_or(0) as f64,
        ..Pools::default()
    };
    for g in desc.global_secondary_indexes() {
        let t = g.provisioned_throughput();
        pools.indexes_read += t.and_then(|t| t.read_capacity_units()).unwrap_or(0) as f64;
        pools.indexes_write += t.and_then(|t| t.write_capacity_units()).unwrap_or(0) as f64;
    }
    Some(pools)
}

fn capacity(patterns: &[PatternReport], provisioned: Option<Pools>) -> CapacityReport {
    let mut needed = Pools::default();
    let mut on_demand = 0.0;
    for p in patterns {
        let Some(rate) = p.rate_per_second else {
            continue;
        };
        needed.table_read += rate * p.read_units.table_mean;
        needed.indexes_read += rate * p.read_units.indexes_mean;
        needed.table_write += rate * p.write_units.table_mean;
        needed.indexes_write += rate * p.write_units.indexes_mean;
        on_demand += p.monthly_on_demand_usd.unwrap_or(0.0);
    }
    let needed = Pools {
        table_read: round(needed.table_read),
        table_write: round(needed.table_write),
        indexes_read: round(needed.indexes_read),
        indexes_write: round(needed.indexes_write),
    };
    let enough = Pools {
        table_read: needed.table_read.ceil(),
        table_write: needed.table_write.ceil(),
        indexes_read: needed.indexes_read.ceil(),
        indexes_write: needed.indexes_write.ceil(),
    };
    let short: Vec<String> = match provisioned {
        None => Vec::new(),
        Some(have) => needed
            .named()
            .iter()
            .zip(have.named())
            .filter(|((_, need), (_, has))| need > has)
            .map(|((name, need), (_, has))| {
                format!(
                    "{name}: {} a second needed, {has} provisioned",
                    trim_number(*need)
                )
            })
            .collect(),
    };
    CapacityReport {
        billing_mode: if provisioned.is_some() {
            "provisioned"
        } else {
            "on_demand"
        },
        provisioned,
        needed,
        throttles: provisioned.map(|_| !short.is_empty()),
        short,
        monthly_on_demand_usd: money(on_demand),
        monthly_provisioned_usd: provisioned.map(|p| money(p.month_usd())),
        monthly_provisioned_for_mix_usd: money(enough.month_usd()),
    }
}

fn print_report(r: &Report) -> anyhow::Result<()> {
    let mut t = output::table([
        "pattern",
        "calls",
        "items read",
        "items written",
        "RCU/call mean",
        "RCU max",
        "WCU/call mean",
        "WCU max",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "rate",
        "on demand $/month",
    ]);
    let f = |x: f64| trim_number(x);
    for p in &r.patterns {
        let n = p.calls.max(1) as f64;
        t.add_row([
            format!("{} {}", p.pattern, p.what),
            p.calls.to_string(),
            f(p.items_read as f64 / n),
            f(p.items_written as f64 / n),
            f(p.read_units.mean),
            f(p.read_units.max),
            f(p.write_units.mean),
            f(p.write_units.max),
            format!("{:.1}", p.latency_ms.p50),
            format!("{:.1}", p.latency_ms.p95),
            format!("{:.1}", p.latency_ms.p99),
            p.rate_per_second
                .map_or("-".to_string(), |x| format!("{}/s", f(x))),
            p.monthly_on_demand_usd
                .map_or("-".to_string(), |x| format!("{x:.2}")),
        ]);
    }
    output::print_table(&t)?;
    let c = &r.capacity;
    let mut t = output::table([
        "capacity a second",
        "provisioned",
        "needed by the mix",
        "throttles",
    ]);
    let have = c.provisioned.map(|p| p.named());
    for (i, (name, need)) in c.needed.named().iter().enumerate() {
        let has = have.map(|h| h[i].1);
        t.add_row([
            name.to_string(),
            has.map_or("on demand".to_string(), f),
            f(*need),
            match has {
                Some(h) if *need > h => "yes".to_string(),
                Some(_) => "no".to_string(),
                None => "-".to_string(),
            },
        ]);
    }
    output::print_line("")?;
    output::print_table(&t)?;
    let mut lines = vec![
        String::new(),
        format!(
            "mix: {}{}",
            r.mix,
            if r.mix_is_default {
                " (the default; --rate sets it)"
            } else {
                ""
            }
        ),
        format!(
            "on demand, this mix costs ${:.2} a month",
            c.monthly_on_demand_usd
        ),
    ];
    match (c.monthly_provisioned_usd, c.throttles) {
        (Some(cost), Some(throttles)) => lines.push(format!(
            "provisioned as the table is, ${cost:.2} a month: {}",
            if throttles {
                format!(
                    "this mix would be throttled ({}; burst capacity covers at most 300 s)",
                    c.short.join("; ")
                )
            } else {
                "enough for this mix".to_string()
            }
        )),
        _ => lines.push("the table is on demand".to_string()),
    }
    lines.push(format!(
        "provisioned just for this mix, ${:.2} a month",
        c.monthly_provisioned_for_mix_usd
    ));
    lines.push(r.prices.clone());
    output::print_text(&(lines.join("\n") + "\n"))?;
    Ok(())
}

pub async fn run(ctx: &Ctx, args: ReportArgs) -> anyhow::Result<()> {
    let n = args.samples as usize;
    let client = if args.read_only {
        None
    } else {
        Some(
            writer(
                ctx,
                &format!("write the report's sample rows into table '{}'", ctx.table),
            )
            .await?,
        )
    };
    let table = ctx.table.clone();
    let desc = describe_table(ctx, &table)
        .await?
        .ok_or_else(|| crate::dynamo::errors::table_missing(ctx, &table))?;
    let differences = key_differences(&desc);
    if !differences.is_empty() {
        return Err(CliError::usage(format!(
            "table '{table}' is not the app's table: {}",
            differences.join("; ")
        ))
        .hint("the patterns need keys pk/sk and the index message-group-sk-index (`cruddur ddb schema-load` makes such a table)")
        .into());
    }
    if client.is_some() && ctx.is_prod() {
        confirm(
            &format!(
                "Target: DynamoDB table '{table}' at {}\n  the report writes {n} copies of sampled conversations (2 group rows each), {n} messages in them (C), moves their group rows (E) and starts {n} conversations (D), then removes every row it wrote",
                ctx.dynamodb_target()
            ),
            "Write the report's sample rows into this table?",
            args.confirm.yes,
        )?;
    }
    let mut rng = match args.random_seed {
        Some(s) => fastrand::Rng::with_seed(s),
        None => fastrand::Rng::new(),
    };
    let index_items = desc
        .global_secondary_indexes()
        .iter()
        .find(|g| g.index_name() == Some(GSI_NAME))
        .and_then(|g| g.item_count())
        .unwrap_or(0);
    let mut overhead = Overhead::default();
    let keys = sample_keys(ctx, index_items, n, &mut rng, &mut overhead.sampling).await?;
    if keys.groups.is_empty() {
        return Err(CliError::usage(format!(
            "table '{table}' has no conversations to sample: its index '{GSI_NAME}' holds no group rows"
        ))
        .hint("seed some first: `cruddur ddb seed` or `cruddur ddb seed --synthetic`")
        .into());
    }
    output::note(format!(
        "sampled {} conversation(s) and {} user(s) of table '{table}'; {n} call(s) per pattern",
        keys.groups.len(),
        keys.owners.len()
    ));
    let mut a = Pattern::new("A", "a conversation's messages (one page of 20)", Some('A'));
    let mut b = Pattern::new("B", "a user's conversations (one page of 20)", Some('B'));
    let mut b_all = Pattern::new("B*", "a user's conversations (every page)", None);
    for i in 0..n {
        let group = keys.groups[i % keys.groups.len()];
        a.calls
            .push(read_call(ctx, PartitionKey::messages_of(group), false).await?);
        let owner = keys.owners[i % keys.owners.len()];
        b.calls
            .push(read_call(ctx, PartitionKey::groups_of(owner), false).await?);
    }
    for owner in keys.owners.iter().take(n) {
        b_all
            .calls
            .push(read_call(ctx, PartitionKey::groups_of(*owner), true).await?);
    }
    let mut writes = [
        Pattern::new("C", "a message in a conversation", Some('C')),
        Pattern::new("E", "the group rows a new message moves", Some('E')),
        Pattern::new("D", "a new conversation", Some('D')),
    ];
    if let Some(client) = &client {
        let shutdown = interrupt::listen();
        let mut rows = Vec::new();
        let measured = write_patterns(
            ctx,
            client,
            &keys,
            n,
            &mut writes,
            &mut rows,
            &mut overhead,
            &shutdown,
        )
        .await;
        // Rows left behind matter more than a measurement cut short.
        clean_up(ctx, client, rows, &mut overhead).await?;
        measured?;
        if overhead.left_alone > 0 {
            output::note(format!(
                "{} row(s) at keys the report wrote were not the report's and were left as they are",
                overhead.left_alone
            ));
        }
    }
    let rates = args.rate.unwrap_or_else(Rates::default_mix);
    let [c, e, d] = writes;
    let mut all = vec![a, b, b_all];
    if client.is_some() {
        all.extend([c, d, e]);
    }
    let patterns: Vec<PatternReport> = all.iter().map(|p| PatternReport::of(p, &rates)).collect();
    let report = Report {
        endpoint: ctx.dynamodb_target(),
        samples: args.samples,
        conversations_sampled: keys.groups.len(),
        users_sampled: keys.owners.len(),
        read_only: args.read_only,
        mix: if args.rate.is_none() {
            Rates::DEFAULT_TEXT.to_string()
        } else {
            rates.text()
        },
        mix_is_default: args.rate.is_none(),
        capacity: capacity(&patterns, provisioned(&desc)),
        patterns,
        overhead,
        prices: prices_note(),
        table,
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        print_report(&report)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_per_second_minute_and_hour() {
        let r = parse_rates("B=50/s,A=200/s,C=20/s").unwrap();
        assert_eq!(
            (r.of('A'), r.of('B'), r.of('C'), r.of('D')),
            (200.0, 50.0, 20.0, 0.0)
        );
        assert_eq!(r.of('E'), 20.0, "E follows C unless named");
        let r = parse_rates("c=120/min, e=1/s ,d=36/h").unwrap();
        assert_eq!((r.of('C'), r.of('E'), r.of('D')), (2.0, 1.0, 0.01));
        assert_eq!(parse_rates("A=5").unwrap().of('A'), 5.0);
        for bad in [
            "",
            "A",
            "A=",
            "Q=5/s",
            "A=-1/s",
            "A=fast",
            "A=5/day",
            "A=1/s,A=2/s",
            "AB=1/s",
        ] {
            assert!(parse_rates(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Rates::default_mix().text(),
            "A=20/s,B=10/s,C=5/s,D=0.5/s,E=5/s"
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let xs: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&xs, 50.0), 50.0);
        assert_eq!(percentile(&xs, 95.0), 95.0);
        assert_eq!(percentile(&xs, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    fn reported(key: char, read: f64, write: f64) -> PatternReport {
        let calls = vec![Call {
            read: Consumed {
                total: read,
                table: read,
                indexes: 0.0,
            },
            written: Consumed {
                total: write,
                table: write / 2.0,
                indexes: write / 2.0,
            },
            ..Call::default()
        }];
        PatternReport::of(
            &Pattern {
                name: "X",
                what: "x",
                key: Some(key),
                calls,
            },
            &Rates::default_mix(),
        )
    }

    #[test]
    fn the_mix_costs_its_units_a_month_and_throttles_a_small_table() {
        // A at 20/s of 0.5 RCU: 10 RCU a second, 26.28 million a month.
        let a = reported('A', 0.5, 0.0);
        assert_eq!(a.monthly_on_demand_usd, Some(3.285));
        // C at 5/s of 2 WCU (1 table, 1 index): 10 WCU a second.
        let c = reported('C', 0.0, 2.0);
        assert_eq!(c.monthly_on_demand_usd, Some(16.425));
        let have = Pools {
            table_read: 5.0,
            table_write: 5.0,
            indexes_read: 5.0,
            indexes_write: 5.0,
        };
        let cap = capacity(&[a, c], Some(have));
        assert_eq!(cap.throttles, Some(true));
        assert_eq!(
            cap.short,
            ["table reads (RCU): 10 a second needed, 5 provisioned"]
        );
        assert_eq!(cap.monthly_on_demand_usd, 19.71);
        assert_eq!(cap.monthly_provisioned_usd, Some(5.694));
        // 10 RCU, 5 + 5 WCU.
        assert_eq!(
            cap.monthly_provisioned_for_mix_usd,
            money(provisioned_month_usd(10.0, 10.0))
        );
    }
}
