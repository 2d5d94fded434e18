//! `ddb seed --synthetic` against DynamoDB Local and PostgreSQL: the same
//! seed gives the same table, the rows are the app's, Postgres's users are
//! used or added, a signal stops it and a rerun finishes it, and bad input
//! is one line with nothing written.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

fn synthetic(table: &TestTable, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = cruddur();
    cmd.args([
        "--table",
        &table.name,
        "-o",
        "json",
        "ddb",
        "seed",
        "--synthetic",
    ])
    .args(extra);
    cmd
}

/// The table's export (DynamoDB JSON lines), its lines sorted: scan order
/// is the server's, the lines are the items.
fn export_lines(table: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    cruddur()
        .args(["--table", table, "ddb", "export", "--file"])
        .arg(&path)
        .assert()
        .success();
    let mut lines: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

const SHAPE: [&str; 8] = [
    "--users",
    "20",
    "--conversations",
    "3",
    "--messages",
    "5",
    "--skew",
    "0.8",
];

#[test]
fn one_seed_gives_identical_exports_and_another_seed_another_table() {
    let runs: Vec<(TestTable, &str)> = vec![
        (TestTable::loaded_without_stream("synthsame"), "42"),
        (TestTable::loaded_without_stream("synthsame"), "42"),
        (TestTable::loaded_without_stream("synthother"), "43"),
    ];
    let mut exports = Vec::new();
    for (table, seed) in &runs {
        // `--max-wcu unlimited`: the calls ask DynamoDB what they consumed
        // (a local run without a cap counts it from the items).
        let a = synthetic(table, &SHAPE)
            .args(["--random-seed", seed, "--max-wcu", "unlimited"])
            .assert()
            .success();
        let summary = json_of(&a);
        // 30 conversations of 20 users, 150 messages, two group rows each.
        assert_eq!(summary["dataset"]["conversations"], 30);
        assert_eq!(summary["dataset"]["messages"], 150);
        assert_eq!(summary["items_written"], 210);
        assert_eq!(summary["dataset"]["users_from"], "synthetic");
        assert_eq!(
            summary["consumed_write_units"].as_f64().unwrap() as u64,
            summary["plan"]["write_units"].as_u64().unwrap(),
            "the plan's write units are what DynamoDB reported"
        );
        exports.push(export_lines(&table.name));
    }
    assert_eq!(exports[0].len(), 210);
    assert_eq!(exports[1].len(), 210);
    assert!(
        exports[0] == exports[1],
        "two runs with one seed differ byte for byte"
    );
    assert_eq!(exports[2].len(), 210, "another seed, the same totals");
    assert_ne!(exports[0], exports[2]);
}

#[test]
fn synthetic_users_added_to_postgres_are_browsed_by_the_patterns() {
    let (t, db) = (
        TestTable::loaded_without_stream("synthrows"),
        TestDb::seeded("synthrows"),
    );
    let seed = || {
        synthetic(
            &t,
            &["--users", "4", "--conversations", "2", "--messages", "3"],
        )
        .env("CONNECTION_URL", &db.url)
        .arg("--with-postgres")
        .assert()
        .success()
    };
    let summary = json_of(&seed());
    assert_eq!(summary["users_added"], 4);
    assert_eq!(summary["dataset"]["users_from"], "synthetic");
    assert_eq!(
        summary["dataset"]["conversations_per_user"],
        serde_json::json!({"min": 2, "max": 2})
    );
    let handles = db.strings("SELECT handle FROM users ORDER BY handle");
    assert_eq!(
        handles,
        [
            "andrewbrown",
            "bayko",
            "londo",
            "synth000000",
            "synth000001",
            "synth000002",
            "synth000003"
        ]
    );
    // Four conversations: 12 messages and 8 group rows.
    assert_eq!(t.count(), 20);

    // The app's way in: the user by handle in Postgres, then GRP#<uuid>.
    let a = db
        .cli(&["--table", &t.name, "-o", "json"])
        .args(["patterns", "list-conversations", "synth000001"])
        .assert()
        .success();
    let list = json_of(&a);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for c in list {
        assert!(c["handle"].as_str().unwrap().starts_with("synth"), "{c}");
        assert_ne!(c["handle"], "synth000001");
        let group = c["uuid"].as_str().unwrap();
        let a = t
            .cli(&["-o", "json"])
            .args(["patterns", "get-conversations", group])
            .assert()
            .success();
        let messages = json_of(&a)["messages"].as_array().unwrap().clone();
        assert_eq!(messages.len(), 3);
        assert_eq!(
            messages[2]["message"], c["message"],
            "the group row carries the last message"
        );
    }

    // Again: nothing new in Postgres, the same items in the table.
    let summary = json_of(&seed());
    assert_eq!(summary["users_added"], 0);
    assert_eq!(t.count(), 20);
}

#[test]
fn postgres_users_are_the_participants_when_there_are_enough() {
    let (t, db) = (
        TestTable::loaded_without_stream("synthpg"),
        TestDb::seeded("synthpg"),
    );
    let a = synthetic(
        &t,
        &["--users", "3", "--conversations", "2", "--messages", "1"],
    )
    .env("CONNECTION_URL", &db.url)
    .assert()
    .success();
    let summary = json_of(&a);
    assert_eq!(summary["dataset"]["users_from"], "postgres");
    assert_eq!(summary["users_added"], Value::Null);
    let owners: std::collections::BTreeSet<String> = t
        .items()
        .iter()
        .filter_map(|i| i["pk"].as_s().ok())
        .filter_map(|pk| pk.strip_prefix("GRP#").map(str::to_string))
        .collect();
    let mut ids = db.strings("SELECT uuid::text FROM users");
    ids.sort();
    assert_eq!(owners.into_iter().collect::<Vec<_>>(), ids);
    assert_eq!(
        db.strings("SELECT handle FROM users").len(),
        3,
        "nothing added without --with-postgres"
    );
}

#[test]
fn the_dry_run_plans_items_units_time_and_cost_and_writes_nothing() {
    let t = TestTable::loaded_without_stream("synthdry");
    let a = synthetic(&t, &SHAPE)
        .args(["--dry-run", "--max-wcu", "100"])
        .assert()
        .success();
    let out = json_of(&a);
    let plan = &out["plan"];
    assert_eq!(plan["items"], 210);
    assert_eq!(out["dataset"]["items"], 210);
    let units = plan["write_units"].as_u64().unwrap();
    // 150 messages of one or two units, 60 group rows of two (table and index).
    assert!((270..=420).contains(&units), "{units}");
    assert_eq!(plan["max_wcu"], 100);
    assert_eq!(
        plan["estimated_seconds"].as_f64().unwrap(),
        (units as f64 / 100.0 * 10.0).round() / 10.0
    );
    assert_eq!(plan["on_demand_usd_per_million_write_units"], 0.625);
    insta::assert_snapshot!(
        "dry-run-stderr",
        stable(&stderr_of(&a), &[(&t.name, "TABLE")])
    );
    assert_eq!(t.count(), 0);
}

#[test]
fn bad_input_is_one_line_and_nothing_is_written() {
    let t = TestTable::loaded_without_stream("synthbad");
    let cases: [(&str, &[&str]); 9] = [
        ("users-zero", &["--users", "0"]),
        ("users-negative", &["--users", "-5"]),
        ("users-one", &["--users", "1"]),
        ("messages-zero", &["--messages", "0"]),
        ("conversations-absurd", &["--conversations", "100000000"]),
        ("skew-above", &["--skew", "4"]),
        ("skew-negative", &["--skew", "-0.5"]),
        (
            "over-the-bound",
            &[
                "--users",
                "100000",
                "--conversations",
                "10",
                "--messages",
                "40",
            ],
        ),
        (
            "over-the-limit",
            &[
                "--users",
                "1000000",
                "--conversations",
                "100",
                "--messages",
                "100",
                "--yes",
            ],
        ),
    ];
    for (name, args) in cases {
        let a = t
            .cli(&["ddb", "seed", "--synthetic"])
            .args(args)
            .assert()
            .code(2);
        assert_one_error_line(&a);
        insta::assert_snapshot!(
            format!("synthetic-{name}"),
            transcript_with(&a, &[(t.name.as_str(), "TABLE")])
        );
    }
    // The synthetic flags need --synthetic; a conversation file excludes it.
    for args in [
        &["ddb", "seed", "--users", "5"][..],
        &["ddb", "seed", "--synthetic", "--file", "x.txt"][..],
    ] {
        let a = t.cli(&[]).args(args).assert().code(2);
        assert_one_error_line(&a);
    }
    assert_eq!(t.count(), 0);
}

#[test]
fn prod_asks_first_with_the_plan_and_refuses_without_a_terminal() {
    let t = TestTable::loaded_without_stream("synthprod");
    let a = cruddur()
        .args(["--prod", "--endpoint-url", &services().ddb_url])
        .args(["--table", &t.name, "ddb", "seed", "--synthetic"])
        .args(["--users", "4", "--conversations", "2", "--messages", "3"])
        .assert()
        .code(3);
    // 80% of the table's and the index's 5 write units: the --prod default
    // cap, 8 write units/s.
    assert_one_error_line(&a);
    insta::assert_snapshot!("prod-refused", t.transcript(&a));
    assert_eq!(t.count(), 0);
    cruddur()
        .args(["--prod", "--endpoint-url", &services().ddb_url])
        .args(["--table", &t.name, "ddb", "seed", "--synthetic", "--yes"])
        .args(["--users", "4", "--conversations", "2", "--messages", "3"])
        .args(["--max-wcu", "unlimited"])
        .assert()
        .success();
    assert_eq!(t.count(), 20);
}

fn wait_for_items(table: &str, n: usize) {
    let until = Instant::now() + Duration::from_secs(60);
    while count_items(table) < n {
        assert!(Instant::now() < until, "the seed never wrote {n} items");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_signal_stops_the_seed_and_a_rerun_finishes_it() {
    // Every call takes at least 50 ms, one in flight: 3 s at least for 1,540 items.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(Duration::from_millis(50)),
    );
    let table = TestTable::loaded_without_stream("synthsignal");
    let shape = ["--users", "10", "--conversations", "14", "--messages", "20"];
    let child = spawn_piped(
        cruddur_process()
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .args(["--table", &table.name, "ddb", "seed", "--synthetic"])
            .args(shape)
            .args(["--max-in-flight", "1"]),
    );
    wait_for_items(&table.name, 100);
    send_signal(&child, libc::SIGINT);
    let out = child.wait_with_output().expect("the seed ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("interrupted: "))
        .unwrap_or_else(|| panic!("no interrupted line in: {stderr}"));
    assert!(
        line.ends_with(" of 1,540 items written; run the same command again to finish"),
        "{line}"
    );
    let stored = table.count();
    assert!(stored < 1540, "the seed finished before the signal");

    let a = table
        .cli(&["-o", "json", "ddb", "seed", "--synthetic"])
        .args(shape)
        .assert()
        .success();
    assert_eq!(json_of(&a)["items_written"], 1540);
    assert_eq!(table.count(), 1540);
}
