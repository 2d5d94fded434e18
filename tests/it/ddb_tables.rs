//! `ddb schema-load`, `list-tables`, `scan`, `drop` against DynamoDB Local.

use std::time::{Duration, Instant};

use crate::support::*;
use aws_sdk_dynamodb::types::{
    AttributeValue, KeyType, ProjectionType, PutRequest, StreamViewType, WriteRequest,
};

fn describe_table(table: &str) -> aws_sdk_dynamodb::types::TableDescription {
    block_on(async { ddb().describe_table().table_name(table).send().await })
        .expect("describe table")
        .table
        .expect("table description")
}

fn exists(table: &str) -> bool {
    block_on(async { ddb().describe_table().table_name(table).send().await }).is_ok()
}

fn keys(schema: &[aws_sdk_dynamodb::types::KeySchemaElement]) -> Vec<(String, KeyType)> {
    schema
        .iter()
        .map(|k| (k.attribute_name().to_string(), k.key_type().clone()))
        .collect()
}

#[test]
fn schema_load_creates_the_contract_schema() {
    let t = TestTable::named("schema");
    let a = t
        .cli(&["-o", "json", "ddb", "schema-load"])
        .assert()
        .success();
    let out = json_of(&a);
    assert_eq!(out["status"], "created");
    assert_eq!(out["table_status"], "ACTIVE");
    assert_eq!(out["differences"], serde_json::json!([]));

    let d = describe_table(&t.name);
    assert_eq!(d.table_status().map(|s| s.as_str()), Some("ACTIVE"));
    assert_eq!(
        keys(d.key_schema()),
        [("pk".into(), KeyType::Hash), ("sk".into(), KeyType::Range)]
    );
    let mut defs: Vec<(String, String)> = d
        .attribute_definitions()
        .iter()
        .map(|a| {
            (
                a.attribute_name().to_string(),
                a.attribute_type().as_str().to_string(),
            )
        })
        .collect();
    defs.sort();
    assert_eq!(
        defs,
        [
            ("message_group_uuid".into(), "S".into()),
            ("pk".into(), "S".into()),
            ("sk".into(), "S".into())
        ]
    );
    let tp = d.provisioned_throughput().expect("table throughput");
    assert_eq!(
        (tp.read_capacity_units(), tp.write_capacity_units()),
        (Some(5), Some(5))
    );

    let gsis = d.global_secondary_indexes();
    assert_eq!(gsis.len(), 1);
    let g = &gsis[0];
    assert_eq!(g.index_name(), Some("message-group-sk-index"));
    assert_eq!(
        keys(g.key_schema()),
        [
            ("message_group_uuid".into(), KeyType::Hash),
            ("sk".into(), KeyType::Range)
        ]
    );
    assert_eq!(
        g.projection().and_then(|p| p.projection_type()),
        Some(&ProjectionType::All)
    );
    let gtp = g.provisioned_throughput().expect("index throughput");
    assert_eq!(
        (gtp.read_capacity_units(), gtp.write_capacity_units()),
        (Some(5), Some(5))
    );

    let stream = d.stream_specification().expect("stream specification");
    assert!(stream.stream_enabled());
    assert_eq!(stream.stream_view_type(), Some(&StreamViewType::NewImage));
    assert!(d.latest_stream_arn().is_some());
}

#[test]
fn schema_load_twice_changes_nothing() {
    let t = TestTable::loaded("twice");
    let arn = describe_table(&t.name)
        .latest_stream_arn()
        .map(str::to_string);
    t.put(string_item(&[("pk", "MSG#x"), ("sk", "1")]));
    assert_eq!(t.json(&["ddb", "schema-load"])["status"], "already_exists");
    assert_eq!(
        describe_table(&t.name)
            .latest_stream_arn()
            .map(str::to_string),
        arn
    );
    assert_eq!(t.count(), 1, "the item written before is still there");

    // Table output says so on stderr too.
    let a = t.cli(&["ddb", "schema-load"]).assert().success();
    let arn = arn.expect("a stream");
    let names = [(arn.as_str(), "STREAM_ARN"), (t.name.as_str(), "TABLE")];
    insta::assert_snapshot!("schema-load-again", transcript_with(&a, &names));
}

