//! The local-endpoint guard: a local run (no `--prod`) whose DynamoDB
//! endpoint is not a local one writes nothing, and says so before its first
//! request. The endpoint here is an address of TEST-NET-3 (203.0.113.0/24),
//! where nothing answers: a command that sent anything would hang or fail
//! to connect instead of answering at once with exit 3.

use crate::support::*;

const REMOTE: &str = "http://203.0.113.7:8000";

#[test]
fn every_command_that_writes_refuses_a_remote_endpoint_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    std::fs::write(&file, "{\"pk\":\"MSG#x\",\"sk\":\"1\"}\n").unwrap();
    let file = file.to_str().unwrap();
    let group = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
    let cases: [(&str, Vec<&str>); 9] = [
        ("ddb-seed", vec!["ddb", "seed"]),
        ("ddb-import", vec!["ddb", "import", file]),
        ("ddb-drop", vec!["ddb", "drop"]),
        ("ddb-schema-load", vec!["ddb", "schema-load"]),
        (
            "ddb-schema-load-recreate",
            vec!["ddb", "schema-load", "--recreate"],
        ),
        ("ddb-stream-sync", vec!["ddb", "stream-sync", "--once"]),
        (
            "patterns-create-message",
            vec![
                "patterns",
                "create-message",
                "--group",
                group,
                "--handle",
                "andrewbrown",
                "hello",
            ],
        ),
        (
            "patterns-create-message-group",
            vec![
                "patterns",
                "create-message-group",
                "--handle",
                "andrewbrown",
                "--to",
                "bayko",
                "hello",
            ],
        ),
        (
            "ddb-import-s3-create-table",
            vec![
                "ddb",
                "import",
                "--s3",
                "s3://bucket/exports/x",
                "--create-table",
                "copy",
            ],
        ),
    ];
    for (name, args) in cases {
        let a = cruddur()
            .env("AWS_ENDPOINT_URL_DYNAMODB", REMOTE)
            .env("CONNECTION_URL", "postgresql://nobody@127.0.0.1:1/none")
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .assert();
        insta::assert_snapshot!(format!("guard-{name}"), transcript(&a));
    }
}

#[test]
fn a_dry_run_and_reads_are_not_writes() {
    // A dry run writes nothing: it is not refused (it fails on the read instead,
    // quickly: nothing listens on this local port).
    let a = cruddur()
        .env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
        .args(["ddb", "import", "--dry-run", "-"])
        .write_stdin("{\"pk\":\"MSG#x\",\"sk\":\"1\"}\n")
        .assert()
        .code(1);
    let line = assert_one_error_line(&a);
    assert!(!line.contains("refusing"), "{line}");
}
