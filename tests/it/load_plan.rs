//! The plan before a bulk write (seed, import, setup) and `--max-wcu`,
//! against DynamoDB Local, behind the fault proxy acting as a provisioned
//! table where the rate matters.

use serde_json::json;

use crate::support::*;

fn seed_cmd(table: &TestTable, db: &TestDb) -> assert_cmd::Command {
    let mut cmd = cruddur();
    cmd.env("CONNECTION_URL", &db.url)
        .args(["--table", &table.name, "-o", "json", "ddb", "seed"]);
    cmd
}

/// The plan of 2,000 items: 1,998 messages of one unit, and the two group
/// rows, which land in the GSI too.
fn plan_of_2000(max_wcu: Option<u32>, enforced: bool, seconds: Option<f64>) -> serde_json::Value {
    json!({
        "items": 2000,
        "write_units": 2002,
        "write_units_per_item": {"min": 1, "max": 2},
        "billing_mode": "provisioned",
        "provisioned_wcu": 5,
        "index_wcu": [{"index": "message-group-sk-index", "write_units": 2, "provisioned_wcu": 5}],
        "max_wcu": max_wcu,
        "rates_enforced": enforced,
        "estimated_seconds": seconds,
        "estimated_seconds_with_burst": null,
        "on_demand_cost_usd": 0.001251,
        "on_demand_usd_per_million_write_units": 0.625
    })
}

#[test]
fn a_dry_run_shows_the_plan_and_writes_nothing() {
    let (t, db) = (TestTable::loaded("plandry"), TestDb::seeded("plandry"));
    let file = conversation_file(1998);
    let a = seed_cmd(&t, &db)
        .args([
            "--dry-run",
            "--max-wcu",
            "400",
            "--file",
            file.path().to_str().unwrap(),
        ])
        .assert()
        .success();
    let out = json_of(&a);
    assert_eq!(out["plan"], plan_of_2000(Some(400), false, Some(5.0)));
    assert_eq!(out["items"].as_array().map(Vec::len), Some(2000));
    assert_eq!(t.count(), 0);

    // The same plan in words, on stderr.
    let a = db
        .cli(&["--table", &t.name, "ddb", "seed", "--dry-run", "--file"])
        .arg(file.path())
        .assert()
        .success();
    let err = stderr_of(&a);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert_eq!(
        lines[..3],
        [
            "plan: 2,000 items, 2,002 write units (1-2 per item: 1 per started KB, again per index the item lands in)",
            "      provisioned at 5 write units/s (index message-group-sk-index 5) (not enforced by DynamoDB Local), no write cap: as fast as it takes them",
            "      on demand these writes cost about $0.0013 ($0.625 per million write units, us-east-1)",
        ]
    );
}

#[test]
fn the_prod_confirmation_shows_the_plan_and_the_default_cap_leaves_the_app_a_share() {
    let (t, db) = (TestTable::loaded("planprod"), TestDb::seeded("planprod"));
    let file = conversation_file(1998);
    // --prod against DynamoDB Local: no terminal, no --yes, so it asks and refuses.
    let a = db
        .prod_cli(&["--endpoint-url", &services().ddb_url])
        .args(["--table", &t.name, "ddb", "seed", "--file"])
        .arg(file.path())
        .assert()
        .code(3);
    let url = &services().ddb_url;
    let want = format!(
        "warning: --prod sends DynamoDB requests to {url} (--endpoint-url or AWS_ENDPOINT_URL_DYNAMODB), not to the AWS endpoint
Target: DynamoDB table '{table}' at {url}
  group 5ae290ed-55d1-47a0-bc6d-fe2bc2700399: 1998 messages between 'andrewbrown' and 'bayko' (earlier seed rows of the group are replaced)
  plan: 2,000 items, 2,002 write units (1-2 per item: 1 per started KB, again per index the item lands in)
        provisioned at 5 write units/s (index message-group-sk-index 5), capped at 8 write units/s (--max-wcu): about 6 min 40 s (4 min 11 s if burst capacity is unspent)
        on demand these writes cost about $0.0013 ($0.625 per million write units, us-east-1)
error: refusing to go on without confirmation: no terminal to ask \"Seed this table?\"; pass --yes to confirm non-interactively
",
        table = t.name
    );
    // 80% of the table's 5 and the index's 5 write units: 8 a second.
    assert_eq!(stderr_of(&a), want);
    assert_eq!(t.count(), 0);
}

