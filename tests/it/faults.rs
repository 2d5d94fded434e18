//! Seed, scan, the patterns and stream-sync against DynamoDB Local behind the
//! fault-injecting proxy (a busy table), and interruption of a slowed seed.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

const GROUP: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

/// `cruddur` sent through `proxy`, with the default retry settings.
fn through(proxy: &FaultProxy, table: &TestTable, db: &TestDb) -> assert_cmd::Command {
    let mut cmd = cruddur();
    cmd.env_remove("AWS_MAX_ATTEMPTS")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
        .env("CONNECTION_URL", &db.url)
        .args(["--table", &table.name, "-o", "json"]);
    cmd
}

fn busy(seed: u64) -> Faults {
    Faults {
        seed,
        ..Faults::busy()
    }
}

#[test]
fn seed_on_a_busy_table_writes_every_item_exactly_twice_over() {
    let table = TestTable::loaded_without_stream("faultseed");
    let db = TestDb::seeded("faultseed");
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults {
            unprocessed: 0.5,
            throttle: 0.25,
            ..busy(11)
        },
    );
    let file = conversation_file(300);
    let path = file.path().to_str().unwrap();

    let a = through(&proxy, &table, &db)
        .args(["ddb", "seed", "--file", path])
        .assert()
        .success();
    let first = json_of(&a);
    assert_eq!(first["items_written"], 302);
    assert_eq!(first["earlier_rows_removed"], 0);
    assert_eq!(table.count(), 302);
    // The faults happened, and the writer saw and survived them.
    let c = &proxy.counts;
    assert!(
        Counts::get(&c.partial_batches) > 0,
        "no partial batch injected"
    );
    assert!(Counts::get(&c.throttled) > 0, "no throttle injected");
    assert!(first["retries"].as_u64().unwrap() > 0, "{first}");
    assert!(first["unprocessed"].as_u64().unwrap() > 0, "{first}");
    assert!(first["max_in_flight_reached"].as_u64().unwrap() >= 1);

    // Again: the same rows replaced, nothing duplicated, nothing lost.
    let a = through(&proxy, &table, &db)
        .args(["ddb", "seed", "--file", path])
        .assert()
        .success();
    let second = json_of(&a);
    assert_eq!(second["items_written"], 302);
    assert_eq!(second["earlier_rows_removed"], 302);
    assert_eq!(table.count(), 302);
}

#[test]
fn scan_and_the_patterns_read_everything_through_faults() {
    let table = TestTable::loaded_without_stream("faultread");
    let db = TestDb::seeded("faultread");
    let file = conversation_file(300);
    db.cli(&["--table", &table.name, "ddb", "seed", "--file"])
        .arg(file.path())
        .assert()
        .success();
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults {
            throttle: 0.2,
            server_error: 0.1,
            reset: 0.05,
            ..Faults::none()
        },
    );
    for _ in 0..3 {
        let a = through(&proxy, &table, &db)
            .args(["ddb", "scan", "--segments", "2"])
            .assert()
            .success();
        assert_eq!(json_of(&a).as_array().unwrap().len(), 302);
        let a = through(&proxy, &table, &db)
            .args(["patterns", "get-conversations", GROUP, "--all"])
            .assert()
            .success();
        let out = json_of(&a);
        let messages = out["messages"]
            .as_array()
            .or_else(|| out.as_array())
            .expect("messages");
        assert_eq!(messages.len(), 300);
        let a = through(&proxy, &table, &db)
            .args(["patterns", "list-conversations", "andrewbrown"])
            .assert()
            .success();
        assert_eq!(json_of(&a).as_array().unwrap().len(), 1);
    }
    let c = &proxy.counts;
    assert!(
        Counts::get(&c.throttled) + Counts::get(&c.server_errors) + Counts::get(&c.resets) > 0,
        "no fault injected"
    );
}

#[test]
fn stream_sync_moves_group_rows_through_faults() {
    let table = TestTable::loaded("faultsync");
    let db = TestDb::seeded("faultsync");
    let dir = tempfile::tempdir().unwrap();
    let checkpoint = dir.path().join("cp.json");
    db.cli(&["--table", &table.name, "ddb", "seed"])
        .assert()
        .success();
    let proxy = FaultProxy::start(&services().ddb_url, busy(37));
    // Drain the seed's own records first.
    through(&proxy, &table, &db)
        .args(["ddb", "stream-sync", "--once", "--checkpoint"])
        .arg(&checkpoint)
        .assert()
        .success();
    for i in 0..5 {
        db.cli(&["--table", &table.name, "patterns", "create-message"])
            .args([
                "--group",
                GROUP,
                "--handle",
                "bayko",
                &format!("busy line {i}"),
            ])
            .assert()
            .success();
    }
    let a = through(&proxy, &table, &db)
        .args(["ddb", "stream-sync", "--once", "--checkpoint"])
        .arg(&checkpoint)
        .assert()
        .success();
    let updates: Vec<Value> = stdout_of(&a)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &Value| v.get("summary").is_none())
        .collect();
    assert!(!updates.is_empty(), "no update applied");
    let a = db
        .cli(&["--table", &table.name, "-o", "json"])
        .args(["patterns", "list-conversations", "andrewbrown"])
        .assert()
        .success();
    assert_eq!(json_of(&a)[0]["message"], "busy line 4");
    assert!(Counts::get(&proxy.counts.requests) > 0);
}

