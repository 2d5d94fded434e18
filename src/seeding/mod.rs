//! The seed conversation: one conversation between two Postgres users,
//! written as two message-group rows and one message row per line, for
//! `ddb seed` and `cruddur setup`.
//!
//! Idempotent: seed message ids are derived from the group and the line
//! number (UUIDv5), so a run finds the messages an earlier seed of the same
//! group wrote (and the group's message-group rows), writes the conversation
//! again with times ending now, and only then deletes the earlier rows (their
//! keys differ by `sk`): at every moment the conversation is readable.
//! Messages written by anything else stay.

pub mod bulk;
pub mod conversation;
pub mod synthetic;

use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};
use chrono::{DateTime, Duration, DurationRound, Utc};
use clap::Args;
use uuid::Uuid;

use self::conversation::{Line, Speaker};
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt::Shutdown;
use crate::app::output;
use crate::app::project::Project;
use crate::dynamo::batch::{put_request, write_all, DynamoSink, WriteStats, WriterOptions};
use crate::dynamo::client::Writer;
use crate::dynamo::load_plan::{self, LoadPlan, MaxWcu, TableCapacity};
use crate::dynamo::rows::{group_rows, query_partition, PartitionQuery};
use crate::model::attr::{get_s, Item};
use crate::model::capacity::{put_units, Tally};
use crate::model::items::key_of;
use crate::model::schema::attrs;
use crate::model::{defaults, MessageGroupRow, MessageRow, Participant, PartitionKey};
use crate::pg;

/// What to seed: participants, conversation group and text. Shared by
/// `ddb seed` and `cruddur setup`.
#[derive(Debug, Clone, Args)]
pub struct SeedSourceArgs {
    /// Handle of the first participant (`Person 1` in the conversation;
    /// default: [seed] my_handle of cruddur.toml, else andrewbrown)
    #[arg(long, env = "CRUDDUR_MY_HANDLE")]
    pub my_handle: Option<String>,

    /// Handle of the second participant (`Person 2`; default: [seed]
    /// other_handle of cruddur.toml, else bayko)
    #[arg(long, env = "CRUDDUR_OTHER_HANDLE")]
    pub other_handle: Option<String>,

    /// The conversation's message group
    #[arg(long, default_value = defaults::GROUP_UUID)]
    pub group_uuid: Uuid,

    /// Conversation file, one `Person 1: ...` / `Person 2: ...` line per message,
    /// or `-` for stdin (default: [dynamodb] conversation of cruddur.toml,
    /// else the conversation built into cruddur)
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

impl SeedSourceArgs {
    /// The plain options: each value from its flag (or variable), else the
    /// project file, else cruddur's default.
    pub fn options(self, project: &Project, verbose: u8) -> SeedOptions {
        let conversation = match self.file {
            Some(path) => Some(path),
            None => {
                let found = project.conversation();
                crate::app::project::note_source(
                    verbose,
                    "conversation",
                    found.as_ref(),
                    "seeds/conversation.txt",
                );
                found.map(|l| l.path)
            }
        };
        SeedOptions {
            my_handle: self
                .my_handle
                .or_else(|| project.my_handle().map(|(h, _)| h))
                .unwrap_or_else(|| defaults::MY_HANDLE.to_string()),
            other_handle: self
                .other_handle
                .or_else(|| project.other_handle().map(|(h, _)| h))
                .unwrap_or_else(|| defaults::OTHER_HANDLE.to_string()),
            group_uuid: self.group_uuid,
            file: conversation,
        }
    }
}

/// What [`prepare`] seeds, as plain values.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub my_handle: String,
    pub other_handle: String,
    pub group_uuid: Uuid,
    /// Conversation file; `None` is the conversation built into cruddur.
    pub file: Option<PathBuf>,
}

/// The id of the seed message on line `index` of `group`'s conversation.
pub fn seed_message_uuid(group: Uuid, index: usize) -> Uuid {
    Uuid::new_v5(&group, format!("cruddur-seed-message:{index}").as_bytes())
}

/// The rows a seed writes: group rows first, then messages oldest first.
#[derive(Debug)]
pub struct SeedPlan {
    pub group_rows: Vec<MessageGroupRow>,
    pub messages: Vec<MessageRow>,
}