#[test]
fn a_capped_seed_is_not_throttled_by_a_table_of_that_rate_and_an_uncapped_one_is() {
    let (t, db) = (
        TestTable::loaded_without_stream("plancap"),
        TestDb::seeded("plancap"),
    );
    let file = conversation_file(1998);
    let run = |extra: &[&str]| {
        // A table that takes 500 write units a second.
        let proxy = FaultProxy::start(
            &services().ddb_url,
            Faults {
                wcu: Some(500.0),
                ..Faults::none()
            },
        );
        let a = cruddur()
            .env_remove("AWS_MAX_ATTEMPTS")
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .env("CONNECTION_URL", &db.url)
            .args(["--table", &t.name, "-o", "json", "ddb", "seed", "--file"])
            .arg(file.path())
            .args(extra)
            .assert()
            .success();
        (
            json_of(&a),
            Counts::get(&proxy.counts.over_capacity),
            Counts::get(&proxy.counts.write_units),
        )
    };

    let (capped, over, units) = run(&["--max-wcu", "400"]);
    assert_eq!(capped["items_written"], 2000);
    assert_eq!(capped["plan"], plan_of_2000(Some(400), false, Some(5.0)));
    // What DynamoDB Local reported consumed is what the plan said.
    assert_eq!(capped["consumed_write_units"], 2002.0);
    assert_eq!(units, 2002);
    assert!(
        over <= 1,
        "a load capped under the table's rate was throttled {over} times"
    );
    assert_eq!(capped["throttled"].as_u64(), Some(over));

    // Without the cap the same load runs into the table's rate.
    let (uncapped, over, _) = run(&["--max-wcu", "unlimited"]);
    assert_eq!(uncapped["items_written"], 2000);
    assert!(
        over >= 3,
        "an uncapped load was throttled only {over} times"
    );
    assert_eq!(t.count(), 2000);
}

#[test]
fn an_import_plans_what_its_lines_cost() {
    let t = TestTable::loaded("planimport");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("items.jsonl");
    let big = "y".repeat(1500);
    let mut lines = Vec::new();
    for i in 0..10 {
        // Group rows (in the index) of 2 KB: 2 units for the table, 2 for the index.
        lines.push(format!(
            r#"{{"pk":"GRP#u{i}","sk":"2026-01-01T00:00:00.000000+00:00","message_group_uuid":"g{i}","message":"{big}"}}"#
        ));
    }
    for i in 0..5 {
        lines.push(format!(
            r#"{{"pk":"MSG#g","sk":"2026-01-01T00:00:0{i}.000000+00:00","message":"m"}}"#
        ));
    }
    std::fs::write(&path, lines.join("\n")).unwrap();
    let a = t
        .cli(&["-o", "json", "ddb", "import", "--dry-run"])
        .arg(&path)
        .assert()
        .success();
    let plan = &json_of(&a)["plan"];
    assert_eq!(
        (
            &plan["items"],
            &plan["write_units"],
            &plan["write_units_per_item"]
        ),
        (&json!(15), &json!(45), &json!({"min": 1, "max": 4}))
    );
    assert_eq!(plan["index_wcu"][0]["write_units"], 20);

    let a = t
        .cli(&["-o", "json", "ddb", "import", "--max-wcu", "1000"])
        .arg(&path)
        .assert()
        .success();
    let summary = json_of(&a);
    assert_eq!(summary["written"], 15);
    assert_eq!(summary["consumed_write_units"], 45.0);
    assert_eq!(summary["plan"]["max_wcu"], 1000);
}
