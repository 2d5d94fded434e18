//! The app's files and migrations against PostgreSQL: `cruddur.toml` and
//! the app's layout, `db migrate`, `db rollback`, `db migrations`,
//! `db new-migration`, `db kill-all`. Every fixture in the app's formats
//! (schema files, legacy `.py` migrations) is written here.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::support::*;

/// An app checkout of the tests' own: `backend-flask/db/` with a schema
/// that drops its tables (as the app's does), a seed and a migrations folder.
struct App {
    dir: tempfile::TempDir,
}

/// A schema in the app's manner: it drops and recreates its tables and
/// keeps the app's one-row `schema_information`.
const DROPPING_SCHEMA: &str = "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\nDROP TABLE IF EXISTS public.users;\nDROP TABLE IF EXISTS public.activities;\nCREATE TABLE IF NOT EXISTS public.schema_information (id integer UNIQUE, last_successful_run text);\nINSERT INTO public.schema_information (id, last_successful_run) VALUES (1, '0') ON CONFLICT (id) DO NOTHING;\nCREATE TABLE public.users (uuid UUID DEFAULT uuid_generate_v4() PRIMARY KEY, display_name text NOT NULL, handle text NOT NULL, email text NOT NULL, cognito_user_id text NOT NULL, created_at TIMESTAMP DEFAULT current_timestamp NOT NULL);\nCREATE TABLE public.activities (uuid UUID DEFAULT uuid_generate_v4() PRIMARY KEY, user_uuid UUID NOT NULL, message text NOT NULL);\n";

const SEED: &str = "INSERT INTO public.users (display_name, handle, email, cognito_user_id) VALUES ('Ada One', 'adaone', 'ada@example.com', 'MOCK'), ('Bo Two', 'botwo', 'bo@example.com', 'MOCK'), ('Cy Three', 'cythree', 'cy@example.com', 'MOCK'), ('Di Four', 'difour', 'di@example.com', 'MOCK');\n";

/// A legacy migration in the app's Python format, `up` and `down` its SQL.
fn legacy(class: &str, up: &str, down: Option<&str>) -> String {
    let mut text = format!("from lib.db import db\n\nclass {class}Migration:\n  def migrate_sql():\n    data = \"\"\"\n    {up}\n    \"\"\"\n    return data\n");
    if let Some(down) = down {
        text.push_str(&format!(
            "  def rollback_sql():\n    data = \"\"\"\n    {down}\n    \"\"\"\n    return data\n"
        ));
    }
    text.push_str(&format!("\n  def migrate():\n    db.query_commit({class}Migration.migrate_sql(),{{\n    }})\n\nmigration = {class}Migration\n"));
    text
}

