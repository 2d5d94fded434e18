//! `ddb seed` and the access patterns against DynamoDB Local and PostgreSQL.

use std::io::Write;

use crate::support::*;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{Datelike, TimeZone, Utc};
use cruddur::model::MessageRow;
use serde_json::Value;
use uuid::Uuid;

const GROUP: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

fn all_items(table: &str) -> Vec<Value> {
    let a = cruddur()
        .args(["--table", table, "-o", "json", "ddb", "scan"])
        .assert()
        .success();
    json_of(&a).as_array().unwrap().clone()
}

/// `patterns create-message`: `handle` says `text` in the seeded conversation.
fn says<'a>(handle: &'a str, text: &'a str) -> [&'a str; 7] {
    [
        "patterns",
        "create-message",
        "--group",
        GROUP,
        "--handle",
        handle,
        text,
    ]
}

fn user_uuid(db: &TestDb, handle: &str) -> String {
    db.strings(&format!(
        "SELECT uuid::text FROM users WHERE handle = '{handle}'"
    ))[0]
        .clone()
}

fn seed(table: &TestTable, db: &TestDb, extra: &[&str]) -> assert_cmd::assert::Assert {
    db.cli(&["--table", &table.name, "-o", "json", "ddb", "seed"])
        .args(extra)
        .assert()
}

