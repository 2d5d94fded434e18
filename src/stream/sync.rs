//! `cruddur ddb stream-sync`: the job of the app's stream Lambda (Pattern E)
//! for endpoints that serve DynamoDB Streams, such as DynamoDB Local. Reads
//! every shard of the table's latest stream, parents before children, and
//! keeps each conversation's group rows at its newest message.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use aws_sdk_dynamodbstreams::types::{Record, Shard, ShardIteratorType};
use clap::ValueEnum;

use super::checkpoint::{self, Checkpoint};
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt::{self, Shutdown};
use crate::app::output;
use crate::app::wait::Backoff;
use crate::aws::errors::{aws_error, service_code, OperationError};
use crate::dynamo::client::Writer;
use crate::dynamo::errors::table_flag;
use crate::dynamo::tables::describe_table;
use crate::model::attr::item_from_stream;
use crate::model::schema::attrs;
use crate::stream::apply::{apply_all, newest_messages, Change, ChangeKind, Image, Update};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StartFrom {
    /// The oldest record the stream still holds (24 hours in AWS)
    TrimHorizon,
    /// Only records written after stream-sync starts
    Latest,
}

/// What a stream-sync run does (`ddb stream-sync`'s flags).
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Drain what the stream holds now, then stop.
    pub once: bool,
    /// The checkpoint file; `None` is one per endpoint and table.
    pub checkpoint: Option<PathBuf>,
    /// Where to start when there is no checkpoint.
    pub from: StartFrom,
    /// Longest pause between polls when the stream is idle, in milliseconds.
    pub max_idle_ms: u64,
}

fn streams_error<E: OperationError, R: std::fmt::Debug + 'static>(
    ctx: &Ctx,
    err: aws_sdk_dynamodbstreams::error::SdkError<E, R>,
    doing: &str,
) -> CliError {
    aws_error(
        err,
        doing,
        &format!("DynamoDB Streams at {}", ctx.dynamodb_target()),
        &ctx.dynamodb_unreachable_hint(),
    )
}

/// The table's latest stream, or an error saying how to enable one.
async fn stream_arn(ctx: &Ctx) -> Result<String, CliError> {
    let table = ctx.table.as_str();
    let desc = describe_table(ctx, table)
        .await?
        .ok_or_else(|| crate::dynamo::errors::table_missing(ctx, table))?;
    let enabled = desc
        .stream_specification()
        .map(|s| s.stream_enabled())
        .unwrap_or(false);
    match desc.latest_stream_arn() {
        Some(arn) if enabled => Ok(arn.to_string()),
        _ => Err(CliError::new(format!("table '{table}' has no stream enabled")).hint(format!(
            "enable a NEW_IMAGE stream: recreate the table with `cruddur{} ddb schema-load --recreate` (drops its items), or `aws dynamodb update-table --table-name {table} --stream-specification StreamEnabled=true,StreamViewType=NEW_IMAGE`",
            table_flag(table)
        ))),
    }
}

/// Every shard of the stream (DescribeStream, all pages).
async fn shards(ctx: &Ctx, arn: &str) -> Result<Vec<Shard>, CliError> {
    let client = ctx.dynamodb_streams().await?;
    let mut all = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = client
            .describe_stream()
            .stream_arn(arn)
            .set_exclusive_start_shard_id(start)
            .send()
            .await
            .map_err(|e| streams_error(ctx, e, "describing the table's stream"))?;
        let Some(desc) = out.stream_description else {
            return Ok(all);
        };
        start = desc.last_evaluated_shard_id.clone();
        all.extend(desc.shards.unwrap_or_default());
        if start.is_none() {
            return Ok(all);
        }
    }
}

/// Where a shard without a checkpoint entry starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// After the checkpoint's sequence number.
    After,
    TrimHorizon,
    Latest,
    /// A closed shard under `--from latest` at the first start: nothing new can come.
    Skip,
}

/// The start of a shard: after its checkpoint when it has one; `--from` only
/// for the shards of a first start; every other shard (a child that appeared
/// after a split or rollover, or any shard once the checkpoint exists) from
/// its oldest record, so nothing written to it is missed.
fn start_of(has_sequence: bool, first_start_shard: bool, closed: bool, from: StartFrom) -> Start {
    match (has_sequence, first_start_shard, from) {
        (true, _, _) => Start::After,
        (false, true, StartFrom::Latest) if closed => Start::Skip,
        (false, true, StartFrom::Latest) => Start::Latest,
        _ => Start::TrimHorizon,
    }
}

