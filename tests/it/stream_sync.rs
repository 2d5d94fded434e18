//! `ddb stream-sync` against DynamoDB Local's stream.

use crate::support::*;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{Duration, Utc};
use cruddur::model::MessageGroupRow;
use serde_json::Value;
use uuid::Uuid;

const GROUP: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

struct Env {
    table: TestTable,
    db: TestDb,
    dir: tempfile::TempDir,
}

impl Env {
    fn seeded(prefix: &str) -> Self {
        let env = Env {
            table: TestTable::loaded(prefix),
            db: TestDb::seeded(prefix),
            dir: tempfile::tempdir().unwrap(),
        };
        env.run(&["ddb", "seed"]).success();
        env
    }

    fn checkpoint(&self) -> String {
        self.dir
            .path()
            .join("checkpoint.json")
            .to_str()
            .unwrap()
            .to_string()
    }

    /// [`transcript_with`] with the checkpoint's folder, the table and the
    /// database named by stable words.
    fn transcript(&self, a: &assert_cmd::assert::Assert) -> String {
        let dir = self.dir.path().display().to_string();
        transcript_with(
            a,
            &[
                (&dir, "DIR"),
                (&self.table.name, "TABLE"),
                (&self.db.name, "DB"),
            ],
        )
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        cruddur()
            .env("CONNECTION_URL", &self.db.url)
            .args(["--table", &self.table.name, "-o", "json"])
            .args(args)
            .assert()
    }

    /// Runs `stream-sync --once` with DynamoDB reached through `proxy`.
    fn sync_through(&self, proxy: &FaultProxy) -> assert_cmd::assert::Assert {
        cruddur()
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .env("CONNECTION_URL", &self.db.url)
            .args(["--table", &self.table.name, "-o", "json"])
            .args([
                "ddb",
                "stream-sync",
                "--once",
                "--checkpoint",
                &self.checkpoint(),
            ])
            .assert()
    }

    /// Runs `stream-sync --once` and returns the updates it printed.
    fn sync(&self) -> Vec<Value> {
        let a = self
            .run(&[
                "ddb",
                "stream-sync",
                "--once",
                "--checkpoint",
                &self.checkpoint(),
            ])
            .success();
        let lines: Vec<Value> = stdout_of(&a)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect();
        // The last line is the summary; the others are the updates.
        let (summary, updates) = lines.split_last().expect("a summary line");
        assert_eq!(
            summary["summary"]["updates"].as_u64(),
            Some(updates.len() as u64),
            "{summary}"
        );
        updates.to_vec()
    }

    fn message(&self, group: &str, handle: &str, text: &str) {
        self.run(&[
            "patterns",
            "create-message",
            "--group",
            group,
            "--handle",
            handle,
            text,
        ])
        .success();
    }

    /// The conversation list of `handle` as (group, other handle, message, created_at).
    fn conversations(&self, handle: &str) -> Vec<(String, String, String, String)> {
        let a = self
            .run(&["patterns", "list-conversations", handle])
            .success();
        json_of(&a)
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let s = |k: &str| g[k].as_str().unwrap().to_string();
                (s("uuid"), s("handle"), s("message"), s("created_at"))
            })
            .collect()
    }

    fn group_rows(&self, group: &str) -> Vec<MessageGroupRow> {
        let out = block_on(async {
            ddb()
                .query()
                .table_name(&self.table.name)
                .index_name("message-group-sk-index")
                .key_condition_expression("message_group_uuid = :g")
                .expression_attribute_values(":g", AttributeValue::S(group.into()))
                .send()
                .await
        })
        .unwrap();
        out.items()
            .iter()
            .map(|i| MessageGroupRow::from_item(i).unwrap())
            .collect()
    }

    fn all_items(&self) -> Value {
        let a = self.run(&["ddb", "scan"]).success();
        let mut items = json_of(&a).as_array().unwrap().clone();
        items.sort_by_key(|i| format!("{}{}", i["pk"], i["sk"]));
        Value::Array(items)
    }
}

#[test]
fn a_new_message_moves_both_group_rows() {
    let env = Env::seeded("sync");
    assert!(env.sync().is_empty(), "the seed itself needs no moves");
    env.message(GROUP, "bayko", "Leaving now, see you at the tower");
    let updates = env.sync();
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0]["group_uuid"], GROUP);
    assert_eq!(updates[0]["rows_moved"], 2);

    for (who, other) in [("andrewbrown", "bayko"), ("bayko", "andrewbrown")] {
        let list = env.conversations(who);
        assert_eq!(list.len(), 1, "exactly one row per participant: {list:?}");
        assert_eq!(list[0].1, other);
        assert_eq!(list[0].2, "Leaving now, see you at the tower");
    }
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.sk == updates[0]["sk"].as_str().unwrap()));
}

