//! `cruddur ddb stream-sync`: the job of the app's stream Lambda (Pattern E)
//! for endpoints that serve DynamoDB Streams, such as DynamoDB Local. Reads
//! every shard of the table's latest stream, parents before children, and
//! keeps each conversation's group rows at its newest message.

mod apply;
mod checkpoint;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_dynamodbstreams::types::{Shard, ShardIteratorType};
use clap::{Args, ValueEnum};

use self::apply::{move_group_rows, newest_messages, Update};
use self::checkpoint::Checkpoint;
use super::table_flag;
use super::tables::describe_table;
use crate::context::Ctx;
use crate::error::{aws_error, service_code, CliError};
use crate::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StartFrom {
    /// The oldest record the stream still holds (24 hours in AWS)
    TrimHorizon,
    /// Only records written after stream-sync starts
    Latest,
}

#[derive(Debug, Args)]
pub struct StreamSyncArgs {
    /// Drain what the stream holds now, then exit (for scripts and tests)
    #[arg(long)]
    pub once: bool,

    /// Checkpoint file (default: one per endpoint and table under the user's cache directory)
    #[arg(long, value_name = "PATH")]
    pub checkpoint: Option<PathBuf>,

    /// Where to start when there is no checkpoint
    #[arg(long, value_enum, default_value_t = StartFrom::TrimHorizon)]
    pub from: StartFrom,

    /// Longest pause between polls when the stream is idle, in milliseconds
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub max_idle_ms: u64,
}

fn streams_error<E, R>(
    ctx: &Ctx,
    err: aws_sdk_dynamodbstreams::error::SdkError<E, R>,
    doing: &str,
) -> CliError
where
    E: aws_sdk_dynamodbstreams::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
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
    let desc = describe_table(ctx, table).await?.ok_or_else(|| {
        CliError::new(format!(
            "table '{table}' does not exist at {}",
            ctx.dynamodb_target()
        ))
        .hint(format!(
            "create it with `cruddur{} ddb schema-load`",
            table_flag(table)
        ))
    })?;
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

/// The reader's state across polls.
struct Reader<'a> {
    ctx: &'a Ctx,
    arn: String,
    from: StartFrom,
    checkpoint: Checkpoint,
    checkpoint_path: PathBuf,
    /// Open iterators by shard id.
    iterators: HashMap<String, String>,
    updates: u64,
}

