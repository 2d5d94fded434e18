//! `cruddur setup` and `cruddur doctor` against the real services.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use crate::support::*;

fn scan_count(table: &str, endpoint: &str) -> usize {
    let a = cruddur()
        .args([
            "--endpoint-url",
            endpoint,
            "--table",
            table,
            "-o",
            "json",
            "ddb",
            "scan",
        ])
        .assert()
        .success();
    json_of(&a).as_array().unwrap().len()
}

fn users(db: &TestDb) -> Vec<String> {
    db.strings("SELECT handle || ':' || uuid::text FROM users ORDER BY handle")
}

#[test]
fn setup_twice_gives_the_same_users_and_items() {
    let (t, db) = (TestTable::named("setup"), TestDb::named("setup"));
    let run = || db.cli(&["--table", &t.name, "setup"]).assert().success();
    let a = run();
    let err = stderr_of(&a);
    for step in [
        "wait dynamodb",
        "wait postgres",
        "create",
        "schema",
        "seed",
        "ddb schema-load",
        "ddb seed",
    ] {
        assert!(
            err.lines().any(|l| l.starts_with(&format!("{step}: "))),
            "no line for {step}:\n{err}"
        );
    }
    let first_users = users(&db);
    let handles: Vec<&str> = first_users
        .iter()
        .map(|u| u.split(':').next().unwrap())
        .collect();
    assert_eq!(handles, ["andrewbrown", "bayko", "londo"]);
    let items = scan_count(&t.name, &services().ddb_url);
    assert!(items > 90, "{items}");

    let a = run();
    insta::assert_snapshot!(
        "setup-again",
        transcript_with(&a, &[(&t.name, "TABLE"), (&db.name, "DB")])
    );
    assert_eq!(
        users(&db),
        first_users,
        "the second run leaves the users as they were"
    );
    assert_eq!(scan_count(&t.name, &services().ddb_url), items);

    // JSON lists the steps.
    let a = db
        .cli(&["--table", &t.name, "-o", "json", "setup"])
        .assert()
        .success();
    assert!(json_of(&a)["steps"].as_array().unwrap().len() >= 7);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/local-services")
}

/// Stops the extra DynamoDB Local of a test, however the test ends.
struct LateDynamo(u16);

impl Drop for LateDynamo {
    fn drop(&mut self) {
        let _ = StdCommand::new(script())
            .args(["stop", "dynamodb"])
            .env("DDB_LOCAL_PORT", self.0.to_string())
            .status();
    }
}

#[test]
fn setup_waits_for_a_dynamodb_that_starts_late() {
    services(); // the jar is installed
    let (t, db) = (TestTable::named("late"), TestDb::named("late"));
    let port = free_port();
    let _guard = LateDynamo(port);
    let starter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3));
        StdCommand::new(script())
            .args(["start", "dynamodb"])
            .env("DDB_LOCAL_PORT", port.to_string())
            .env("DDB_LOCAL_IN_MEMORY", "1")
            .status()
            .expect("start a second DynamoDB Local")
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let a = db
        .cli(&[
            "--endpoint-url",
            &endpoint,
            "--table",
            &t.name,
            "setup",
            "--timeout",
            "90",
        ])
        .assert()
        .success();
    assert!(starter.join().unwrap().success());
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "it had to wait"
    );
    let seeded: Vec<String> = stderr_of(&a)
        .lines()
        .filter(|l| l.starts_with("ddb seed: "))
        .map(|l| stable(l, &[(&t.name, "TABLE"), (&endpoint, "ENDPOINT")]))
        .collect();
    insta::assert_snapshot!("setup-after-waiting-seeds", seeded.join("\n"));
    assert!(scan_count(&t.name, &endpoint) > 90);
}

#[test]
fn setup_with_nothing_listening_fails_after_its_timeout() {
    let db = TestDb::named("nothing");
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let started = Instant::now();
    let a = db
        .cli(&["--endpoint-url", &endpoint, "setup", "--timeout", "2"])
        .assert()
        .code(1);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(20),
        "{took:?}"
    );
    let names = [(endpoint.as_str(), "ENDPOINT")];
    insta::assert_snapshot!("setup-wait-times-out", transcript_with(&a, &names));
    assert!(!db.exists(), "nothing was created");
}

#[test]
fn prod_setup_needs_yes() {
    let a = cruddur()
        .env("PROD_CONNECTION_URL", "postgresql://x@127.0.0.1:1/x")
        .args(["--prod", "setup"])
        .assert()
        .code(3);
    insta::assert_snapshot!("prod-setup-refused", transcript(&a));
}

fn doctor_rows(a: &assert_cmd::assert::Assert) -> Vec<serde_json::Value> {
    json_of(a).as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [serde_json::Value], check: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["check"] == check)
        .unwrap_or_else(|| panic!("no {check} row"))
}

