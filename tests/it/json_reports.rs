//! The JSON each command reports with `--output json`, snapshotted whole:
//! field names, value types and status words (snake_case) are what scripts
//! read, so a change to any of them shows here. Values that differ from run
//! to run (names, ids, times, addresses) are replaced by `[key]`.

use serde_json::Value;

use crate::support::*;

/// The keys whose values change from run to run.
const VOLATILE: &[&str] = &[
    "table",
    "endpoint",
    "stream_arn",
    "seconds",
    "uuid",
    "message_group_uuid",
    "group_uuid",
    "message_uuid",
    "created_at",
    "sk",
    "file",
    "url",
    "database",
    "host",
    "port",
];

fn redacted(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if VOLATILE.contains(&k.as_str()) && !v.is_null() {
                        Value::String(format!("[{k}]"))
                    } else {
                        redacted(v)
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redacted).collect()),
        other => other,
    }
}

/// Every JSON document a command printed on stdout (one, or one a line).
fn reports(a: &assert_cmd::assert::Assert) -> String {
    let out = stdout_of(a);
    let docs: Vec<Value> = match serde_json::from_str::<Value>(&out) {
        Ok(v) => vec![v],
        Err(_) => out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect(),
    };
    assert!(!docs.is_empty(), "no JSON on stdout");
    docs.into_iter()
        .map(|d| serde_json::to_string_pretty(&redacted(d)).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_json_of_the_table_commands_is_as_snapshotted() {
    let t = TestTable::named("jsonreports");
    let run = |args: &[&str]| {
        cruddur_setup()
            .args(["--table", &t.name, "-o", "json"])
            .args(args)
            .assert()
            .success()
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    let checkpoint = dir.path().join("cp.json");
    let cases: [(&str, Vec<&str>); 5] = [
        ("schema-load-created", vec!["ddb", "schema-load"]),
        ("schema-load-already-exists", vec!["ddb", "schema-load"]),
        (
            "export",
            vec!["ddb", "export", "--file", file.to_str().unwrap()],
        ),
        (
            "stream-sync",
            vec![
                "ddb",
                "stream-sync",
                "--once",
                "--checkpoint",
                checkpoint.to_str().unwrap(),
            ],
        ),
        ("drop", vec!["ddb", "drop"]),
    ];
    for (name, args) in cases {
        let a = run(&args);
        insta::assert_snapshot!(format!("json-{name}"), reports(&a));
    }
}

#[test]
fn the_json_of_the_message_commands_is_as_snapshotted() {
    let t = TestTable::loaded("jsonmessages");
    let db = TestDb::seeded("jsonmessages");
    let run = |args: &[&str]| {
        db.cli(&["--table", &t.name, "-o", "json"])
            .args(args)
            .assert()
            .success()
    };
    let a = run(&[
        "patterns",
        "create-message-group",
        "--handle",
        "andrewbrown",
        "--to",
        "bayko",
        "hello",
    ]);
    let started: Value = serde_json::from_str(&stdout_of(&a)).unwrap();
    insta::assert_snapshot!("json-create-message-group", reports(&a));
    let group = started["message_group_uuid"].as_str().unwrap().to_string();
    let a = run(&[
        "patterns",
        "create-message",
        "--group",
        &group,
        "--handle",
        "bayko",
        "hi there",
    ]);
    insta::assert_snapshot!("json-create-message", reports(&a));
    let a = run(&["patterns", "get-conversations", &group]);
    insta::assert_snapshot!("json-get-conversations", reports(&a));
}