impl App {
    fn new() -> App {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("backend-flask/db");
        std::fs::create_dir_all(db.join("migrations")).unwrap();
        std::fs::write(db.join("schema.sql"), DROPPING_SCHEMA).unwrap();
        std::fs::write(db.join("seed.sql"), SEED).unwrap();
        App { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn migrations(&self) -> PathBuf {
        self.root().join("backend-flask/db/migrations")
    }

    fn write(&self, file: &str, text: &str) -> PathBuf {
        let path = self.migrations().join(file);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// `cruddur` run in the app's folder on `db`.
    fn cmd(&self, db: &TestDb) -> assert_cmd::Command {
        let mut c = cruddur();
        c.current_dir(self.root()).env("CONNECTION_URL", &db.url);
        c
    }

    /// The transcript with the folder, the database and times made stable.
    fn transcript(&self, a: &assert_cmd::assert::Assert, db: &TestDb) -> String {
        let root = self.root().display().to_string();
        scrub_times(&transcript_with(a, &[(&root, "APP"), (&db.name, "DB")]))
    }
}

/// Durations and timestamps replaced by stable words.
fn scrub_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let mut words: Vec<String> = Vec::new();
        let parts: Vec<&str> = line.split(' ').collect();
        for (i, w) in parts.iter().enumerate() {
            let next = parts.get(i + 1).copied().unwrap_or("");
            let number = !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
            if number && (next.starts_with("ms")) {
                words.push("N".into());
            } else if w.starts_with('(')
                && w.ends_with("s)")
                && w[1..w.len() - 2].parse::<f64>().is_ok()
            {
                words.push("(Ts)".into());
            } else if w.starts_with('(')
                && w.ends_with("s)\n")
                && w[1..w.len() - 3].parse::<f64>().is_ok()
            {
                words.push("(Ts)\n".into());
            } else {
                words.push(w.to_string());
            }
        }
        out.push_str(&words.join(" "));
    }
    out
}

fn ledger(db: &TestDb) -> Vec<String> {
    db.strings("SELECT version || ' ' || name || ' ' || how FROM cruddur_schema_migrations ORDER BY applied_at, version")
}

fn columns(db: &TestDb, table: &str) -> Vec<String> {
    db.strings(&format!(
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position"
    ))
}

/// The columns of the app's users table, then `extra`.
fn app_columns_and(extra: &[&str]) -> Vec<String> {
    let app = [
        "uuid",
        "display_name",
        "handle",
        "email",
        "cognito_user_id",
        "created_at",
    ];
    app.iter().chain(extra).map(|c| c.to_string()).collect()
}

/// A database set up from the app's schema and seed, no migration run.
fn app_db(prefix: &str) -> TestDb {
    let db = TestDb::empty(prefix);
    db.exec(DROPPING_SCHEMA);
    db.exec(SEED);
    db
}

#[test]
fn migrate_applies_both_formats_in_time_order_each_with_its_ledger_row() {
    let app = App::new();
    let db = app_db("mig_order");
    db.exec("CREATE TABLE applied_order (n serial, what text)");
    // As numbers the May version (16 digits) is smaller than April's (17).
    app.write(
        "1683578209210722_may.py",
        &legacy(
            "May",
            "INSERT INTO applied_order (what) VALUES ('may');",
            None,
        ),
    );
    app.write(
        "16812294605993273_april.py",
        &legacy(
            "April",
            "INSERT INTO applied_order (what) VALUES ('april');",
            None,
        ),
    );
    app.write("20230501000000_first_of_may.up.sql", "INSERT INTO applied_order (what) VALUES ('first of may');\nALTER TABLE users ADD COLUMN bio text;\n");
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    took over from the app's schema_information (last_successful_run 0): it marks no migration as run
    applied 16812294605993273_april (1 statement(s), N ms)
    applied 20230501000000_first_of_may (2 statement(s), N ms)
    applied 1683578209210722_may (1 statement(s), N ms)
    migrated 'DB': applied 3 migration(s) from backend-flask/db/migrations
    ");
    assert_eq!(
        db.strings("SELECT what FROM applied_order ORDER BY n"),
        ["april", "first of may", "may"]
    );
    assert_eq!(
        ledger(&db),
        [
            "16812294605993273 april ran",
            "20230501000000 first_of_may ran",
            "1683578209210722 may ran"
        ]
    );
    assert_eq!(columns(&db, "users"), app_columns_and(&["bio"]));
    // A second run finds nothing to do.
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    'DB' is up to date: nothing pending in backend-flask/db/migrations (3 applied)
    ");
    assert_eq!(
        db.strings("SELECT count(*)::text FROM applied_order"),
        ["3"]
    );
}

#[test]
fn a_failing_migration_is_rolled_back_named_by_file_and_line_and_stops_the_run() {
    let app = App::new();
    let db = app_db("mig_fail");
    app.write("20240101000000_good.up.sql", "CREATE TABLE good (x int);\n");
    app.write("20240102000000_bad.up.sql", "-- half of it works\nCREATE TABLE half (x int);\nALTER TABLE no_such_table ADD COLUMN y int;\n");
    app.write(
        "20240103000000_after.up.sql",
        "CREATE TABLE after_bad (x int);\n",
    );
    let a = app.cmd(&db).args(["db", "migrate"]).assert().code(1);
    insta::assert_snapshot!(app.transcript(&a, &db), @r#"
    exit: 1
    --- stdout
    --- stderr
    took over from the app's schema_information (last_successful_run 0): it marks no migration as run
    applied 20240101000000_good (1 statement(s), N ms)
    error: backend-flask/db/migrations/20240102000000_bad.up.sql:3: migration 20240102000000_bad (statement 2 of 2) failed: relation "no_such_table" does not exist: ALTER TABLE no_such_table ADD COLUMN y int; 20240102000000_bad was rolled back and is not recorded; the 1 migration before it in this run stays applied
    "#);
    assert_eq!(ledger(&db), ["20240101000000 good ran"]);
    let tables = db.strings("SELECT string_agg(relname::text, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('good', 'half', 'after_bad')");
    assert_eq!(tables, ["good"]);
}

#[test]
fn rollback_undoes_the_newest_applied_migration_first_and_asks() {
    let app = App::new();
    let db = app_db("mig_rollback");
    app.write(
        "16812294605993273_add_note.py",
        &legacy(
            "AddNote",
            "ALTER TABLE users ADD COLUMN note text;",
            Some("ALTER TABLE users DROP COLUMN note;"),
        ),
    );
    app.write(
        "1683578209210722_add_tag.py",
        &legacy(
            "AddTag",
            "ALTER TABLE users ADD COLUMN tag text;",
            Some("ALTER TABLE users DROP COLUMN tag;"),
        ),
    );
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    // Without a terminal and without --yes: refused, nothing undone.
    let a = app.cmd(&db).args(["db", "rollback"]).assert().code(3);
    insta::assert_snapshot!(app.transcript(&a, &db), @r#"
    exit: 3
    --- stdout
    --- stderr
    to roll back: 1683578209210722_add_tag (backend-flask/db/migrations/1683578209210722_add_tag.py)
    Target: Postgres database 'DB'
      host: 127.0.0.1
      port: 5432
      user: postgres
      stamp: none (on this machine: treated as local)
    error: refusing to go on without confirmation: no terminal to ask "Roll back 1 migration(s) of 'DB' (their down SQL may drop columns and data)?"; pass --yes to confirm non-interactively
    "#);
    assert_eq!(ledger(&db).len(), 2);
    // The newest by time (May, the smaller number) is the one undone.
    let a = app
        .cmd(&db)
        .args(["db", "rollback", "--yes"])
        .assert()
        .success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    to roll back: 1683578209210722_add_tag (backend-flask/db/migrations/1683578209210722_add_tag.py)
    rolled back 1683578209210722_add_tag (1 statement(s), N ms)
    rolled back 1 migration(s) of 'DB'
    ");
    assert_eq!(ledger(&db), ["16812294605993273 add_note ran"]);
    assert_eq!(columns(&db, "users"), app_columns_and(&["note"]));
    // The next migrate applies exactly the one undone.
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!("migrate-after-rollback", app.transcript(&a, &db));
    assert_eq!(ledger(&db).len(), 2);
    // --to 0 undoes every one, newest first.
    let a = app
        .cmd(&db)
        .args(["-o", "json", "db", "rollback", "--to", "0", "--yes"])
        .assert()
        .success();
    let report = json_of(&a);
    let undone: Vec<&str> = report["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["version"].as_str().unwrap())
        .collect();
    assert_eq!(undone, ["1683578209210722", "16812294605993273"]);
    assert!(ledger(&db).is_empty());
}

#[test]
fn rollback_refuses_a_migration_without_down_sql_by_name() {
    let app = App::new();
    let db = app_db("mig_nodown");
    app.write(
        "20240101000000_keep.up.sql",
        "CREATE TABLE keep_me (x int);\n",
    );
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    let a = app
        .cmd(&db)
        .args(["db", "rollback", "--yes"])
        .assert()
        .code(2);
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 2
    --- stdout
    --- stderr
    error: cannot roll back 20240101000000_keep: it has no down SQL; nothing was rolled back; write 20240101000000_keep.down.sql beside it
    ");
    assert_eq!(ledger(&db).len(), 1);
    let a = app
        .cmd(&db)
        .args(["db", "rollback", "--steps", "5", "--yes"])
        .assert()
        .code(2);
    assert_eq!(assert_one_error_line(&a), "error: --steps 5 asks for more than the 1 applied migration(s); `cruddur db migrations` shows what is applied; `--to 0` undoes them all");
}

#[test]
fn changed_and_missing_files_stop_migrate_until_restored_or_accepted() {
    let app = App::new();
    let db = app_db("mig_changed");
    let first = app.write("20240101000000_one.up.sql", "CREATE TABLE one (x int);\n");
    app.write("20240102000000_two.up.sql", "CREATE TABLE two (x int);\n");
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    // Line endings alone change nothing.
    std::fs::write(&first, "CREATE TABLE one (x int);\r\n").unwrap();
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    std::fs::write(&first, "CREATE TABLE one (x bigint);\n").unwrap();
    app.write(
        "20240103000000_three.up.sql",
        "CREATE TABLE three (x int);\n",
    );
    let a = app.cmd(&db).args(["db", "migrate"]).assert().code(1);
    assert_eq!(
        assert_one_error_line(&a),
        "error: 20240101000000_one was changed after it was applied (backend-flask/db/migrations/20240101000000_one.up.sql); nothing was applied; restore the file as it was applied, or accept it as it is now with `cruddur db migrate --accept-changed 20240101000000`"
    );
    let a = app
        .cmd(&db)
        .args(["-o", "json", "db", "migrations"])
        .assert()
        .success();
    let states: Vec<String> = json_of(&a)["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m["version"].as_str().unwrap(),
                m["state"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            "20240101000000 changed",
            "20240102000000 applied",
            "20240103000000 pending"
        ]
    );
    // --check lists it too, and fails.
    app.cmd(&db)
        .args(["db", "migrate", "--check"])
        .assert()
        .code(1);
    let a = app
        .cmd(&db)
        .args(["db", "migrate", "--accept-changed", "20240101000000"])
        .assert()
        .success();
    insta::assert_snapshot!("accept-changed", app.transcript(&a, &db));
    assert_eq!(db.strings("SELECT count(*)::text FROM cruddur_schema_migrations WHERE accepted LIKE 'change accepted %'"), ["1"]);
    assert_eq!(ledger(&db).len(), 3);
    // A file gone: the same stop, the same way out.
    std::fs::remove_file(app.migrations().join("20240102000000_two.up.sql")).unwrap();
    let a = app.cmd(&db).args(["db", "migrate"]).assert().code(1);
    assert_eq!(
        assert_one_error_line(&a),
        "error: 20240102000000_two was applied but its file is gone; nothing was applied; restore the file, or accept its removal with `cruddur db migrate --accept-missing 20240102000000`"
    );
    app.cmd(&db)
        .args(["db", "migrate", "--accept-missing", "20240102000000"])
        .assert()
        .success();
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    // An accept that names nothing changed is a usage error.
    let a = app
        .cmd(&db)
        .args(["db", "migrate", "--accept-changed", "20240103000000"])
        .assert()
        .code(2);
    assert_eq!(assert_one_error_line(&a), "error: 20240103000000 is not a changed migration; `cruddur db migrations` shows each version's state");
}

#[test]
fn check_exits_1_listing_the_pending_and_0_when_up_to_date() {
    let app = App::new();
    let db = app_db("mig_check");
    app.write("20240101000000_one.up.sql", "CREATE TABLE one (x int);\n");
    let a = app
        .cmd(&db)
        .args(["-o", "json", "db", "migrate", "--check"])
        .assert()
        .code(1);
    let report = json_of(&a);
    assert_eq!(report["migrations"].as_array().unwrap().len(), 1);
    assert_eq!(report["migrations"][0]["version"], "20240101000000");
    assert_eq!(report["dry_run"], true);
    assert_eq!(
        db.strings("SELECT (to_regclass('public.one') IS NULL)::text"),
        ["true"]
    );
    assert_eq!(
        db.strings("SELECT (to_regclass('public.cruddur_schema_migrations') IS NULL)::text"),
        ["true"]
    );
    app.cmd(&db).args(["db", "migrate"]).assert().success();
    let a = app
        .cmd(&db)
        .args(["db", "migrate", "--check"])
        .assert()
        .success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    'DB' is up to date: 0 pending in backend-flask/db/migrations (1 applied)
    ");
}

#[test]
fn two_migrate_runs_at_once_apply_each_migration_once() {
    let app = App::new();
    let db = app_db("mig_race");
    app.write(
        "20240101000000_slow.up.sql",
        "SELECT pg_sleep(1.5);\nCREATE TABLE slow (x int);\n",
    );
    let spawn = || {
        let mut c = cruddur_process();
        c.current_dir(app.root())
            .env("CONNECTION_URL", &db.url)
            .args(["db", "migrate"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let outs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    assert_eq!(outs.len(), 2);
    let mut applied = 0;
    for out in &outs {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        applied += usize::from(err.contains("applied 20240101000000_slow"));
    }
    assert_eq!(applied, 1);
    assert_eq!(ledger(&db), ["20240101000000 slow ran"]);
}

#[test]
fn a_held_migration_lock_is_waited_for_up_to_the_lock_timeout_and_named() {
    let app = App::new();
    let db = app_db("mig_lock");
    app.write("20240101000000_one.up.sql", "CREATE TABLE one (x int);\n");
    let url = db.url.clone();
    let holder = block_on(async move {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&format!("{url}?application_name=the-holder"))
            .await
            .unwrap();
        sqlx::query("SELECT pg_advisory_lock(7165919031292684146)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn
    });
    let a = app
        .cmd(&db)
        .args(["db", "migrate", "--lock-timeout", "300ms"])
        .assert()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("migration-lock-held", app.transcript(&a, &db));
    assert_eq!(
        db.strings("SELECT (to_regclass('public.one') IS NULL)::text"),
        ["true"]
    );
    drop(holder);
}

#[test]
fn a_database_the_apps_scripts_migrated_is_taken_over_without_running_its_migrations() {
    let app = App::new();
    let db = app_db("mig_takeover");
    app.write(
        "16812294605993273_add_note.py",
        &legacy(
            "AddNote",
            "ALTER TABLE users ADD COLUMN note text;",
            Some("ALTER TABLE users DROP COLUMN note;"),
        ),
    );
    app.write(
        "16844665640237772_add_tag.py",
        &legacy("AddTag", "ALTER TABLE users ADD COLUMN tag text;", None),
    );
    // The app's own migrate ran the first one and moved its mark.
    db.exec("ALTER TABLE users ADD COLUMN note text; UPDATE schema_information SET last_successful_run = '16812294605993273'");
    let a = app.cmd(&db).args(["db", "migrations"]).assert().success();
    assert!(
        stderr_of(&a).starts_with("not recorded yet: `cruddur db migrate` would take over"),
        "{}",
        stderr_of(&a)
    );
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    took over from the app's schema_information (last_successful_run 16812294605993273): 1 legacy migration(s) recorded as applied without running them (16812294605993273)
    applied 16844665640237772_add_tag (1 statement(s), N ms)
    migrated 'DB': applied 1 migration(s) from backend-flask/db/migrations
    ");
    assert_eq!(
        ledger(&db),
        [
            "16812294605993273 add_note adopted",
            "16844665640237772 add_tag ran"
        ]
    );
}

#[test]
fn setup_runs_a_dropping_schema_only_on_an_empty_database_and_ends_migrated() {
    let app = App::new();
    let db = TestDb::named("mig_setup");
    app.write(
        "20240101000000_bio.up.sql",
        "ALTER TABLE users ADD COLUMN bio text;\n",
    );
    let a = app.cmd(&db).args(["db", "setup"]).assert().success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    create: created database 'DB' (stamp: local) (Ts)
    schema: ran 7 statements from backend-flask/db/schema.sql in one transaction (the database had no tables) (Ts)
    seed: ran 1 statements from backend-flask/db/seed.sql in one transaction (Ts)
    took over from the app's schema_information (last_successful_run 0): it marks no migration as run
    applied 20240101000000_bio (1 statement(s), N ms)
    migrate: applied 1 migration(s) from backend-flask/db/migrations (20240101000000) (Ts)
    update-cognito-user-ids: skipped: AWS_COGNITO_USER_POOL_ID is not set (Ts)
    ");
    assert_eq!(db.strings("SELECT count(*)::text FROM users"), ["4"]);
    db.exec("UPDATE users SET bio = 'kept' WHERE handle = 'adaone'");
    let a = app.cmd(&db).args(["db", "setup"]).assert().success();
    insta::assert_snapshot!(app.transcript(&a, &db), @r"
    exit: 0
    --- stdout
    --- stderr
    create: database 'DB' already exists, left as it is (stamp: local) (Ts)
    schema: skipped: backend-flask/db/schema.sql:2 drops tables and 'DB' already has 3 tables (public.activities, public.schema_information, public.users); setup never drops them (`cruddur db schema-load` recreates them) (Ts)
    seed: skipped: 4 users present (Ts)
    migrate: nothing pending in backend-flask/db/migrations (1 applied) (Ts)
    update-cognito-user-ids: skipped: AWS_COGNITO_USER_POOL_ID is not set (Ts)
    ");
    assert_eq!(
        db.strings("SELECT bio FROM users WHERE handle = 'adaone'"),
        ["kept"]
    );
    // schema-load recreates the tables and empties the ledger in one
    // transaction, so the next migrate applies every migration again.
    app.cmd(&db)
        .args(["db", "schema-load", "--yes"])
        .assert()
        .success();
    assert!(ledger(&db).is_empty());
    assert_eq!(columns(&db, "users"), app_columns_and(&[]));
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!("migrate-after-schema-load", app.transcript(&a, &db));
}

#[test]
fn new_migration_writes_an_empty_pair_and_makes_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = cruddur()
        .current_dir(dir.path())
        .args(["-o", "json", "db", "new-migration", "add_bio"])
        .assert()
        .success();
    let out = json_of(&a);
    let version = out["version"].as_str().unwrap().to_string();
    assert_eq!(version.len(), 14);
    assert_eq!(out["up"], format!("db/migrations/{version}_add_bio.up.sql"));
    assert_eq!(
        out["down"],
        format!("db/migrations/{version}_add_bio.down.sql")
    );
    let files: Vec<String> = std::fs::read_dir(dir.path().join("db/migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2);
    // A second one in the same second still sorts after the first.
    let a = cruddur()
        .current_dir(dir.path())
        .args(["-o", "json", "db", "generate-migration", "add_tag"])
        .assert()
        .success();
    assert!(json_of(&a)["version"].as_str().unwrap() > version.as_str());
    let a = cruddur()
        .current_dir(dir.path())
        .args(["db", "new-migration", "Add-Tag"])
        .assert()
        .code(2);
    assert!(stderr_of(&a).starts_with("error: invalid value 'Add-Tag' for '<NAME>': a migration name is lower-case letters, digits and '_', e.g. add_bio"));
}

#[test]
fn migration_folders_and_files_that_cannot_be_migrations_are_one_error_line() {
    let db = app_db("mig_bad");
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("20240101000000_a.up.sql", "SELECT 1;"), ("20240101000000_b.up.sql", "SELECT 1;")], "error: two migrations have the version 20240101000000: backend-flask/db/migrations/20240101000000_a.up.sql and backend-flask/db/migrations/20240101000000_b.up.sql; give one of them a new version (`cruddur db new-migration NAME` makes one) and move its SQL there"),
        (&[("1681229460_odd.py", "def migrate():\n  pass\n")], "error: backend-flask/db/migrations/1681229460_odd.py: no migrate_sql() holding a triple-quoted SQL string; a legacy migration defines migrate_sql() (and rollback_sql()) returning its SQL in \"\"\"...\"\"\""),
        (&[("1681229460_fstr.py", "def migrate_sql():\n  return f\"\"\"ALTER TABLE {x} ADD y int\"\"\"\n")], "error: backend-flask/db/migrations/1681229460_fstr.py:2: the SQL of migrate_sql() is an f-string, which only Python can read"),
        (&[("20240101000000_tx.up.sql", "SELECT 1;\nCOMMIT;\n")], "error: backend-flask/db/migrations/20240101000000_tx.up.sql:2: `COMMIT` commits the transaction midway; cruddur runs the whole file in one transaction of its own; remove it: cruddur begins the transaction before the first statement and commits after the last (or rolls back on the first error)"),
    ];
    let mut seen = 0;
    for (files, want) in cases {
        let app = App::new();
        for (name, text) in files {
            app.write(name, text);
        }
        let a = app.cmd(&db).args(["db", "migrate"]).assert().code(2);
        assert_eq!(assert_one_error_line(&a), want);
        seen += 1;
    }
    assert_eq!(seen, cases.len());
    assert!(ledger_absent(&db));
    // A migrations folder that is a file.
    let app = App::new();
    std::fs::remove_dir(app.migrations()).unwrap();
    std::fs::write(app.migrations(), "").unwrap();
    let a = app.cmd(&db).args(["db", "migrate"]).assert().code(2);
    assert_eq!(assert_one_error_line(&a), "error: the migrations folder backend-flask/db/migrations is a file, not a folder; name the folder that holds the migrations ([postgres] migrations in cruddur.toml)");
    // No folder at all.
    let empty = tempfile::tempdir().unwrap();
    let a = cruddur()
        .current_dir(empty.path())
        .env("CONNECTION_URL", &db.url)
        .args(["db", "migrate"])
        .assert()
        .code(2);
    assert_eq!(assert_one_error_line(&a), "error: no migrations folder: none is named and there is no db/migrations here or above (nor in a backend-flask/ folder); make one with `cruddur db new-migration NAME`, or name it: --migrations DIR or [postgres] migrations in cruddur.toml");
}

fn ledger_absent(db: &TestDb) -> bool {
    db.strings("SELECT (to_regclass('public.cruddur_schema_migrations') IS NULL)::text") == ["true"]
}

#[test]
fn a_user_who_cannot_create_the_ledger_is_told_what_to_grant() {
    let app = App::new();
    let db = app_db("mig_perm");
    app.write("20240101000000_one.up.sql", "SELECT 1;\n");
    let role = format!("mig_{:08x}", fastrand::u32(..));
    // It may read and write the tables, not create one.
    db.exec(&format!("CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CONNECT ON DATABASE {} TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}", db.name));
    let url = db.url.replacen("postgres@", &format!("{role}@"), 1);
    let a = app
        .cmd(&db)
        .env("CONNECTION_URL", &url)
        .args(["db", "migrate"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: cannot create the migrations ledger public.cruddur_schema_migrations in '{}': permission denied for schema public; run the migrations as the database's owner, or grant the user CREATE on schema public (GRANT CREATE ON SCHEMA public TO ...)", db.name)
    );
    assert!(ledger_absent(&db));
    drop(db);
    server_exec(&format!("DROP ROLE IF EXISTS {role}"));
}

#[test]
fn ctrl_c_during_a_migration_rolls_it_back_and_keeps_the_ledger_true() {
    let app = App::new();
    let db = app_db("mig_sigint");
    app.write(
        "20240101000000_quick.up.sql",
        "CREATE TABLE quick (x int);\n",
    );
    app.write(
        "20240102000000_slow.up.sql",
        "CREATE TABLE slow (x int);\nSELECT pg_sleep(30);\n",
    );
    let child = spawn_piped(
        cruddur_process()
            .current_dir(app.root())
            .env("CONNECTION_URL", &db.url)
            .args(["db", "migrate"]),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while db.strings("SELECT count(*)::text FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'") != ["1"] {
        assert!(std::time::Instant::now() < deadline, "the slow migration never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    send_signal(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert_eq!(
        stderr.lines().last().unwrap(),
        "interrupted: cancelled 20240102000000_slow's running statement; 20240102000000_slow was rolled back; 1 of 2 migration(s) applied and recorded; run `cruddur db migrate` again to finish"
    );
    assert_eq!(ledger(&db), ["20240101000000 quick ran"]);
    assert_eq!(
        db.strings("SELECT (to_regclass('public.slow') IS NULL)::text"),
        ["true"]
    );
    assert_eq!(
        db.strings(
            "SELECT count(*)::text FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'"
        ),
        ["0"]
    );
}

#[test]
fn no_transaction_files_run_statement_by_statement_and_say_so() {
    let app = App::new();
    let db = app_db("mig_notx");
    app.write(
        "20240101000000_index.up.sql",
        "-- cruddur: no-transaction\nCREATE INDEX CONCURRENTLY users_handle ON users (handle);\n",
    );
    let a = app.cmd(&db).args(["db", "migrate"]).assert().success();
    insta::assert_snapshot!("migrate-without-transaction", app.transcript(&a, &db));
    assert_eq!(
        db.strings("SELECT indexname::text FROM pg_indexes WHERE indexname = 'users_handle'"),
        ["users_handle"]
    );
}

#[test]
fn kill_all_ends_the_other_sessions_of_its_database_only() {
    let db = app_db("killall");
    let other = TestDb::empty("killall_other");
    // Two sessions held open by a thread of their own: one on the
    // database, one on another.
    let (pids_tx, pids_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let urls = (db.url.clone(), other.url.clone());
    let holder = std::thread::spawn(move || {
        block_on(async move {
            use sqlx::Connection;
            let mut mine = sqlx::PgConnection::connect(&urls.0).await.unwrap();
            let mut theirs = sqlx::PgConnection::connect(&urls.1).await.unwrap();
            let sql = "SELECT pg_backend_pid()";
            let pids = (
                sqlx::query_scalar::<_, i32>(sql)
                    .fetch_one(&mut mine)
                    .await
                    .unwrap(),
                sqlx::query_scalar::<_, i32>(sql)
                    .fetch_one(&mut theirs)
                    .await
                    .unwrap(),
            );
            pids_tx.send(pids).unwrap();
            let _ = done_rx.recv();
            drop((mine, theirs));
        })
    });
    let (mine, theirs) = pids_rx.recv().unwrap();
    let a = db.cli(&["db", "kill-all"]).assert().code(3);
    assert!(assert_one_error_line(&a).starts_with("error: refusing to go on without confirmation"));
    let a = db
        .cli(&["-o", "json", "db", "kill-all", "--yes"])
        .assert()
        .success();
    let report = json_of(&a);
    let sessions = report["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{report}");
    assert_eq!(sessions[0]["pid"], mine);
    assert_eq!(sessions[0]["result"], "ended");
    let alive = |pid: i32| {
        other.strings(&format!(
            "SELECT count(*)::text FROM pg_stat_activity WHERE pid = {pid}"
        )) == ["1"]
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while alive(mine) {
        assert!(
            std::time::Instant::now() < deadline,
            "the session on the database survived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(alive(theirs), "a session on another database was ended");
    done_tx.send(()).unwrap();
    holder.join().unwrap();
    let a = db.cli(&["db", "kill-all"]).assert().success();
    insta::assert_snapshot!(transcript_with(&a, &[(&db.name, "DB")]), @r"
    exit: 0
    --- stdout
    --- stderr
    no other session on 'DB': nothing to end
    ");
}

#[test]
fn a_project_file_with_a_mistake_is_one_error_line_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().display().to_string();
    let cases = [
        ("[postgres]\nschema = \"db/schema.sql\"\n", "error: ROOT/cruddur.toml:2: [postgres] schema names db/schema.sql, which does not exist; fix the path (relative to ROOT) or remove the key"),
        ("[postgres]\nmigration = \"db/migrations\"\n", "error: ROOT/cruddur.toml:2: unknown field `migration`, expected one of `schema`, `seed`, `migrations`; the keys are [postgres] schema, seed, migrations; [dynamodb] table, conversation; [seed] my_handle, other_handle (`cruddur init` writes a commented example)"),
    ];
    let mut seen = 0;
    for (text, want) in cases {
        std::fs::write(dir.path().join("cruddur.toml"), text).unwrap();
        std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
        // Found from a folder below it, for any command.
        let a = cruddur()
            .current_dir(dir.path().join("sub/deeper"))
            .args(["ddb", "list-tables"])
            .assert()
            .code(2);
        assert_eq!(assert_one_error_line(&a).replace(&root, "ROOT"), want);
        seen += 1;
    }
    assert_eq!(seen, cases.len());
}

#[test]
fn the_project_file_names_the_files_table_and_handles_and_init_writes_one() {
    let app = App::new();
    // init names what the app's layout holds, and never overwrites.
    let a = cruddur()
        .current_dir(app.root())
        .args(["init"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "cruddur.toml\n");
    let text = std::fs::read_to_string(app.root().join("cruddur.toml")).unwrap();
    // The app's schema and migrations, the table left at its default.
    insta::assert_snapshot!("init-cruddur-toml", text);
    let a = cruddur()
        .current_dir(app.root())
        .args(["init"])
        .assert()
        .code(1);
    assert_eq!(assert_one_error_line(&a), "error: refusing to overwrite cruddur.toml: it exists; edit it, or remove it and run `cruddur init` again");
    // The project file's values, with their lines, in doctor.
    std::fs::write(app.root().join("other-seed.sql"), SEED).unwrap();
    std::fs::write(
        app.root().join("cruddur.toml"),
        "[postgres]\nseed = \"other-seed.sql\"\n[dynamodb]\ntable = \"from-the-project\"\n[seed]\nmy_handle = \"adaone\"\n",
    )
    .unwrap();
    let a = cruddur()
        .current_dir(app.root().join("backend-flask"))
        .args(["-o", "json", "doctor"])
        .assert()
        .code(1);
    let rows = json_of(&a);
    let row = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["check"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        row("dynamodb")["target"]
            .as_str()
            .unwrap()
            .split(' ')
            .nth(2),
        Some("'from-the-project'")
    );
    assert_eq!(
        row("seed")["detail"],
        format!("{}:2", app.root().join("cruddur.toml").display())
    );
    assert_eq!(
        row("seed")["target"],
        app.root().join("other-seed.sql").display().to_string()
    );
    assert_eq!(row("schema")["detail"], "app layout");
    assert_eq!(row("conversation")["detail"], "built in");
    // A flag wins over the project file.
    let a = cruddur()
        .current_dir(app.root())
        .args(["--table", "from-the-flag", "-o", "json", "doctor"])
        .assert()
        .code(1);
    let rows = json_of(&a);
    assert!(rows[0]["target"]
        .as_str()
        .unwrap()
        .ends_with("'from-the-flag'"));
}
