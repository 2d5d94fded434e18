//! Data portability against DynamoDB Local: lossless JSON output, export,
//! import, the round trip of every DynamoDB type, and schema-export.

use crate::support::*;
use assert_cmd::assert::Assert;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;

const BIG: &str = "12345678901234567890123456789012345678";
const TINY: &str = "-0.00000000000000000000000000000000000000012";

#[test]
fn scan_json_keeps_every_digit_and_encodes_binary_as_base64() {
    let t = TestTable::loaded("lossless");
    let item = [
        ("pk", AttributeValue::S("n#1".into())),
        ("sk", AttributeValue::S("1".into())),
        ("big", AttributeValue::N(BIG.into())),
        ("tiny", AttributeValue::N(TINY.into())),
        ("bytes", AttributeValue::B(Blob::new(vec![0u8, 255, 1, 2]))),
        ("ns", AttributeValue::Ns(vec![BIG.into()])),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    put(&t.name, item);

    // Every digit of BIG and TINY, and the bytes as base64 (AP8BAg==).
    let a = t.cli(&["-o", "json", "ddb", "scan"]).assert().success();
    insta::assert_snapshot!("lossless-scan", t.transcript(&a));
    let a = t
        .cli(&["-o", "json", "ddb", "scan", "--raw"])
        .assert()
        .success();
    insta::assert_snapshot!("lossless-scan-raw", t.transcript(&a));
}

/// Writes `n` items `item-<i>` through BatchWriteItem, 25 at a time.
fn fill(table: &str, n: usize) {
    use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
    let requests: Vec<WriteRequest> = (0..n)
        .map(|i| {
            let put = PutRequest::builder()
                .item("pk", AttributeValue::S(format!("item-{i}")))
                .item("sk", AttributeValue::S("x".into()))
                .item("n", AttributeValue::N(BIG.into()))
                .build()
                .unwrap();
            WriteRequest::builder().put_request(put).build()
        })
        .collect();
    block_on(async {
        for chunk in requests.chunks(25) {
            ddb()
                .batch_write_item()
                .request_items(table, chunk.to_vec())
                .send()
                .await
                .expect("batch write");
        }
    });
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_writes_every_item_in_the_s3_export_format() {
    let t = TestTable::loaded("export");
    fill(&t.name, 130);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json");
    let a = t
        .cli(&["-o", "json", "ddb", "export", "--segments", "3"])
        .arg("--file")
        .arg(&file)
        .assert()
        .success();
    let summary = json_of(&a);
    assert_eq!(summary["items"], 130, "{summary}");
    assert_eq!(summary["format"], "ddb-json");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 130);
    assert_eq!(summary["bytes"], text.len());
    let mut keys: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let item = v["Item"].as_object().expect("{\"Item\": {...}}");
            assert_eq!(v.as_object().unwrap().len(), 1, "{l}");
            assert_eq!(item["n"], serde_json::json!({ "N": BIG }), "{l}");
            item["pk"]["S"].as_str().unwrap().to_string()
        })
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 130, "every item once");
    assert_eq!(
        files_in(dir.path()),
        ["items.json"],
        "no temporary file left"
    );
}

#[test]
fn export_plain_json_to_stdout_and_gzip_to_a_file() {
    use std::io::Read;
    let t = TestTable::loaded("exportgz");
    fill(&t.name, 40);
    let a = t
        .cli(&["ddb", "export", "--format", "json"])
        .assert()
        .success();
    let out = stdout_of(&a);
    assert_eq!(out.lines().count(), 40);
    assert!(
        out.lines().all(|l| l.starts_with(r#"{"pk":"item-"#)),
        "{out}"
    );
    let mut checked = 0;
    for line in out.lines() {
        let item: serde_json::Value = serde_json::from_str(line).unwrap();
        // Every digit, as a JSON number.
        assert_eq!(item["n"].to_string(), BIG, "{line}");
        checked += 1;
    }
    assert_eq!(checked, 40);
    // The items come in any order: stderr, the report, is what is stable.
    insta::assert_snapshot!(
        "export-json-to-stdout-stderr",
        stable(&stderr_of(&a), &[(&t.name, "TABLE")])
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json.gz");
    t.cli(&["ddb", "export", "--file"])
        .arg(&file)
        .assert()
        .success();
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&file).unwrap())
        .read_to_string(&mut text)
        .expect("gzip data");
    assert_eq!(text.lines().count(), 40);
}

#[test]
fn failed_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json");
    let missing = unique("missing");
    let a = cruddur()
        .args(["--table", &missing, "ddb", "export", "--file"])
        .arg(&file)
        .assert()
        .code(1);
    let names = [(missing.as_str(), "TABLE")];
    insta::assert_snapshot!("export-missing-table", transcript_with(&a, &names));
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );

    let a = cruddur()
        .args(["ddb", "export", "--file", "/nonexistent-dir/items.json"])
        .assert()
        .code(2);
    insta::assert_snapshot!("export-into-missing-dir", transcript(&a));
}

