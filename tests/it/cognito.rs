//! `cognito list-users` and `db update-cognito-user-ids` against moto and PostgreSQL.

use crate::support::pool::{delete_pool, pool_with, sub_of, NewUser};
use crate::support::*;
use assert_cmd::assert::Assert;

fn user<'a>(username: &'a str, handle: Option<&'a str>) -> NewUser<'a> {
    NewUser {
        username,
        handle,
        email: None,
    }
}

#[test]
fn list_users_returns_every_page_and_users_without_a_handle() {
    let names: Vec<String> = (0..65).map(|i| format!("user{i:03}")).collect();
    let mut users: Vec<NewUser> = names
        .iter()
        .map(|n| NewUser {
            username: n,
            handle: Some(n),
            email: Some("someone@example.com"),
        })
        .collect();
    users.push(user("nohandle", None));
    let pool_id = pool_with(&users);

    let a = cruddur()
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["--output", "json", "cognito", "list-users"])
        .assert()
        .success();
    let out = json_of(&a);
    let list = out.as_array().expect("a JSON array");
    assert_eq!(list.len(), 66, "all pages, not just the first 60");
    let first = list
        .iter()
        .find(|u| u["username"] == "user000")
        .expect("user000");
    assert_eq!(first["preferred_username"], "user000");
    assert_eq!(first["email"], "someone@example.com");
    assert!(first["sub"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(first["status"].is_string());
    let bare = list
        .iter()
        .find(|u| u["username"] == "nohandle")
        .expect("the user without preferred_username is listed");
    assert!(bare["preferred_username"].is_null());

    // Table output, pool from the flag.
    let a = cruddur()
        .args(["cognito", "list-users", "--user-pool-id", &pool_id])
        .assert()
        .success();
    let text = stdout_of(&a);
    let rows = table_rows(&text);
    assert_eq!(rows.len(), 67, "a header and a row per user:\n{text}");
    assert_eq!(
        rows[0],
        ["username", "preferred_username", "sub", "status", "email"]
    );
    let mut usernames: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    usernames.sort();
    let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
    want.push("nohandle");
    want.sort();
    assert_eq!(usernames, want);
    let err = stderr_of(&a);
    delete_pool(&pool_id);
    insta::assert_snapshot!("list-users-stderr", stable(&err, &[(&pool_id, "POOL")]));
}

#[test]
fn list_users_without_a_pool_id_is_one_error_line() {
    let a = cruddur().args(["cognito", "list-users"]).assert().failure();
    insta::assert_snapshot!("list-users-without-pool", transcript(&a));
}

#[test]
fn list_users_of_a_missing_pool_is_one_error_line() {
    let a = cruddur()
        .args([
            "cognito",
            "list-users",
            "--user-pool-id",
            "us-east-1_nosuchpool",
        ])
        .assert()
        .failure();
    insta::assert_snapshot!("list-users-missing-pool", transcript(&a));
}

#[test]
fn list_users_without_a_region_says_so() {
    let a = cruddur()
        .env_remove("AWS_REGION")
        .args(["cognito", "list-users", "--user-pool-id", "us-east-1_x"])
        .assert()
        .failure();
    insta::assert_snapshot!("list-users-without-region", transcript(&a));
}

/// A transcript of a run on `db` and the pool: the database, the pool and
/// each named user's sub (`SUB_<username>`) replaced by stable words.
fn transcript_of(a: &Assert, db: &TestDb, pool_id: &str, usernames: &[&str]) -> String {
    let subs: Vec<(String, String)> = usernames
        .iter()
        .map(|u| (sub_of(pool_id, u), format!("SUB_{u}")))
        .collect();
    let mut names: Vec<(&str, &str)> = subs.iter().map(|(s, w)| (s.as_str(), w.as_str())).collect();
    names.extend([(pool_id, "POOL"), (db.name.as_str(), "DB")]);
    transcript_with(a, &names)
}

fn ids(db: &TestDb) -> Vec<String> {
    db.strings(
        "SELECT handle || '=' || cognito_user_id FROM users ORDER BY handle, cognito_user_id",
    )
}

#[test]
fn update_cognito_user_ids_links_reports_and_is_idempotent() {
    let db = TestDb::seeded("cognito_ids");
    // A second 'londo' row makes that handle ambiguous.
    db.exec("INSERT INTO users (display_name, handle, email, cognito_user_id) VALUES ('Other Londo', 'londo', 'l2@example.com', 'MOCK')");
    let pool_id = pool_with(&[
        user("andrew", Some("andrewbrown")),
        user("bayko-cognito", Some("bayko")),
        user("londo-cognito", Some("londo")),
        user("stranger", Some("nosuchhandle")),
        user("anonymous", None),
    ]);
    let andrew = sub_of(&pool_id, "andrew");
    let bayko = sub_of(&pool_id, "bayko-cognito");
    let before = ids(&db);

    // Dry run: reports, writes nothing.
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["-o", "json", "db", "update-cognito-user-ids", "--dry-run"])
        .assert()
        .success();
    let r = json_of(&a);
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["linked"].as_array().unwrap().len(), 2);
    assert_eq!(r["rows_updated"], 0);
    assert_eq!(ids(&db), before, "a dry run writes nothing");

    // The real run.
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["-o", "json", "db", "update-cognito-user-ids"])
        .assert()
        .success();
    let r = json_of(&a);
    assert_eq!(r["rows_updated"], 2);
    assert_eq!(r["cognito_users"], 5);
    assert_eq!(r["unmatched_cognito_users"][0]["username"], "stranger");
    assert_eq!(
        r["cognito_users_without_handle"][0]["username"],
        "anonymous"
    );
    assert_eq!(r["ambiguous_handles"][0]["handle"], "londo");
    assert_eq!(r["ambiguous_handles"][0]["rows"], 2);
    let mut want = vec![
        format!("andrewbrown={andrew}"),
        format!("bayko={bayko}"),
        "londo=MOCK".to_string(),
        "londo=MOCK".to_string(),
    ];
    want.sort();
    let mut got = ids(&db);
    got.sort();
    assert_eq!(got, want);

    // Again: nothing left to change.
    let a = db
        .cli(&["db", "update-cognito-user-ids", "--user-pool-id", &pool_id])
        .assert()
        .success();
    let everyone = [
        "andrew",
        "bayko-cognito",
        "londo-cognito",
        "stranger",
        "anonymous",
    ];
    let text = transcript_of(&a, &db, &pool_id, &everyone);
    delete_pool(&pool_id);
    insta::assert_snapshot!("link-again", text);
}

