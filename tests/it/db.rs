//! `db create/drop/schema-load/seed/setup/reset/sessions/connect` against PostgreSQL.

use std::str::FromStr;

use crate::support::*;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

fn users(db: &TestDb) -> Vec<String> {
    db.strings("SELECT handle || ':' || cognito_user_id FROM users ORDER BY handle")
}

fn seeded_users() -> Vec<String> {
    ["andrewbrown:MOCK", "bayko:MOCK", "londo:MOCK"]
        .map(String::from)
        .to_vec()
}

fn count(db: &TestDb, sql: &str) -> String {
    db.strings(&format!("SELECT ({sql})::text")).remove(0)
}

#[test]
fn create_twice_creates_then_reports_it_exists() {
    let db = TestDb::named("create");
    assert!(!db.exists());
    let a = db.cli(&["db", "create"]).assert().success();
    insta::assert_snapshot!("create", db.transcript(&a));
    assert!(db.exists());
    let a = db.cli(&["-o", "json", "db", "create"]).assert().success();
    insta::assert_snapshot!("create-again-json", db.transcript(&a));
    assert!(db.exists());
}

#[test]
fn create_takes_database_url_over_the_environment() {
    let db = TestDb::named("create_flag");
    cruddur()
        .env("CONNECTION_URL", "postgresql://postgres@127.0.0.1:1/nope")
        .args(["db", "create", "--database-url", &db.url])
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn drop_without_a_terminal_refuses_and_with_yes_drops() {
    let db = TestDb::empty("drop");
    let a = db.cli(&["db", "drop"]).assert().code(3);
    assert_one_error_line(&a);
    insta::assert_snapshot!("drop-refused", db.transcript(&a));
    assert!(db.exists(), "a refused drop leaves the database");

    let a = db.cli(&["db", "drop", "--yes"]).assert().success();
    insta::assert_snapshot!("drop", db.transcript(&a));
    assert!(!db.exists());

    // Nothing left: says so, exit 0.
    let a = db.cli(&["db", "drop", "--yes"]).assert().success();
    insta::assert_snapshot!("drop-nothing", db.transcript(&a));
}

#[test]
fn drop_with_other_sessions_needs_force() {
    let db = TestDb::empty("drop_force");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let other = rt.block_on(async { sqlx::PgConnection::connect(&db.url).await.expect("connect") });
    let a = db.cli(&["db", "drop", "--yes"]).assert().failure();
    assert_one_error_line(&a);
    insta::assert_snapshot!("drop-in-use", db.transcript(&a));
    assert!(db.exists());
    db.cli(&["db", "drop", "--yes", "--force"])
        .assert()
        .success();
    assert!(!db.exists());
    drop(other);
}

#[test]
fn schema_load_and_seed_give_the_three_users() {
    let db = TestDb::empty("seed");
    // schema-load drops tables: it always asks, and without a terminal refuses.
    let a = db.cli(&["db", "schema-load"]).assert().code(3);
    assert_one_error_line(&a);
    insta::assert_snapshot!("schema-load-refused", db.transcript(&a));
    let a = db.cli(&["db", "schema-load", "--yes"]).assert().success();
    insta::assert_snapshot!("schema-load", db.transcript(&a));
    assert_eq!(db.json(&["db", "seed"])["steps"][0]["statements"], 2);
    assert_eq!(users(&db), seeded_users());
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), "1");
    // Seeding again adds nothing: handles stay unique.
    db.cli(&["db", "seed"]).assert().success();
    assert_eq!(users(&db), seeded_users());
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), "1");
    // schema-load again starts from empty tables.
    db.cli(&["db", "schema-load", "--yes"]).assert().success();
    assert_eq!(count(&db, "SELECT count(*) FROM users"), "0");
}