#[test]
fn seed_writes_the_conversation_with_every_attribute() {
    let (t, db) = (TestTable::loaded("seed"), TestDb::seeded("seed"));
    let file = conversation_file(7);
    let a = seed(&t, &db, &["--file", file.path().to_str().unwrap()]).success();
    let summary = json_of(&a);
    assert_eq!(summary["items_written"], 9);
    assert_eq!(summary["messages"], 7);
    assert_eq!(
        (
            summary["my_handle"].as_str(),
            summary["other_handle"].as_str()
        ),
        (Some("andrewbrown"), Some("bayko"))
    );

    let items = all_items(&t.name);
    assert_eq!(items.len(), 2 + 7);
    let (me, other) = (user_uuid(&db, "andrewbrown"), user_uuid(&db, "bayko"));
    let groups: Vec<&Value> = items
        .iter()
        .filter(|i| i["pk"].as_str().unwrap().starts_with("GRP#"))
        .collect();
    let messages: Vec<&Value> = items
        .iter()
        .filter(|i| i["pk"].as_str().unwrap().starts_with("MSG#"))
        .collect();
    assert_eq!((groups.len(), messages.len()), (2, 7));

    let mut last_sk = String::new();
    for m in &messages {
        assert_eq!(m["pk"], format!("MSG#{GROUP}"));
        assert!(
            is_sk_format(m["sk"].as_str().unwrap()),
            "sk format: {}",
            m["sk"]
        );
        assert!(
            m.get("message_group_uuid").is_none(),
            "message rows stay out of the GSI: {m}"
        );
        for attr in [
            "message_uuid",
            "message",
            "user_uuid",
            "user_display_name",
            "user_handle",
        ] {
            assert!(m[attr].is_string(), "{attr} missing in {m}");
        }
        let sk = m["sk"].as_str().unwrap().to_string();
        if sk > last_sk {
            last_sk = sk;
        }
    }
    let first = messages
        .iter()
        .find(|m| m["message"] == "line number 0")
        .unwrap();
    assert_eq!(first["user_handle"], "andrewbrown");
    assert_eq!(first["user_uuid"], me.as_str());
    let second = messages
        .iter()
        .find(|m| m["message"] == "line number 1")
        .unwrap();
    assert_eq!(second["user_display_name"], "Andrew Bayko");

    for g in &groups {
        assert_eq!(g["message_group_uuid"], GROUP);
        assert_eq!(
            g["sk"],
            last_sk.as_str(),
            "group rows carry the last message's time"
        );
        assert_eq!(g["message"], "line number 6");
        // Each participant's row names the other one.
        let owner = g["pk"].as_str().unwrap().trim_start_matches("GRP#");
        let named = g["user_uuid"].as_str().unwrap();
        if owner == me {
            assert_eq!(named, other);
            assert_eq!(g["user_handle"], "bayko");
        } else {
            assert_eq!(owner, other);
            assert_eq!(named, me);
            assert_eq!(g["user_handle"], "andrewbrown");
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, exactly.
fn is_sk_format(s: &str) -> bool {
    {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            r.into_iter()
                .all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
        };
        b.len() == 32
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19)
            && b[19] == b'.'
            && digits(20..26)
            && &s[26..] == "+00:00"
    }
}

#[test]
fn seeding_twice_leaves_the_same_items() {
    let (t, db) = (TestTable::loaded("seedtwice"), TestDb::seeded("seedtwice"));
    seed(&t, &db, &[]).success();
    let first = all_items(&t.name).len();
    assert!(
        first >= 92,
        "built-in conversation of about a hundred lines: {first}"
    );
    // A message written by something else survives a re-seed.
    db.cli(&["--table", &t.name])
        .args(says("bayko", "extra"))
        .assert()
        .success();
    let a = seed(&t, &db, &[]).success();
    assert_eq!(
        json_of(&a)["earlier_rows_removed"].as_u64().unwrap() as usize,
        first
    );
    let items = all_items(&t.name);
    assert_eq!(items.len(), first + 1);
    assert!(items.iter().any(|i| i["message"] == "extra"));

    // Users reloaded with new uuids: the old group rows are replaced, not kept beside the new.
    db.exec(include_str!("../../sql/schema.sql"));
    db.exec(include_str!("../../sql/seed.sql"));
    seed(&t, &db, &[]).success();
    let items = all_items(&t.name);
    let groups: Vec<&Value> = items
        .iter()
        .filter(|i| i["pk"].as_str().unwrap().starts_with("GRP#"))
        .collect();
    assert_eq!(groups.len(), 2);
    let me = user_uuid(&db, "andrewbrown");
    assert!(groups.iter().any(|g| g["pk"] == format!("GRP#{me}")));
}

#[test]
fn dry_run_writes_nothing() {
    let (t, db) = (TestTable::loaded("dryrun"), TestDb::seeded("dryrun"));
    let a = seed(&t, &db, &["--dry-run"]).success();
    let out = json_of(&a);
    let planned = out["items"].as_array().unwrap().len();
    assert!(planned > 90);
    assert_eq!(out["plan"]["items"], planned);
    insta::assert_snapshot!(
        "dry-run-stderr",
        stable(&stderr_of(&a), &[(&t.name, "TABLE"), (&db.name, "DB")])
    );
    assert!(all_items(&t.name).is_empty());
}

#[test]
fn prod_seed_reads_prod_connection_url() {
    let (t, db) = (TestTable::loaded("prodseed"), TestDb::seeded("prodseed"));
    let file = conversation_file(3);
    // The local URL points nowhere: --prod must not use it.
    cruddur()
        .env(
            "CONNECTION_URL",
            "postgresql://postgres@127.0.0.1:1/nothing",
        )
        .env("PROD_CONNECTION_URL", &db.url)
        .args([
            "--prod",
            "--table",
            &t.name,
            "ddb",
            "seed",
            "--yes",
            "--file",
            file.path().to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(all_items(&t.name).len(), 5);

    // Without --yes and no terminal, --prod seed refuses and writes nothing.
    let t2 = TestTable::loaded("prodseed2");
    let a = db
        .prod_cli(&["--table", &t2.name, "ddb", "seed"])
        .assert()
        .code(3);
    assert_one_error_line(&a);
    assert!(all_items(&t2.name).is_empty());
}

#[test]
fn bad_input_fails_cleanly_with_nothing_written() {
    let (t, db) = (TestTable::loaded("badseed"), TestDb::seeded("badseed"));

    let a = seed(&t, &db, &["--other-handle", "nobody"]).code(1);
    let names = [(db.name.as_str(), "DB"), (t.name.as_str(), "TABLE")];
    insta::assert_snapshot!("seed-unknown-handle", transcript_with(&a, &names));

    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "Person 1: fine\nPerson 2: also fine\nNarrator: not fine").unwrap();
    let path = f.path().to_str().unwrap().to_string();
    let a = seed(&t, &db, &["--file", &path]).code(2);
    let names = [(path.as_str(), "FILE"), (t.name.as_str(), "TABLE")];
    insta::assert_snapshot!("seed-bad-line", transcript_with(&a, &names));

    let a = t.cli(&["ddb", "seed"]).assert().code(2);
    insta::assert_snapshot!("seed-without-connection-url", transcript(&a));

    let a = cruddur()
        .env(
            "CONNECTION_URL",
            "postgresql://postgres@127.0.0.1:1/cruddur",
        )
        .args(["--table", &t.name, "ddb", "seed"])
        .assert()
        .code(1);
    insta::assert_snapshot!("seed-db-unreachable", transcript(&a));

    assert!(all_items(&t.name).is_empty(), "nothing was written");
}

#[test]
fn get_conversations_shows_the_newest_oldest_first_and_last_years_messages() {
    let (t, db) = (TestTable::loaded("getconv"), TestDb::seeded("getconv"));
    let file = conversation_file(30);
    seed(&t, &db, &["--file", file.path().to_str().unwrap()]).success();
    let a = t
        .cli(&[
            "-o",
            "json",
            "patterns",
            "get-conversations",
            "--limit",
            "5",
        ])
        .assert()
        .success();
    let out = json_of(&a);
    let texts: Vec<&str> = out["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "line number 25",
            "line number 26",
            "line number 27",
            "line number 28",
            "line number 29"
        ]
    );
    assert!(out["consumed_capacity"].as_f64().is_some());
    let m = &out["messages"][0];
    for field in ["uuid", "display_name", "handle", "message", "created_at"] {
        assert!(m[field].is_string(), "{field} in {m}");
    }

    // A conversation whose messages are all from last year is still found.
    let group = Uuid::new_v4();
    let last_year = Utc::now().year() - 1;
    put_message(
        &t.name,
        group,
        Utc.with_ymd_and_hms(last_year, 12, 31, 23, 0, 0).unwrap(),
        "old news",
    );
    put_message(
        &t.name,
        group,
        Utc.with_ymd_and_hms(last_year, 6, 1, 12, 0, 0).unwrap(),
        "older news",
    );
    let a = t
        .cli(&[
            "-o",
            "json",
            "patterns",
            "get-conversations",
            &group.to_string(),
        ])
        .assert()
        .success();
    let texts: Vec<String> = json_of(&a)["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, ["older news", "old news"]);

    // --all follows every page; the table view shows handle, time, message.
    assert_eq!(
        t.json(&["patterns", "get-conversations", "--all"])["messages"]
            .as_array()
            .unwrap()
            .len(),
        30
    );
    let a = t.cli(&["patterns", "get-conversations"]).assert().success();
    let rows = table_rows(&stdout_of(&a));
    let last = rows.last().expect("rows");
    assert_eq!(rows[0][0], "handle", "{rows:?}");
    assert_eq!(
        (last[0].as_str(), last.last().map(String::as_str)),
        ("bayko", Some("line number 29")),
        "{rows:?}"
    );
    insta::assert_snapshot!(
        "get-conversations-stderr",
        stable(&stderr_of(&a), &[(&t.name, "TABLE")])
    );
}

#[test]
fn list_conversations_shows_the_other_participant() {
    let (t, db) = (TestTable::loaded("listconv"), TestDb::seeded("listconv"));
    seed(&t, &db, &[]).success();
    let a = db
        .cli(&[
            "--table",
            &t.name,
            "-o",
            "json",
            "patterns",
            "list-conversations",
        ])
        .assert()
        .success();
    let list = json_of(&a);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["uuid"], GROUP);
    assert_eq!(list[0]["handle"], "bayko");
    assert_eq!(list[0]["display_name"], "Andrew Bayko");
    assert!(list[0]["message"].is_string() && list[0]["created_at"].is_string());

    let a = db
        .cli(&[
            "--table",
            &t.name,
            "patterns",
            "list-conversations",
            "bayko",
        ])
        .assert()
        .success();
    let rows = table_rows(&stdout_of(&a));
    let handle = rows[0]
        .iter()
        .position(|h| h == "with")
        .unwrap_or_else(|| panic!("no `with` column: {rows:?}"));
    let handles: Vec<&str> = rows[1..].iter().map(|r| r[handle].as_str()).collect();
    assert_eq!(handles, ["andrewbrown"], "{rows:?}");

    let a = db
        .cli(&[
            "--table",
            &t.name,
            "patterns",
            "list-conversations",
            "ghost",
        ])
        .assert()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!(
        "list-conversations-of-a-stranger",
        transcript_with(&a, &[(&t.name, "TABLE"), (&db.name, "DB")])
    );
}

/// Display columns of each `|` in a line of an ASCII table.
fn separator_columns(line: &str) -> Vec<usize> {
    let mut col = 0;
    let mut at = Vec::new();
    for c in line.chars() {
        if c == '|' {
            at.push(col);
        }
        col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    at
}

#[test]
fn list_conversations_aligns_wide_display_names_and_messages() {
    let (t, db) = (TestTable::loaded("listwide"), TestDb::seeded("listwide"));
    db.exec(
        "UPDATE public.users SET display_name = '山田太郎' WHERE handle = 'bayko';
         UPDATE public.users SET display_name = 'ロンド・モラリ' WHERE handle = 'londo';",
    );
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "Person 1: はじめまして").unwrap();
    writeln!(
        file,
        "Person 2: 東京の天気はどうですか。こちらは一日中雨が降っていて、とても寒いです。"
    )
    .unwrap();
    seed(&t, &db, &["--file", file.path().to_str().unwrap()]).success();
    db.cli(&["--table", &t.name, "patterns", "create-message-group"])
        .args(["--handle", "andrewbrown", "--to", "londo", "short one"])
        .assert()
        .success();

    let a = db
        .cli(&["--table", &t.name, "patterns", "list-conversations"])
        .assert()
        .success();
    let out = stdout_of(&a);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "header, rule and two rows:\n{out}");
    let rows = table_rows(&out);
    let name = rows[0]
        .iter()
        .position(|h| h == "name")
        .unwrap_or_else(|| panic!("no name column: {rows:?}"));
    let mut names: Vec<&str> = rows[1..].iter().map(|r| r[name].as_str()).collect();
    names.sort();
    assert_eq!(names, ["ロンド・モラリ", "山田太郎"], "{out}");
    let header = separator_columns(lines[0]);
    assert_eq!(header.len(), 6, "five columns:\n{out}");
    for line in &lines[1..] {
        assert_eq!(
            separator_columns(line),
            header,
            "columns out of line:\n{out}"
        );
    }
    // The long message is cut to 50 columns (25 wide characters), not 50 characters.
    let row = rows[1..]
        .iter()
        .find(|r| r[name] == "山田太郎")
        .expect("a row for bayko");
    let message = row[2].as_str();
    assert!(message.ends_with('…'), "{message}");
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(message),
        49,
        "{message}"
    );
}