#[test]
fn update_cognito_user_ids_without_a_pool_id_is_one_error_line() {
    let db = TestDb::seeded("cognito_nopool");
    let a = db
        .cli(&["db", "update-cognito-user-ids"])
        .assert()
        .failure();
    insta::assert_snapshot!("link-without-pool", transcript(&a));
}

#[test]
fn update_cognito_user_ids_without_the_schema_changes_nothing() {
    let db = TestDb::empty("cognito_noschema");
    let pool_id = pool_with(&[user("andrew", Some("andrewbrown"))]);
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["db", "update-cognito-user-ids"])
        .assert()
        .failure();
    let text = transcript_with(&a, &[(db.name.as_str(), "DB")]);
    delete_pool(&pool_id);
    insta::assert_snapshot!("link-without-schema", text);
}

#[test]
fn setup_links_cognito_users_when_the_pool_is_set() {
    let db = TestDb::named("setup_cognito");
    let pool_id = pool_with(&[user("andrew", Some("andrewbrown"))]);
    let andrew = sub_of(&pool_id, "andrew");
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["db", "setup"])
        .assert()
        .success();
    insta::assert_snapshot!("setup-links", transcript_of(&a, &db, &pool_id, &["andrew"]));
    assert_eq!(
        ids(&db),
        [
            format!("andrewbrown={andrew}"),
            "bayko=MOCK".to_string(),
            "londo=MOCK".to_string()
        ]
    );
    delete_pool(&pool_id);
}