#[test]
fn a_broken_sql_file_stops_reports_the_statement_and_changes_nothing() {
    let db = TestDb::seeded("broken");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.sql");
    std::fs::write(
        &file,
        "-- adds a user, empties activities, then fails\n\
         INSERT INTO users (display_name, handle, email, cognito_user_id)\n  VALUES ('New', 'newbie', 'n@example.com', 'MOCK');\n\
         DELETE FROM activities;\n\
         INSERT INTO no_such_table VALUES (1);\n\
         DELETE FROM users;\n",
    )
    .unwrap();
    let a = db
        .cli(&["db", "seed", "--file"])
        .arg(&file)
        .assert()
        .code(1);
    let file_name = file.display().to_string();
    let names = [(file_name.as_str(), "FILE"), (db.name.as_str(), "DB")];
    insta::assert_snapshot!("broken-sql", transcript_with(&a, &names));
    assert_eq!(users(&db), seeded_users(), "the database is as it was");
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), "1");

    // schema-load takes --file too, and a missing file is one line.
    let a = db
        .cli(&["db", "schema-load", "--file", "/no/such/file.sql"])
        .assert()
        .code(2);
    insta::assert_snapshot!("sql-file-missing", transcript(&a));
}

#[test]
fn setup_end_to_end_without_a_pool_skips_cognito() {
    let db = TestDb::named("setup");
    let a = db.cli(&["db", "setup"]).assert().success();
    insta::assert_snapshot!("setup-without-pool", db.transcript(&a));
    assert_eq!(users(&db), seeded_users());

    // Again: the database exists, the tables and users are kept.
    db.exec("INSERT INTO activities (user_uuid, message) SELECT uuid, 'kept' FROM users WHERE handle = 'londo'");
    let a = db.cli(&["-o", "json", "db", "setup"]).assert().success();
    insta::assert_snapshot!("setup-again-json", db.transcript(&a));
    assert_eq!(users(&db), seeded_users());
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), "2");
}

#[test]
fn reset_asks_then_drops_and_sets_up() {
    let db = TestDb::seeded("reset");
    db.exec("INSERT INTO users (display_name, handle, email, cognito_user_id) VALUES ('X', 'extra', 'x@example.com', 'MOCK')");
    let a = db.cli(&["db", "reset"]).assert().code(3);
    assert_one_error_line(&a);
    assert_eq!(users(&db).len(), 4, "refused: nothing changed");

    let a = db.cli(&["db", "reset", "--yes"]).assert().success();
    insta::assert_snapshot!("reset", db.transcript(&a));
    assert_eq!(users(&db), seeded_users());
}

#[test]
fn prod_schema_load_and_setup_need_confirmation() {
    let db = TestDb::seeded("prod");
    let commands = ["schema-load", "setup"];
    assert_eq!(commands.len(), 2);
    for command in commands {
        let a = db.prod_cli(&["db", command]).assert().code(3);
        assert_one_error_line(&a);
        // The target comes first.
        insta::assert_snapshot!(format!("prod-{command}-refused"), db.transcript(&a));
    }
    db.exec("INSERT INTO users (display_name, handle, email, cognito_user_id) VALUES ('X', 'extra', 'x@example.com', 'MOCK')");
    assert_eq!(users(&db).len(), 4);
    let a = db.prod_cli(&["db", "setup", "--yes"]).assert().success();
    insta::assert_snapshot!("prod-setup", db.transcript(&a));
    assert_eq!(users(&db).len(), 4, "setup never drops");
    // Local seed needs no confirmation; --prod reads PROD_CONNECTION_URL only.
    let a = db.cli(&["--prod", "db", "seed"]).assert().code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!("prod-seed-without-prod-url", db.transcript(&a));
}

/// A login role with CREATEDB, dropped (after its databases) when the test ends.
struct TestRole {
    name: String,
    dbs: Vec<TestDb>,
}

impl Drop for TestRole {
    fn drop(&mut self) {
        self.dbs.clear();
        let name = self.name.clone();
        let _ =
            std::panic::catch_unwind(|| server_exec(&format!("DROP ROLE IF EXISTS \"{name}\"")));
    }
}

