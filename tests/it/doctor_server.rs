//! `doctor` names the DynamoDB Local it talks to and its version: asked of
//! the jar of the process listening on the endpoint's port, since the
//! server itself sends no version.

use crate::support::*;

fn dynamodb_row(extra_env: Option<(&str, &str)>, table: &str) -> serde_json::Value {
    let mut cmd = cruddur();
    if let Some((k, v)) = extra_env {
        cmd.env(k, v);
    }
    // No CONNECTION_URL: the Postgres row fails and doctor exits 1.
    let a = cmd
        .args(["--table", table, "-o", "json", "doctor"])
        .assert()
        .code(1);
    json_of(&a)
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "dynamodb")
        .cloned()
        .expect("a dynamodb row")
}

#[test]
fn doctor_shows_dynamodb_locals_version() {
    let t = TestTable::loaded_without_stream("doctorversion");
    let row = dynamodb_row(None, &t.name);
    assert_eq!(row["status"], "ok", "{row}");
    let server = row["server"].as_str().expect("a server");
    let version = server
        .strip_prefix("DynamoDB Local ")
        .unwrap_or_else(|| panic!("{server}"));
    assert!(
        version.split('.').count() >= 2 && version.split('.').all(|p| p.parse::<u32>().is_ok()),
        "{server}"
    );
    assert!(
        row["detail"]
            .as_str()
            .unwrap()
            .starts_with(&format!("reachable ({server}); table ACTIVE")),
        "{row}"
    );

    // Behind a proxy the listening process is not DynamoDB Local, but the
    // table's ARN still says where it lives.
    let proxy = FaultProxy::start(&services().ddb_url, Faults::none());
    let row = dynamodb_row(Some(("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)), &t.name);
    assert_eq!(
        row["server"],
        "DynamoDB Local (version unknown: it runs elsewhere than this machine's processes)",
        "{row}"
    );
    // A table that does not exist, behind the proxy: nothing to tell by.
    let row = dynamodb_row(
        Some(("AWS_ENDPOINT_URL_DYNAMODB", &proxy.url)),
        "absent-table",
    );
    assert_eq!(row["status"], "missing");
    assert!(row.get("server").is_none(), "{row}");
}
