//! Hostile and careless input across commands: secrets in URLs, the wrong
//! service behind an address, empty or impossible values, two setups at
//! once, a signal while blocked, JSON-only stderr.

use std::time::Duration;

use crate::support::*;

/// An address where nothing listens, with a password and a token in the URL.
const SECRET_URL: &str = "http://bob:TopSecret1@127.0.0.1:9/?token=TopSecret2";

#[test]
fn no_secret_of_an_endpoint_url_reaches_any_line() {
    // Each service's error path, by the variable that names its endpoint.
    let cases: [(&str, &[&str]); 6] = [
        ("AWS_ENDPOINT_URL_DYNAMODB", &["ddb", "list-tables"]),
        (
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
            &["cognito", "list-users", "--user-pool-id", "us-east-1_abc"],
        ),
        ("AWS_ENDPOINT_URL_RDS", &["rds", "status"]),
        (
            "AWS_ENDPOINT_URL_EC2",
            &[
                "rds",
                "allow-ip",
                "--ip",
                "203.0.113.7",
                "--group-id",
                "sg-0123456789abcdef0",
            ],
        ),
        (
            "CRUDDUR_IP_ECHO_URL",
            &["rds", "allow-ip", "--ip", "auto", "--group-id", "GROUP"],
        ),
        ("CONNECTION_URL", &["db", "test"]),
    ];
    let group = crate::allow_ip::new_group();
    let mut runs = 0;
    let mut first_lines = Vec::new();
    for (var, args) in cases {
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "GROUP" { group.as_str() } else { a })
            .collect();
        let url = if var == "CONNECTION_URL" {
            "postgresql://bob:TopSecret1@127.0.0.1:9/cruddur?sslmode=disable&password=TopSecret2"
        } else {
            SECRET_URL
        };
        for verbose in [None, Some("-v"), Some("-vv")] {
            let mut cmd = cruddur();
            cmd.env(var, url)
                .env("AWS_MAX_ATTEMPTS", "1")
                .env_remove("RUST_BACKTRACE")
                .env_remove("RUST_LIB_BACKTRACE");
            if let Some(v) = verbose {
                cmd.arg(v);
            }
            let a = cmd.args(&args).assert().failure();
            let all = format!("{}{}", stdout_of(&a), stderr_of(&a));
            assert!(
                !all.contains("TopSecret"),
                "{var} {verbose:?} {args:?}:\n{all}"
            );
            if verbose.is_none() {
                let line = assert_one_error_line(&a).replace(&group, "GROUP");
                first_lines.push(format!("{var}: {line}"));
            }
            runs += 1;
        }
    }
    assert_eq!(runs, 18);
    insta::assert_snapshot!(first_lines.join("\n"));
}

#[test]
fn the_service_that_answers_instead_is_named() {
    let pg = services()
        .pg_url
        .rsplit('@')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let a = cruddur()
        .env("AWS_ENDPOINT_URL_DYNAMODB", format!("http://{pg}"))
        .args(["ddb", "list-tables"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a).replace(&pg, "PG_SERVER"),
        "error: listing tables: a Postgres server answers at http://PG_SERVER, not DynamoDB; point --endpoint-url (or AWS_ENDPOINT_URL_DYNAMODB) at DynamoDB: DynamoDB Local listens on port 8000 unless told otherwise"
    );
    let ddb = services().ddb_url.trim_start_matches("http://").to_string();
    let a = cruddur()
        .env(
            "CONNECTION_URL",
            format!("postgresql://postgres@{ddb}/cruddur"),
        )
        .args(["db", "test"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a).replace(&ddb, "DDB_SERVER"),
        "error: DynamoDB answers at DDB_SERVER, not Postgres; fix the host and port in the URL: Postgres listens on port 5432 unless told otherwise"
    );
    let page = fixed_answer_server(
        "200 OK",
        "text/html",
        "<!DOCTYPE html><title>router</title>",
    );
    let a = cruddur()
        .env(
            "CONNECTION_URL",
            format!("postgresql://postgres@{page}/cruddur"),
        )
        .args(["db", "test"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a).replace(&page.to_string(), "PAGE"),
        "error: a web server serving an HTML page answers at PAGE, not Postgres; fix the host and port in the URL: Postgres listens on port 5432 unless told otherwise"
    );
}

