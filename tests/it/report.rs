//! `patterns report` against DynamoDB Local, behind the test proxy that
//! adds up what DynamoDB itself reported consumed: the report's figures are
//! DynamoDB's, the table is as it was afterwards, and bad input is one line.

use serde_json::Value;

use crate::support::*;

/// A table of 30 conversations of 20 synthetic users, 5 messages each.
fn seeded(prefix: &str) -> TestTable {
    let t = TestTable::loaded_without_stream(prefix);
    t.cli(&["ddb", "seed", "--synthetic"])
        .args(["--users", "20", "--conversations", "3", "--messages", "5"])
        .assert()
        .success();
    t
}

/// Every item of the table as `ddb export` writes it, sorted.
fn export_lines(table: &str) -> Vec<String> {
    let a = cruddur()
        .args(["--table", table, "ddb", "export", "--file", "-"])
        .assert()
        .success();
    let mut lines: Vec<String> = stdout_of(&a).lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn units(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn the_reports_capacity_is_what_dynamodb_reported_and_the_table_is_left_as_it_was() {
    let t = seeded("report");
    let before = export_lines(&t.name);
    assert_eq!(before.len(), 30 * 5 + 60);
    let proxy = FaultProxy::start(&services().ddb_url, Faults::none());
    let a = cruddur()
        .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
        .args(["--table", &t.name, "-o", "json", "patterns", "report"])
        .args(["--samples", "12", "--random-seed", "3"])
        .args(["--rate", "B=50/s,A=200/s,C=20/s"])
        .assert()
        .success();
    let report = json_of(&a);
    let patterns = report["patterns"].as_array().unwrap();
    let names: Vec<&str> = patterns
        .iter()
        .map(|p| p["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A", "B", "B*", "C", "D", "E"]);

    // Every unit DynamoDB reported, and every request, is in the report.
    let mut reported = 0.0;
    let mut requests = 0;
    for p in patterns {
        reported += units(&p["read_units"]["total"]) + units(&p["write_units"]["total"]);
        requests += p["requests"].as_u64().unwrap();
    }
    for part in ["sampling", "setup", "cleanup"] {
        let o = &report["overhead"][part];
        reported += units(&o["read_units"]) + units(&o["write_units"]);
        requests += o["requests"].as_u64().unwrap();
    }
    let dynamodb = Counts::get(&proxy.counts.consumed_milli_units) as f64 / 1000.0;
    assert!(dynamodb > 0.0);
    assert!(
        (reported - dynamodb).abs() < 1e-6,
        "the report counts {reported} units, DynamoDB reported {dynamodb}"
    );
    let operations = proxy.counts.operations.lock().unwrap().clone();
    let answered: u64 = operations
        .iter()
        .filter(|(op, _)| op.as_str() != "DescribeTable")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(requests, answered, "{operations:?}");
    assert_eq!(operations.get("DescribeTable"), Some(&1));

    // Per pattern: the calls asked for, what each reads and writes.
    let p = |name: &str| patterns.iter().find(|p| p["pattern"] == name).unwrap();
    for name in ["A", "B", "C", "D", "E"] {
        assert_eq!(p(name)["calls"], 12, "{name}");
    }
    assert_eq!(
        p("A")["items_read"],
        12 * 5,
        "A reads a conversation's 5 messages"
    );
    assert_eq!(
        p("B")["items_read"],
        12 * 3,
        "B reads a user's 3 conversations"
    );
    assert_eq!(p("C")["items_written"], 12);
    assert_eq!(p("D")["items_written"], 36, "two group rows and a message");
    assert_eq!(
        p("E")["items_written"],
        12 * 4,
        "two rows moved: deleted and put"
    );
    // D's transaction writes the two group rows to the index too.
    assert!(units(&p("D")["write_units"]["indexes_mean"]) > 0.0);
    assert_eq!(
        units(&p("C")["write_units"]["indexes_mean"]),
        0.0,
        "messages stay out of the index"
    );
    assert_eq!(p("A")["rate_per_second"], 200.0);
    assert_eq!(p("E")["rate_per_second"], 20.0, "E follows C");
    assert_eq!(p("D")["rate_per_second"], 0.0);
    assert_eq!(p("B*")["rate_per_second"], Value::Null);
    // The monthly figure is the mean units at the rate over 730 hours.
    let a_units = units(&p("A")["read_units"]["mean"]);
    let want = 200.0 * 730.0 * 3600.0 * a_units * 0.125 / 1e6;
    assert!((units(&p("A")["monthly_on_demand_usd"]) - want).abs() < 0.01);
    let capacity = &report["capacity"];
    assert_eq!(capacity["billing_mode"], "provisioned");
    assert_eq!(
        capacity["throttles"], true,
        "5 RCU cannot take 200 reads a second"
    );
    assert_eq!(capacity["monthly_provisioned_usd"], 5.694);
    assert_eq!(report["overhead"]["left_alone"], 0);

    assert_eq!(export_lines(&t.name), before, "the table is as it was");
}

#[test]
fn read_only_writes_nothing_and_prod_writes_need_yes() {
    let t = seeded("reportro");
    let before = export_lines(&t.name);
    let a = t
        .cli(&["-o", "json", "patterns", "report"])
        .args(["--samples", "5", "--read-only"])
        .assert()
        .success();
    let report = json_of(&a);
    let names: Vec<&str> = report["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A", "B", "B*"]);
    assert_eq!(report["overhead"]["setup"]["requests"], 0);

    // --prod (DynamoDB Local standing in for AWS): reads need no --yes,
    // writes do.
    let prod = |extra: &[&str]| {
        let mut cmd = cruddur();
        cmd.args(["--prod", "--endpoint-url", &services().ddb_url])
            .args(["--table", &t.name, "patterns", "report", "--samples", "3"])
            .args(extra);
        cmd
    };
    prod(&["--read-only"]).assert().success();
    let a = prod(&[]).assert().code(3);
    assert_one_error_line(&a);
    insta::assert_snapshot!("prod-report-refused", t.transcript(&a));
    prod(&["--yes"]).assert().success();
    assert_eq!(export_lines(&t.name), before);

    // The table view names the mix it assumed.
    let a = t
        .cli(&["patterns", "report", "--samples", "3"])
        .assert()
        .success();
    let out = stdout_of(&a);
    let mix = out.lines().map(str::trim).find(|l| l.starts_with("mix: "));
    assert_eq!(
        mix,
        Some("mix: A=20/s,B=10/s,C=5/s,D=0.5/s (E follows C) (the default; --rate sets it)"),
        "{out}"
    );
    assert!(
        out.contains("$0.625 per million write request units"),
        "{out}"
    );
}

#[test]
fn bad_input_is_one_line_and_nothing_is_written() {
    let empty = TestTable::loaded_without_stream("reportempty");
    let no_index = TestTable::named("reportnoindex");
    block_on(async {
        use aws_sdk_dynamodb::types::*;
        let key = |n: &str, t| {
            KeySchemaElement::builder()
                .attribute_name(n)
                .key_type(t)
                .build()
                .unwrap()
        };
        let attr = |n: &str| {
            AttributeDefinition::builder()
                .attribute_name(n)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap()
        };
        ddb()
            .create_table()
            .table_name(&no_index.name)
            .key_schema(key("pk", KeyType::Hash))
            .key_schema(key("sk", KeyType::Range))
            .attribute_definitions(attr("pk"))
            .attribute_definitions(attr("sk"))
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
    })
    .expect("create a table without the index");
    let cases: [(&str, &str, &[&str]); 5] = [
        ("rate-unknown-pattern", &empty.name, &["--rate", "Q=5/s"]),
        ("rate-not-a-rate", &empty.name, &["--rate", "A=fast"]),
        ("samples-zero", &empty.name, &["--samples", "0"]),
        ("no-keys", &empty.name, &[]),
        ("no-index", &no_index.name, &[]),
    ];
    for (name, table, args) in cases {
        let a = cruddur()
            .args(["--table", table, "patterns", "report"])
            .args(args)
            .assert()
            .code(2);
        assert_one_error_line(&a);
        insta::assert_snapshot!(
            format!("report-{name}"),
            transcript_with(
                &a,
                &[
                    (empty.name.as_str(), "TABLE"),
                    (no_index.name.as_str(), "TABLE")
                ]
            )
        );
    }
    assert_eq!(empty.count(), 0);
    assert_eq!(no_index.count(), 0);
}
