//! The stream handler Lambda: the `bootstrap` of the deployment zip
//! (scripts/package-stream-handler) served by the test Runtime API, with
//! events made of real stream records read from DynamoDB Local's stream.
//! The zip is `CRUDDUR_STREAM_HANDLER_ZIP` when it is set (.ci/run packages
//! the release build), else one packaged here from the test build.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use cruddur::model::{MessageGroupRow, MessageRow, Participant};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::runtime_api::RuntimeApi;
use crate::support::*;

/// One DynamoDB (Streams) JSON call to DynamoDB Local, without the SDK:
/// the answer as the service sends it.
fn local_call(target: &str, body: &Value) -> Value {
    let url = &services().ddb_url;
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let body = body.to_string();
    let mut conn = std::net::TcpStream::connect(addr).expect("DynamoDB Local answers");
    write!(
        conn,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.0\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(head.starts_with("HTTP/1.1 200"), "{target}: {answer}");
    serde_json::from_str(body).expect("JSON")
}

/// Every record of the table's stream, as DynamoDB Streams returns them,
/// with the `eventSourceARN` Lambda adds: the records of a Lambda event.
fn stream_records(table: &str) -> Vec<Value> {
    let desc = local_call(
        "DynamoDB_20120810.DescribeTable",
        &json!({"TableName": table}),
    );
    let arn = desc["Table"]["LatestStreamArn"]
        .as_str()
        .expect("a stream")
        .to_string();
    let stream = local_call(
        "DynamoDBStreams_20120810.DescribeStream",
        &json!({"StreamArn": arn}),
    );
    let mut records = Vec::new();
    for shard in stream["StreamDescription"]["Shards"].as_array().unwrap() {
        let it = local_call(
            "DynamoDBStreams_20120810.GetShardIterator",
            &json!({"StreamArn": arn, "ShardId": shard["ShardId"], "ShardIteratorType": "TRIM_HORIZON"}),
        );
        let mut iterator = it["ShardIterator"].clone();
        loop {
            let page = local_call(
                "DynamoDBStreams_20120810.GetRecords",
                &json!({"ShardIterator": iterator}),
            );
            let got = page["Records"].as_array().unwrap();
            if got.is_empty() {
                break;
            }
            for r in got {
                let mut r = r.clone();
                r["eventSourceARN"] = json!(arn);
                records.push(r);
            }
            iterator = page["NextShardIterator"].clone();
            if iterator.is_null() {
                break;
            }
        }
    }
    records
}

fn person(handle: &str) -> Participant {
    Participant {
        uuid: Uuid::new_v4(),
        display_name: handle.to_uppercase(),
        handle: handle.to_string(),
    }
}

/// `conversations` conversations with their two group rows at minute 0
/// and `messages` messages spread over them (minutes 1, 2, ...); returns the
/// groups and each one's newest message sk.
fn conversations(table: &str, conversations: usize, messages: usize) -> Vec<(Uuid, String)> {
    let at = |minute: usize| {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
            + chrono::Duration::minutes(minute as i64)
    };
    let mut out = Vec::new();
    let mut people = Vec::new();
    for c in 0..conversations {
        let group = Uuid::new_v4();
        let (a, b) = (person(&format!("a{c}")), person(&format!("b{c}")));
        let first = MessageRow::new(group, at(0), Uuid::new_v4(), "hello", a.clone());
        for row in MessageGroupRow::pair(&first, &a, &b) {
            put(table, row.to_item());
        }
        out.push((group, String::new()));
        people.push(a);
    }
    for m in 0..messages {
        let c = m % conversations;
        let row = MessageRow::new(
            out[c].0,
            at(1 + m),
            Uuid::new_v4(),
            &format!("secret text number {m}"),
            people[c].clone(),
        );
        out[c].1 = row.sk.clone();
        put(table, row.to_item());
    }
    out
}

/// The rows of `group` as `pk sk message` lines, sorted.
fn group_rows_of(table: &str, group: Uuid) -> Vec<String> {
    let mut rows: Vec<String> = all_items(table)
        .iter()
        .filter(|i| {
            i.get("message_group_uuid").and_then(|v| v.as_s().ok()) == Some(&group.to_string())
        })
        .map(|i| {
            let s = |k: &str| {
                i.get(k)
                    .and_then(|v| v.as_s().ok())
                    .cloned()
                    .unwrap_or_default()
            };
            format!("{} {}", s("sk"), s("message"))
        })
        .collect();
    rows.sort();
    rows
}

/// The deployment zip's `bootstrap`, unpacked once; the zip must hold it
/// and nothing else, executable.
fn packaged_bootstrap() -> &'static Path {
    static UNPACKED: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, bootstrap) = UNPACKED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let zip = match std::env::var_os("CRUDDUR_STREAM_HANDLER_ZIP") {
            Some(zip) => PathBuf::from(zip),
            None => {
                let zip = dir.path().join("stream-handler.zip");
                let out = StdCommand::new(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-stream-handler"),
                )
                .arg("--binary")
                .arg(assert_cmd::cargo::cargo_bin("cruddur"))
                .arg("--out")
                .arg(&zip)
                .output()
                .expect("run scripts/package-stream-handler");
                assert!(
                    out.status.success(),
                    "scripts/package-stream-handler: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let last = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .last()
                    .map(str::to_string);
                assert_eq!(
                    last.as_deref(),
                    zip.to_str(),
                    "the zip's path is the last line"
                );
                zip
            }
        };
        let listing = StdCommand::new("unzip")
            .arg("-Z")
            .arg(&zip)
            .output()
            .expect("unzip");
        let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
        let entries: Vec<&str> = listing.lines().filter(|l| l.contains(" unx ")).collect();
        assert_eq!(entries.len(), 1, "{listing}");
        assert!(
            entries[0].starts_with("-rwxr-xr-x") && entries[0].ends_with(" bootstrap"),
            "{listing}"
        );
        let unpacked = StdCommand::new("unzip")
            .args(["-q", "-o"])
            .arg(&zip)
            .arg("-d")
            .arg(dir.path())
            .status()
            .expect("unzip");
        assert!(unpacked.success());
        let bootstrap = dir.path().join("bootstrap");
        (dir, bootstrap)
    });
    bootstrap
}