#[test]
fn several_messages_to_two_groups_move_each_to_its_newest() {
    let env = Env::seeded("syncbatch");
    env.sync();
    let a = env
        .run(&[
            "patterns",
            "create-message-group",
            "--handle",
            "londo",
            "--to",
            "bayko",
            "first",
        ])
        .success();
    let other_group = json_of(&a)["message_group_uuid"]
        .as_str()
        .unwrap()
        .to_string();
    for (group, handle, text) in [
        (GROUP, "andrewbrown", "one"),
        (other_group.as_str(), "bayko", "two"),
        (GROUP, "bayko", "three"),
        (other_group.as_str(), "londo", "four"),
        (GROUP, "andrewbrown", "five"),
    ] {
        env.message(group, handle, text);
    }
    env.sync();
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    for r in rows {
        assert_eq!(r.message, "five");
    }
    let rows = env.group_rows(&other_group);
    assert_eq!(rows.len(), 2);
    for r in rows {
        assert_eq!(r.message, "four");
    }
}

#[test]
fn replays_and_second_runs_apply_only_what_is_new() {
    let env = Env::seeded("syncreplay");
    env.message(GROUP, "bayko", "hello");
    assert_eq!(env.sync().len(), 1);
    let before = env.all_items();

    // A second run with the checkpoint finds nothing new.
    assert!(env.sync().is_empty());
    // Replaying every event (checkpoint removed) changes nothing either.
    std::fs::remove_file(env.checkpoint()).unwrap();
    assert!(env.sync().is_empty());
    assert_eq!(env.all_items(), before);

    // Something new after that is applied once.
    env.message(GROUP, "andrewbrown", "again");
    let updates = env.sync();
    assert_eq!(updates.len(), 1);
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.message == "again"), "{rows:?}");
}

#[test]
fn an_older_message_arriving_late_does_not_move_the_group_back() {
    let env = Env::seeded("syncorder");
    env.message(GROUP, "bayko", "newest");
    env.sync();
    put_message(
        &env.table.name,
        Uuid::parse_str(GROUP).unwrap(),
        Utc::now() - Duration::days(2),
        "written late, dated earlier",
    );
    assert!(env.sync().is_empty());
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.message == "newest"), "{rows:?}");
}

#[test]
fn an_edited_newest_message_updates_the_group_text() {
    let env = Env::seeded("syncedit");
    env.message(GROUP, "bayko", "see you at 7");
    env.sync();
    let rows = env.group_rows(GROUP);
    let sk = rows[0].sk.clone();
    // The same message row, its text changed: a MODIFY at the same sk.
    let edited = block_on(async {
        ddb()
            .query()
            .table_name(&env.table.name)
            .key_condition_expression("pk = :pk AND sk = :sk")
            .expression_attribute_values(":pk", AttributeValue::S(format!("MSG#{GROUP}")))
            .expression_attribute_values(":sk", AttributeValue::S(sk.clone()))
            .send()
            .await
    })
    .unwrap();
    let mut item = edited.items()[0].clone();
    item.insert("message".into(), AttributeValue::S("see you at 8".into()));
    block_on(async {
        ddb()
            .put_item()
            .table_name(&env.table.name)
            .set_item(Some(item))
            .send()
            .await
    })
    .unwrap();
    assert_eq!(env.sync().len(), 1);
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.sk == sk && r.message == "see you at 8"),
        "{rows:?}"
    );
}

#[test]
fn remove_events_are_ignored() {
    let env = Env::seeded("syncremove");
    env.message(GROUP, "bayko", "to be deleted");
    env.sync();
    let rows_before = env.group_rows(GROUP);
    // Delete the newest message row: the stream carries a REMOVE.
    let newest = block_on(async {
        ddb()
            .query()
            .table_name(&env.table.name)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(format!("MSG#{GROUP}")))
            .scan_index_forward(false)
            .limit(1)
            .send()
            .await
    })
    .unwrap();
    let key = cruddur::model::items::key_of(&newest.items()[0]);
    block_on(async {
        ddb()
            .delete_item()
            .table_name(&env.table.name)
            .set_key(Some(key))
            .send()
            .await
    })
    .unwrap();
    assert!(env.sync().is_empty());
    assert_eq!(env.group_rows(GROUP), rows_before);
}

