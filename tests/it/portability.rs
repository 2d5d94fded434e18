//! Data portability against DynamoDB Local: lossless JSON output, export.

use crate::common::*;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;

const BIG: &str = "12345678901234567890123456789012345678";
const TINY: &str = "-0.00000000000000000000000000000000000000012";

fn put_item(table: &str, item: std::collections::HashMap<String, AttributeValue>) {
    block_on(async {
        ddb()
            .put_item()
            .table_name(table)
            .set_item(Some(item))
            .send()
            .await
    })
    .expect("put item");
}

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
    put_item(&t.name, item);

    let a = cruddur()
        .args(["--table", &t.name, "-o", "json", "ddb", "scan"])
        .assert()
        .success();
    let out = stdout_of(&a);
    assert!(out.contains(&format!(r#""big":{BIG}"#)), "{out}");
    assert!(out.contains(&format!(r#""ns":[{BIG}]"#)), "{out}");
    assert!(out.contains(&format!(r#""tiny":{TINY}"#)), "{out}");
    assert!(out.contains(r#""bytes":"AP8BAg==""#), "{out}");

    let a = cruddur()
        .args(["--table", &t.name, "-o", "json", "ddb", "scan", "--raw"])
        .assert()
        .success();
    let out = stdout_of(&a);
    assert!(out.contains(&format!(r#""big":{{"N":"{BIG}"}}"#)), "{out}");
    assert!(out.contains(r#""bytes":{"B":"AP8BAg=="}"#), "{out}");
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
    let a = cruddur()
        .args([
            "--table",
            &t.name,
            "-o",
            "json",
            "ddb",
            "export",
            "--segments",
            "3",
        ])
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
            assert!(l.contains(&format!(r#""n":{{"N":"{BIG}"}}"#)), "{l}");
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
    let a = cruddur()
        .args(["--table", &t.name, "ddb", "export", "--format", "json"])
        .assert()
        .success();
    let out = stdout_of(&a);
    assert_eq!(out.lines().count(), 40);
    assert!(
        out.lines().all(|l| l.starts_with(r#"{"pk":"item-"#)),
        "{out}"
    );
    assert!(out.contains(&format!(r#""n":{BIG}"#)));
    assert!(stderr_of(&a).contains("exported 40 item(s)"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.json.gz");
    cruddur()
        .args(["--table", &t.name, "ddb", "export", "--file"])
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
    let line = assert_one_error_line(&a);
    assert!(
        line.contains(&missing) && line.contains("schema-load"),
        "{line}"
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );

    let a = cruddur()
        .args(["ddb", "export", "--file", "/nonexistent-dir/items.json"])
        .assert()
        .code(2);
    assert!(assert_one_error_line(&a).contains("/nonexistent-dir"));
}