/// The function: the packaged `bootstrap`, started as Lambda starts it.
struct Function {
    child: Child,
    started: Instant,
}

impl Function {
    fn start(api: &RuntimeApi, table: &str, endpoint: &str) -> Self {
        let bootstrap = packaged_bootstrap();
        let started = Instant::now();
        let child = StdCommand::new(bootstrap)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_LAMBDA_RUNTIME_API", &api.address)
            .env("AWS_LAMBDA_FUNCTION_NAME", "cruddur-stream-handler")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_SESSION_TOKEN", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
            .env("DDB_MESSAGE_TABLE", table)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bootstrap");
        Function { child, started }
    }

    /// Stops the function; its stdout and stderr.
    fn stop(mut self) -> (String, String) {
        let _ = self.child.kill();
        let out = self.child.wait_with_output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// The invocation log lines of a function's stdout, each checked as JSON.
fn log_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"))
        })
        .collect()
}

#[test]
fn a_batch_of_100_records_is_applied_whole_and_a_second_delivery_changes_nothing() {
    let t = TestTable::loaded("lambda");
    // 5 conversations: 10 group rows, 89 messages and one REMOVE = 100 records.
    let groups = conversations(&t.name, 5, 89);
    let older = t
        .items()
        .into_iter()
        .find(|i| i["message"].as_s().ok().map(String::as_str) == Some("secret text number 0"))
        .unwrap();
    block_on(async {
        ddb()
            .delete_item()
            .table_name(&t.name)
            .set_key(Some(cruddur::model::items::key_of(&older)))
            .send()
            .await
    })
    .unwrap();
    let records = stream_records(&t.name);
    assert_eq!(records.len(), 100);
    let event = json!({ "Records": records });

    let api = RuntimeApi::start();
    let function = Function::start(&api, &t.name, &services().ddb_url);
    let cold = api.first_next(Duration::from_secs(10)) - function.started;
    eprintln!("cold start (process start to the first `next`): {cold:?}");

    let sent = Instant::now();
    let (id, _) = api.invoke(&event, Duration::from_secs(60));
    let answer = api.answer(&id, Duration::from_secs(60));
    eprintln!(
        "a batch of 100 records applied in {:?} (invocation queued to answer)",
        answer.at - sent
    );
    assert_eq!(
        (answer.kind.as_str(), &answer.body),
        ("response", &json!({"batchItemFailures": []}))
    );
    assert_eq!(groups.len(), 5);
    for (group, newest) in &groups {
        let rows = group_rows_of(&t.name, *group);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(
            rows.iter().all(|r| r.starts_with(newest.as_str())),
            "{group}: {rows:?} not at {newest}"
        );
    }
    let after_first = t.items();

    // The same batch again (a retry of the whole batch): the same table.
    let (id, _) = api.invoke(&event, Duration::from_secs(60));
    let answer = api.answer(&id, Duration::from_secs(60));
    assert_eq!(answer.body, json!({"batchItemFailures": []}));
    assert_eq!(t.items(), after_first);

    let (stdout, stderr) = function.stop();
    let logs = log_lines(&stdout);
    assert_eq!(logs.len(), 2, "{stdout}\n{stderr}");
    for log in &logs {
        assert_eq!(
            (
                &log["records"],
                &log["applied"],
                &log["skipped"],
                &log["failed"],
                &log["conversations"]
            ),
            (&json!(100), &json!(89), &json!(11), &json!(0), &json!(5)),
            "{log}"
        );
        assert!(log["request_id"].is_string() && log["ms"].is_u64(), "{log}");
    }
    assert_eq!(logs[0]["rows_moved"], 10);
    assert_eq!(logs[1]["rows_moved"], 0, "a second delivery moves nothing");
    assert!(
        !stdout.contains("secret text") && !stderr.contains("secret text"),
        "message text in the logs"
    );
}