#[test]
fn written_messages_read_back_through_the_patterns() {
    let (t, db) = (TestTable::loaded("writes"), TestDb::seeded("writes"));
    seed(&t, &db, &[]).success();
    let run = |args: &[&str]| {
        db.cli(&["--table", &t.name, "-o", "json"])
            .args(args)
            .assert()
    };

    // Pattern C: a message in the seeded conversation is its newest.
    let a = run(&says("bayko", "Running late!")).success();
    let created = json_of(&a);
    let a = run(&["patterns", "get-conversations", "--limit", "1"]).success();
    let newest = &json_of(&a)["messages"][0];
    assert_eq!(newest["message"], "Running late!");
    assert_eq!(newest["handle"], "bayko");
    assert_eq!(newest["uuid"], created["uuid"]);

    // Only a participant may write to a conversation.
    let a = run(&says("londo", "hi")).code(2);
    assert_one_error_line(&a);

    // Pattern D: a new conversation shows in both participants' lists.
    let a = run(&[
        "patterns",
        "create-message-group",
        "--handle",
        "andrewbrown",
        "--to",
        "londo",
        "Fancy a ride?",
    ])
    .success();
    let group = json_of(&a)["message_group_uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let a = run(&["patterns", "list-conversations", "londo"]).success();
    let list = json_of(&a);
    assert_eq!(list[0]["uuid"], group.as_str());
    assert_eq!(list[0]["handle"], "andrewbrown");
    assert_eq!(list[0]["message"], "Fancy a ride?");
    let a = run(&["patterns", "list-conversations", "andrewbrown"]).success();
    let list = json_of(&a);
    let handles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, ["londo", "bayko"], "newest conversation first");
    let a = run(&["patterns", "get-conversations", &group]).success();
    let msgs = json_of(&a);
    assert_eq!(msgs["messages"].as_array().unwrap().len(), 1);
    assert_eq!(msgs["messages"][0]["handle"], "andrewbrown");

    // The app's 1024-character limit.
    let before = all_items(&t.name).len();
    let long = "x".repeat(1025);
    let a = run(&says("bayko", &long)).code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!("message-too-long", t.transcript(&a));
    let a = run(&[
        "patterns",
        "create-message-group",
        "--handle",
        "bayko",
        "--to",
        "londo",
        &long,
    ])
    .code(2);
    assert_one_error_line(&a);
    assert_eq!(all_items(&t.name).len(), before, "nothing written");
}