#[test]
fn a_user_named_cruddur_with_a_special_password_works() {
    let mut role = TestRole {
        name: format!("cruddurroot_{:08x}", fastrand::u32(..)),
        dbs: Vec::new(),
    };
    server_exec(&format!(
        "CREATE ROLE \"{}\" LOGIN PASSWORD 'p@ss:w/rd%' CREATEDB",
        role.name
    ));
    role.dbs.push(TestDb::named("cruddur"));
    let db = &role.dbs[0];
    let server = pg_server();
    // The password p@ss:w/rd% percent-encoded, as it must be in a URL.
    let url = format!(
        "postgresql://{}:p%40ss%3Aw%2Frd%25@{}:{}/{}",
        role.name,
        server.get_host(),
        server.get_port(),
        db.name
    );
    let a = cruddur()
        .env("CONNECTION_URL", &url)
        .args(["db", "setup"])
        .assert()
        .success();
    let err = stderr_of(&a);
    assert!(!err.contains("p@ss") && !err.contains("%40"), "{err}");
    assert!(db.exists());
    assert_eq!(
        db.strings(&format!(
            "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = '{}'",
            db.name
        )),
        [role.name.clone()],
        "created by the URL's user, connected to the maintenance database"
    );
    assert_eq!(users(db), seeded_users());
    cruddur()
        .env("CONNECTION_URL", &url)
        .args(["db", "drop", "--yes"])
        .assert()
        .success();
    assert!(!db.exists());
}

#[test]
fn missing_connection_url_is_one_error_line() {
    let a = cruddur().args(["db", "create"]).assert().code(2);
    insta::assert_snapshot!("no-connection-url", transcript(&a));
    let a = cruddur()
        .args(["--prod", "db", "sessions"])
        .assert()
        .code(2);
    insta::assert_snapshot!("no-prod-connection-url", transcript(&a));
}

#[test]
fn an_unreachable_server_is_one_error_line() {
    let commands = ["create", "seed", "sessions"];
    assert_eq!(commands.len(), 3);
    for cmd in commands {
        let a = cruddur()
            .env(
                "CONNECTION_URL",
                "postgresql://postgres:secret@127.0.0.1:1/cruddur",
            )
            .args(["db", cmd])
            .assert()
            .code(1);
        let text = transcript(&a);
        assert!(!text.contains("secret"), "{text}");
        insta::assert_snapshot!(format!("unreachable-db-{cmd}"), text);
    }
}

#[test]
fn sessions_lists_pg_stat_activity() {
    let db = TestDb::empty("sessions");
    let app = format!("cruddur-test-{:08x}", fastrand::u32(..));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let other = rt.block_on(async {
        PgConnectOptions::from_str(&db.url)
            .unwrap()
            .application_name(&app)
            .connect()
            .await
            .expect("connect")
    });
    let out = db.json(&["db", "sessions"]);
    let mine = out
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["application"] == app.as_str())
        .expect("the test's session is listed");
    assert_eq!(mine["database"], db.name.as_str());
    assert_eq!(mine["user"], "postgres");
    assert!(mine["pid"].is_number());
    for key in ["state", "client_addr", "query_start", "query"] {
        assert!(mine.get(key).is_some(), "{key} missing");
    }
    let a = db.cli(&["db", "sessions"]).assert().success();
    let text = stdout_of(&a);
    assert!(text.contains(&app) && text.contains("pid"), "{text}");
    drop(other);
}

#[test]
fn connect_runs_psql_with_the_password_in_the_environment() {
    if std::process::Command::new("psql")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("psql not installed; skipped");
        return;
    }
    let db = TestDb::seeded("connect");
    let a = db
        .cli(&[
            "db",
            "connect",
            "--",
            "-At",
            "-c",
            "SELECT count(*) FROM users",
        ])
        .assert()
        .success();
    assert_eq!(stdout_of(&a).trim(), "3");
}

#[test]
fn connect_without_psql_is_one_error_line() {
    let db = TestDb::named("nopsql");
    let empty = tempfile::tempdir().unwrap();
    let a = db
        .cli(&["db", "connect"])
        .env("PATH", empty.path())
        .assert()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("connect-without-psql", db.transcript(&a));
}

/// The test server's URL for `db` with a user, a password and a query.
fn url_with_secrets(db: &TestDb, query: &str) -> String {
    let server = pg_server();
    format!(
        "postgresql://{}:TopSecret1@{}:{}/{}{query}",
        server.get_username(),
        server.get_host(),
        server.get_port(),
        db.name
    )
}

fn all_output(a: &assert_cmd::assert::Assert) -> String {
    format!("{}{}", stdout_of(a), stderr_of(a))
}