#[test]
fn export_into_a_directory_that_does_not_exist_is_a_usage_error_before_any_read() {
    let t = TestTable::loaded("exportnodir");
    fill(&t.name, 3);
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for file in ["missing/", "missing/items.json"] {
        let a = cruddur()
            .current_dir(dir.path())
            .args(["--table", &t.name, "ddb", "export", "--file", file])
            .assert()
            .code(2);
        let line = assert_one_error_line(&a);
        // Nothing is read first: where no DynamoDB answers, the same line.
        let a = cruddur()
            .current_dir(dir.path())
            .args(["--endpoint-url", "http://127.0.0.1:9"])
            .args(["--table", &t.name, "ddb", "export", "--file", file])
            .assert()
            .code(2);
        assert_eq!(assert_one_error_line(&a), line);
        lines.push(format!("--file {file}: {line}"));
    }
    assert_eq!(lines.len(), 2);
    insta::assert_snapshot!(
        "export-into-a-directory-that-does-not-exist",
        lines.join("\n")
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

fn attrs(pairs: Vec<(&str, AttributeValue)>) -> Item {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Items holding every DynamoDB type, written through the SDK.
fn every_type_items() -> Vec<Item> {
    use AttributeValue as V;
    let deep = V::M(attrs(vec![(
        "level1",
        V::M(attrs(vec![(
            "level2",
            V::L(vec![V::M(attrs(vec![(
                "level3",
                V::L(vec![V::N("-7".into()), V::Null(true), V::Bool(true)]),
            )]))]),
        )])),
    )]));
    vec![
        attrs(vec![
            ("pk", V::S("types#1".into())),
            ("sk", V::S("strings".into())),
            ("empty", V::S(String::new())),
            ("unicode", V::S("héllo wörld ✓ 日本語 😀".into())),
            ("quotes", V::S("she said \"hi\" and \\ left".into())),
            ("newlines", V::S("line 1\nline 2\r\n\ttabbed".into())),
        ]),
        attrs(vec![
            ("pk", V::S("types#1".into())),
            ("sk", V::S("numbers".into())),
            ("big", V::N(BIG.into())),
            ("negative_big", V::N(format!("-{BIG}"))),
            ("tiny", V::N(TINY.into())),
            ("smallest", V::N("1E-130".into())),
            (
                "largest",
                V::N("9.9999999999999999999999999999999999999E+125".into()),
            ),
            ("zero", V::N("0".into())),
            ("ns", V::Ns(vec![BIG.into(), "-1.5".into(), "3".into()])),
        ]),
        attrs(vec![
            ("pk", V::S("types#1".into())),
            ("sk", V::S("binary-and-sets".into())),
            ("b", V::B(Blob::new(vec![0u8, 1, 2, 254, 255]))),
            ("bs", V::Bs(vec![Blob::new(vec![0u8]), Blob::new("text")])),
            (
                "ss",
                V::Ss(vec!["a".into(), "ü".into(), "with space".into()]),
            ),
            ("yes", V::Bool(true)),
            ("no", V::Bool(false)),
            ("nothing", V::Null(true)),
        ]),
        attrs(vec![
            ("pk", V::S("types#2".into())),
            ("sk", V::S("nested".into())),
            ("deep", deep),
            ("empty_list", V::L(vec![])),
            ("empty_map", V::M(Item::new())),
            (
                "mixed",
                V::L(vec![
                    V::S("x".into()),
                    V::Ss(vec!["s".into()]),
                    V::L(vec![]),
                ]),
            ),
        ]),
    ]
}

fn import(table: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    cruddur()
        .args(["--table", table, "ddb", "import"])
        .args(args)
        .assert()
}

#[test]
fn export_then_import_gives_back_every_type_exactly() {
    let source = TestTable::loaded("roundsrc");
    let originals = every_type_items();
    assert_eq!(originals.len(), 4);
    for item in &originals {
        put(&source.name, item.clone());
    }
    let before = source.items();
    assert_eq!(before.len(), 4);

    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [("plain.json", vec![]), ("zipped.json.gz", vec!["--gzip"])] {
        let file = dir.path().join(name);
        source
            .cli(&["ddb", "export", "--segments", "2"])
            .args(extra)
            .arg("--file")
            .arg(&file)
            .assert()
            .success();

        let target = TestTable::loaded("rounddst");
        assert!(target.items().is_empty());
        let a = target
            .cli(&["-o", "json", "ddb", "import"])
            .arg(&file)
            .assert()
            .success();
        let summary = json_of(&a);
        assert_eq!(summary["written"], 4, "{summary}");
        let after = target.items();
        assert_eq!(after.len(), 4);
        for (want, got) in before.iter().zip(&after) {
            assert_eq!(want, got);
        }

        // Importing again leaves the same table.
        target.cli(&["ddb", "import"]).arg(&file).assert().success();
        assert_eq!(target.items(), before, "{name}: idempotent");
    }
}

#[test]
fn a_bad_line_is_reported_with_file_and_line_and_nothing_is_written() {
    let t = TestTable::loaded("importbad");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json");
    std::fs::write(
        &file,
        concat!(
            "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"}}}\n",
            "\n",
            "{\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"S\":\"1\"},\"n\":{\"N\":\"one\"}}}\n",
            "{\"Item\":{\"pk\":{\"N\":\"5\"},\"sk\":{\"S\":\"1\"}}}\n",
            "{\"Item\":{\"pk\":{\"S\":\"c\"}}}\n",
        ),
    )
    .unwrap();
    let a = import(&t.name, &[file.to_str().unwrap()]).code(2);
    let dir_name = dir.path().display().to_string();
    let names = [(dir_name.as_str(), "DIR"), (t.name.as_str(), "TABLE")];
    insta::assert_snapshot!("import-bad-lines", transcript_with(&a, &names));
    assert!(t.items().is_empty(), "nothing written");

    // Items keyed differently from the table: both key schemas named.
    let other = dir.path().join("other.json");
    std::fs::write(&other, "{\"id\":\"x\",\"ts\":5}\n{\"id\":\"y\",\"ts\":6}\n").unwrap();
    let a = import(&t.name, &[other.to_str().unwrap()]).code(2);
    insta::assert_snapshot!("import-other-keys", transcript_with(&a, &names));
    assert!(t.items().is_empty(), "nothing written");
}