#[test]
fn schema_load_recreate_and_no_stream() {
    let t = TestTable::loaded("recreate");
    t.put(string_item(&[("pk", "MSG#x"), ("sk", "1")]));
    let a = t
        .cli(&[
            "-o",
            "json",
            "ddb",
            "schema-load",
            "--recreate",
            "--no-stream",
        ])
        .assert()
        .success();
    let out = json_of(&a);
    assert_eq!(out["status"], "recreated");
    assert_eq!(out["stream_enabled"], false);
    assert_eq!(t.count(), 0, "recreated table is empty");
    let d = describe_table(&t.name);
    assert!(!d
        .stream_specification()
        .map(|s| s.stream_enabled())
        .unwrap_or(false));
    assert_eq!(d.global_secondary_indexes().len(), 1);
}

/// An on-demand table keyed by one string attribute, made with the SDK.
fn create_table_keyed_by(table: &str, key: &str) {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, ScalarAttributeType,
    };
    block_on(async {
        ddb()
            .create_table()
            .table_name(table)
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name(key)
                    .key_type(KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(key)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .expect("create table");
    });
}

#[test]
fn list_tables_follows_every_page() {
    let tables: Vec<TestTable> = (0..5).map(|_| TestTable::named("list")).collect();
    for t in &tables {
        create_table_keyed_by(&t.name, "pk");
    }
    // Two tables a page: at least three pages for these five alone.
    let a = cruddur()
        .args(["-o", "json", "ddb", "list-tables", "--page-size", "2"])
        .assert()
        .success();
    let names: Vec<String> = serde_json::from_value(json_of(&a)).unwrap();
    let ours = |listed: &[&str]| -> Vec<String> {
        let mut ours: Vec<String> = listed
            .iter()
            .filter(|n| tables.iter().any(|t| t.name == **n))
            .map(|n| n.to_string())
            .collect();
        ours.sort();
        ours
    };
    let mut want: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    want.sort();
    let listed: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(ours(&listed), want, "each of ours once: {names:?}");
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "no table listed twice");

    // The table view: a cell per table.
    let a = cruddur().args(["ddb", "list-tables"]).assert().success();
    let text = stdout_of(&a);
    let cells: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c| c == '|' || c == ' '))
        .collect();
    assert_eq!(ours(&cells), want, "{text}");
}

/// Writes `n` items of about `size` bytes each.
fn fill(table: &str, n: usize, size: usize) {
    let body = "x".repeat(size);
    block_on(async {
        let client = ddb();
        let items: Vec<WriteRequest> = (0..n)
            .map(|i| {
                let put = PutRequest::builder()
                    .item("pk", AttributeValue::S(format!("MSG#{:04}", i % 7)))
                    .item("sk", AttributeValue::S(format!("{i:06}")))
                    .item("body", AttributeValue::S(body.clone()))
                    .item("n", AttributeValue::N(i.to_string()))
                    .build()
                    .unwrap();
                WriteRequest::builder().put_request(put).build()
            })
            .collect();
        for chunk in items.chunks(25) {
            let out = client
                .batch_write_item()
                .request_items(table, chunk.to_vec())
                .send()
                .await
                .expect("batch write");
            assert!(out
                .unprocessed_items()
                .map(|u| u.is_empty())
                .unwrap_or(true));
        }
    });
}

#[test]
fn scan_returns_every_item_of_a_table_larger_than_one_megabyte() {
    let t = TestTable::loaded("scan");
    fill(&t.name, 360, 5_000); // about 1.8 MB: at least two Scan pages
    let a = t.cli(&["-o", "json", "ddb", "scan"]).assert().success();
    let items = json_of(&a);
    let items = items.as_array().expect("array");
    assert_eq!(items.len(), 360);
    let mut ns: Vec<i64> = items
        .iter()
        .map(|i| i["n"].as_i64().expect("plain number"))
        .collect();
    ns.sort();
    assert_eq!(ns, (0..360).collect::<Vec<_>>());
    // A 1.8 MB table takes more than one page.
    insta::assert_snapshot!(
        "scan-of-two-megabytes-stderr",
        stable(&stderr_of(&a), &[(&t.name, "TABLE")])
    );

    // Parallel segments give the same items.
    let a = t
        .cli(&["-o", "json", "ddb", "scan", "--segments", "4"])
        .assert()
        .success();
    assert_eq!(json_of(&a).as_array().unwrap().len(), 360);

    // The table view: a header and one line per item.
    let a = t.cli(&["ddb", "scan"]).assert().success();
    assert_eq!(stdout_of(&a).lines().count(), 361);
}