impl SeedPlan {
    /// Messages one minute apart, the last at `end`.
    pub fn build(
        group: Uuid,
        me: &Participant,
        other: &Participant,
        lines: &[Line],
        end: DateTime<Utc>,
    ) -> Self {
        let n = lines.len() as i64;
        let messages: Vec<MessageRow> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let at = end - Duration::minutes(n - 1 - i as i64);
                let sender = match line.speaker {
                    Speaker::First => me,
                    Speaker::Second => other,
                };
                MessageRow::new(
                    group,
                    at,
                    seed_message_uuid(group, i),
                    &line.text,
                    sender.clone(),
                )
            })
            .collect();
        let last = messages.last().expect("a parsed conversation has a line");
        SeedPlan {
            group_rows: MessageGroupRow::pair(last, me, other).to_vec(),
            messages,
        }
    }

    pub fn items(&self) -> Vec<Item> {
        self.group_rows
            .iter()
            .map(MessageGroupRow::to_item)
            .chain(self.messages.iter().map(MessageRow::to_item))
            .collect()
    }
}

fn conversation(file: Option<&Path>) -> Result<Vec<Line>, CliError> {
    match file {
        None => conversation::parse(conversation::DEFAULT_CONVERSATION, "built-in conversation"),
        Some(path) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text).map_err(
                |e| CliError::usage(format!("cannot read the conversation from stdin: {e}")),
            )?;
            conversation::parse(&text, "stdin")
        }
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
            conversation::parse(&text, &path.display().to_string())
        }
    }
}

/// Runs `first` and `second` together, returning the error `first` gives
/// when both fail, as if they had run one after the other; a failed `first`
/// ends `second` at once.
fn in_order<A, B, E>(
    first: impl Future<Output = Result<A, E>>,
    second: impl Future<Output = Result<B, E>>,
) -> impl Future<Output = Result<(A, B), E>> {
    // On the heap: side by side, the SDK's and sqlx's futures would need the
    // room of all of them on the stack of the thread that polls the command.
    let first = Box::pin(first);
    let second = Box::pin(async { Ok::<_, E>(second.await) });
    async move {
        let (a, b) = tokio::try_join!(first, second)?;
        Ok((a, b?))
    }
}

/// Keys of the rows an earlier seed of `group` wrote: its messages (by
/// their derived ids, `lines` of them in the new conversation) and the
/// group's message-group rows. The two queries run together.
async fn earlier_seed_rows(ctx: &Ctx, group: Uuid, lines: usize) -> Result<Vec<Item>, CliError> {
    let messages = query_partition(
        ctx,
        PartitionKey::messages_of(group),
        PartitionQuery {
            newest_first: false,
            limit: None,
            all_pages: true,
        },
    );
    let (messages, group_rows) = in_order(messages, group_rows(ctx, group)).await?;
    // An earlier seed wrote at most as many messages as the group holds now.
    let seed_ids: HashSet<String> = (0..messages.items.len().max(lines))
        .map(|i| seed_message_uuid(group, i).hyphenated().to_string())
        .collect();
    let mut keys: Vec<Item> = messages
        .items
        .iter()
        .filter(|i| get_s(i, attrs::MESSAGE_UUID).is_some_and(|id| seed_ids.contains(id)))
        .map(key_of)
        .collect();
    // The group is the seeded conversation: its group rows are rewritten,
    // including rows of participants whose uuids changed since (a reloaded
    // users table).
    keys.extend(group_rows.iter().map(key_of));
    Ok(keys)
}

/// What the run's table takes (as schema-load creates it, when it does
/// not exist yet).
pub async fn table_capacity(ctx: &Ctx) -> Result<TableCapacity, CliError> {
    Ok(
        match crate::dynamo::tables::describe_table(ctx, &ctx.table).await? {
            Some(desc) => TableCapacity::of(&desc),
            None => TableCapacity::of_definition(&crate::model::schema::definition(true)),
        },
    )
}

/// The load plan of writing `items` into a table of `capacity`.
pub fn load_plan_of(
    ctx: &Ctx,
    capacity: &TableCapacity,
    items: impl Iterator<Item = Item>,
    max_wcu: Option<MaxWcu>,
) -> LoadPlan {
    let mut tally = Tally::default();
    for item in items {
        tally.add(&put_units(&item, &capacity.indexes));
    }
    let cap = load_plan::cap_for(max_wcu, ctx.is_prod(), capacity);
    LoadPlan::new(&tally, capacity, cap, ctx.is_prod())
}

