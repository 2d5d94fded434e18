//! Patterns A and B past one page: `get-conversations --limit N` and
//! `list-conversations` page until they have N (DynamoDB ends a page at
//! 1 MB) and say how many more there are; `--all` reads every page.

use serde_json::Value;

use crate::support::*;

fn seed_synthetic(table: &TestTable, db: &TestDb, shape: &[&str]) {
    db.cli(&["--table", &table.name, "ddb", "seed", "--synthetic"])
        .args(shape)
        .args(["--with-postgres", "--random-seed", "5"])
        .assert()
        .success();
}

fn run_json(table: &TestTable, db: &TestDb, args: &[&str]) -> (Value, String) {
    let a = db
        .cli(&["--table", &table.name, "-o", "json", "patterns"])
        .args(args)
        .assert()
        .success();
    // With --output json every stderr line is a JSON object: the notes' text.
    let notes: Vec<String> = stderr_of(&a)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            v["note"].as_str().expect("a note").to_string()
        })
        .collect();
    (json_of(&a), notes.join("\n"))
}

/// The number of requests a note reports: `... (N request(s)`.
fn requests_in(note: &str) -> u32 {
    let at = note.find(" request(s)").expect("a request count");
    note[..at]
        .rsplit('(')
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

#[test]
fn a_limit_past_one_page_means_that_many_messages_and_says_how_many_are_older() {
    let (t, db) = (
        TestTable::loaded_without_stream("pagemsg"),
        TestDb::seeded("pagemsg"),
    );
    // One conversation of 8,000 messages: about three 1 MB pages.
    seed_synthetic(
        &t,
        &db,
        &["--users", "2", "--conversations", "1", "--messages", "8000"],
    );
    let group = t
        .items()
        .iter()
        .find_map(|i| {
            i.get("message_group_uuid")
                .map(|v| v.as_s().unwrap().clone())
        })
        .expect("a group row");

    let (all, note) = run_json(&t, &db, &["get-conversations", &group, "--all"]);
    let every = all["messages"].as_array().unwrap();
    assert_eq!(every.len(), 8000);
    assert_eq!(all["more"], 0);
    assert!(requests_in(&note) >= 2, "--all read every page: {note}");
    let times: Vec<&str> = every
        .iter()
        .map(|m| m["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "oldest first");

    let (newest, note) = run_json(&t, &db, &["get-conversations", &group, "--limit", "5000"]);
    let shown = newest["messages"].as_array().unwrap();
    assert_eq!(shown.len(), 5000, "--limit 5000 means 5,000");
    assert_eq!(shown[..], every[3000..], "the newest 5,000, oldest first");
    assert_eq!(newest["more"], 3000);
    assert!(newest["counting_capacity"].as_f64().unwrap() > 0.0);
    // Two pages at least for 5,000, and the count of the rest.
    assert!(requests_in(&note) >= 3, "{note}");
    assert!(note.contains("3,000 older message(s) not shown"), "{note}");

    // A limit the conversation does not reach: everything, nothing more.
    let (few, note) = run_json(&t, &db, &["get-conversations", &group, "--limit", "9000"]);
    assert_eq!(few["messages"].as_array().unwrap().len(), 8000);
    assert_eq!(few["more"], 0);
    assert!(!note.contains("not shown"), "{note}");
}

#[test]
fn a_user_with_5000_conversations_is_listed_page_by_page() {
    let (t, db) = (
        TestTable::loaded_without_stream("pagelist"),
        TestDb::seeded("pagelist"),
    );
    // Two users in 5,000 conversations with each other, one message each.
    seed_synthetic(
        &t,
        &db,
        &["--users", "2", "--conversations", "5000", "--messages", "1"],
    );

    // The app's page: the newest 20, and how many more.
    let (page, note) = run_json(&t, &db, &["list-conversations", "synth000000"]);
    let page = page.as_array().unwrap().clone();
    assert_eq!(page.len(), 20);
    assert!(requests_in(&note) >= 2, "one page and the count: {note}");
    assert!(
        note.lines()
            .any(|l| l.starts_with("4,980 older conversation(s) not shown")),
        "{note}"
    );

    let (all, note) = run_json(&t, &db, &["list-conversations", "synth000000", "--all"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 5000);
    assert!(requests_in(&note) >= 2, "more than one 1 MB page: {note}");
    assert!(!note.contains("not shown"), "{note}");
    assert_eq!(all[..20], page[..], "the page is the newest 20");
    let times: Vec<&str> = all
        .iter()
        .map(|c| c["created_at"].as_str().unwrap())
        .collect();
    let mut newest_first = times.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, newest_first);
    assert!(all.iter().all(|c| c["handle"] == "synth000001"));

    let (some, _) = run_json(
        &t,
        &db,
        &["list-conversations", "synth000000", "--limit", "4000"],
    );
    assert_eq!(some.as_array().unwrap().len(), 4000);

    // The table streams the same rows: header, rule, 5,000 rows.
    let a = db
        .cli(&["--table", &t.name, "patterns", "list-conversations"])
        .args(["synth000001", "--all"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a).lines().count(), 5002);
}