#[test]
fn import_reads_an_s3_export_directory_and_plain_json_lines() {
    use std::io::Write;
    let t = TestTable::loaded("importdir");
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("AWSDynamoDB/01700000000000-abcd1234");
    std::fs::create_dir_all(export.join("data")).unwrap();
    std::fs::write(
        export.join("manifest-summary.json"),
        "{\"version\":\"2020-06-30\"}",
    )
    .unwrap();
    std::fs::write(
        export.join("manifest-files.json"),
        "{\"itemCount\":3,\"dataFileS3Key\":\"AWSDynamoDB/x/data/a.json.gz\"}\n",
    )
    .unwrap();
    std::fs::write(export.join("_started"), "").unwrap();
    for (name, range) in [("aaaa.json.gz", 0..2), ("bbbb.json.gz", 2..3)] {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(export.join("data").join(name)).unwrap(),
            flate2::Compression::default(),
        );
        for i in range {
            writeln!(
                gz,
                "{{\"Item\":{{\"pk\":{{\"S\":\"s3#{i}\"}},\"sk\":{{\"S\":\"x\"}},\"n\":{{\"N\":\"{BIG}\"}}}}}}"
            )
            .unwrap();
        }
        gz.finish().unwrap();
    }
    let a = t
        .cli(&["-o", "json", "ddb", "import", "--dry-run"])
        .arg(dir.path())
        .assert()
        .success();
    let summary = json_of(&a);
    assert_eq!(
        (summary["files"].as_u64(), summary["items"].as_u64()),
        (Some(2), Some(3)),
        "{summary}"
    );
    assert!(t.items().is_empty(), "a dry run writes nothing");

    import(&t.name, &[dir.path().to_str().unwrap()]).success();
    let items = t.items();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["n"], AttributeValue::N(BIG.into()));

    // Plain JSON lines; a repeated key keeps the last line.
    let plain = dir.path().join("plain.jsonl");
    std::fs::write(
        &plain,
        format!(
            "{{\"pk\":\"p\",\"sk\":\"1\",\"n\":{BIG}}}\n{{\"pk\":\"p\",\"sk\":\"1\",\"n\":2}}\n"
        ),
    )
    .unwrap();
    let a = t
        .cli(&["-o", "json", "ddb", "import", "--format", "json"])
        .arg(&plain)
        .assert()
        .success();
    assert_eq!(json_of(&a)["duplicates"], 1);
    let items = t.items();
    assert_eq!(items.len(), 4);
    let p = items
        .iter()
        .find(|i| i["pk"] == AttributeValue::S("p".into()))
        .unwrap();
    assert_eq!(p["n"], AttributeValue::N("2".into()));
}