#[test]
fn pg_variables_never_change_the_target() {
    let db = TestDb::named("pgvars");
    let a = db
        .cli(&["db", "create"])
        .env("PGHOST", "203.0.113.1")
        .env("PGHOSTADDR", "203.0.113.1")
        .env("PGPORT", "1")
        .env("PGUSER", "nobody")
        .env("PGDATABASE", "elsewhere")
        .env("PGOPTIONS", "-c no_such.setting=1 -c bogus")
        .assert()
        .success();
    insta::assert_snapshot!("create-beside-pg-variables", db.transcript(&a));
    assert!(db.exists(), "the URL's database was created, not PG*'s");

    // A URL that leaves the host to PGHOST is refused, whatever PGHOST says.
    let server = pg_server();
    let a = cruddur()
        .env("CONNECTION_URL", "postgresql:///cruddur")
        .env("PGHOST", server.get_host())
        .env("PGPORT", server.get_port().to_string())
        .args(["db", "seed"])
        .assert()
        .code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!("url-without-host", transcript_with(&a, &[]));
    let a = cruddur()
        .env(
            "CONNECTION_URL",
            format!("postgresql://postgres@{}/cruddur", server.get_host()),
        )
        .env("PGPORT", server.get_port().to_string())
        .args(["db", "seed"])
        .assert()
        .code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!("url-without-port", transcript_with(&a, &[]));
}

#[test]
fn passwords_never_show_in_any_output() {
    let db = TestDb::empty("secrets");
    let url = url_with_secrets(
        &db,
        "?sslmode=disable&password=TopSecret2&sslpassword=TopSecret3",
    );
    let shown = url_with_secrets(&db, "?sslmode=disable").replace(":TopSecret1", "");
    let secret_free = |a: &assert_cmd::assert::Assert| {
        let all = all_output(a);
        for secret in ["TopSecret", "password="] {
            assert!(!all.contains(secret), "{secret} shown:\n{all}");
        }
        all
    };
    for output in ["table", "json"] {
        let a = cruddur()
            .env("CONNECTION_URL", &url)
            .args(["-vv", "-o", output, "doctor"])
            .assert();
        let all = secret_free(&a);
        assert!(all.contains(&shown), "doctor shows the cleaned URL:\n{all}");
        let a = cruddur()
            .env("CONNECTION_URL", &url)
            .args(["-vv", "-o", output, "db", "create"])
            .assert()
            .success();
        secret_free(&a);
    }
    // Errors, with the full chain.
    let unreachable = url.replace(&format!(":{}/", pg_server().get_port()), ":1/");
    let a = cruddur()
        .env("CONNECTION_URL", &unreachable)
        .args(["-vv", "db", "sessions"])
        .assert()
        .code(1);
    secret_free(&a);
    let line = stable(&assert_one_error_line(&a), &[(&db.name, "DB")]);
    insta::assert_snapshot!("unreachable-with-secrets", line);
    // An unparsable URL is never echoed: the message names the part.
    let a = cruddur()
        .env("CONNECTION_URL", "postgresql://u:Top?Secret@h/db")
        .args(["-vv", "db", "create"])
        .assert()
        .code(2);
    secret_free(&a);
    insta::assert_snapshot!("unparsable-url-with-secrets", assert_one_error_line(&a));
}

#[test]
fn a_password_on_the_command_line_is_warned_about() {
    let db = TestDb::named("argv");
    let a = cruddur()
        .args(["db", "create", "--database-url", &url_with_secrets(&db, "")])
        .assert()
        .success();
    assert!(!stderr_of(&a).contains("TopSecret"), "{}", stderr_of(&a));
    insta::assert_snapshot!("password-on-the-command-line", db.transcript(&a));
    assert!(db.exists());
    // Without a password: no warning.
    let a = cruddur()
        .args(["db", "create", "--database-url", &db.url])
        .assert()
        .success();
    insta::assert_snapshot!("no-password-on-the-command-line", db.transcript(&a));
}

#[test]
fn connect_keeps_the_urls_parameters() {
    let db = TestDb::seeded("connect_params");
    let url = format!(
        "{}?sslmode=disable&options=-c%20search_path%3Dcruddur_test_path",
        db.url
    );
    let a = cruddur()
        .env("CONNECTION_URL", &url)
        .args(["db", "connect", "--", "-At", "-c", "SHOW search_path"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a).trim(), "cruddur_test_path");
    let a = cruddur()
        .env("CONNECTION_URL", &url)
        .args([
            "db",
            "connect",
            "--",
            "-At",
            "-c",
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ])
        .assert()
        .success();
    assert_eq!(stdout_of(&a).trim(), "f", "sslmode=disable reached psql");
}

