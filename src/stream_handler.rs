//! The stream handler: Pattern E as a Lambda function on the
//! `provided.al2023` runtime, invoked by an event source mapping with a
//! batch of DynamoDB Streams records of one shard.
//!
//! The same core as `ddb stream-sync` ([`crate::pattern_e`]) applies every
//! record of the batch: each conversation's newest message, several
//! conversations at once, each conversation's group rows moved in one
//! transaction. A conversation that cannot be applied is reported as a
//! partial batch failure naming the earliest record of that conversation,
//! so the event source mapping (with `ReportBatchItemFailures`) retries
//! from there; the other conversations are applied, and applying them again
//! changes nothing (rows never move backwards). Before the invocation's
//! deadline the handler stops waiting and reports what is left.
//!
//! The binary runs as the handler when it is started as `bootstrap` (the
//! file name the custom runtime executes) or as `cruddur ddb stream-handler`.
//! The table comes from `DDB_MESSAGE_TABLE`, the region, credentials and
//! endpoint (`AWS_ENDPOINT_URL_DYNAMODB`) from the environment as the SDK
//! reads them. Each invocation logs one JSON line on stdout: counts and
//! milliseconds, never message text.

use std::time::{Duration, SystemTime};

use lambda_runtime::{service_fn, LambdaEvent};
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;

use crate::context::{Ctx, Settings};
use crate::dynamo::guard::writer;
use crate::error::CliError;
use crate::model::attr::item_from_typed;
use crate::model::schema::attrs;
use crate::output::OutputFormat;
use crate::pattern_e::{apply_all, newest_messages, sequence_before, Change, ChangeKind, Image};
use crate::retry::RetrySettings;

/// The variable naming the table (the app's own).
pub const TABLE_VAR: &str = "DDB_MESSAGE_TABLE";
/// Conversations applied at once.
const CONVERSATIONS_IN_PARALLEL: usize = 8;
/// Longest time kept back before the deadline to answer.
const ANSWER_MARGIN: Duration = Duration::from_millis(1000);

/// Whether the process was started as the custom runtime's `bootstrap`.
pub fn started_as_bootstrap() -> bool {
    std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n == "bootstrap"))
        .unwrap_or(false)
}

/// The answer to the event source mapping (`ReportBatchItemFailures`).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Response {
    #[serde(rename = "batchItemFailures")]
    pub batch_item_failures: Vec<ItemFailure>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ItemFailure {
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: String,
}

/// The log line of one invocation.
#[derive(Debug, Serialize)]
struct Log<'a> {
    request_id: &'a str,
    records: usize,
    applied: usize,
    skipped: usize,
    failed: usize,
    conversations: usize,
    rows_moved: usize,
    ms: u64,
    /// Why conversations failed (ids and error kinds, no message text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<String>,
    /// The record the retry starts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_from: Option<&'a str>,
}

/// The records of a DynamoDB Streams event.
pub fn changes_of(event: &Value) -> Result<Vec<Change>, CliError> {
    let records = event
        .get("Records")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            CliError::usage(
                "the event has no Records array: the function expects DynamoDB Streams events",
            )
        })?;
    Ok(records.iter().map(change_of).collect())
}