#[test]
fn prod_import_without_a_terminal_refuses_unless_yes() {
    let t = TestTable::loaded("importprod");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json");
    std::fs::write(&file, "{\"pk\":\"a\",\"sk\":\"1\"}\n").unwrap();
    let a = cruddur()
        .args(["--prod", "--table", &t.name, "ddb", "import"])
        .arg(&file)
        .assert()
        .code(3);
    assert_one_error_line(&a);
    let dir_name = dir.path().display().to_string();
    insta::assert_snapshot!(
        "prod-import-refused",
        transcript_with(&a, &[(&dir_name, "DIR"), (&t.name, "TABLE")])
    );
    assert!(t.items().is_empty());

    cruddur()
        .args(["--prod", "--table", &t.name, "ddb", "import", "--yes"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(t.items().len(), 1);
}

fn schema_export(table: &str, format: &str, extra: &[&str]) -> String {
    let a = cruddur()
        .args(["--table", table, "ddb", "schema-export", "--format", format])
        .args(extra)
        .assert()
        .success();
    stdout_of(&a)
}

fn sorted_debug<T: std::fmt::Debug>(items: &[T]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    v.sort();
    v
}

#[test]
fn schema_export_json_creates_the_table_schema_load_creates() {
    let loaded = TestTable::loaded("schemasrc");
    for stream in [true, false] {
        let created = TestTable::named("schemajson");
        let extra: &[&str] = if stream { &[] } else { &["--no-stream"] };
        let input = schema_export(&created.name, "json", extra);
        let parsed: serde_json::Value = serde_json::from_str(&input).unwrap();
        assert_eq!(parsed["TableName"], created.name.as_str());
        // boto3 takes the same input as `aws dynamodb create-table --cli-input-json`.
        let script = "import boto3, json, sys\n\
            boto3.client('dynamodb', endpoint_url=sys.argv[1], region_name='us-east-1',\n\
            aws_access_key_id='testing', aws_secret_access_key='testing')\
            .create_table(**json.loads(sys.stdin.read()))";
        let out = assert_cmd::Command::new("python3")
            .args(["-c", script, &services().ddb_url])
            .write_stdin(input)
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "create-table from the JSON failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let describe = |name: &str| {
            block_on(async { ddb().describe_table().table_name(name).send().await })
                .unwrap()
                .table
                .unwrap()
        };
        let (want, got) = (describe(&loaded.name), describe(&created.name));
        assert_eq!(
            sorted_debug(want.key_schema()),
            sorted_debug(got.key_schema())
        );
        assert_eq!(
            sorted_debug(want.attribute_definitions()),
            sorted_debug(got.attribute_definitions())
        );
        let gsi = |d: &aws_sdk_dynamodb::types::TableDescription| -> Vec<String> {
            d.global_secondary_indexes()
                .iter()
                .map(|g| {
                    format!(
                        "{:?} {:?} {:?} {:?}",
                        g.index_name(),
                        g.key_schema(),
                        g.projection(),
                        g.provisioned_throughput()
                            .map(|t| (t.read_capacity_units(), t.write_capacity_units()))
                    )
                })
                .collect()
        };
        assert_eq!(gsi(&want), gsi(&got));
        let throughput = |d: &aws_sdk_dynamodb::types::TableDescription| {
            d.provisioned_throughput()
                .map(|t| (t.read_capacity_units(), t.write_capacity_units()))
        };
        assert_eq!(throughput(&want), throughput(&got));
        if stream {
            assert_eq!(want.stream_specification(), got.stream_specification());
        } else {
            assert!(got
                .stream_specification()
                .is_none_or(|s| !s.stream_enabled()));
        }
    }
}

#[test]
fn schema_export_templates_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    for (format, stream) in [("cloudformation", true), ("sam", true), ("sam", false)] {
        let extra: &[&str] = if stream { &[] } else { &["--no-stream"] };
        let text = schema_export("cruddur-messages", format, extra);
        // The table cruddur-messages, its stream (NEW_IMAGE) or none.
        insta::assert_snapshot!(format!("schema-export-{format}-stream-{stream}"), text);
        let file = dir.path().join(format!("{format}-{stream}.yaml"));
        std::fs::write(&file, &text).unwrap();
        let Some(out) = tool("cfn-lint", &[file.as_os_str()]) else {
            return;
        };
        assert!(
            out.status.success(),
            "cfn-lint on the {format} template:\n{}{}\n{text}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn schema_export_terraform_is_as_terraform_fmt_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    for (table, extra) in [
        ("cruddur-messages", &[][..]),
        ("other.table", &["--no-stream"][..]),
    ] {
        let text = schema_export(table, "terraform", extra);
        insta::assert_snapshot!(format!("schema-export-terraform-{table}"), text);
        let file = dir.path().join("main.tf");
        std::fs::write(&file, &text).unwrap();
        let Some(out) = tool(
            "terraform",
            &[
                "fmt".as_ref(),
                "-check".as_ref(),
                "-diff".as_ref(),
                file.as_os_str(),
            ],
        ) else {
            return;
        };
        assert!(
            out.status.success(),
            "terraform fmt would change it:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn moto_bucket() -> String {
    let bucket = unique("exports");
    block_on(async { moto_s3().create_bucket().bucket(&bucket).send().await })
        .expect("create bucket on moto");
    bucket
}

#[test]
fn export_to_s3_then_import_from_s3_locally_and_server_side() {
    let moto = &services().moto_url;
    let table = unique("s3src");
    // The table lives on moto; `cruddur` reaches it through AWS_ENDPOINT_URL_DYNAMODB.
    let on_moto = |args: &[&str]| {
        let mut cmd = cruddur();
        cmd.env("AWS_ENDPOINT_URL_DYNAMODB", moto).args(args);
        cmd
    };
    on_moto(&["--table", &table, "ddb", "schema-load", "--no-stream"])
        .assert()
        .success();
    for i in 0..3 {
        block_on(async {
            moto_ddb()
                .put_item()
                .table_name(&table)
                .item("pk", AttributeValue::S(format!("s3#{i}")))
                .item("sk", AttributeValue::S("x".into()))
                .item("n", AttributeValue::N(BIG.into()))
                .send()
                .await
        })
        .expect("put on moto");
    }
    let bucket = moto_bucket();
    let uri = format!("s3://{bucket}/snapshots");

    // Without point-in-time recovery: one clear line saying how to enable it.
    let a = on_moto(&["--table", &table, "ddb", "export", "--s3", &uri])
        .assert()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!(
        "export-to-s3-without-pitr",
        transcript_with(&a, &[(&table, "TABLE"), (&bucket, "BUCKET")])
    );

    block_on(async {
        moto_ddb()
            .update_continuous_backups()
            .table_name(&table)
            .point_in_time_recovery_specification(
                aws_sdk_dynamodb::types::PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
    })
    .expect("enable point-in-time recovery on moto");
    let a = on_moto(&[
        "--table", &table, "-o", "json", "ddb", "export", "--s3", &uri,
    ])
    .assert()
    .success();
    let summary = json_of(&a);
    assert_eq!(summary["status"], "completed", "{summary}");
    assert_eq!(summary["items"], 3, "{summary}");
    assert!(
        summary["s3"].as_str().unwrap().starts_with(&uri),
        "{summary}"
    );

    // Download path: moto's S3 into DynamoDB Local, through the bulk writer.
    let local = TestTable::loaded("s3dst");
    let a = local
        .cli(&["-o", "json", "ddb", "import", "--s3", &uri])
        .assert()
        .success();
    assert_eq!(json_of(&a)["written"], 3);
    let items = local.items();
    assert_eq!(items.len(), 3);
    assert!(items
        .iter()
        .all(|i| i["n"] == AttributeValue::N(BIG.into())));

    // Server side: ImportTable creates a new table from the export.
    let created = unique("s3created");
    let a = on_moto(&[
        "--prod",
        "-o",
        "json",
        "ddb",
        "import",
        "--s3",
        &uri,
        "--create-table",
        &created,
    ])
    .assert()
    .success();
    let summary = json_of(&a);
    assert_eq!(summary["status"], "completed", "{summary}");
    let count = block_on(async {
        moto_ddb()
            .scan()
            .table_name(&created)
            .select(aws_sdk_dynamodb::types::Select::Count)
            .send()
            .await
    })
    .expect("scan the created table")
    .count;
    assert_eq!(count, 3);
}

#[test]
fn an_interrupted_export_says_so_and_leaves_no_file() {
    let table = TestTable::loaded_without_stream("exportsig");
    for i in 0..30 {
        put(
            &table.name,
            [
                ("pk".to_string(), AttributeValue::S(format!("K#{i}"))),
                ("sk".to_string(), AttributeValue::S("x".into())),
            ]
            .into(),
        );
    }
    // Every answer takes 4 s: the signal comes while the first pages are out.
    let proxy = FaultProxy::start(
        &services().ddb_url,
        Faults::none().with_rtt(std::time::Duration::from_secs(4)),
    );
    let mut interrupted = 0;
    for (name, signal) in [("SIGINT", libc::SIGINT), ("SIGTERM", libc::SIGTERM)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("items.json");
        let child = spawn_piped(
            cruddur_process()
                .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
                .args(["--table", &table.name, "ddb", "export", "--file"])
                .arg(&file),
        );
        // The temporary file appears just before the export starts listening.
        let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while files_in(dir.path()).is_empty() {
            assert!(std::time::Instant::now() < until, "no temporary file");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        send_signal(&child, signal);
        let a = Assert::new(child.wait_with_output().expect("the export ends"));
        let dir_name = dir.path().display().to_string();
        insta::assert_snapshot!(
            format!("interrupted-export-{name}"),
            transcript_with(&a, &[(&dir_name, "DIR"), (&table.name, "TABLE")])
        );
        assert!(
            files_in(dir.path()).is_empty(),
            "{:?}",
            files_in(dir.path())
        );
        interrupted += 1;
    }
    assert_eq!(interrupted, 2);
}

#[test]
fn a_signal_stops_waiting_for_an_s3_export_and_names_the_job() {
    let table = unique("s3sig");
    // Every answer of DynamoDB (on moto) takes 4 s: DescribeTable and
    // ExportTableToPointInTime take 8 s, the first DescribeExport 4 s more;
    // the signal comes while cruddur waits for the export it started.
    let proxy = FaultProxy::start(
        &services().moto_url,
        Faults::none().with_rtt(std::time::Duration::from_secs(4)),
    );
    cruddur()
        .env("AWS_ENDPOINT_URL_DYNAMODB", &services().moto_url)
        .args(["--table", &table, "ddb", "schema-load", "--no-stream"])
        .assert()
        .success();
    block_on(async {
        moto_ddb()
            .update_continuous_backups()
            .table_name(&table)
            .point_in_time_recovery_specification(
                aws_sdk_dynamodb::types::PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
    })
    .expect("enable point-in-time recovery on moto");
    let uri = format!("s3://{}/interrupted", moto_bucket());
    let child = spawn_piped(
        cruddur_process()
            .env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)
            .args(["--table", &table, "ddb", "export", "--s3", &uri]),
    );
    // The third request (the first DescribeExport) is sent once cruddur waits.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while Counts::get(&proxy.counts.requests) < 3 {
        assert!(std::time::Instant::now() < until, "no DescribeExport");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    send_signal(&child, libc::SIGINT);
    let a = Assert::new(child.wait_with_output().expect("the export ends"));
    // The job's ARN holds an id moto makes up.
    let stderr = stderr_of(&a);
    let arn = stderr
        .split("--export-arn ")
        .nth(1)
        .and_then(|rest| rest.split(['`', ' ', '\n']).next())
        .unwrap_or_else(|| panic!("no export ARN in: {stderr}"));
    assert!(arn.starts_with("arn:"), "{arn}");
    insta::assert_snapshot!(
        "interrupted-s3-export",
        transcript_with(
            &a,
            &[(arn, "EXPORT_ARN"), (&uri, "S3_URI"), (&table, "TABLE")]
        )
    );
}

/// A character device of the test's own (the same device as /dev/null or
/// /dev/full), so a regression replaces a node in a temporary directory,
/// never the machine's /dev/null. `None` when mknod is not allowed here.
fn device_copy(dir: &std::path::Path, name: &str, of: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let rdev = std::fs::metadata(of).unwrap().rdev();
    let path = dir.join(name);
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string and mode; mknod only creates the node.
    let rc = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, rdev) };
    (rc == 0).then_some(path)
}

fn is_char_device(path: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[test]
fn export_writes_into_devices_fifos_and_links_without_replacing_them() {
    let t = TestTable::loaded("exportdev");
    fill(&t.name, 30);
    let dir = tempfile::tempdir().unwrap();
    let export = |path: &std::path::Path| t.cli(&["ddb", "export", "--file"]).arg(path).assert();

    // A device is written into, and is still the device afterwards.
    let Some(null) = device_copy(dir.path(), "null", "/dev/null") else {
        eprintln!("skipped: mknod is not permitted here");
        return;
    };
    let dir_name = dir.path().display().to_string();
    let names = [(dir_name.as_str(), "DIR"), (t.name.as_str(), "TABLE")];
    let a = export(&null).success();
    assert!(is_char_device(&null), "the device was replaced by a file");
    insta::assert_snapshot!("export-into-a-device", transcript_with(&a, &names));
    assert_eq!(files_in(dir.path()), ["null"]);

    // A full device is a failure, not a success with a byte count.
    let full = device_copy(dir.path(), "full", "/dev/full").unwrap();
    let a = export(&full).code(1);
    let line = assert_one_error_line(&a);
    assert!(
        line.starts_with(&format!(
            "error: writing {}: No space left on device",
            full.display()
        )),
        "{line}"
    );
    assert!(is_char_device(&full));

    // A FIFO's reader gets every line, and the FIFO stays a FIFO.
    let fifo = dir.path().join("fifo");
    let c_fifo = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(c_fifo.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    export(&fifo).success();
    let read = reader.join().unwrap();
    assert_eq!(read.lines().count(), 30, "{read}");
    assert!(
        read.lines().all(|l| l.starts_with(r#"{"Item":{"#)),
        "{read}"
    );
    {
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
    }

    // A symbolic link is followed: its target gets the items, the link stays a link.
    let target = dir.path().join("target.jsonl");
    std::fs::write(&target, "old\n").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let a = export(&link).success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap().lines().count(),
        30
    );
    insta::assert_snapshot!("export-through-a-link", transcript_with(&a, &names));

    // A link to nothing is refused with one line, and nothing is created.
    let dangling = dir.path().join("dangling.jsonl");
    std::os::unix::fs::symlink(dir.path().join("gone.jsonl"), &dangling).unwrap();
    let a = export(&dangling).code(2);
    assert_one_error_line(&a);
    insta::assert_snapshot!(
        "export-through-a-dangling-link",
        transcript_with(&a, &names)
    );
    assert!(!dir.path().join("gone.jsonl").exists());
}

#[test]
fn scan_and_export_to_a_closed_stdout_fail_with_one_line() {
    let t = TestTable::loaded("closedout");
    fill(&t.name, 3);
    let cases: [&[&str]; 2] = [&["ddb", "scan"], &["ddb", "export"]];
    for args in cases {
        let mut cmd = cruddur_process();
        cmd.args(["--table", &t.name]).args(args);
        // SAFETY: only closes fd 1 in the child between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::close(libc::STDOUT_FILENO);
                Ok(())
            });
        }
        let out = cmd.stdout(std::process::Stdio::inherit()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: stdout is closed"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn lines_dynamodb_would_refuse_are_found_before_the_first_write() {
    let t = TestTable::loaded("importrules");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json");
    let good = |i: usize| format!("{{\"pk\":\"p{i}\",\"sk\":\"s\",\"message\":\"hello\"}}\n");
    let mut text: String = (1..=30).map(good).collect();
    // Line 31: an item of more than 400 KB; then one of each other rule.
    text.push_str(&format!(
        "{{\"pk\":\"big\",\"sk\":\"s\",\"message\":\"{}\"}}\n",
        "x".repeat(410_000)
    ));
    text.push_str(&format!(
        "{{\"pk\":\"{}\",\"sk\":\"s\"}}\n",
        "k".repeat(2049)
    ));
    text.push_str(&format!(
        "{{\"pk\":\"p\",\"sk\":\"{}\"}}\n",
        "k".repeat(1025)
    ));
    text.push_str("{\"pk\":\"p\",\"sk\":\"u\",\"message_group_uuid\":7}\n");
    text.push_str(&format!(
        "{{\"pk\":\"p\",\"sk\":\"v\",\"deep\":{}1{}}}\n",
        "[".repeat(33),
        "]".repeat(33)
    ));
    std::fs::write(&file, text).unwrap();
    // Sets exist in DynamoDB JSON only: a second file of that format.
    let typed = dir.path().join("typed.json");
    std::fs::write(
        &typed,
        "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"t\"},\"ns\":{\"NS\":[\"1\",\"1.0\"]}}}\n",
    )
    .unwrap();
    let name = file.display().to_string();
    let typed_name = typed.display().to_string();
    let want = [
        format!("{name}:31: the item is 410015 bytes as DynamoDB counts them, over its limit of 409600 (400 KB); its largest attribute is 'message' (410007 bytes)"),
        format!("{name}:32: attribute 'pk' is the partition key of 2049 bytes; DynamoDB allows at most 2048"),
        format!("{name}:33: attribute 'sk' is the sort key of 1025 bytes; DynamoDB allows at most 1024"),
        format!("{name}:34: attribute 'message_group_uuid' is N, but index 'message-group-sk-index' keys it as S"),
        format!("{name}:35: attribute 'deep{}' nests lists and maps more than 32 levels deep", "[0]".repeat(32)),
        format!("{typed_name}:1: attribute 'ns' is a number set that holds the same element twice"),
    ];
    for dry_run in [true, false] {
        let mut args = vec![name.as_str(), typed_name.as_str()];
        if dry_run {
            args.push("--dry-run");
        }
        let a = import(&t.name, &args).code(2);
        let err = stderr_of(&a);
        let listed: Vec<&str> = err
            .lines()
            .filter(|l| l.starts_with(dir.path().to_str().unwrap()))
            .collect();
        assert_eq!(listed, want, "dry run {dry_run}:\n{err}");
        assert_eq!(
            assert_one_error_line(&a),
            format!("error: 6 of 36 line(s) cannot be imported (first: {}); nothing was written; fix or remove the lines listed above and run the command again", want[0])
        );
        assert!(t.items().is_empty(), "nothing written (dry run {dry_run})");
    }
}

#[test]
fn export_to_s3_on_dynamodb_local_says_it_has_no_such_export() {
    let t = TestTable::loaded("s3local");
    let a = t
        .cli(&["ddb", "export", "--s3", "s3://some-bucket/snapshots"])
        .assert()
        .code(2);
    assert_eq!(
        assert_one_error_line(&a),
        format!(
            "error: DynamoDB at {} does not export to S3 (ExportTableToPointInTime is unknown there, as on DynamoDB Local); export with a Scan instead: `cruddur ddb export --file PATH`; exports to S3 need AWS (--prod)",
            services().ddb_url
        )
    );
}

#[test]
fn import_input_that_is_empty_repeats_a_key_or_is_scan_output_gets_one_clear_line() {
    let t = TestTable::loaded("importodd");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };

    // An empty file, and an empty stdin: nothing to import is a failure.
    let empty = write("empty.json", "");
    let nothing = "error: nothing to import: the input (1 file(s)) holds no items; check that the file is the export you meant (and that stdin was not empty); nothing was written";
    let a = import(&t.name, &[&empty]).code(2);
    assert_eq!(assert_one_error_line(&a), nothing);
    let a = t
        .cli(&["ddb", "import", "-"])
        .write_stdin("")
        .assert()
        .code(2);
    assert_eq!(assert_one_error_line(&a), nothing);

    // A key named twice in one object would lose a value.
    let repeated = write(
        "repeated.json",
        "{\"pk\":\"a\",\"sk\":\"1\",\"n\":1,\"n\":2}\n",
    );
    let a = import(&t.name, &[&repeated]).code(2);
    assert!(
        stderr_of(&a).lines().any(|l| l
            == format!("{repeated}:1: the key \"n\" appears twice in one object; DynamoDB would keep only one of them at line 1 column 28")),
        "{}",
        stderr_of(&a)
    );

    // `ddb scan --output json` is one JSON array: the hint says which command writes import's input.
    fill(&t.name, 2);
    let scanned = t.cli(&["-o", "json", "ddb", "scan"]).assert().success();
    let scan_file = write("scan.json", &stdout_of(&scanned));
    let a = import(&t.name, &[&scan_file]).code(2);
    let line = assert_one_error_line(&a);
    assert!(
        line.ends_with(&format!("; {scan_file} looks like `ddb scan --output json` output (one JSON array); import reads one item per line: write the file with `ddb export --format json` (or `--format ddb-json`)")),
        "{line}"
    );

    // A byte-order mark before the first line is not part of the JSON.
    let bom = write(
        "bom.json",
        "\u{feff}{\"pk\":\"bom\",\"sk\":\"1\"}\n{\"pk\":\"bom\",\"sk\":\"2\"}\n",
    );
    assert_eq!(t.json(&["ddb", "import", &bom])["written"], 2);
    assert_eq!(
        t.items().len(),
        4,
        "the two filled items and the two imported"
    );
}

#[test]
fn a_large_import_from_a_file_and_stdin_writes_each_key_once_with_its_last_line() {
    let t = TestTable::loaded("importtwopass");
    let dir = tempfile::tempdir().unwrap();
    // 1,200 lines in a file, then 900 on stdin: keys k0..k999, so 1,100
    // lines repeat an earlier key (in the same input and across the two);
    // each line's n says where it came from.
    let line = |i: usize, from: &str| {
        format!(
            "{{\"pk\":\"k{}\",\"sk\":\"s\",\"from\":\"{from}-{i}\"}}\n",
            i % 1000
        )
    };
    let file = dir.path().join("first.jsonl");
    std::fs::write(
        &file,
        (0..1200).map(|i| line(i, "file")).collect::<String>(),
    )
    .unwrap();
    let stdin: String = (0..900).map(|i| line(i, "stdin")).collect();
    let a = t
        .cli(&["-o", "json", "ddb", "import"])
        .arg(&file)
        .arg("-")
        .write_stdin(stdin)
        .assert()
        .success();
    let summary = json_of(&a);
    assert_eq!(
        (
            summary["lines"].as_u64(),
            summary["items"].as_u64(),
            summary["duplicates"].as_u64(),
            summary["written"].as_u64()
        ),
        (Some(2100), Some(1000), Some(1100), Some(1000)),
        "{summary}"
    );
    let items = t.items();
    assert_eq!(items.len(), 1000);
    let mut checked = 0;
    for item in &items {
        let AttributeValue::S(pk) = &item["pk"] else {
            panic!("{item:?}")
        };
        let k: usize = pk[1..].parse().unwrap();
        // The last line of key k: stdin's for k < 900, else the file's second round.
        let want = if k < 900 {
            format!("stdin-{k}")
        } else {
            format!("file-{k}")
        };
        assert_eq!(item["from"], AttributeValue::S(want), "{pk}");
        checked += 1;
    }
    assert_eq!(checked, 1000);
}

/// An attribute of a type this build does not know, as DynamoDB would send
/// one it added later: the fault proxy renames a stored string's type tag
/// in every answer.
fn with_a_future_type(table: &TestTable) -> FaultProxy {
    let mut item = Item::new();
    item.insert("pk".into(), AttributeValue::S("MSG#future".into()));
    item.insert(
        "sk".into(),
        AttributeValue::S("2026-12-02T00:00:00+00:00".into()),
    );
    item.insert(
        "shape".into(),
        AttributeValue::M(
            [(
                "later".to_string(),
                AttributeValue::S(FUTURE_TYPE_VALUE.into()),
            )]
            .into(),
        ),
    );
    put(&table.name, item);
    FaultProxy::start(&services().ddb_url, Faults::future_type())
}

#[test]
fn a_type_this_build_does_not_know_stops_scan_and_export_naming_the_attribute() {
    let t = TestTable::loaded("futuretype");
    let proxy = with_a_future_type(&t);
    let through = || {
        let mut cmd = t.cli(&[]);
        cmd.env("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url);
        cmd
    };
    // Without the proxy the item reads back: the rename is what is unknown.
    let plain = t.cli(&["ddb", "scan", "-o", "json"]).assert().success();
    insta::assert_snapshot!("future-type-without-the-proxy", t.transcript(&plain));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    let cases: [(&str, Vec<&str>); 4] = [
        ("scan-json", vec!["ddb", "scan", "-o", "json"]),
        ("scan-raw", vec!["ddb", "scan", "-o", "json", "--raw"]),
        ("scan-table", vec!["ddb", "scan"]),
        (
            "export",
            vec!["ddb", "export", "--file", file.to_str().unwrap()],
        ),
    ];
    for (name, args) in cases {
        let a = through().args(&args).assert().failure();
        let text = transcript(&a)
            .replace(&t.name, "[table]")
            .replace(file.to_str().unwrap(), "[file]");
        insta::assert_snapshot!(format!("future-type-{name}"), text);
    }
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn the_s3_client_gives_up_at_once_on_a_failure_no_retry_cures() {
    // A plain-HTTP server behind an https:// URL: the TLS handshake fails,
    // which another attempt cannot change. It counts the connections.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        use std::io::Write;
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let a = cruddur()
        .env_remove("AWS_MAX_ATTEMPTS")
        .env("AWS_ENDPOINT_URL_S3", format!("https://127.0.0.1:{port}"))
        .args([
            "ddb",
            "import",
            "--dry-run",
            "--s3",
            "s3://exports/cruddur/",
        ])
        .assert()
        .code(1);
    let line = assert_one_error_line(&a);
    let server = format!("127.0.0.1:{port}");
    insta::assert_snapshot!("s3-tls-handshake", stable(&line, &[(&server, "SERVER")]));
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one attempt, not the SDK's three"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly_as_sigpipe_would() {
    // stdout is a pipe whose reading end is closed before the command starts.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = cruddur_process();
    cmd.args(["ddb", "schema-export", "--format", "json"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped());
    let out = cmd.output().unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(141), "")
    );
}