/// What a seed did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedSummary {
    pub table: String,
    pub endpoint: String,
    pub group_uuid: Uuid,
    pub my_handle: String,
    pub other_handle: String,
    pub messages: usize,
    pub group_rows: usize,
    pub items_written: usize,
    pub earlier_rows_removed: usize,
    /// The writer's calls: requests, retries, throttled, unprocessed,
    /// failed_calls, max_in_flight_reached, consumed_write_units.
    #[serde(flatten)]
    pub writes: WriteStats,
    pub seconds: f64,
    /// What the load was planned to cost and take.
    pub plan: LoadPlan,
}

/// The conversation's lines, once the participants are known to differ.
fn checked_lines(source: &SeedOptions) -> Result<Vec<Line>, CliError> {
    let lines = conversation(source.file.as_deref())?;
    if source.my_handle == source.other_handle {
        return Err(
            CliError::usage(format!("both participants are '{}'", source.my_handle))
                .hint("pass two different handles with --my-handle and --other-handle"),
        );
    }
    Ok(lines)
}

/// The plan of `lines`, with the participants looked up in Postgres.
/// Fails, having written nothing, on a missing handle or a missing
/// database. `database_url` overrides the run's URL ($CONNECTION_URL /
/// $PROD_CONNECTION_URL).
async fn plan_of_lines(
    ctx: &Ctx,
    source: &SeedOptions,
    database_url: Option<&str>,
    lines: &[Line],
) -> Result<SeedPlan, CliError> {
    let mut users = pg::queries::lookup_users(
        ctx,
        database_url,
        &[&source.my_handle, &source.other_handle],
    )
    .await?;
    let (me, other) = (users.remove(0), users.remove(0));
    let end = Utc::now()
        .duration_trunc(Duration::microseconds(1))
        .unwrap_or_else(|_| Utc::now());
    Ok(SeedPlan::build(source.group_uuid, &me, &other, lines, end))
}

/// A seed ready to write: its rows, their load plan and the keys of the
/// rows an earlier seed of the group wrote.
#[derive(Debug)]
pub struct Prepared {
    pub plan: SeedPlan,
    pub load: LoadPlan,
    /// None when not asked for (a dry run).
    earlier: Option<Vec<Item>>,
}