fn change_of(record: &Value) -> Change {
    let kind = match record.get("eventName").and_then(Value::as_str) {
        Some("INSERT") => ChangeKind::Insert,
        Some("MODIFY") => ChangeKind::Modify,
        Some("REMOVE") => ChangeKind::Remove,
        _ => ChangeKind::Other,
    };
    let stream = record.get("dynamodb");
    let sequence = stream
        .and_then(|d| d.get("SequenceNumber"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let image = match stream
        .and_then(|d| d.get("NewImage"))
        .and_then(Value::as_object)
    {
        None => Image::Absent,
        Some(map) => match item_from_typed(map) {
            Ok(item) => Image::Item(item),
            Err(e) => {
                // Name the row by its keys, which are plain strings here.
                let key = |name: &str| {
                    stream
                        .and_then(|d| d.get("Keys"))
                        .and_then(|k| k.get(name))
                        .and_then(|v| v.get("S"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                Image::Unreadable {
                    pk: key(attrs::PK),
                    sk: key(attrs::SK),
                    reason: e.to_string(),
                }
            }
        },
    };
    Change {
        kind,
        image,
        sequence,
    }
}

/// The instant to stop waiting: the deadline less a margin to answer in
/// (a fifth of the time left, at most [`ANSWER_MARGIN`]).
fn stop_at(deadline: SystemTime) -> Instant {
    let left = deadline
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    let margin = (left / 5).min(ANSWER_MARGIN);
    Instant::now() + left.saturating_sub(margin)
}

/// Applies one batch; the answer names the earliest record to retry from.
pub async fn handle(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<Response, CliError> {
    let started = Instant::now();
    let request_id = event.context.request_id.clone();
    let changes = changes_of(&event.payload)?;
    let newest = newest_messages(&changes);
    let writer = writer(ctx, &format!("move group rows in table '{}'", ctx.table)).await?;
    let results = apply_all(
        ctx,
        &writer,
        &newest.pending,
        CONVERSATIONS_IN_PARALLEL,
        Some(stop_at(event.context.deadline())),
    )
    .await;
    let (mut applied, mut failed, mut rows_moved) = (0, 0, 0);
    let mut errors = Vec::new();
    let mut retry_from: Option<String> = None;
    let mut unnamed_failure = false;
    for (pending, result) in &results {
        match result {
            Ok(update) => {
                applied += pending.records;
                rows_moved += update.rows_moved;
            }
            Err(e) => {
                failed += pending.records;
                errors.push(format!("{}: {}", e.kind.as_str(), e.message));
                match &pending.first_sequence {
                    Some(seq)
                        if retry_from
                            .as_deref()
                            .is_none_or(|r| sequence_before(seq, r)) =>
                    {
                        retry_from = Some(seq.clone());
                    }
                    Some(_) => {}
                    None => unnamed_failure = true,
                }
            }
        }
    }
    let skipped = newest.skipped.len() + newest.ignored;
    let log = Log {
        request_id: &request_id,
        records: changes.len(),
        applied,
        skipped,
        failed,
        conversations: newest.pending.len(),
        rows_moved,
        ms: started.elapsed().as_millis() as u64,
        errors,
        retry_from: retry_from.as_deref(),
    };
    if let Ok(line) = serde_json::to_string(&log) {
        // Lambda reads stdout; a lost log line must not fail the batch.
        let _ = crate::output::print_line(&line);
    }
    if unnamed_failure {
        // Without a sequence number the failure cannot be pointed at:
        // fail the whole batch, which the mapping retries (bisecting).
        return Err(CliError::new(
            "a conversation could not be applied and its records carry no sequence number",
        ));
    }
    Ok(Response {
        batch_item_failures: retry_from
            .into_iter()
            .map(|item_identifier| ItemFailure { item_identifier })
            .collect(),
    })
}

/// The run's context: AWS (the Lambda's role), the table of `DDB_MESSAGE_TABLE`.
fn context() -> Result<Ctx, CliError> {
    let table = std::env::var(TABLE_VAR)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            CliError::usage(format!("{TABLE_VAR} is not set")).hint(format!(
                "set {TABLE_VAR} to the messages table in the function's environment"
            ))
        })?;
    Ok(Ctx::new(
        Settings {
            prod: true,
            output: OutputFormat::Json,
            table,
            verbose: 0,
            region: None,
            endpoint_url: None,
            retry: RetrySettings::resolve(None, |v| std::env::var(v).ok())?,
            profile: None,
        },
        crate::project::Project::built_in(),
    ))
}

/// Serves invocations until the runtime stops the process.
pub async fn serve() -> anyhow::Result<()> {
    let ctx = context()?;
    let ctx = &ctx;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(ctx, event)
            .await
            .map_err(|e| lambda_runtime::Error::from(e.message))
    }))
    .await
    .map_err(|e| anyhow::anyhow!("the Lambda runtime stopped: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::attr::get_s;
    use serde_json::json;

    #[test]
    fn records_become_changes() {
        let event = json!({"Records": [
            {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "100", "Keys": {"pk": {"S": "MSG#g"}},
             "NewImage": {"pk": {"S": "MSG#g"}, "sk": {"S": "s"}, "n": {"N": "1"}}}},
            {"eventName": "REMOVE", "dynamodb": {"SequenceNumber": "101", "Keys": {"pk": {"S": "MSG#g"}}}},
            {"eventName": "MODIFY", "dynamodb": {"SequenceNumber": "102",
             "Keys": {"pk": {"S": "MSG#h"}, "sk": {"S": "t"}},
             "NewImage": {"pk": {"S": "MSG#h"}, "sk": {"S": "t"}, "odd": {"X": "?"}}}}
        ]});
        let changes = changes_of(&event).unwrap();
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[0].kind, ChangeKind::Insert);
        assert_eq!(changes[0].sequence.as_deref(), Some("100"));
        match &changes[0].image {
            Image::Item(item) => assert_eq!(get_s(item, "sk"), Some("s")),
            other => panic!("{other:?}"),
        }
        assert_eq!(changes[1].kind, ChangeKind::Remove);
        assert_eq!(changes[1].image, Image::Absent);
        match &changes[2].image {
            Image::Unreadable { pk, sk, reason } => {
                assert_eq!((pk.as_str(), sk.as_str()), ("MSG#h", "t"));
                assert!(reason.contains("odd"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(changes_of(&json!({"records": []})).is_err());
    }

    #[test]
    fn the_answer_keeps_a_margin_before_the_deadline() {
        let now = Instant::now();
        let at = stop_at(SystemTime::now() + Duration::from_secs(10));
        let left = at - now;
        assert!(
            left <= Duration::from_millis(9050) && left > Duration::from_millis(8900),
            "{left:?}"
        );
        let at = stop_at(SystemTime::now() + Duration::from_secs(1));
        assert!(at - now <= Duration::from_millis(850));
        // A deadline already past: stop at once.
        assert!(
            stop_at(SystemTime::now() - Duration::from_secs(1)) - now < Duration::from_millis(50)
        );
    }

    #[test]
    fn the_answer_is_the_partial_batch_failure_shape() {
        let r = Response {
            batch_item_failures: vec![ItemFailure {
                item_identifier: "42".into(),
            }],
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"batchItemFailures": [{"itemIdentifier": "42"}]})
        );
    }
}