#[test]
fn a_linked_row_is_never_relinked_to_a_newcomer_without_relink() {
    let db = TestDb::seeded("cognito_hijack");
    // andrewbrown renamed himself in Cognito to 'andrew2'; a newcomer took
    // the handle 'andrewbrown'. The row keeps the original sub.
    let pool_id = pool_with(&[
        user("original", Some("andrew2")),
        user("newcomer", Some("andrewbrown")),
    ]);
    let original = sub_of(&pool_id, "original");
    let newcomer = sub_of(&pool_id, "newcomer");
    db.exec(&format!(
        "UPDATE users SET cognito_user_id = '{original}' WHERE handle = 'andrewbrown'; \
         INSERT INTO users (display_name, handle, email, cognito_user_id) VALUES ('Andrew', 'andrew2', 'a2@example.com', 'MOCK'); \
         UPDATE users SET cognito_user_id = 'dup-sub' WHERE handle IN ('bayko', 'londo')"
    ));
    let before = ids(&db);
    assert_eq!(before.len(), 4);
    let run = |extra: &[&str]| {
        cruddur()
            .env("CONNECTION_URL", &db.url)
            .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
            .args(["-o", "json", "db", "update-cognito-user-ids"])
            .args(extra)
            .assert()
            .success()
    };
    let r = json_of(&run(&[]));
    assert_eq!(r["rows_updated"], 0, "{r:#}");
    let conflicts = r["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2, "{r:#}");
    let hijack = conflicts
        .iter()
        .find(|c| c["handle"] == "andrewbrown")
        .unwrap();
    assert_eq!(hijack["current"], original.as_str());
    assert_eq!(hijack["sub"], newcomer.as_str());
    insta::assert_snapshot!(
        "conflicts-json",
        stable(
            &serde_json::to_string_pretty(&r).unwrap(),
            &[
                (&original, "SUB_original"),
                (&newcomer, "SUB_newcomer"),
                (&pool_id, "POOL"),
            ]
        )
    );
    assert_eq!(r["duplicate_subs"].as_array().unwrap().len(), 1);
    assert_eq!(
        r["duplicate_subs"][0]["handles"],
        serde_json::json!(["bayko", "londo"])
    );
    assert_eq!(ids(&db), before, "nothing was relinked");

    // The table shows the conflicts too.
    let a = cruddur()
        .env("CONNECTION_URL", &db.url)
        .env("AWS_COGNITO_USER_POOL_ID", &pool_id)
        .args(["db", "update-cognito-user-ids"])
        .assert()
        .success();
    insta::assert_snapshot!(
        "conflicts",
        transcript_of(&a, &db, &pool_id, &["original", "newcomer"])
    );

    // Naming the row relinks it.
    let r = json_of(&run(&["--relink", "andrewbrown"]));
    assert_eq!(r["rows_updated"], 1, "{r:#}");
    assert_eq!(
        ids(&db),
        [
            "andrew2=MOCK".to_string(),
            format!("andrewbrown={newcomer}"),
            "bayko=dup-sub".to_string(),
            "londo=dup-sub".to_string(),
        ]
    );
    delete_pool(&pool_id);
}

#[test]
fn control_characters_from_cognito_are_escaped_in_tables() {
    let pool_id = pool_with(&[user("evil", Some("x\u{1b}[31mred"))]);
    let a = cruddur()
        .args(["cognito", "list-users", "--user-pool-id", &pool_id])
        .assert()
        .success();
    assert!(!a.get_output().stdout.contains(&0x1b), "{}", stdout_of(&a));
    assert!(
        stdout_of(&a).contains("x\\u{1b}[31mred"),
        "{}",
        stdout_of(&a)
    );
    delete_pool(&pool_id);
}