/// The seed's plan (its lines, the participants looked up in Postgres),
/// its load plan and, with `earlier`, the query for the rows an earlier
/// seed of the group wrote, all at once: the Postgres
/// lookups, the table's description and the group's reads overlap. A
/// failure is reported as if they had run in that order.
pub async fn prepare(
    ctx: &Ctx,
    source: &SeedOptions,
    database_url: Option<&str>,
    max_wcu: Option<MaxWcu>,
    earlier: bool,
) -> Result<Prepared, CliError> {
    let lines = checked_lines(source)?;
    let plan = plan_of_lines(ctx, source, database_url, &lines);
    let earlier_rows = async {
        if earlier {
            earlier_seed_rows(ctx, source.group_uuid, lines.len())
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    };
    let (plan, (capacity, earlier)) =
        in_order(plan, in_order(table_capacity(ctx), earlier_rows)).await?;
    let load = load_plan_of(ctx, &capacity, plan.items().into_iter(), max_wcu);
    Ok(Prepared {
        plan,
        load,
        earlier,
    })
}

fn delete_request(key: Item) -> WriteRequest {
    let delete = DeleteRequest::builder()
        .set_key(Some(key))
        .build()
        .expect("key is set");
    WriteRequest::builder().delete_request(delete).build()
}

/// `pk` and `sk` of an item, to compare keys.
fn key_pair(item: &Item) -> (String, String) {
    (
        get_s(item, attrs::PK).unwrap_or_default().to_string(),
        get_s(item, attrs::SK).unwrap_or_default().to_string(),
    )
}

/// Writes a [`prepare`]d seed: puts its rows, then removes the rows an
/// earlier seed of the group wrote that the new ones did not overwrite, so
/// the conversation is never without its rows.
pub async fn write(
    ctx: &Ctx,
    client: &Writer,
    prepared: Prepared,
    mut opts: WriterOptions,
    shutdown: &Shutdown,
) -> Result<SeedSummary, CliError> {
    let Prepared {
        plan,
        load,
        earlier,
    } = prepared;
    let (plan, load) = (&plan, &load);
    let started = Instant::now();
    load.apply(&mut opts);
    let stale = match earlier {
        Some(rows) => rows,
        None => earlier_seed_rows(ctx, plan.messages[0].group_uuid, plan.messages.len()).await?,
    };
    let items = plan.items();
    let new_keys: HashSet<(String, String)> = items.iter().map(key_pair).collect();
    let puts: Vec<WriteRequest> = items.into_iter().map(put_request).collect();
    let deletes: Vec<WriteRequest> = stale
        .into_iter()
        .filter(|key| !new_keys.contains(&key_pair(key)))
        .map(delete_request)
        .collect();
    let (stale_count, put_count) = (deletes.len(), puts.len());
    let sink = DynamoSink {
        ctx,
        client: client.clone(),
    };
    let bar = output::write_bar((stale_count + put_count) as u64, "seeding");
    let table = ctx.table.as_str();
    let mut stats = WriteStats::default();
    let written = write_all(&sink, table, puts, opts.clone(), shutdown, &bar).await;
    let result = match written {
        Err(failure) => Err(failure.into_error("seeding", "items written", put_count)),
        Ok(written) => {
            stats.add(&written);
            write_all(&sink, table, deletes, opts, shutdown, &bar)
                .await
                .map(|removed| stats.add(&removed))
                .map_err(|failure| {
                    let what = format!(
                        "earlier seed rows removed (all {put_count} new items are written)"
                    );
                    failure.into_error("seeding", &what, stale_count)
                })
        }
    };
    bar.finish_and_clear();
    result?;
    // Row 0 belongs to the first participant and names the second; row 1 the reverse.
    let [mine, theirs] = [&plan.group_rows[0], &plan.group_rows[1]];
    Ok(SeedSummary {
        table: ctx.table.clone(),
        endpoint: ctx.dynamodb_target(),
        group_uuid: mine.group_uuid,
        my_handle: theirs.other.handle.clone(),
        other_handle: mine.other.handle.clone(),
        messages: plan.messages.len(),
        group_rows: plan.group_rows.len(),
        items_written: put_count,
        earlier_rows_removed: stale_count,
        writes: stats,
        seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        plan: load.clone(),
    })
}

impl SeedSummary {
    /// The one-line report.
    pub fn line(&self) -> String {
        format!(
            "seeded table '{}' at {}: {} items written ({} messages + {} group rows), {} earlier seed rows replaced, {} requests, {} items retried",
            self.table, self.endpoint, self.items_written, self.messages, self.group_rows, self.earlier_rows_removed, self.writes.requests, self.writes.retries
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn person(n: u128, handle: &str) -> Participant {
        Participant {
            uuid: Uuid::from_u128(n),
            display_name: handle.to_uppercase(),
            handle: handle.into(),
        }
    }

    #[test]
    fn plan_spaces_messages_a_minute_apart_ending_at_the_end_time() {
        let lines = conversation::parse("Person 1: a\nPerson 2: b\nPerson 1: c\n", "t").unwrap();
        let end = Utc.with_ymd_and_hms(2026, 1, 1, 0, 1, 0).unwrap();
        let group = Uuid::from_u128(42);
        let (me, other) = (person(1, "me"), person(2, "you"));
        let plan = SeedPlan::build(group, &me, &other, &lines, end);
        let sks: Vec<&str> = plan.messages.iter().map(|m| m.sk.as_str()).collect();
        assert_eq!(
            sks,
            [
                "2025-12-31T23:59:00.000000+00:00",
                "2026-01-01T00:00:00.000000+00:00",
                "2026-01-01T00:01:00.000000+00:00"
            ]
        );
        assert_eq!(plan.messages[1].sender.handle, "you");
        assert_eq!(plan.messages[2].sender.handle, "me");
        // Each participant's group row names the other one and carries the last message.
        assert_eq!(plan.group_rows[0].owner_uuid, me.uuid);
        assert_eq!(plan.group_rows[0].other.handle, "you");
        assert_eq!(plan.group_rows[1].owner_uuid, other.uuid);
        assert_eq!(plan.group_rows[1].other.handle, "me");
        assert!(plan
            .group_rows
            .iter()
            .all(|r| r.sk == sks[2] && r.message == "c"));
        assert_eq!(plan.items().len(), 5);
    }

    #[test]
    fn seed_ids_depend_on_group_and_line_only() {
        let g = Uuid::from_u128(1);
        assert_eq!(seed_message_uuid(g, 3), seed_message_uuid(g, 3));
        assert_ne!(seed_message_uuid(g, 3), seed_message_uuid(g, 4));
        assert_ne!(
            seed_message_uuid(g, 3),
            seed_message_uuid(Uuid::from_u128(2), 3)
        );
    }
}
