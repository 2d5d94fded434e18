//! Seed, scan, the patterns and stream-sync against DynamoDB Local behind the
//! fault-injecting proxy (a busy table), and interruption of a slowed seed.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;
use crate::fault_proxy::{Counts, FaultProxy, Faults};

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
    assert_eq!(count_items(&table.name), 302);
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
    assert_eq!(count_items(&table.name), 302);
}

#[test]
fn scan_and_the_patterns_read_everything_through_faults() {
    let table = TestTable::loaded_without_stream("faultread");
    let db = TestDb::seeded("faultread");
    let file = conversation_file(300);
    cruddur()
        .env("CONNECTION_URL", &db.url)
        .args(["--table", &table.name, "ddb", "seed", "--file"])
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
    cruddur()
        .env("CONNECTION_URL", &db.url)
        .args(["--table", &table.name, "ddb", "seed"])
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
        cruddur()
            .env("CONNECTION_URL", &db.url)
            .args(["--table", &table.name, "patterns", "create-message"])
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
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .args(["--table", &table.name, "-o", "json"])
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

#[test]
fn an_interrupted_seed_says_how_far_it_got_and_a_rerun_finishes_it() {
    let db = TestDb::seeded("faultsignal");
    let file = conversation_file(600);
    // Every call takes at least 100 ms, one call in flight: 2.5 s at least for the lot.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(Duration::from_millis(100)),
    );
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let table = TestTable::loaded_without_stream("faultsignal");
        let child = cruddur_process()
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
            .arg(file.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the seed");
        wait_for_items(&table.name, 50);
        // SAFETY: kill(2) on the pid of a child this test started.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let out = child.wait_with_output().expect("the seed ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("interrupted: "))
            .unwrap_or_else(|| panic!("no interrupted line in: {stderr}"));
        assert!(
            line.ends_with(" of 602 items written; run the same command again to finish"),
            "{line}"
        );
        let written: usize = line["interrupted: ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap();
        // What the line counts is stored; at most the one call in flight
        // (abandoned if it outlasted the drain limit) may have landed too.
        let stored = count_items(&table.name);
        assert!(
            (written..=written + 25).contains(&stored),
            "line says {written}, table holds {stored}"
        );
        assert!(written < 602, "the seed finished before the signal");

        cruddur()
            .env("CONNECTION_URL", &db.url)
            .args(["--table", &table.name, "ddb", "seed", "--file"])
            .arg(file.path())
            .assert()
            .success();
        assert_eq!(count_items(&table.name), 602);
    }
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
        assert!(
            stderr_of(&a).contains("ProvisionedThroughputExceeded"),
            "{}",
            stderr_of(&a)
        );
        Counts::get(&proxy.counts.requests) - before
    };
    assert_eq!(attempts(None, None), 2, "the profile's max_attempts");
    assert_eq!(attempts(Some("4"), None), 4, "AWS_MAX_ATTEMPTS wins");
    assert_eq!(attempts(Some("4"), Some("1")), 1, "--max-attempts wins");
}

#[test]
fn an_interrupted_import_says_how_far_it_got_and_a_rerun_finishes_it() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    {
        use std::io::Write;
        for i in 0..600 {
            writeln!(
                file,
                r#"{{"Item":{{"pk":{{"S":"IMP#{i}"}},"sk":{{"S":"x"}},"n":{{"N":"{i}"}}}}}}"#
            )
            .unwrap();
        }
    }
    // Every call takes at least 100 ms, one call in flight: 2.4 s at least for the lot.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(Duration::from_millis(100)),
    );
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let table = TestTable::loaded_without_stream("faultimport");
        let child = cruddur_process()
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .args([
                "--table",
                &table.name,
                "ddb",
                "import",
                "--max-in-flight",
                "1",
            ])
            .arg(file.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the import");
        wait_for_items(&table.name, 50);
        // SAFETY: kill(2) on the pid of a child this test started.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let out = child.wait_with_output().expect("the import ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("interrupted: "))
            .unwrap_or_else(|| panic!("no interrupted line in: {stderr}"));
        assert!(
            line.ends_with(" of 600 items written; run the same command again to finish"),
            "{line}"
        );
        let written: usize = line["interrupted: ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap();
        let stored = count_items(&table.name);
        assert!(
            (written..=written + 25).contains(&stored),
            "line says {written}, table holds {stored}"
        );
        assert!(written < 600, "the import finished before the signal");

        cruddur()
            .args(["--table", &table.name, "ddb", "import"])
            .arg(file.path())
            .assert()
            .success();
        assert_eq!(count_items(&table.name), 600);
    }
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
    let mut child = cruddur_process()
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
        .arg(file.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the seed");
    wait_for_items(&table.name, 25);
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) on the pid of a child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first signal ended the seed"
    );
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let out = child.wait_with_output().expect("the seed ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("second signal: stopping now"), "{stderr}");
    // It did not wait for the call in flight to report how far it got.
    assert!(!stderr.contains("items written"), "{stderr}");
}