const EXTRA_USER: &str = "INSERT INTO users (display_name, handle, email, cognito_user_id) VALUES ('X', 'extra', 'x@example.com', 'MOCK')";

#[test]
fn a_database_stamped_prod_is_refused_without_prod() {
    let db = TestDb::named("stamped");
    db.prod_cli(&["db", "setup", "--yes"]).assert().success();
    assert_eq!(
        db.strings("SELECT value FROM cruddur_internal_metadata WHERE key = 'environment'"),
        ["prod"]
    );
    db.exec(EXTRA_USER);
    // The production URL in the local variable or in --database-url, no --prod.
    let attempts: [&[&str]; 6] = [
        &["db", "setup", "--yes"],
        &["db", "schema-load", "--yes"],
        &["db", "seed", "--yes"],
        &["db", "drop", "--yes", "--force"],
        &["db", "reset", "--yes", "--force"],
        &["db", "schema-load", "--yes", "--database-url", &db.url],
    ];
    let mut refusals = Vec::new();
    for args in attempts {
        let a = db.cli(args).assert().code(3);
        refusals.push(format!("{}\n{}", args.join(" "), db.transcript(&a)));
        assert!(db.exists());
        assert_eq!(users(&db).len(), 4, "{args:?} changed nothing");
    }
    assert_eq!(refusals.len(), 6);
    insta::assert_snapshot!(
        "stamped-prod-refusals",
        stable(&refusals.join("\n"), &[(&db.name, "DB")])
    );
    // With --prod it asks, showing the stamp; --yes confirms.
    let a = db.prod_cli(&["db", "schema-load"]).assert().code(3);
    insta::assert_snapshot!("stamped-prod-asks", db.transcript(&a));
    assert_eq!(users(&db).len(), 4);
    db.prod_cli(&["db", "schema-load", "--yes"])
        .assert()
        .success();
    assert_eq!(count(&db, "SELECT count(*) FROM users"), "0");
    assert_eq!(
        db.strings("SELECT value FROM cruddur_internal_metadata"),
        ["prod"],
        "schema-load keeps the stamp"
    );
}

#[test]
fn an_unstamped_database_on_a_remote_host_counts_as_production() {
    let db = TestDb::seeded("remote");
    db.exec(EXTRA_USER);
    let remote = RemoteAlias::to_postgres();
    let url = remote.url(&db);
    let remote_server = format!("{}:{}", remote.host, remote.port);
    let names = [
        (remote_server.as_str(), "REMOTE"),
        (remote.host.as_str(), "REMOTE_HOST"),
        (db.name.as_str(), "DB"),
    ];
    let mut refusals = Vec::new();
    for args in [
        &["db", "schema-load", "--yes"][..],
        &["db", "setup", "--yes"][..],
        &["db", "create"][..],
    ] {
        let a = cruddur().env("CONNECTION_URL", &url).args(args).assert();
        if args[1] == "create" {
            // Creating is harmless, and never stamps a remote database local.
            a.success();
            continue;
        }
        let a = a.code(3);
        assert_one_error_line(&a);
        refusals.push(format!(
            "{}\n{}",
            args.join(" "),
            transcript_with(&a, &names)
        ));
    }
    assert_eq!(refusals.len(), 2);
    insta::assert_snapshot!("remote-without-stamp-refusals", refusals.join("\n"));
    assert_eq!(users(&db).len(), 4);
    assert_eq!(
        count(
            &db,
            "SELECT to_regclass('cruddur_internal_metadata') IS NULL"
        ),
        "true"
    );
    // The same database through 127.0.0.1 is local.
    db.cli(&["db", "schema-load", "--yes"]).assert().success();
    assert_eq!(count(&db, "SELECT count(*) FROM users"), "0");
}

