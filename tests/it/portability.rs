//! Data portability against DynamoDB Local: lossless JSON output.

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