#[test]
fn scan_limit_raw_and_errors() {
    let t = TestTable::loaded("scanlimit");
    fill(&t.name, 30, 10);
    assert_eq!(
        t.json(&["ddb", "scan", "--limit", "7"])
            .as_array()
            .unwrap()
            .len(),
        7
    );

    let item = &t.json(&["ddb", "scan", "--raw", "--limit", "1"])[0];
    assert!(item["pk"]["S"].is_string(), "{item}");
    assert!(item["n"]["N"].is_string(), "{item}");

    let a = t.cli(&["ddb", "scan", "--raw"]).assert().code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!("scan-raw-without-json", t.transcript(&a));

    // With --output json the error is one JSON line on stderr, its kind by name.
    let missing = unique("missing");
    let a = cruddur()
        .args(["--table", &missing, "-o", "json", "ddb", "scan"])
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert_eq!(err.lines().count(), 1, "{err}");
    let error: serde_json::Value = serde_json::from_str(&err).unwrap();
    assert_eq!(
        error,
        serde_json::json!({"error": {
            "kind": "not_found",
            "message": format!("scanning table '{missing}': table '{missing}' does not exist at {}", services().ddb_url),
            "hint": format!("create it with `cruddur --table {missing} ddb schema-load`"),
        }})
    );
    assert!(stdout_of(&a).is_empty(), "no data on stdout after an error");

    // A usage error too, found before the command runs.
    let a = cruddur()
        .args(["-o", "json", "ddb", "scan", "--segments", "0"])
        .assert()
        .code(2);
    let error: serde_json::Value = serde_json::from_str(&stderr_of(&a)).unwrap();
    assert_eq!(error["error"]["kind"], "usage", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid value '0' for '--segments"),
        "{error}"
    );
    assert_eq!(stdout_of(&a), "");
}

#[test]
fn drop_deletes_and_a_missing_table_is_one_clear_error() {
    let t = TestTable::loaded("drop");
    t.cli(&["ddb", "drop"]).assert().success();
    assert!(!exists(&t.name));

    let a = cruddur().args(["ddb", "drop", &t.name]).assert().code(1);
    let names = [(t.name.as_str(), "TABLE")];
    insta::assert_snapshot!("drop-missing", transcript_with(&a, &names));
}

#[test]
fn prod_drop_without_a_terminal_refuses_unless_yes() {
    let t = TestTable::loaded("proddrop");
    // --prod goes through the AWS chain; AWS_ENDPOINT_URL_DYNAMODB (set by
    // the harness) points it at DynamoDB Local.
    let a = cruddur()
        .args(["--prod", "--table", &t.name, "ddb", "drop"])
        .assert()
        .code(3);
    let names = [(t.name.as_str(), "TABLE")];
    // DynamoDB Local's approximate item count may lag the load.
    let text: Vec<String> = transcript_with(&a, &names)
        .lines()
        .map(|l| match l.strip_prefix("  items:") {
            Some(_) => "  items:    N (approximate)".to_string(),
            None => l.to_string(),
        })
        .collect();
    insta::assert_snapshot!("prod-drop-refused", text.join("\n"));
    assert!(exists(&t.name), "the table is still there");

    cruddur()
        .args(["--prod", "--table", &t.name, "ddb", "drop", "--yes"])
        .assert()
        .success();
    assert!(!exists(&t.name));
}

#[test]
fn prod_never_falls_back_to_localhost() {
    // No endpoint variable and no region: --prod must not quietly use DynamoDB Local.
    let a = cruddur()
        .env_remove("AWS_ENDPOINT_URL_DYNAMODB")
        .env_remove("AWS_REGION")
        .args(["--prod", "ddb", "list-tables"])
        .assert()
        .failure();
    insta::assert_snapshot!("prod-without-region", transcript(&a));
}