#[test]
fn db_create_stamps_what_it_creates_and_setup_never_drops() {
    let db = TestDb::named("stamp_local");
    let a = db.cli(&["-o", "json", "db", "create"]).assert().success();
    insta::assert_snapshot!("create-stamps-local-json", db.transcript(&a));
    assert_eq!(
        db.strings("SELECT value FROM cruddur_internal_metadata"),
        ["local"]
    );
    // A database missing one table: setup creates it and keeps the other's rows.
    db.exec(include_str!("../../sql/schema.sql"));
    db.exec("DROP TABLE users");
    db.exec("INSERT INTO activities (user_uuid, message) VALUES (gen_random_uuid(), 'still here')");
    let a = db.cli(&["db", "setup"]).assert().success();
    insta::assert_snapshot!("setup-keeps-existing-tables", db.transcript(&a));
    assert_eq!(
        db.strings("SELECT message FROM activities ORDER BY message"),
        [
            "Hello from the seed file: the first crud on Cruddur.",
            "still here"
        ]
    );
    assert_eq!(users(&db), seeded_users());
}

/// A session of its own that opened a transaction, read `users` and stays
/// idle in it (holding its lock) until dropped.
struct Blocker {
    rt: tokio::runtime::Runtime,
    conn: Option<sqlx::PgConnection>,
    app: String,
}

impl Blocker {
    fn on(db: &TestDb) -> Self {
        let app = format!("cruddur-test-blocker-{:08x}", fastrand::u32(..));
        let rt = tokio::runtime::Runtime::new().unwrap();
        let conn = rt.block_on(async {
            let mut c = PgConnectOptions::from_str(&db.url)
                .unwrap()
                .application_name(&app)
                .connect()
                .await
                .expect("connect");
            sqlx::raw_sql("BEGIN; SELECT count(*) FROM users;")
                .execute(&mut c)
                .await
                .expect("hold a lock");
            c
        });
        Blocker {
            rt,
            conn: Some(conn),
            app,
        }
    }
}

impl Drop for Blocker {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let _ = self.rt.block_on(c.close());
        }
    }
}

/// cruddur's sessions on `db` waiting for a lock.
fn cruddur_lock_waits(db: &TestDb) -> i64 {
    db.strings(&format!(
        "SELECT count(*)::text FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'cruddur' AND wait_event_type = 'Lock'",
        db.name
    ))[0]
        .parse()
        .unwrap()
}

/// Polls `f` until it is true; panics with `what` when it never is.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..300 {
        if f() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("never happened: {what}");
}

#[test]
fn a_lock_wait_gives_up_and_names_the_blocking_session() {
    let db = TestDb::seeded("lock_wait");
    let blocker = Blocker::on(&db);
    let a = db
        .cli(&["db", "schema-load", "--yes", "--lock-timeout", "1s"])
        .assert()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!(
        "lock-wait-gives-up",
        transcript_with(&a, &[(&blocker.app, "BLOCKER"), (&db.name, "DB")])
    );
    drop(blocker);
    assert_eq!(users(&db), seeded_users(), "nothing was dropped");
}

#[test]
fn a_statement_that_runs_too_long_is_cancelled() {
    let db = TestDb::seeded("stmt_timeout");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slow.sql");
    std::fs::write(&file, "DELETE FROM activities;\nSELECT pg_sleep(30);\n").unwrap();
    let a = db
        .cli(&["db", "seed", "--yes", "--statement-timeout", "1s", "--file"])
        .arg(&file)
        .assert()
        .code(1);
    assert_one_error_line(&a);
    let file = file.display().to_string();
    insta::assert_snapshot!(
        "statement-timeout",
        transcript_with(&a, &[(&file, "FILE"), (&db.name, "DB")])
    );
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), "1");
}