#[test]
fn a_table_without_a_stream_gets_one_clear_error() {
    let t = TestTable::loaded_without_stream("nostream");
    let a = t.cli(&["ddb", "stream-sync", "--once"]).assert().code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("table-without-stream", t.transcript(&a));
}

/// Writes a message row of `group` as another tool might: `extra` attributes
/// only, besides the key.
fn put_foreign_row(table: &str, group: &str, sk: &str, extra: &[(&str, &str)]) {
    let mut request = ddb()
        .put_item()
        .table_name(table)
        .item("pk", AttributeValue::S(format!("MSG#{group}")))
        .item("sk", AttributeValue::S(sk.into()));
    for (k, v) in extra {
        request = request.item(*k, AttributeValue::S((*v).into()));
    }
    block_on(async { request.send().await }).expect("put a foreign row");
}

#[test]
fn rows_without_uuids_still_move_the_group_and_unusable_ones_are_counted() {
    let env = Env::seeded("syncforeign");
    env.sync();
    let later = (Utc::now() + Duration::minutes(5)).format("%Y-%m-%dT%H:%M:%S%.6f+00:00");
    let latest = (Utc::now() + Duration::minutes(6)).format("%Y-%m-%dT%H:%M:%S%.6f+00:00");
    // Ids that are not UUIDs, no sender: the Lambda would still move the rows.
    put_foreign_row(
        &env.table.name,
        GROUP,
        &later.to_string(),
        &[
            ("message", "from the old importer"),
            ("message_uuid", "legacy-17"),
            ("user_uuid", "user-3"),
        ],
    );
    // No text at all: nothing to move the rows to.
    put_foreign_row(
        &env.table.name,
        GROUP,
        &latest.to_string(),
        &[("note", "x")],
    );
    let a = env
        .run(&[
            "ddb",
            "stream-sync",
            "--once",
            "--checkpoint",
            &env.checkpoint(),
        ])
        .success();
    let lines: Vec<Value> = stdout_of(&a)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["message_uuid"], "legacy-17");
    assert_eq!(lines[0]["rows_moved"], 2);
    assert_eq!(lines[1]["summary"]["skipped"], 1);
    // With --output json every stderr line is JSON: the warning and the notes.
    let stderr: Vec<Value> = stderr_of(&a)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stderr.len(), 3, "{stderr:?}");
    let (latest, dir) = (latest.to_string(), env.dir.path().display().to_string());
    insta::assert_snapshot!(
        "unusable-record-skipped-stderr",
        stable(
            &stderr_of(&a),
            &[
                (&latest, "LATEST"),
                (&dir, "DIR"),
                (&env.table.name, "TABLE")
            ]
        )
    );
    let rows = env.group_rows(GROUP);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|r| r.message == "from the old importer"),
        "{rows:?}"
    );
}

#[test]
fn a_trimmed_checkpoint_falls_back_to_the_oldest_record_with_one_warning() {
    let env = Env::seeded("synctrim");
    env.sync();
    env.message(GROUP, "bayko", "after the checkpoint");
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults {
            trimmed: true,
            ..Faults::none()
        },
    );
    let a = env.sync_through(&proxy).success();
    assert!(
        Counts::get(&proxy.counts.trimmed) >= 1,
        "no trimmed answer injected"
    );
    let err = stderr_of(&a);
    assert_eq!(
        err.matches("older than the stream's retention").count(),
        1,
        "{err}"
    );
    let (_, _, message, _) = env.conversations("andrewbrown").remove(0);
    assert_eq!(message, "after the checkpoint");
}

#[test]
fn a_corrupt_checkpoint_is_one_clear_error() {
    let env = Env::seeded("synccorrupt");
    std::fs::write(env.checkpoint(), "{\"stream_arn\": 42").unwrap();
    let a = env
        .run(&[
            "ddb",
            "stream-sync",
            "--once",
            "--checkpoint",
            &env.checkpoint(),
        ])
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("corrupt-checkpoint", env.transcript(&a));
}