impl Reader<'_> {
    /// Shards whose parent is done (or unknown: trimmed away), not finished themselves.
    fn ready(&self, shards: &[Shard]) -> Vec<Shard> {
        let known: HashSet<&str> = shards.iter().filter_map(|s| s.shard_id()).collect();
        shards
            .iter()
            .filter(|s| {
                let id = s.shard_id().unwrap_or_default();
                let parent_done = match s.parent_shard_id() {
                    Some(p) if known.contains(p) => self.checkpoint.is_finished(p),
                    _ => true,
                };
                parent_done && !self.checkpoint.is_finished(id)
            })
            .cloned()
            .collect()
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
        let client = self.ctx.dynamodb_streams().await?;
        let mut request = client
            .get_shard_iterator()
            .stream_arn(&self.arn)
            .shard_id(&id);
        request = match (self.checkpoint.sequence.get(&id), self.from) {
            (Some(seq), _) => request
                .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
                .sequence_number(seq),
            (None, StartFrom::Latest) if closed => {
                // History is skipped: a closed shard has nothing new.
                self.checkpoint.finish(&id);
                return Ok(None);
            }
            (None, StartFrom::Latest) => request.shard_iterator_type(ShardIteratorType::Latest),
            (None, StartFrom::TrimHorizon) => {
                request.shard_iterator_type(ShardIteratorType::TrimHorizon)
            }
        };
        let out = request
            .send()
            .await
            .map_err(|e| streams_error(self.ctx, e, &format!("opening shard {id}")))?;
        Ok(out.shard_iterator)
    }

    /// Reads one shard until it is caught up (open) or drained (closed).
    /// Returns the number of records seen.
    async fn drain(&mut self, shard: &Shard, stop: &AtomicBool) -> Result<usize, CliError> {
        let id = shard.shard_id().unwrap_or_default().to_string();
        let mut seen = 0;
        let Some(mut iterator) = self.iterator(shard).await? else {
            return Ok(0);
        };
        let client = self.ctx.dynamodb_streams().await?.clone();
        loop {
            if stop.load(Ordering::SeqCst) {
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
                    output::note(format!(
                        "warning: records of shard {id} were trimmed before they were read"
                    ));
                    self.checkpoint.sequence.remove(&id);
                    self.iterators.remove(&id);
                    return Ok(seen);
                }
                Err(e) => return Err(streams_error(self.ctx, e, &format!("reading shard {id}"))),
            };
            let records = out.records.unwrap_or_default();
            seen += records.len();
            if !records.is_empty() {
                let (messages, _) = newest_messages(&records);
                for message in &messages {
                    let update = move_group_rows(self.ctx, message).await?;
                    if update.rows_moved > 0 {
                        self.report(&update)?;
                    }
                }
                if let Some(seq) = records
                    .last()
                    .and_then(|r| r.dynamodb())
                    .and_then(|d| d.sequence_number())
                {
                    self.checkpoint.sequence.insert(id.clone(), seq.to_string());
                }
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
                    }
                    if records.is_empty() {
                        self.iterators.insert(id, iterator);
                        return Ok(seen);
                    }
                }
            }
        }
    }

    fn report(&mut self, update: &Update) -> Result<(), CliError> {
        self.updates += 1;
        if self.ctx.json() {
            let line = serde_json::to_string(update).expect("an update serializes");
            println!("{line}");
        } else {
            output::note(format!(
                "group {}: {} row(s) moved to {} (message {})",
                update.group_uuid, update.rows_moved, update.sk, update.message_uuid
            ));
        }
        Ok(())
    }

    /// One pass over the ready shards, repeated while it finishes shards
    /// (so children of a drained parent are read in the same pass).
    async fn pass(&mut self, stop: &AtomicBool) -> Result<usize, CliError> {
        let mut seen = 0;
        loop {
            let all = shards(self.ctx, &self.arn).await?;
            let ready = self.ready(&all);
            let finished_before = self.checkpoint.finished.len();
            for shard in &ready {
                seen += self.drain(shard, stop).await?;
                if stop.load(Ordering::SeqCst) {
                    return Ok(seen);
                }
            }
            if self.checkpoint.finished.len() == finished_before {
                return Ok(seen);
            }
        }
    }
}

pub async fn run(ctx: &Ctx, args: StreamSyncArgs) -> anyhow::Result<()> {
    let arn = stream_arn(ctx).await?;
    let checkpoint_path = args
        .checkpoint
        .clone()
        .unwrap_or_else(|| checkpoint::default_path(&ctx.dynamodb_target(), &ctx.table));
    let (checkpoint, resumed) = Checkpoint::load(&checkpoint_path, &arn)?;
    output::note(format!(
        "stream-sync: table '{}' at {}, {} (checkpoint {})",
        ctx.table,
        ctx.dynamodb_target(),
        if resumed { "resuming" } else { "starting" },
        checkpoint_path.display()
    ));

    let stop = Arc::new(AtomicBool::new(false));
    if !args.once {
        let flag = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                flag.store(true, Ordering::SeqCst);
            }
        });
    }
    let mut reader = Reader {
        ctx,
        arn,
        from: args.from,
        checkpoint,
        checkpoint_path,
        iterators: HashMap::new(),
        updates: 0,
    };
    let max_idle = Duration::from_millis(args.max_idle_ms.max(50));
    let mut idle = Duration::from_millis(100).min(max_idle);
    loop {
        let seen = reader.pass(&stop).await?;
        reader.checkpoint.save(&reader.checkpoint_path)?;
        if args.once || stop.load(Ordering::SeqCst) {
            break;
        }
        if seen > 0 {
            idle = Duration::from_millis(100).min(max_idle);
            continue;
        }
        // Idle: wait, a little longer each time, but wake at once on Ctrl-C.
        let deadline = tokio::time::Instant::now() + idle;
        while tokio::time::Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        idle = (idle * 2).min(max_idle);
    }
    output::note(format!(
        "stream-sync: {} update(s) applied; checkpoint saved",
        reader.updates
    ));
    Ok(())
}