#[test]
fn ctrl_c_cancels_the_waiting_statement_on_the_server() {
    let db = TestDb::seeded("ctrl_c");
    let blocker = Blocker::on(&db);
    let child = cruddur_process()
        .env("CONNECTION_URL", &db.url)
        .args(["db", "schema-load", "--yes", "--lock-timeout", "10min"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start cruddur");
    eventually("cruddur waits for the lock", || {
        cruddur_lock_waits(&db) == 1
    });
    send_signal(&child, libc::SIGINT);
    let a = assert_cmd::assert::Assert::new(child.wait_with_output().unwrap());
    insta::assert_snapshot!("interrupted-lock-wait", db.transcript(&a));
    // The blocker still holds its lock: only the cancel ends the wait.
    eventually("the server-side wait ends", || cruddur_lock_waits(&db) == 0);
    drop(blocker);
    assert_eq!(users(&db), seeded_users());
}

#[test]
fn session_queries_with_control_characters_are_escaped() {
    let db = TestDb::empty("sessions_escape");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let other = rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(&db.url).await.expect("connect");
        sqlx::raw_sql("SELECT '\u{1b}[2Jgone'")
            .execute(&mut c)
            .await
            .expect("query");
        c
    });
    let a = db.cli(&["db", "sessions"]).assert().success();
    let out = &a.get_output().stdout;
    assert!(!out.contains(&0x1b), "{}", stdout_of(&a));
    assert!(stdout_of(&a).contains("[2Jgone"), "{}", stdout_of(&a));
    drop(other);
}

#[test]
fn a_database_name_postgres_would_truncate_is_refused_before_anything_acts() {
    // Postgres keeps 63 bytes of a name: the first 63 of this one would be a
    // real database that every command would silently act on.
    let base = unique("trunc").replace('-', "_");
    let kept = TestDb::created(format!("{base}{}", "x".repeat(63 - base.len())));
    let long = format!("{}_and_more_than_postgres_keeps", kept.name);
    let truncated = kept.name.as_str();
    let url = format!("{}/{long}", services().pg_url.trim_end_matches('/'));
    let commands: [&[&str]; 5] = [
        &["db", "create"],
        &["db", "drop", "--yes"],
        &["db", "setup"],
        &["db", "schema-load", "--yes"],
        &["db", "seed", "--yes"],
    ];
    for args in commands {
        let a = cruddur()
            .env("CONNECTION_URL", &url)
            .args(args)
            .assert()
            .code(2);
        let line = assert_one_error_line(&a);
        assert_eq!(
            line,
            format!(
                "error: the database name in the database URL is {} bytes long; Postgres keeps only 63 and would use '{truncated}' instead; use a database name of at most 63 bytes",
                long.len()
            ),
            "{args:?}"
        );
        assert_eq!(stdout_of(&a), "", "{args:?}");
    }
    assert!(
        kept.exists(),
        "the database a truncated name would reach is untouched"
    );
    assert_eq!(
        kept.strings("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'"),
        ["0"]
    );
}

#[test]
fn a_sql_file_that_would_break_the_one_transaction_is_refused_before_it_runs() {
    let db = TestDb::seeded("sql_breakers");
    let before = users(&db);
    assert_eq!(before, seeded_users());
    let cases = [
        (
            "UPDATE users SET handle = 'first';\nCOMMIT;\nUPDATE users SET handle = 'second';\n",
            "2: `COMMIT` commits the transaction midway; cruddur runs the whole file in one transaction of its own; remove it: cruddur begins the transaction before the first statement and commits after the last (or rolls back on the first error)",
        ),
        (
            "-- a pg_dump of the users\nCOPY public.users (handle) FROM stdin;\nx\n\\.\n",
            "2: `COPY ... FROM STDIN` needs psql's data stream, which cruddur does not send; cruddur runs the whole file in one transaction of its own; turn the data into INSERT statements (`pg_dump --inserts`), or load the file with psql (`cruddur db connect -- -f FILE`)",
        ),
        (
            "DELETE FROM users;\n\n  begin;\n",
            "3: `BEGIN` starts a transaction; cruddur runs the whole file in one transaction of its own; remove it: cruddur begins the transaction before the first statement and commits after the last (or rolls back on the first error)",
        ),
    ];
    let mut refused = 0;
    for (sql, want) in cases {
        let file = tempfile::Builder::new().suffix(".sql").tempfile().unwrap();
        std::fs::write(file.path(), sql).unwrap();
        let path = file.path().display().to_string();
        let a = db
            .cli(&["db", "seed", "--yes", "--file", &path])
            .assert()
            .code(2);
        assert_eq!(assert_one_error_line(&a), format!("error: {path}:{want}"));
        assert_eq!(users(&db), before, "{sql:?} changed the database");
        refused += 1;
    }
    assert_eq!(refused, cases.len());
}