#[test]
fn prod_ignores_the_apps_endpoint_variable() {
    // The app's AWS_ENDPOINT_URL points at the local DynamoDB: --prod must not
    // follow it. An invalid region stops the request before it leaves.
    let a = cruddur()
        .env_remove("AWS_ENDPOINT_URL_DYNAMODB")
        .env("AWS_ENDPOINT_URL", &services().ddb_url)
        .args(["--prod", "--region", "not_a_region!", "ddb", "list-tables"])
        .assert()
        .failure();
    let text = transcript(&a);
    assert!(!text.contains(&services().ddb_url), "{text}");
    insta::assert_snapshot!("prod-ignores-app-endpoint", text);

    // AWS_ENDPOINT_URL_DYNAMODB still redirects --prod, with a warning.
    // A table of this test's own, so that the list is never empty (an
    // empty list would add a line to stderr).
    let _t = TestTable::loaded_without_stream("prodredirect");
    let a = cruddur()
        .args(["--prod", "ddb", "list-tables"])
        .assert()
        .success();
    // stdout lists whatever tables DynamoDB Local holds.
    insta::assert_snapshot!(
        "prod-with-dynamodb-endpoint-stderr",
        stable(&stderr_of(&a), &[])
    );
}

#[test]
fn unreachable_endpoint_fails_fast_with_a_hint() {
    let start = Instant::now();
    // With the default ten attempts: a refused connection is not retried.
    let a = cruddur()
        .env_remove("AWS_MAX_ATTEMPTS")
        .args(["--endpoint-url", "http://127.0.0.1:9", "ddb", "list-tables"])
        .assert()
        .code(1);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    insta::assert_snapshot!("unreachable-endpoint", transcript(&a));
}

#[test]
fn bad_retry_settings_are_one_usage_error() {
    let cases = [
        ("AWS_MAX_ATTEMPTS", "many"),
        ("AWS_MAX_ATTEMPTS", "0"),
        ("AWS_RETRY_MODE", "eager"),
    ];
    assert_eq!(cases.len(), 3);
    for (var, value) in cases {
        let a = cruddur()
            .env(var, value)
            .args(["ddb", "list-tables"])
            .assert()
            .code(2);
        insta::assert_snapshot!(format!("bad-retry-{var}-{value}"), transcript(&a));
    }
    // The flag overrides the variable.
    cruddur()
        .env("AWS_MAX_ATTEMPTS", "many")
        .args(["--max-attempts", "2", "ddb", "list-tables"])
        .assert()
        .success();
    let a = cruddur()
        .args(["--max-attempts", "101", "ddb", "list-tables"])
        .assert()
        .code(2);
    insta::assert_snapshot!("bad-retry-flag-101", transcript(&a));
}

#[test]
fn app_endpoint_variable_reroutes_dynamodb_only() {
    // AWS_ENDPOINT_URL as the app sets it reaches DynamoDB...
    let t = TestTable::named("appendpoint");
    cruddur()
        .env_remove("AWS_ENDPOINT_URL_DYNAMODB")
        .env("AWS_ENDPOINT_URL", &services().ddb_url)
        .args(["--table", &t.name, "ddb", "schema-load"])
        .assert()
        .success();
    assert!(exists(&t.name));
}