#[test]
fn a_conversation_that_keeps_failing_is_reported_from_its_earliest_record_before_the_deadline() {
    let t = TestTable::loaded("lambdafail");
    let groups = conversations(&t.name, 3, 30);
    let records = stream_records(&t.name);
    assert_eq!(records.len(), 36);
    let (bad, _) = groups[1];
    // The earliest record of the failing conversation: its first message.
    let bad_text = bad.to_string();
    let first_bad = records
        .iter()
        .find(|r| r["dynamodb"]["NewImage"]["pk"]["S"] == format!("MSG#{bad_text}"))
        .map(|r| {
            r["dynamodb"]["SequenceNumber"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .unwrap();
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults {
            fail_matching: Some(Box::leak(bad_text.clone().into_boxed_str())),
            ..Faults::none()
        },
    );
    let api = RuntimeApi::start();
    let function = Function::start(&api, &t.name, &proxy.url);
    let (id, deadline) = api.invoke(&json!({ "Records": records }), Duration::from_secs(4));
    let answer = api.answer(&id, Duration::from_secs(30));
    assert!(
        answer.at < deadline,
        "answered {:?} after the deadline",
        answer.at - deadline
    );
    assert_eq!(
        answer.body,
        json!({"batchItemFailures": [{"itemIdentifier": first_bad}]})
    );
    // The other conversations are applied; the failing one is untouched.
    for (i, (group, newest)) in groups.iter().enumerate() {
        let rows = group_rows_of(&t.name, *group);
        assert_eq!(rows.len(), 2);
        let moved = rows.iter().all(|r| r.starts_with(newest.as_str()));
        assert_eq!(moved, i != 1, "conversation {i}: {rows:?}");
    }
    let (stdout, _) = function.stop();
    let logs = log_lines(&stdout);
    assert_eq!(logs.len(), 1, "{stdout}");
    assert_eq!(
        (
            &logs[0]["records"],
            &logs[0]["applied"],
            &logs[0]["failed"],
            &logs[0]["retry_from"]
        ),
        (&json!(36), &json!(20), &json!(10), &json!(first_bad)),
        "{}",
        logs[0]
    );
}

/// The invocation log lines of a function's stdout as a snapshot shows
/// them: each checked against its invocation's request id, which it then
/// leaves out with the milliseconds.
fn stable_logs(stdout: &str, ids: &[String]) -> String {
    let logs = log_lines(stdout);
    assert_eq!(logs.len(), ids.len(), "{stdout}");
    let mut text = String::new();
    for (mut log, id) in logs.into_iter().zip(ids) {
        assert_eq!(log["request_id"], id.as_str(), "{log}");
        assert!(log["ms"].is_u64(), "{log}");
        let fields = log.as_object_mut().unwrap();
        fields.shift_remove("request_id");
        fields.shift_remove("ms");
        text.push_str(&format!("{log}\n"));
    }
    text
}

#[test]
fn an_event_that_is_not_a_stream_batch_is_answered_as_invalid_and_logged() {
    let t = TestTable::loaded("lambdabad");
    let api = RuntimeApi::start();
    let function = Function::start(&api, &t.name, &services().ddb_url);
    let bodies = [
        r#"{"detail-type": "Scheduled Event"}"#,
        r#"{"Records": "not a list"}"#,
        "not JSON at all",
        r#"{"Records": []}"#,
    ];
    let mut ids = Vec::new();
    let mut text = String::new();
    for body in bodies {
        let (id, _) = api.invoke_body(body, Duration::from_secs(10));
        let answer = api.answer(&id, Duration::from_secs(10));
        text.push_str(&format!("=== {body}\n{}: {}\n", answer.kind, answer.body));
        ids.push(id);
    }
    let (stdout, stderr) = function.stop();
    assert!(!stderr.contains("panicked"), "{stderr}");
    text.push_str("=== logs\n");
    text.push_str(&stable_logs(&stdout, &ids));
    assert_eq!(ids.len(), 4);
    insta::assert_snapshot!("invalid-events", text);
}

/// The variables Lambda sets for a function, none of which a test run has.
const LAMBDA_VARS: [&str; 5] = [
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "DDB_MESSAGE_TABLE",
];

#[test]
fn outside_lambda_the_handler_is_one_error_line_naming_what_is_missing() {
    let lambda = [
        ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"),
        ("AWS_LAMBDA_FUNCTION_NAME", "stream-handler"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("DDB_MESSAGE_TABLE", "cruddur-messages"),
    ];
    let but = |name: &'static str, value: &'static str| -> Vec<(&'static str, &'static str)> {
        lambda
            .iter()
            .map(|&(k, v)| if k == name { (k, value) } else { (k, v) })
            .collect()
    };
    // (what, the environment, the arguments)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [&'a str]);
    let cases: Vec<Case> = vec![
        ("nothing set", vec![], &["ddb", "stream-handler"]),
        (
            "nothing set, JSON",
            vec![],
            &["-o", "json", "ddb", "stream-handler"],
        ),
        (
            "the Runtime API and the table only",
            vec![lambda[0], lambda[4]],
            &["ddb", "stream-handler"],
        ),
        (
            "a URL for the Runtime API",
            but("AWS_LAMBDA_RUNTIME_API", "http://127.0.0.1:9001/"),
            &["ddb", "stream-handler"],
        ),
        (
            "memory that is not a number",
            but("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"),
            &["-o", "json", "ddb", "stream-handler"],
        ),
    ];
    let mut text = String::new();
    for (name, env, args) in &cases {
        let mut cmd = cruddur();
        for var in LAMBDA_VARS {
            cmd.env_remove(var);
        }
        let a = cmd.envs(env.iter().copied()).args(*args).assert();
        assert_one_error_line(&a);
        text.push_str(&format!("=== {name}\n{}", transcript(&a)));
    }
    // The deployment zip's bootstrap started by hand: one JSON line.
    let a = assert_cmd::Command::new(packaged_bootstrap())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .assert();
    assert_one_error_line(&a);
    text.push_str(&format!("=== bootstrap, nothing set\n{}", transcript(&a)));
    assert_eq!(text.matches("=== ").count(), cases.len() + 1);
    insta::assert_snapshot!("outside-lambda", text);
}

#[test]
fn the_help_example_serves_a_runtime_api_as_written() {
    let help = stdout_of(
        &cruddur()
            .args(["ddb", "stream-handler", "--help"])
            .assert()
            .success(),
    );
    // The example: from the line setting AWS_LAMBDA_RUNTIME_API to the
    // first line that does not go on with a backslash.
    let lines: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("AWS_LAMBDA_RUNTIME_API="))
        .collect();
    let end = lines
        .iter()
        .position(|l| !l.ends_with('\\'))
        .expect("the example ends");
    let example = lines[..=end].join("\n");
    // The example itself is in the help-example snapshot below.

    let t = TestTable::loaded("lambdahelp");
    let groups = conversations(&t.name, 1, 3);
    let records = stream_records(&t.name);
    assert_eq!(records.len(), 5);
    let api = RuntimeApi::start();
    let command = example
        .replace("127.0.0.1:9001", &api.address)
        .replace("cruddur-messages", &t.name);
    // The example as a shell runs it: `cruddur` from PATH, the test's AWS
    // environment (DynamoDB Local), none of Lambda's variables but its own.
    let bin = assert_cmd::cargo::cargo_bin("cruddur");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let template = cruddur_process();
    let mut sh = StdCommand::new("sh");
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    for var in LAMBDA_VARS {
        sh.env_remove(var);
    }
    let child = sh
        .env("PATH", path)
        .arg("-c")
        .arg(&command)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("start sh");
    let pid = child.id() as libc::pid_t;
    let function = Function {
        child,
        started: Instant::now(),
    };
    let (id, _) = api.invoke(&json!({ "Records": records }), Duration::from_secs(30));
    let answer = api.answer(&id, Duration::from_secs(30));
    // The shell and cruddur under it.
    unsafe { libc::kill(-pid, libc::SIGKILL) };
    let (stdout, stderr) = function.stop();
    assert_eq!(
        (answer.kind.as_str(), &answer.body),
        ("response", &json!({"batchItemFailures": []})),
        "{stderr}"
    );
    let (group, newest) = &groups[0];
    let rows = group_rows_of(&t.name, *group);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter().all(|r| r.starts_with(newest.as_str())),
        "{rows:?}"
    );
    insta::assert_snapshot!(
        "help-example",
        format!(
            "=== example\n{example}\n=== logs\n{}",
            stable_logs(&stdout, &[id])
        )
    );
}
