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
//! milliseconds, never message text. An invocation that fails (an event
//! that is not a batch of stream records, say) is answered with a
//! readable `errorType` (`InvalidEvent`) and logs its line too.
//!
//! Outside Lambda (no `AWS_LAMBDA_RUNTIME_API`, or the function variables
//! Lambda sets beside it) the handler stops before it starts, with one
//! error naming what is missing.

use std::time::{Duration, SystemTime};

use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use tokio::time::Instant;

use crate::app::context::{Ctx, Settings};
use crate::app::error::CliError;
use crate::app::output::OutputFormat;
use crate::aws::retry::RetrySettings;
use crate::dynamo::guard::writer;
use crate::model::attr::item_from_typed;
use crate::model::schema::attrs;
use crate::stream::apply::{
    apply_all, newest_messages, sequence_before, Change, ChangeKind, Image,
};

use crate::model::schema::TABLE_VAR;
/// The variable naming the Runtime API (`host:port`), set by Lambda.
pub const RUNTIME_API_VAR: &str = "AWS_LAMBDA_RUNTIME_API";
/// The function's variables Lambda sets beside the Runtime API, which the
/// runtime client reads.
const FUNCTION_VARS: [&str; 3] = [
    "AWS_LAMBDA_FUNCTION_NAME",
    MEMORY_VAR,
    "AWS_LAMBDA_FUNCTION_VERSION",
];
/// The function's memory in megabytes, a number the runtime client reads.
const MEMORY_VAR: &str = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
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
    #[serde(flatten)]
    tally: Tally,
    /// The invocation's error, when it is answered with one: its
    /// `errorType` and message.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The payload of an invocation: a JSON document, or why it is not one.
#[derive(Debug)]
pub enum Payload {
    Json(Value),
    NotJson(String),
}

impl<'de> Deserialize<'de> for Payload {
    /// Never fails, so that a payload that is not JSON reaches the handler,
    /// which answers it and logs its line like any other invocation.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer) {
            Ok(value) => Payload::Json(value),
            Err(e) => Payload::NotJson(e.to_string()),
        })
    }
}

/// Why an invocation failed, as the Runtime API is told: `error_type` is
/// a word a function's error metrics and retries can be read by.
#[derive(Debug, PartialEq, Eq)]
pub struct HandlerError {
    pub error_type: &'static str,
    pub message: String,
}

impl HandlerError {
    /// The event is not a batch of DynamoDB Streams records.
    pub const INVALID_EVENT: &'static str = "InvalidEvent";
    /// A conversation failed and its records carry no sequence number to
    /// retry from: the whole batch fails.
    pub const UNAPPLIED_RECORDS: &'static str = "UnappliedRecords";
    /// The handler could not start on the batch (the table's client, say).
    pub const HANDLER_FAILED: &'static str = "HandlerFailed";

    fn new(error_type: &'static str, message: impl Into<String>) -> Self {
        HandlerError {
            error_type,
            message: message.into(),
        }
    }
}

impl From<HandlerError> for Diagnostic {
    fn from(e: HandlerError) -> Diagnostic {
        Diagnostic {
            error_type: e.error_type.to_string(),
            error_message: e.message,
        }
    }
}