/// Waits until `table` holds at least `n` items, for at most a minute.
fn wait_for_items(table: &str, n: usize) {
    let until = Instant::now() + Duration::from_secs(60);
    while count_items(table) < n {
        assert!(Instant::now() < until, "the seed never wrote {n} items");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A file for `ddb import` of `n` items `IMP#<i>`.
fn export_file(n: usize) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    for i in 0..n {
        writeln!(
            file,
            r#"{{"Item":{{"pk":{{"S":"IMP#{i}"}},"sk":{{"S":"x"}},"n":{{"N":"{i}"}}}}}}"#
        )
        .unwrap();
    }
    file
}

#[test]
fn an_interrupted_seed_or_import_says_how_far_it_got_and_a_rerun_finishes_it() {
    let db = TestDb::seeded("faultsignal");
    let conversation = conversation_file(600);
    let export = export_file(600);
    let (conversation, export) = (
        conversation.path().to_str().unwrap(),
        export.path().to_str().unwrap(),
    );
    // Every call takes at least 100 ms, one call in flight: 2.4 s at least
    // for each command's items.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(Duration::from_millis(100)),
    );
    let commands: [(&str, &[&str], usize); 2] = [
        ("seed", &["ddb", "seed", "--file", conversation], 602),
        ("import", &["ddb", "import", export], 600),
    ];
    let signals = [("SIGINT", libc::SIGINT), ("SIGTERM", libc::SIGTERM)];
    let mut interrupted = 0;
    for (command, args, total) in commands {
        for (name, signal) in signals {
            let table = TestTable::loaded_without_stream("faultsignal");
            let child = spawn_piped(
                cruddur_process()
                    .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
                    .env("CONNECTION_URL", &db.url)
                    .args(["--table", &table.name, "-o", "json"])
                    .args(args)
                    .args(["--max-in-flight", "1"]),
            );
            wait_for_items(&table.name, 50);
            send_signal(&child, signal);
            let a = assert_cmd::assert::Assert::new(child.wait_with_output().expect("it ends"));
            let error = json_error(&stderr_of(&a));
            let message = error["error"]["message"].as_str().unwrap();
            let written: usize = message
                .strip_prefix("interrupted: ")
                .and_then(|rest| rest.split(' ').next())
                .unwrap_or_else(|| panic!("{command}, {name}: {message}"))
                .replace(',', "")
                .parse()
                .unwrap();
            let count = format!("interrupted: {written} of ");
            insta::assert_snapshot!(
                format!("interrupted-{command}-{name}"),
                transcript_with(&a, &[(&count, "interrupted: N of ")])
            );
            // What the line counts is stored; at most the one call in flight
            // (abandoned if it outlasted the drain limit) may have landed too.
            let stored = table.count();
            assert!(
                stored >= written && stored <= written + 25,
                "{command}, {name}: the line says {written}, the table holds {stored}"
            );
            assert!(written < total, "{command} finished before the {name}");

            table
                .cli(args)
                .env("CONNECTION_URL", &db.url)
                .assert()
                .success();
            assert_eq!(table.count(), total, "{command}, {name}");
            interrupted += 1;
        }
    }
    assert_eq!(interrupted, 4);
}

#[test]
fn a_profiles_retry_settings_apply_under_prod_after_the_flag_and_environment() {
    // Every request throttled: the proxy counts how often the SDK tries.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults {
            throttle: 1.0,
            ..Faults::none()
        },
    );
    let home = AwsHome::new(
        "[profile cruddur-retry]\nregion = us-east-1\nmax_attempts = 2\n",
        "[cruddur-retry]\naws_access_key_id = AKIACRUDDURRETRY\naws_secret_access_key = cruddur-retry-secret\n",
    );
    let attempts = |env: Option<&str>, flag: Option<&str>| {
        let before = Counts::get(&proxy.counts.requests);
        let mut cmd = home.cruddur(&["--profile", "cruddur-retry", "--endpoint-url", &proxy.url]);
        cmd.env_remove("AWS_MAX_ATTEMPTS");
        if let Some(n) = env {
            cmd.env("AWS_MAX_ATTEMPTS", n);
        }
        if let Some(n) = flag {
            cmd.args(["--max-attempts", n]);
        }
        let a = cmd.args(["ddb", "list-tables"]).assert().failure().code(1);
        insta::assert_snapshot!(
            "every-attempt-throttled",
            stable(&home.transcript(&a), &[(&proxy.url, "PROXY")])
        );
        Counts::get(&proxy.counts.requests) - before
    };
    assert_eq!(attempts(None, None), 2, "the profile's max_attempts");
    assert_eq!(attempts(Some("4"), None), 4, "AWS_MAX_ATTEMPTS wins");
    assert_eq!(attempts(Some("4"), Some("1")), 1, "--max-attempts wins");
}

#[test]
fn a_second_signal_ends_the_seed_at_once() {
    let db = TestDb::seeded("faultsecond");
    let file = conversation_file(300);
    let table = TestTable::loaded_without_stream("faultsecond");
    // Every call takes 6 s, 3 s of them on the way back: after the first
    // signal the seed would wait for the call in flight; the second ends it
    // without waiting.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(Duration::from_secs(6)),
    );
    let mut child = spawn_piped(
        cruddur_process()
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .env("CONNECTION_URL", &db.url)
            .args([
                "--table",
                &table.name,
                "ddb",
                "seed",
                "--max-in-flight",
                "1",
            ])
            .arg("--file")
            .arg(file.path()),
    );
    wait_for_items(&table.name, 25);
    send_signal(&child, libc::SIGINT);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first signal ended the seed"
    );
    send_signal(&child, libc::SIGINT);
    let a = assert_cmd::assert::Assert::new(child.wait_with_output().expect("the seed ends"));
    // It did not wait for the call in flight to report how far it got.
    insta::assert_snapshot!("second-signal", table.transcript(&a));
}