#[test]
fn doctor_reports_every_target() {
    let (t, db) = (TestTable::loaded("doctor"), TestDb::seeded("doctor"));
    let a = db
        .cli(&["--table", &t.name, "-o", "json", "doctor"])
        .assert()
        .success();
    let rows = doctor_rows(&a);
    assert_eq!(row(&rows, "dynamodb")["status"], "ok");
    assert_eq!(row(&rows, "postgres")["status"], "ok");
    // Three users, and a target without a password.
    let show = |row: &serde_json::Value, names: &[(&str, &str)]| {
        stable(&serde_json::to_string_pretty(row).unwrap(), names)
    };
    let names = [(t.name.as_str(), "TABLE"), (db.name.as_str(), "DB")];
    insta::assert_snapshot!("doctor-postgres", show(row(&rows, "postgres"), &names));
    assert!(
        rows.iter().any(|r| r["check"] == "cognito") && rows.iter().any(|r| r["check"] == "rds")
    );

    // DynamoDB down: non-zero, the row says unreachable with the hint.
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let a = db
        .cli(&[
            "--endpoint-url",
            &endpoint,
            "--table",
            &t.name,
            "-o",
            "json",
            "doctor",
        ])
        .assert()
        .code(1);
    let rows = doctor_rows(&a);
    let ddb = row(&rows, "dynamodb");
    assert_eq!(ddb["status"], "unreachable");
    let names = [
        (endpoint.as_str(), "ENDPOINT"),
        (t.name.as_str(), "TABLE"),
        (db.name.as_str(), "DB"),
    ];
    insta::assert_snapshot!("doctor-dynamodb-down", show(ddb, &names));
    let line = assert_one_error_line(&a);
    insta::assert_snapshot!("doctor-dynamodb-down-error", stable(&line, &names));

    // A database without the users table is "missing", with the fix.
    let empty = TestDb::empty("doctorempty");
    let a = empty
        .cli(&["--table", &t.name, "-o", "json", "doctor"])
        .assert()
        .code(1);
    let rows = doctor_rows(&a);
    let pg_row = row(&rows, "postgres");
    assert_eq!(pg_row["status"], "missing", "{pg_row}");
    let names = [(t.name.as_str(), "TABLE"), (empty.name.as_str(), "DB")];
    insta::assert_snapshot!("doctor-postgres-without-tables", show(pg_row, &names));

    // A missing table and a missing CONNECTION_URL are reported too.
    let a = cruddur()
        .args(["--table", &unique("absent"), "-o", "json", "doctor"])
        .assert()
        .code(1);
    let rows = doctor_rows(&a);
    assert_eq!(row(&rows, "dynamodb")["status"], "missing");
    assert_eq!(row(&rows, "postgres")["status"], "missing");
}

#[test]
fn doctor_tells_a_missing_role_from_a_missing_database() {
    let db = TestDb::named("doctor_role");
    let server = pg_server();
    let role = format!("nosuchrole_{:08x}", fastrand::u32(..));
    let no_role = format!(
        "postgresql://{role}@{}:{}/postgres",
        server.get_host(),
        server.get_port()
    );
    let rows_for = |url: &str| {
        let a = cruddur()
            .env("CONNECTION_URL", url)
            .args(["-o", "json", "doctor"])
            .assert()
            .code(1);
        doctor_rows(&a)
    };
    let rows = rows_for(&no_role);
    let names = [(role.as_str(), "ROLE"), (db.name.as_str(), "DB")];
    let show =
        |row: &serde_json::Value| stable(&serde_json::to_string_pretty(row).unwrap(), &names);
    let pg = row(&rows, "postgres");
    assert_eq!(pg["status"], "misconfigured", "{pg}");
    insta::assert_snapshot!("doctor-postgres-without-role", show(pg));

    let rows = rows_for(&db.url);
    let pg = row(&rows, "postgres");
    assert_eq!(pg["status"], "missing", "{pg}");
    insta::assert_snapshot!("doctor-postgres-without-database", show(pg));
}

#[test]
fn a_signal_while_setup_waits_stops_it_with_one_line_and_the_signals_code() {
    let (t, db) = (TestTable::named("setupsig"), TestDb::named("setupsig"));
    // Nothing listens here: setup keeps waiting for DynamoDB to answer.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let mut child = cruddur_process()
            .env("CONNECTION_URL", &db.url)
            .env("AWS_ENDPOINT_URL_DYNAMODB", &closed)
            .args(["--table", &t.name, "setup", "--timeout", "60"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start setup");
        std::thread::sleep(Duration::from_millis(1500));
        assert!(child.try_wait().unwrap().is_none(), "setup ended early");
        let started = Instant::now();
        send_signal(&child, signal);
        let out = child.wait_with_output().expect("setup ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(10), "{stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(
            lines[0].starts_with("interrupted: setup stopped while waiting for DynamoDB at "),
            "{stderr}"
        );
    }
}

#[test]
fn an_endpoint_that_accepts_and_never_answers_ends_with_one_line() {
    let endpoint = silent_endpoint();
    // Without a bound per request this waited 30 s per attempt, ten times,
    // past the two-minute limit the test helper puts on every command.
    let a = cruddur()
        .env_remove("AWS_MAX_ATTEMPTS")
        .args(["--endpoint-url", &endpoint, "ddb", "list-tables"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: listing tables: DynamoDB at {endpoint} accepted the connection but did not answer in time; it is running but stuck or overloaded: restart it (for DynamoDB Local, its process or container), or check what sits between cruddur and it")
    );
    assert_eq!(stdout_of(&a), "");

    let db = TestDb::named("silent");
    let a = db
        .cli(&["--endpoint-url", &endpoint, "setup", "--timeout", "3"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: DynamoDB at {endpoint} did not answer within 3s (it accepted the connection but sent nothing back); it is running but stuck: restart it, or raise --timeout")
    );
    assert!(!db.exists(), "nothing was created");
}