#[test]
fn color_flag_decides_whether_the_error_label_is_coloured() {
    // Port 9 (discard) refuses connections, so each run fails at once.
    let run = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = cruddur();
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let a = cmd
            .args(["--endpoint-url", "http://127.0.0.1:9"])
            .args(args)
            .args(["ddb", "list-tables"])
            .assert()
            .failure();
        stderr_of(&a)
    };
    let red_label = "\u{1b}[31m\u{1b}[1merror:\u{1b}[0m";

    let err = run(&["--color", "always"], None);
    assert!(err.starts_with(red_label), "{err:?}");
    // --color always wins over NO_COLOR, as on the command line it should.
    assert!(run(&["--color", "always"], Some("1")).starts_with(red_label));

    // Not a terminal: no colour by default, nor with --color never.
    for args in [&[][..], &["--color", "never"][..]] {
        let err = run(args, None);
        assert!(err.starts_with("error: "), "{err:?}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }

    // clap's help and usage errors follow the flag too.
    let help = |when: &str| {
        let a = cruddur()
            .args(["--color", when, "ddb", "--help"])
            .assert()
            .success();
        stdout_of(&a)
    };
    assert!(help("always").contains('\u{1b}'));
    assert!(!help("never").contains('\u{1b}'));
}

/// One HTTP exchange: accepts a connection, keeps the request's text and
/// answers an empty ListTables.
fn capture_one_request() -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // Headers, then the body its Content-Length announces.
        loop {
            let n = conn.read(&mut buf).unwrap();
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let body = r#"{"TableNames":[]}"#;
        write!(
            conn,
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, handle)
}

#[test]
fn local_mode_never_signs_with_the_users_keys() {
    let (url, server) = capture_one_request();
    let a = cruddur()
        .env("AWS_ACCESS_KEY_ID", "AKIAUSERSECRET000001")
        .env("AWS_SECRET_ACCESS_KEY", "user-secret-key-never-sent")
        .env("AWS_SESSION_TOKEN", "user-session-token-never-sent")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &url)
        .args(["-vv", "ddb", "list-tables"])
        .assert()
        .success();
    let request = server.join().unwrap();
    let target = request
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("x-amz-target:"))
        .map(|l| l["x-amz-target:".len()..].trim());
    assert_eq!(target, Some("DynamoDB_20120810.ListTables"), "{request}");
    let auth = request
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
        .expect("a signed request");
    assert!(auth.contains("Credential=cruddurlocal/"), "{auth}");
    let everything = format!("{request}{}{}", stdout_of(&a), stderr_of(&a));
    for secret in ["AKIAUSERSECRET", "user-secret-key", "user-session-token"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked:\n{everything}"
        );
    }
}

#[test]
fn destructive_commands_refuse_a_remote_endpoint_without_prod() {
    let t = TestTable::loaded("remote_guard");
    let remote = "https://dynamodb.us-east-1.amazonaws.com";
    let attempts: [&[&str]; 3] = [
        &["ddb", "drop", "--yes"],
        &["ddb", "schema-load", "--recreate", "--yes"],
        &["ddb", "seed", "--yes"],
    ];
    let mut refusals = Vec::new();
    for args in attempts {
        let a = t
            .cli(&["--endpoint-url", remote])
            .args(args)
            .assert()
            .code(3);
        assert_one_error_line(&a);
        refusals.push(format!("{}\n{}", args.join(" "), t.transcript(&a)));
    }
    assert_eq!(refusals.len(), 3);
    insta::assert_snapshot!("remote-endpoint-refusals", refusals.join("\n"));
    // The local table is untouched; the same commands locally work.
    t.cli(&["ddb", "drop", "--yes"]).assert().success();
}