/// The records of a DynamoDB Streams event; why the event is not one.
pub fn changes_of(event: &Value) -> Result<Vec<Change>, String> {
    const EXPECTED: &str = "the function expects DynamoDB Streams events";
    match event.get("Records") {
        Some(Value::Array(records)) => Ok(records.iter().map(change_of).collect()),
        Some(_) => Err(format!("the event's Records is not an array: {EXPECTED}")),
        None => Err(format!("the event has no Records array: {EXPECTED}")),
    }
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

/// What one invocation did, for its log line.
#[derive(Debug, Default, Serialize)]
struct Tally {
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
    retry_from: Option<String>,
}

/// Applies one batch and logs the invocation's line, whatever the outcome;
/// the answer names the earliest record to retry from.
pub async fn handle(ctx: &Ctx, event: LambdaEvent<Payload>) -> Result<Response, HandlerError> {
    let started = Instant::now();
    let mut tally = Tally::default();
    let result = apply_batch(ctx, &event, &mut tally).await;
    tally.ms = started.elapsed().as_millis() as u64;
    let log = Log {
        request_id: &event.context.request_id,
        tally,
        error: result
            .as_ref()
            .err()
            .map(|e| format!("{}: {}", e.error_type, e.message)),
    };
    if let Ok(line) = serde_json::to_string(&log) {
        // Lambda reads stdout; a lost log line must not fail the batch.
        let _ = crate::app::output::print_line(&line);
    }
    result
}

async fn apply_batch(
    ctx: &Ctx,
    event: &LambdaEvent<Payload>,
    tally: &mut Tally,
) -> Result<Response, HandlerError> {
    let changes = match &event.payload {
        Payload::Json(value) => changes_of(value),
        Payload::NotJson(why) => Err(format!("the event is not JSON ({why})")),
    }
    .map_err(|why| HandlerError::new(HandlerError::INVALID_EVENT, why))?;
    tally.records = changes.len();
    let newest = newest_messages(&changes);
    tally.skipped = newest.skipped.len() + newest.ignored;
    tally.conversations = newest.pending.len();
    let writer = writer(ctx, &format!("move group rows in table '{}'", ctx.table))
        .await
        .map_err(|e| HandlerError::new(HandlerError::HANDLER_FAILED, e.to_string()))?;
    let results = apply_all(
        ctx,
        &writer,
        &newest.pending,
        CONVERSATIONS_IN_PARALLEL,
        Some(stop_at(event.context.deadline())),
    )
    .await;
    let mut unnamed_failure = false;
    for (pending, result) in &results {
        match result {
            Ok(update) => {
                tally.applied += pending.records;
                tally.rows_moved += update.rows_moved;
            }
            Err(e) => {
                tally.failed += pending.records;
                tally
                    .errors
                    .push(format!("{}: {}", e.kind.as_str(), e.message));
                match &pending.first_sequence {
                    Some(seq)
                        if tally
                            .retry_from
                            .as_deref()
                            .is_none_or(|r| sequence_before(seq, r)) =>
                    {
                        tally.retry_from = Some(seq.clone());
                    }
                    Some(_) => {}
                    None => unnamed_failure = true,
                }
            }
        }
    }
    if unnamed_failure {
        // Without a sequence number the failure cannot be pointed at:
        // fail the whole batch, which the mapping retries (bisecting).
        return Err(HandlerError::new(
            HandlerError::UNAPPLIED_RECORDS,
            "a conversation could not be applied and its records carry no sequence number",
        ));
    }
    Ok(Response {
        batch_item_failures: tally
            .retry_from
            .clone()
            .into_iter()
            .map(|item_identifier| ItemFailure { item_identifier })
            .collect(),
    })
}

/// `A`, `A and B`, `A, B and C`.
fn listed(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Checks the environment Lambda gives a function, read through `var`:
/// the Runtime API (`host:port`), the function's variables and the table.
/// Returns the table.
fn lambda_environment(var: impl Fn(&str) -> Option<String>) -> Result<String, CliError> {
    let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let missing: Vec<&str> = std::iter::once(RUNTIME_API_VAR)
        .chain(FUNCTION_VARS)
        .filter(|name| var(name).is_none())
        .collect();
    if !missing.is_empty() {
        let mut all = missing.clone();
        if var(TABLE_VAR).is_none() {
            all.push(TABLE_VAR);
        }
        let verb = if all.len() == 1 { "is" } else { "are" };
        return Err(CliError::usage(format!(
            "not running in Lambda: {} {verb} not set",
            listed(&all)
        ))
        .hint(
            "deploy it as a Lambda function's bootstrap (scripts/package-stream-handler), or set them as `cruddur ddb stream-handler --help` shows to serve a Runtime API; `cruddur ddb stream-sync` does the same work without Lambda",
        ));
    }
    let api = var(RUNTIME_API_VAR).unwrap_or_default();
    if !is_host_and_port(&api) {
        return Err(
            CliError::usage(format!("{RUNTIME_API_VAR} is '{api}', not HOST:PORT")).hint(format!(
                "set {RUNTIME_API_VAR} to the Runtime API's address, such as 127.0.0.1:9001"
            )),
        );
    }
    let memory = var(MEMORY_VAR).unwrap_or_default();
    if memory.trim().parse::<i32>().is_err() {
        return Err(CliError::usage(format!(
            "{MEMORY_VAR} is '{memory}', not a number of megabytes"
        ))
        .hint(format!(
            "set {MEMORY_VAR} to the function's memory, such as 128"
        )));
    }
    var(TABLE_VAR).ok_or_else(|| {
        CliError::usage(format!("{TABLE_VAR} is not set")).hint(format!(
            "set {TABLE_VAR} to the messages table in the function's environment"
        ))
    })
}

/// `host:port` (a name, an IPv4 address or a bracketed IPv6 address).
fn is_host_and_port(s: &str) -> bool {
    let Some((host, port)) = s.rsplit_once(':') else {
        return false;
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        inner.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    host_ok && port.parse::<u16>().is_ok_and(|p| p > 0)
}

/// The run's context: AWS (the Lambda's role), the table of `DDB_MESSAGE_TABLE`.
fn context(table: String) -> Result<Ctx, CliError> {
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
        crate::app::project::Project::built_in(),
    ))
}

/// Serves invocations until the runtime stops the process. Outside Lambda
/// it stops at once with one error naming what is missing.
pub async fn serve() -> anyhow::Result<()> {
    let table = lambda_environment(|name| std::env::var(name).ok())?;
    let ctx = context(table)?;
    let ctx = &ctx;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Payload>| async move {
        handle(ctx, event).await
    }))
    .await
    .map_err(|e| {
        let api = std::env::var(RUNTIME_API_VAR).unwrap_or_default();
        anyhow::Error::new(
            CliError::new(format!(
                "the Lambda Runtime API at {api} ({RUNTIME_API_VAR}) failed: {e}"
            ))
            .kind(crate::app::error::ErrorKind::Unreachable)
            .hint("check that a Runtime API answers at that address"),
        )
    })
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
        assert_eq!(
            changes_of(&json!({"records": []})).unwrap_err(),
            "the event has no Records array: the function expects DynamoDB Streams events"
        );
        assert_eq!(
            changes_of(&json!({"Records": {}})).unwrap_err(),
            "the event's Records is not an array: the function expects DynamoDB Streams events"
        );
    }

    #[test]
    fn outside_lambda_the_missing_variables_are_named() {
        let lambda = |name: &str| {
            match name {
                "AWS_LAMBDA_RUNTIME_API" => Some("127.0.0.1:9001"),
                "AWS_LAMBDA_FUNCTION_NAME" => Some("f"),
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE" => Some("128"),
                "AWS_LAMBDA_FUNCTION_VERSION" => Some("$LATEST"),
                "DDB_MESSAGE_TABLE" => Some("t"),
                _ => None,
            }
            .map(str::to_string)
        };
        assert_eq!(lambda_environment(lambda).unwrap(), "t");
        let without = |gone: &'static [&'static str]| {
            let e = lambda_environment(|n| lambda(n).filter(|_| !gone.contains(&n))).unwrap_err();
            assert_eq!(e.kind, crate::app::error::ErrorKind::Usage);
            e.message
        };
        assert_eq!(
            without(&["AWS_LAMBDA_RUNTIME_API"]),
            "not running in Lambda: AWS_LAMBDA_RUNTIME_API is not set"
        );
        assert_eq!(
            without(&["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "DDB_MESSAGE_TABLE"]),
            "not running in Lambda: AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_VERSION and DDB_MESSAGE_TABLE are not set"
        );
        assert_eq!(
            without(&["DDB_MESSAGE_TABLE"]),
            "DDB_MESSAGE_TABLE is not set"
        );
        let with = |name: &'static str, value: &'static str| {
            lambda_environment(|n| {
                if n == name {
                    Some(value.to_string())
                } else {
                    lambda(n)
                }
            })
            .unwrap_err()
            .message
        };
        assert_eq!(
            with("AWS_LAMBDA_RUNTIME_API", "http://127.0.0.1:9001/"),
            "AWS_LAMBDA_RUNTIME_API is 'http://127.0.0.1:9001/', not HOST:PORT"
        );
        assert_eq!(
            with("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"),
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE is 'lots', not a number of megabytes"
        );
        assert!(is_host_and_port("[::1]:9001") && is_host_and_port("localhost:80"));
        assert!(!is_host_and_port("127.0.0.1") && !is_host_and_port(":9001"));
    }

    #[test]
    fn a_payload_that_is_not_json_still_reaches_the_handler() {
        let payload =
            Payload::deserialize(&mut serde_json::Deserializer::from_str("not json")).unwrap();
        assert!(matches!(payload, Payload::NotJson(_)), "{payload:?}");
        let payload: Payload = serde_json::from_str(r#"{"Records": []}"#).unwrap();
        assert!(matches!(payload, Payload::Json(_)), "{payload:?}");
        let d: Diagnostic = HandlerError::new(HandlerError::INVALID_EVENT, "no Records").into();
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            json!({"errorType": "InvalidEvent", "errorMessage": "no Records"})
        );
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