#[test]
fn empty_and_impossible_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&["--region", "", "ddb", "list-tables"], "error: invalid value '' for '--region <REGION>': a region is a name such as us-east-1 or eu-west-1"),
        (&["ddb", "schema-export", "--format", "sam", "--with-stream-handler", "--code", "/no/such/bootstrap.zip"], "error: --code /no/such/bootstrap.zip does not exist; build the zip with `scripts/package-stream-handler` and pass its path"),
        (&["ddb", "schema-export", "--format", "sam", "--with-stream-handler", "--code", "DIR"], "error: --code DIR is a folder, not the function's zip; build the zip with `scripts/package-stream-handler` and pass its path"),
    ];
    let shown_dir = dir.path().display().to_string();
    let mut seen = 0;
    for (args, want) in cases {
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "DIR" { shown_dir.as_str() } else { a })
            .collect();
        let a = cruddur().args(&args).assert().code(2);
        let err = stderr_of(&a);
        assert_eq!(err.lines().next().unwrap().replace(&shown_dir, "DIR"), want);
        assert!(stdout_of(&a).is_empty());
        seen += 1;
    }
    assert_eq!(seen, cases.len());
}

#[test]
fn two_setups_of_a_fresh_database_at_once_both_succeed() {
    for round in 0..3 {
        let db = TestDb::named("setup_race");
        let spawn = || {
            spawn_piped(
                cruddur_process()
                    .env("CONNECTION_URL", &db.url)
                    .args(["db", "setup"]),
            )
        };
        let (a, b) = (spawn(), spawn());
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        for out in &outs {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}:\n{err}");
            assert!(!err.contains("CREATEDB"), "round {round}:\n{err}");
        }
        assert_eq!(
            db.strings("SELECT count(*)::text FROM users"),
            ["3"],
            "round {round}"
        );
    }
}

#[test]
fn db_seed_blocked_on_a_lock_stops_on_sigterm_with_its_line_and_cancels_its_query() {
    let db = TestDb::seeded("seed_sigterm");
    // Another session holds the users table.
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let url = db.url.clone();
    let holder = std::thread::spawn(move || {
        block_on(async move {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::raw_sql("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
                .execute(&mut conn)
                .await
                .unwrap();
            locked_tx.send(()).unwrap();
            let _ = done_rx.recv();
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut conn).await;
        })
    });
    locked_rx.recv().unwrap();
    let child = spawn_piped(cruddur_process().env("CONNECTION_URL", &db.url).args([
        "db",
        "seed",
        "--lock-timeout",
        "0",
    ]));
    let waiting = "SELECT count(*)::text FROM pg_stat_activity WHERE application_name = 'cruddur' AND wait_event_type = 'Lock'";
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while db.strings(waiting) != ["1"] {
        assert!(
            std::time::Instant::now() < deadline,
            "the seed never waited on the lock"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    send_signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&db.name, "DB");
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert_eq!(stderr, "interrupted while counting the users of 'DB' (cancelled the query on the server); nothing was changed\n");
    assert_eq!(
        db.strings(waiting),
        ["0"],
        "a cruddur query still waits on the server"
    );
    done_tx.send(()).unwrap();
    holder.join().unwrap();
}

#[test]
fn with_json_output_every_stderr_line_is_json() {
    let db = TestDb::named("json_stderr");
    let a = db.cli(&["-o", "json", "db", "setup"]).assert().success();
    let a2 = db.cli(&["-o", "json", "db", "drop"]).assert().code(3);
    let mut lines = 0;
    for out in [&a, &a2] {
        for line in stderr_of(out).lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert!(v.is_object(), "{line}");
            lines += 1;
        }
    }
    // Five steps of setup; the drop's confirmation and its error.
    assert_eq!(lines, 7);
    let confirm: serde_json::Value =
        serde_json::from_str(stderr_of(&a2).lines().next().unwrap()).unwrap();
    assert_eq!(
        confirm["confirm"]["question"],
        format!("Drop database '{}' and everything in it?", db.name)
    );
}