#[test]
fn a_malformed_endpoint_is_a_usage_error_naming_where_it_came_from() {
    let hint =
        "use http://HOST:PORT or https://HOST, e.g. http://localhost:8000 for DynamoDB Local";
    let cases = [
        (
            vec!["--endpoint-url", "http://127.0.0.1:99999"],
            None,
            format!("error: --endpoint-url is 'http://127.0.0.1:99999', which is not an endpoint URL: invalid port number; {hint}"),
        ),
        (
            vec![],
            Some("::garbage::"),
            format!("error: AWS_ENDPOINT_URL_DYNAMODB is '::garbage::', which is not an endpoint URL: relative URL without a base; {hint}"),
        ),
        (
            vec![],
            Some("ftp://localhost:8000"),
            format!("error: AWS_ENDPOINT_URL_DYNAMODB is 'ftp://localhost:8000', which is not an endpoint URL: the scheme is 'ftp', not http or https; {hint}"),
        ),
    ];
    let mut checked = 0;
    for (flags, var, want) in &cases {
        let mut cmd = cruddur();
        if let Some(v) = var {
            cmd.env("AWS_ENDPOINT_URL_DYNAMODB", v);
        }
        let a = cmd
            .args(flags)
            .args(["ddb", "list-tables"])
            .assert()
            .code(2);
        assert_eq!(&assert_one_error_line(&a), want);
        assert_eq!(stdout_of(&a), "");
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}

#[test]
fn schema_load_on_a_table_with_other_keys_fails_with_one_line() {
    let t = TestTable::named("otherkeys");
    create_table_keyed_by(&t.name, "id");
    let a = t.cli(&["ddb", "schema-load"]).assert().code(1);
    let endpoint = &services().ddb_url;
    assert_eq!(
        assert_one_error_line(&a),
        format!(
            "error: table '{}' exists at {endpoint} with another key schema than cruddur's: keys are [(\"id\", \"HASH\")], not pk (HASH), sk (RANGE); index 'message-group-sk-index' is missing; the app's items and access patterns cannot use it; `cruddur ddb schema-load --recreate` rebuilds it (dropping its items), or pick another --table",
            t.name
        )
    );
    assert_eq!(stdout_of(&a), "");
    // The table is left as it was.
    assert_eq!(describe_table(&t.name).key_schema().len(), 1);
}

#[test]
fn an_error_line_shows_control_characters_escaped_and_a_huge_name_cut() {
    let name = format!("bell\u{7}esc\u{1b}[2J{}", "n".repeat(120_000));
    let a = cruddur()
        .args(["--table", &name, "ddb", "scan"])
        .assert()
        .code(2);
    let line = assert_one_error_line(&a);
    assert!(
        !line.chars().any(|c| c.is_control()),
        "{:?}",
        &line[..line.len().min(400)]
    );
    // The value reaches the line without the sequences a terminal would obey.
    assert!(
        line.starts_with("error: invalid value 'bellesc"),
        "{:?}",
        &line[..line.len().min(400)]
    );
    assert!(line.len() < 2_000, "{} bytes", line.len());
    insta::assert_snapshot!("huge-name-cut", line);
}

/// A plain-HTTP server that answers every request with an HTML error page,
/// as a web server on the wrong port does.
fn html_endpoint() -> std::net::SocketAddr {
    fixed_answer_server(
        "501 Not Implemented",
        "text/html",
        "<html><body><h1>501 Not Implemented</h1></body></html>",
    )
}

#[test]
fn a_web_server_or_plain_http_behind_https_is_named_for_what_it_is() {
    let addr = html_endpoint();
    let http = format!("http://{addr}");
    let a = cruddur()
        .args(["--endpoint-url", &http, "ddb", "list-tables"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: listing tables: a web server serving an HTML page answers at {http}, not DynamoDB; point --endpoint-url (or AWS_ENDPOINT_URL_DYNAMODB) at DynamoDB: DynamoDB Local listens on port 8000 unless told otherwise")
    );

    let https = format!("https://{addr}");
    let a = cruddur()
        .env_remove("AWS_MAX_ATTEMPTS")
        .args(["--endpoint-url", &https, "ddb", "list-tables"])
        .assert()
        .code(1);
    let line = assert_one_error_line(&a);
    assert!(
        line.starts_with(&format!(
            "error: listing tables: the TLS handshake with DynamoDB at {https} failed: "
        )) && line.ends_with(
            "; if the server speaks plain HTTP (DynamoDB Local does), use an http:// URL"
        ),
        "{line}"
    );
}

#[test]
fn every_command_reports_a_missing_table_as_not_found() {
    let missing = unique("nosuchtable");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.jsonl");
    std::fs::write(&file, "{\"pk\":\"a\",\"sk\":\"b\"}\n").unwrap();
    let file = file.display().to_string();
    let commands: [&[&str]; 6] = [
        &["ddb", "scan"],
        &["ddb", "drop", "--yes"],
        &["ddb", "stream-sync", "--once"],
        &["ddb", "import", &file],
        &["ddb", "export", "--s3", "s3://bucket/prefix"],
        &["ddb", "export"],
    ];
    let mut checked = 0;
    for args in commands {
        let a = cruddur()
            .args(["--table", &missing, "-o", "json"])
            .args(args)
            .assert()
            .code(1);
        let error: serde_json::Value = serde_json::from_str(&stderr_of(&a))
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stderr_of(&a)));
        assert_eq!(error["error"]["kind"], "not_found", "{args:?}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with(&format!(
                "table '{missing}' does not exist at {}",
                services().ddb_url
            )),
            "{args:?}: {message}"
        );
        checked += 1;
    }
    assert_eq!(checked, commands.len());
}