#[test]
fn seed_rows_parse_as_the_shared_model() {
    // What seed writes reads back through the model the app's shapes are defined in.
    let (t, db) = (TestTable::loaded("model"), TestDb::seeded("model"));
    let written = json_of(&seed(&t, &db, &[]).success())["items_written"]
        .as_u64()
        .unwrap();
    let items = block_on(async { ddb().scan().table_name(&t.name).send().await }).unwrap();
    assert!(written > 2);
    assert_eq!(
        items.items().len() as u64,
        written,
        "one page holds them all"
    );
    for item in items.items() {
        let pk = match item.get("pk") {
            Some(AttributeValue::S(s)) => s.clone(),
            _ => panic!("no pk"),
        };
        if pk.starts_with("MSG#") {
            MessageRow::from_item(item).expect("message row");
        } else {
            cruddur::model::MessageGroupRow::from_item(item).expect("group row");
        }
    }
}

#[test]
fn hostile_display_names_are_escaped_in_tables() {
    let (t, db) = (TestTable::loaded("escape"), TestDb::seeded("escape"));
    db.exec("UPDATE users SET display_name = 'Evil' || chr(27) || '[2J' || chr(27) || ']0;owned' || chr(7) || chr(8238) || 'x' WHERE handle = 'bayko'");
    seed(&t, &db, &[]).success();
    let table = db
        .cli(&[
            "--table",
            &t.name,
            "patterns",
            "list-conversations",
            "andrewbrown",
        ])
        .assert()
        .success();
    let out = &table.get_output().stdout;
    assert!(
        !out.contains(&0x1b) && !out.contains(&0x07),
        "raw control bytes in the table"
    );
    let text = stdout_of(&table);
    assert!(
        text.contains("Evil\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{202e}x"),
        "{text}"
    );
    // JSON escapes by nature and keeps the value exact.
    let a = db
        .cli(&[
            "--table",
            &t.name,
            "-o",
            "json",
            "patterns",
            "list-conversations",
            "andrewbrown",
        ])
        .assert()
        .success();
    assert!(!a.get_output().stdout.contains(&0x1b));
    let rows = json_of(&a);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let shown = rows[0].to_string();
    assert!(shown.contains("Evil\\u001b[2J"), "{shown}");
}