#[test]
fn a_follower_holds_its_checkpoint_and_stops_cleanly_on_a_signal() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let env = Env::seeded("follower");
        assert!(env.sync().is_empty(), "the seed itself needs no moves");
        let child = spawn_piped(
            cruddur_process()
                .env("CONNECTION_URL", &env.db.url)
                .args([
                    "--table",
                    &env.table.name,
                    "-o",
                    "json",
                    "ddb",
                    "stream-sync",
                ])
                .args(["--checkpoint", &env.checkpoint(), "--max-idle-ms", "200"]),
        );
        let mut child = KillOnDrop(child);
        env.message(GROUP, "bayko", "Sent while the follower runs");
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !env
            .group_rows(GROUP)
            .iter()
            .any(|r| r.message == "Sent while the follower runs")
        {
            assert!(
                std::time::Instant::now() < until,
                "the follower never moved the group rows"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }

        // A second follower of the same checkpoint is refused while the first runs.
        let a = env
            .run(&[
                "ddb",
                "stream-sync",
                "--once",
                "--checkpoint",
                &env.checkpoint(),
            ])
            .failure()
            .code(1);
        assert_one_error_line(&a);
        insta::assert_snapshot!("second-follower-refused", env.transcript(&a));

        send_signal(&child.0, signal);
        let out = child.wait_with_deadline(std::time::Duration::from_secs(15));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "signal {signal}: {stderr}");
        assert!(stderr.contains("checkpoint saved"), "{stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let summary: Value =
            serde_json::from_str(stdout.lines().last().expect("a summary line")).unwrap();
        assert_eq!(summary["summary"]["updates"], 1, "{stdout}");

        // The checkpoint was saved and released: the next run has nothing to do.
        assert!(env.sync().is_empty());
    }
}

/// A child process that is killed if the test fails before it ends.
struct KillOnDrop(std::process::Child);

impl KillOnDrop {
    /// Waits for the child to end, killing it (and failing) after `limit`.
    fn wait_with_deadline(&mut self, limit: std::time::Duration) -> std::process::Output {
        let until = std::time::Instant::now() + limit;
        while self.0.try_wait().expect("wait for the child").is_none() {
            if std::time::Instant::now() >= until {
                let _ = self.0.kill();
                panic!("the child did not end within {limit:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let mut out = std::process::Output {
            status: self.0.wait().expect("exit status"),
            stdout: Vec::new(),
            stderr: Vec::new(),
        };
        use std::io::Read;
        if let Some(mut s) = self.0.stdout.take() {
            s.read_to_end(&mut out.stdout).unwrap();
        }
        if let Some(mut s) = self.0.stderr.take() {
            s.read_to_end(&mut out.stderr).unwrap();
        }
        out
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_record_of_a_type_this_build_does_not_know_is_skipped_by_name_not_read_as_null() {
    let env = Env::seeded("syncfuture");
    env.sync();
    let before = env.group_rows(GROUP);
    assert_eq!(before.len(), 2);
    let latest = (Utc::now() + Duration::minutes(6))
        .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        .to_string();
    let row = [
        ("pk", AttributeValue::S(format!("MSG#{GROUP}"))),
        ("sk", AttributeValue::S(latest.clone())),
        ("message", AttributeValue::S("a newer message".into())),
        (
            "message_uuid",
            AttributeValue::S(Uuid::new_v4().to_string()),
        ),
        ("user_uuid", AttributeValue::S(Uuid::new_v4().to_string())),
        (
            "shape",
            AttributeValue::M(
                [(
                    "later".to_string(),
                    AttributeValue::S(FUTURE_TYPE_VALUE.into()),
                )]
                .into(),
            ),
        ),
    ];
    block_on(async {
        ddb()
            .put_item()
            .table_name(&env.table.name)
            .set_item(Some(
                row.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ))
            .send()
            .await
    })
    .unwrap();
    // DynamoDB, one day, sends the map's value with a type this build does not know.
    let proxy = FaultProxy::start(&services().ddb_url, Faults::future_type());
    let a = env.sync_through(&proxy).success();
    assert_eq!(
        stdout_of(&a).trim_end(),
        r#"{"summary":{"updates":0,"skipped":1}}"#
    );
    let warnings: Vec<String> = stderr_of(&a)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|v| v["warning"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "skipped a stream record of pk 'MSG#{GROUP}' sk '{latest}': attribute 'shape.later': its type is one this build of cruddur does not know (newer than its AWS SDK)"
        )]
    );
    assert_eq!(
        env.group_rows(GROUP),
        before,
        "the rows stay where they were"
    );
}