/// Consecutive empty pages after which `--once` takes an open shard as read
/// to its end (DynamoDB Streams may answer empty pages before records).
const EMPTY_PAGES_AT_END: usize = 4;
/// Conversations applied at once.
const CONVERSATIONS_IN_PARALLEL: usize = 8;

/// The reader's state across polls.
struct Reader<'a> {
    ctx: &'a Ctx,
    arn: String,
    from: StartFrom,
    once: bool,
    checkpoint: Checkpoint,
    checkpoint_path: PathBuf,
    /// Shards of the stream when this run started on a new checkpoint (they
    /// follow `--from`); `None` once the checkpoint existed before.
    first_start: Option<HashSet<String>>,
    /// Open iterators by shard id.
    iterators: HashMap<String, String>,
    updates: u64,
    skipped: u64,
    /// Stopped by the first signal: the page being read is finished.
    shutdown: Shutdown,
    /// Moves the group rows (taken through the guard before the first request).
    writer: Writer,
}

impl Reader<'_> {
    /// Whether a signal asked the command to stop.
    fn stopping(&self) -> bool {
        self.shutdown.requested().is_some()
    }

    /// Shards whose parent is done (or unknown: trimmed away), not finished themselves.
    fn ready(&self, shards: &[Shard]) -> Vec<Shard> {
        ready(&self.checkpoint, shards)
    }

    async fn open(&self, id: &str, start: Start) -> Result<Option<String>, IteratorError> {
        let client = self
            .ctx
            .dynamodb_streams()
            .await
            .map_err(IteratorError::Other)?;
        let request = client
            .get_shard_iterator()
            .stream_arn(&self.arn)
            .shard_id(id);
        let request = match start {
            Start::After => request
                .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
                .set_sequence_number(self.checkpoint.sequence.get(id).cloned()),
            Start::TrimHorizon => request.shard_iterator_type(ShardIteratorType::TrimHorizon),
            Start::Latest => request.shard_iterator_type(ShardIteratorType::Latest),
            Start::Skip => return Ok(None),
        };
        match request.send().await {
            Ok(out) => Ok(out.shard_iterator),
            Err(e) if service_code(&e) == Some("TrimmedDataAccessException") => {
                Err(IteratorError::Trimmed)
            }
            Err(e) => Err(IteratorError::Other(streams_error(
                self.ctx,
                e,
                &format!("opening shard {id}"),
            ))),
        }
    }

    /// A checkpoint older than the stream's retention: one warning, then
    /// the shard is read from its oldest record.
    fn fall_back_to_oldest(&mut self, id: &str) {
        output::note(format!(
            "warning: the checkpoint of shard {id} is older than the stream's retention (records were trimmed); reading from the oldest record still held"
        ));
        self.checkpoint.sequence.remove(id);
        self.iterators.remove(id);
    }

    async fn iterator(&mut self, shard: &Shard) -> Result<Option<String>, CliError> {
        let id = shard.shard_id().unwrap_or_default().to_string();
        if let Some(it) = self.iterators.get(&id) {
            return Ok(Some(it.clone()));
        }
        let closed = shard
            .sequence_number_range()
            .and_then(|r| r.ending_sequence_number())
            .is_some();
        let first_start_shard = self.first_start.as_ref().is_some_and(|s| s.contains(&id));
        let start = start_of(
            self.checkpoint.sequence.contains_key(&id),
            first_start_shard,
            closed,
            self.from,
        );
        if start == Start::Skip {
            self.checkpoint.finish(&id);
            return Ok(None);
        }
        match self.open(&id, start).await {
            Ok(it) => Ok(it),
            Err(IteratorError::Trimmed) => {
                self.fall_back_to_oldest(&id);
                self.open(&id, Start::TrimHorizon)
                    .await
                    .map_err(|e| match e {
                        IteratorError::Other(e) => e,
                        IteratorError::Trimmed => {
                            CliError::new(format!("shard {id}: its oldest record is trimmed"))
                        }
                    })
            }
            Err(IteratorError::Other(e)) => Err(e),
        }
    }

    /// Applies one page of records: each conversation's newest message,
    /// several conversations at once; reports unusable message records.
    async fn apply(&mut self, records: &[Record]) -> Result<(), CliError> {
        let changes: Vec<Change> = records.iter().map(change_of).collect();
        let newest = newest_messages(&changes);
        for s in &newest.skipped {
            self.skipped += 1;
            output::note(format!(
                "warning: skipped a stream record of pk '{}' sk '{}': {}",
                s.pk, s.sk, s.reason
            ));
        }
        let ctx = self.ctx;
        let mut first_error = None;
        for (_, result) in apply_all(
            ctx,
            &self.writer,
            &newest.pending,
            CONVERSATIONS_IN_PARALLEL,
            None,
        )
        .await
        {
            match result {
                Ok(update) if update.rows_moved > 0 => report(ctx, &update, &mut self.updates)?,
                Ok(_) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Reads one shard until it is caught up (open) or drained (closed).
    /// Returns the number of records seen.
    async fn drain(&mut self, shard: &Shard) -> Result<usize, CliError> {
        let id = shard.shard_id().unwrap_or_default().to_string();
        let mut seen = 0;
        let mut empty_pages = 0;
        let Some(mut iterator) = self.iterator(shard).await? else {
            return Ok(0);
        };
        let client = self.ctx.dynamodb_streams().await?.clone();
        loop {
            if self.stopping() {
                self.iterators.insert(id, iterator);
                return Ok(seen);
            }
            let out = match client.get_records().shard_iterator(&iterator).send().await {
                Ok(out) => out,
                Err(e) if service_code(&e) == Some("ExpiredIteratorException") => {
                    self.iterators.remove(&id);
                    match self.iterator(shard).await? {
                        Some(it) => {
                            iterator = it;
                            continue;
                        }
                        None => return Ok(seen),
                    }
                }
                Err(e) if service_code(&e) == Some("TrimmedDataAccessException") => {
                    self.fall_back_to_oldest(&id);
                    match self.iterator(shard).await? {
                        Some(it) => {
                            iterator = it;
                            continue;
                        }
                        None => return Ok(seen),
                    }
                }
                Err(e) => return Err(streams_error(self.ctx, e, &format!("reading shard {id}"))),
            };
            let records = out.records.unwrap_or_default();
            seen += records.len();
            if !records.is_empty() {
                empty_pages = 0;
                self.apply(&records).await?;
                if let Some(seq) = records
                    .last()
                    .and_then(|r| r.dynamodb())
                    .and_then(|d| d.sequence_number())
                {
                    self.checkpoint.sequence.insert(id.clone(), seq.to_string());
                }
            } else {
                empty_pages += 1;
            }
            match out.next_shard_iterator {
                None => {
                    // Closed and drained: its children may start.
                    self.checkpoint.finish(&id);
                    self.iterators.remove(&id);
                    self.checkpoint.save(&self.checkpoint_path)?;
                    return Ok(seen);
                }
                Some(next) => {
                    iterator = next;
                    if !records.is_empty() {
                        self.checkpoint.save(&self.checkpoint_path)?;
                        continue;
                    }
                    // An open shard: caught up after one empty page when
                    // following (the next poll comes soon), after a few in
                    // a row with --once.
                    let at_end = if self.once { EMPTY_PAGES_AT_END } else { 1 };
                    if empty_pages >= at_end {
                        self.iterators.insert(id, iterator);
                        return Ok(seen);
                    }
                }
            }
        }
    }

    /// One pass over the ready shards, repeated while it finishes shards
    /// (so children of a drained parent are read in the same pass).
    async fn pass(&mut self) -> Result<usize, CliError> {
        let mut seen = 0;
        loop {
            let all = shards(self.ctx, &self.arn).await?;
            if self.first_start.as_ref().is_some_and(HashSet::is_empty) {
                self.first_start = Some(
                    all.iter()
                        .filter_map(|s| s.shard_id().map(str::to_string))
                        .collect(),
                );
            }
            let ready = self.ready(&all);
            let finished_before = self.checkpoint.finished.len();
            for shard in &ready {
                seen += self.drain(shard).await?;
                if self.stopping() {
                    return Ok(seen);
                }
            }
            if self.checkpoint.finished.len() == finished_before {
                return Ok(seen);
            }
        }
    }
}

/// Why a shard iterator could not be had.
enum IteratorError {
    /// The position asked for is older than the stream's retention.
    Trimmed,
    Other(CliError),
}

/// A DynamoDB Streams record as Pattern E reads it.
fn change_of(record: &Record) -> Change {
    use aws_sdk_dynamodbstreams::types::OperationType;
    let kind = match record.event_name() {
        Some(OperationType::Insert) => ChangeKind::Insert,
        Some(OperationType::Modify) => ChangeKind::Modify,
        Some(OperationType::Remove) => ChangeKind::Remove,
        _ => ChangeKind::Other,
    };
    let stream = record.dynamodb();
    let image = match stream.and_then(|d| d.new_image()) {
        Some(image) => match item_from_stream(image) {
            Ok(item) => Image::Item(item),
            Err(e) => {
                // Name the row by its keys, which are plain strings.
                let key = |name: &str| match stream.and_then(|d| d.keys()).and_then(|k| k.get(name))
                {
                    Some(aws_sdk_dynamodbstreams::types::AttributeValue::S(s)) => s.clone(),
                    _ => String::new(),
                };
                Image::Unreadable {
                    pk: key(attrs::PK),
                    sk: key(attrs::SK),
                    reason: e.to_string(),
                }
            }
        },
        None => Image::Absent,
    };
    Change {
        kind,
        image,
        sequence: stream.and_then(|d| d.sequence_number()).map(str::to_string),
    }
}

/// Shards whose parent is done (or unknown: trimmed away), not finished themselves.
fn ready(checkpoint: &Checkpoint, shards: &[Shard]) -> Vec<Shard> {
    let known: HashSet<&str> = shards.iter().filter_map(|s| s.shard_id()).collect();
    shards
        .iter()
        .filter(|s| {
            let id = s.shard_id().unwrap_or_default();
            let parent_done = match s.parent_shard_id() {
                Some(p) if known.contains(p) => checkpoint.is_finished(p),
                _ => true,
            };
            parent_done && !checkpoint.is_finished(id)
        })
        .cloned()
        .collect()
}

fn report(ctx: &Ctx, update: &Update, count: &mut u64) -> Result<(), CliError> {
    *count += 1;
    if ctx.json() {
        let line = serde_json::to_string(update).expect("an update serializes");
        output::print_line(&line).map_err(|e| CliError::new(format!("{e:#}")))?;
    } else {
        output::note(format!(
            "group {}: {} row(s) moved to {} (message {})",
            update.group_uuid,
            update.rows_moved,
            update.sk,
            update.message_uuid.as_deref().unwrap_or("without an id")
        ));
    }
    Ok(())
}

/// The last line of `stream-sync --output json`.
#[derive(Debug, serde::Serialize)]
struct SyncSummary {
    summary: Counts,
}

#[derive(Debug, serde::Serialize)]
struct Counts {
    updates: u64,
    skipped: u64,
}

/// The pause after the n-th failed pass in a row while following: half to
/// all of `min(MAX_ERROR_PAUSE, 50 ms * 2^n)` (100 ms after the first).
const ERROR_BACKOFF: Backoff = Backoff {
    first: Duration::from_millis(50),
    cap: MAX_ERROR_PAUSE,
};

/// Longest pause after a failed pass while following.
const MAX_ERROR_PAUSE: Duration = Duration::from_secs(30);

/// Follows the table's stream and moves each conversation's group rows to
/// its newest message (see [`super::apply`]), until stopped or, with
/// `once`, drained.
pub async fn follow(ctx: &Ctx, args: SyncOptions) -> anyhow::Result<()> {
    // It writes group rows: the guard before the first request.
    let writer =
        crate::dynamo::guard::writer(ctx, &format!("move group rows in table '{}'", ctx.table))
            .await?;
    let arn = stream_arn(ctx).await?;
    let checkpoint_path = checkpoint::real_path(
        &args
            .checkpoint
            .clone()
            .unwrap_or_else(|| checkpoint::default_path(&ctx.dynamodb_target(), &ctx.table)),
    );
    let _lock = checkpoint::Lock::acquire(&checkpoint_path)?;
    let (checkpoint, resumed) = Checkpoint::load(&checkpoint_path, &arn)?;
    output::note(format!(
        "stream-sync: table '{}' at {}, {} (checkpoint {})",
        ctx.table,
        ctx.dynamodb_target(),
        if resumed { "resuming" } else { "starting" },
        checkpoint_path.display()
    ));

    // The first signal lets the current page finish and the checkpoint be
    // saved; a second one ends the process at once.
    let mut reader = Reader {
        shutdown: interrupt::listen(),
        writer,
        ctx,
        arn,
        from: args.from,
        once: args.once,
        checkpoint,
        checkpoint_path,
        first_start: if resumed { None } else { Some(HashSet::new()) },
        iterators: HashMap::new(),
        updates: 0,
        skipped: 0,
    };
    let max_idle = Duration::from_millis(args.max_idle_ms.max(50));
    let mut idle = Duration::from_millis(100).min(max_idle);
    let mut failures = 0u32;
    loop {
        let seen = match reader.pass().await {
            Ok(seen) => {
                failures = 0;
                seen
            }
            // A follower outlives what the retry policy could not cure: it
            // says so, waits and reads again from its checkpoint.
            Err(e)
                if !args.once && matches!(e.kind, ErrorKind::Unreachable | ErrorKind::Failed) =>
            {
                failures += 1;
                reader.iterators.clear();
                let pause = ERROR_BACKOFF.jittered(failures, 0.5 + fastrand::f64() / 2.0);
                output::note(format!(
                    "warning: {e}; reading again in {} s",
                    pause.as_secs().max(1)
                ));
                if reader.shutdown.sleep(pause).await.is_some() {
                    break;
                }
                continue;
            }
            Err(e) => {
                reader.checkpoint.save(&reader.checkpoint_path)?;
                return Err(e.into());
            }
        };
        reader.checkpoint.save(&reader.checkpoint_path)?;
        if args.once || reader.stopping() {
            break;
        }
        if seen > 0 {
            idle = Duration::from_millis(100).min(max_idle);
            continue;
        }
        reader.shutdown.sleep(idle).await;
        idle = (idle * 2).min(max_idle);
    }
    reader.checkpoint.save(&reader.checkpoint_path)?;
    if ctx.json() {
        // One line, like the updates before it.
        let summary = SyncSummary {
            summary: Counts {
                updates: reader.updates,
                skipped: reader.skipped,
            },
        };
        output::print_line(&serde_json::to_string(&summary).expect("the summary serializes"))?;
    }
    output::note(format!(
        "stream-sync: {} update(s) applied, {} record(s) skipped; checkpoint saved",
        reader.updates, reader.skipped
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodbstreams::types::SequenceNumberRange;

    fn shard(id: &str, parent: Option<&str>, closed: bool) -> Shard {
        let mut range = SequenceNumberRange::builder().starting_sequence_number("1");
        if closed {
            range = range.ending_sequence_number("9");
        }
        Shard::builder()
            .shard_id(id)
            .set_parent_shard_id(parent.map(str::to_string))
            .sequence_number_range(range.build())
            .build()
    }

    #[test]
    fn a_child_waits_for_its_parent_and_starts_when_the_parent_is_drained() {
        let shards = [
            shard("parent", None, true),
            shard("child", Some("parent"), false),
            shard("orphan", Some("trimmed-away"), false),
        ];
        let mut cp = Checkpoint::new("arn");
        let ids = |v: Vec<Shard>| -> Vec<String> {
            v.iter()
                .map(|s| s.shard_id().unwrap().to_string())
                .collect()
        };
        assert_eq!(ids(ready(&cp, &shards)), ["parent", "orphan"]);
        cp.finish("parent");
        assert_eq!(ids(ready(&cp, &shards)), ["child", "orphan"]);
    }

    #[test]
    fn only_shards_of_a_first_start_follow_from_latest() {
        use StartFrom::*;
        // A checkpoint entry always wins.
        assert_eq!(start_of(true, true, false, Latest), Start::After);
        assert_eq!(start_of(true, false, true, TrimHorizon), Start::After);
        // The first start's shards follow --from.
        assert_eq!(start_of(false, true, false, Latest), Start::Latest);
        assert_eq!(start_of(false, true, true, Latest), Start::Skip);
        assert_eq!(
            start_of(false, true, false, TrimHorizon),
            Start::TrimHorizon
        );
        // A child appearing later, or any shard of a resumed checkpoint,
        // starts at its oldest record whatever --from says.
        assert_eq!(start_of(false, false, false, Latest), Start::TrimHorizon);
        assert_eq!(start_of(false, false, true, Latest), Start::TrimHorizon);
    }
}