#[test]
fn a_seed_file_with_a_byte_order_mark_is_read() {
    let (t, db) = (TestTable::loaded("bom"), TestDb::seeded("bom"));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(b"\xef\xbb\xbfPerson 1: first line\r\nPerson 2: second line\r\n")
        .unwrap();
    let a = seed(&t, &db, &["--file", f.path().to_str().unwrap()]).success();
    assert_eq!(json_of(&a)["messages"], 2);
    let items = all_items(&t.name);
    assert_eq!(items.len(), 4);
    assert!(
        items.iter().any(|i| i["message"] == "first line"),
        "{items:?}"
    );
}

#[test]
fn seed_reads_the_conversation_from_stdin_with_file_dash() {
    let (t, db) = (TestTable::loaded("seedstdin"), TestDb::seeded("seedstdin"));
    let a = db
        .cli(&[
            "--table", &t.name, "-o", "json", "ddb", "seed", "--file", "-",
        ])
        .write_stdin("Person 1: from stdin\nPerson 2: also from stdin\nPerson 1: third\n")
        .assert()
        .success();
    assert_eq!(json_of(&a)["messages"], 3);
    let items = all_items(&t.name);
    assert_eq!(items.len(), 5, "three messages and two group rows");
    let mut messages: Vec<&str> = items.iter().filter_map(|i| i["message"].as_str()).collect();
    messages.sort();
    assert_eq!(
        messages,
        ["also from stdin", "from stdin", "third", "third", "third"]
    );
}
