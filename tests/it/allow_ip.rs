//! `rds allow-ip` against moto's EC2 (and its RDS for the instance's groups).
//! The groups and rules are made and read with plain Query calls of the
//! test's own, not with the code under test.

use std::io::{Read, Write};

use crate::common::*;
use crate::rds::TestInstance;

/// One EC2 Query call to moto; the answer's body.
fn ec2(action: &str, params: &[(&str, &str)]) -> String {
    let url = &services().moto_url;
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut body = format!("Action={action}&Version=2016-11-15");
    for (k, v) in params {
        body.push_str(&format!(
            "&{k}={}",
            v.replace(' ', "%20")
                .replace(':', "%3A")
                .replace('/', "%2F")
        ));
    }
    let mut conn = std::net::TcpStream::connect(addr).expect("moto answers");
    write!(
        conn,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(
        head.starts_with("HTTP/1.1 200"),
        "{action} failed: {answer}"
    );
    body.to_string()
}

/// The text of every `<name>` element of an answer, in order.
fn all_of(xml: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    xml.match_indices(&open)
        .map(|(at, _)| {
            let rest = &xml[at + open.len()..];
            rest[..rest.find(&close).expect("closed")].to_string()
        })
        .collect()
}

pub(crate) fn new_group() -> String {
    let name = unique("cruddur-db-sg");
    let answer = ec2(
        "CreateSecurityGroup",
        &[("GroupName", &name), ("GroupDescription", "db")],
    );
    all_of(&answer, "groupId").remove(0)
}

/// Adds an inbound TCP rule on 5432; its id.
fn add_rule(group: &str, cidr: &str, description: &str) -> String {
    let answer = ec2(
        "AuthorizeSecurityGroupIngress",
        &[
            ("GroupId", group),
            ("IpPermissions.1.IpProtocol", "tcp"),
            ("IpPermissions.1.FromPort", "5432"),
            ("IpPermissions.1.ToPort", "5432"),
            ("IpPermissions.1.IpRanges.1.CidrIp", cidr),
            ("IpPermissions.1.IpRanges.1.Description", description),
        ],
    );
    all_of(&answer, "securityGroupRuleId").remove(0)
}

/// The group's inbound rules as `id cidr description`, sorted.
fn inbound_rules(group: &str) -> Vec<String> {
    let answer = ec2(
        "DescribeSecurityGroupRules",
        &[("Filter.1.Name", "group-id"), ("Filter.1.Value.1", group)],
    );
    let mut rules: Vec<String> = answer
        .split("<item>")
        .skip(1)
        .filter(|item| item.contains("<isEgress>false</isEgress>"))
        .map(|item| {
            let one = |n| all_of(item, n).first().cloned().unwrap_or_default();
            format!(
                "{} {} {}",
                one("securityGroupRuleId"),
                one("cidrIpv4"),
                one("description")
            )
        })
        .collect();
    rules.sort();
    rules
}

/// The whole outcome of a run, ids replaced by names for comparison (in
/// the stdout table padded to the id's width, so the columns stay aligned).
fn transcript(a: &assert_cmd::assert::Assert, names: &[(&str, &str)]) -> String {
    let out = a.get_output();
    let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for (id, name) in names {
        stdout = stdout.replace(id, &format!("{name:<width$}", width = id.len()));
        stderr = stderr.replace(id, name);
    }
    format!(
        "exit {}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        out.status.code().unwrap_or(-1)
    )
}

fn allow_ip() -> assert_cmd::Command {
    let mut cmd = cruddur();
    cmd.env("USER", "tester").args(["rds", "allow-ip"]);
    cmd
}

#[test]
fn the_named_rule_is_updated_in_place_and_the_same_ip_again_changes_nothing() {
    let group = new_group();
    let rule = add_rule(&group, "198.51.100.1/32", "GITPOD");
    let names = [(group.as_str(), "SG"), (rule.as_str(), "RULE")];
    let run = |ip: &str| {
        allow_ip()
            .env("DB_SG_ID", &group)
            .env("DB_SG_RULE_ID", &rule)
            .args(["--ip", ip])
            .assert()
    };

    let a = run("203.0.113.7");
    assert_eq!(
        transcript(&a, &names),
        "exit 0
--- stdout
| group | rule | port | old             | new            | change  |
|-------|------|------|-----------------|----------------|---------|
| SG    | RULE | 5432 | 198.51.100.1/32 | 203.0.113.7/32 | updated |
--- stderr
rule RULE of security group SG now admits 203.0.113.7/32 on port 5432 (was 198.51.100.1/32)
"
        .replace(
            "| group | rule |",
            "| group                | rule                  |"
        )
        .replace(
            "|-------|------|",
            "|----------------------|-----------------------|"
        )
        .replace(
            "| SG    | RULE |",
            "| SG                   | RULE                  |"
        )
    );
    // The same rule, its description kept, now for the new address only.
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{rule} 203.0.113.7/32 GITPOD")]
    );

    let a = run("203.0.113.7");
    assert_eq!(a.get_output().status.code(), Some(0));
    assert_eq!(
        stderr_of(&a),
        format!("rule {rule} of security group {group} already admits 203.0.113.7/32 on port 5432; nothing to do\n")
    );
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{rule} 203.0.113.7/32 GITPOD")]
    );
}

#[test]
fn without_ids_the_instances_group_gets_one_rule_of_cruddurs_kept_up_to_date_then_revoked() {
    let other = new_group();
    let group = new_group();
    let theirs = add_rule(&group, "192.0.2.1/32", "office");
    let db = TestInstance::in_groups(&[&other, &group]);
    let echo = fixed_answer_server("200 OK", "text/plain", "198.51.100.23\n");
    let host = {
        let out = std::process::Command::new("hostname").output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let run = |args: &[&str]| {
        allow_ip()
            .env("RDS_DB_INSTANCE_IDENTIFIER", &db.id)
            .env("CRUDDUR_IP_ECHO_URL", format!("http://{echo}"))
            .args(["-o", "json"])
            .args(args)
            .assert()
    };

    // No rule of cruddur's yet: one is made in the instance's first group.
    let a = run(&[]);
    assert_eq!(a.get_output().status.code(), Some(0), "{}", stderr_of(&a));
    let made = json_of(&a);
    let id = made["rule_id"].as_str().expect("a rule id").to_string();
    assert_eq!(
        made,
        serde_json::json!({
            "change": "created", "group_id": other, "rule_id": id, "port": 5432,
            "old_cidr": null, "new_cidr": "198.51.100.23/32"
        })
    );
    assert_eq!(
        inbound_rules(&other),
        vec![format!("{id} 198.51.100.23/32 cruddur: tester@{host}")]
    );

    // A new address moves that rule; the other group's rule is untouched.
    let a = run(&["--ip", "198.51.100.24"]);
    let moved = json_of(&a);
    assert_eq!(moved["change"], "updated");
    assert_eq!(moved["rule_id"], id.as_str());
    assert_eq!(moved["old_cidr"], "198.51.100.23/32");
    assert_eq!(
        inbound_rules(&other),
        vec![format!("{id} 198.51.100.24/32 cruddur: tester@{host}")]
    );
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{theirs} 192.0.2.1/32 office")]
    );

    // Revoking asks; without a terminal it refuses and leaves the rule.
    let a = run(&["--revoke"]);
    assert_eq!(a.get_output().status.code(), Some(3));
    assert_eq!(inbound_rules(&other).len(), 1);

    let a = run(&["--revoke", "--yes"]);
    assert_eq!(json_of(&a)["change"], "revoked");
    assert_eq!(inbound_rules(&other), Vec::<String>::new());
    assert_eq!(inbound_rules(&group).len(), 1, "not cruddur's: left alone");

    // Nothing left to revoke is a success that says so.
    let a = run(&["--revoke", "--yes"]);
    assert_eq!(a.get_output().status.code(), Some(0));
    assert_eq!(json_of(&a)["change"], "absent");
}

#[test]
fn bad_input_and_missing_targets_are_one_line_each() {
    let group = new_group();
    let theirs = add_rule(&group, "192.0.2.1/32", "office");

    let a = allow_ip().args(["--ip", "203.0.113"]).assert().code(2);
    assert!(
        stderr_of(&a).starts_with("error: invalid value '203.0.113' for '--ip <IP|auto>': expected an IPv4 or IPv6 address"),
        "{}",
        stderr_of(&a)
    );

    let a = allow_ip()
        .args(["--ip", "203.0.113.7", "--group-id", "sg-0000000000000000f"])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: describing security group 'sg-0000000000000000f' failed: no such security group in EC2 at {}; name the group with --group-id or DB_SG_ID (sg-...), or leave it unset to use the RDS instance's groups", services().moto_url)
    );

    let a = allow_ip()
        .args([
            "-o",
            "json",
            "--ip",
            "203.0.113.7",
            "--rule-id",
            "sgr-0000000000000000f",
        ])
        .assert()
        .code(1);
    let line: serde_json::Value = serde_json::from_str(stderr_of(&a).trim()).unwrap();
    assert_eq!(line["error"]["kind"], "not_found");
    assert!(stdout_of(&a).is_empty());

    // A rule cruddur did not make is updated when named, never revoked.
    let a = allow_ip()
        .args(["--revoke", "--yes", "--rule-id", &theirs])
        .assert()
        .code(1);
    assert!(
        assert_one_error_line(&a).contains("was not made by cruddur (its description is 'office')")
    );
    assert_eq!(inbound_rules(&group).len(), 1);

    // An echo service that answers something else than an address.
    let echo = fixed_answer_server("200 OK", "text/html", "<html>captive portal</html>");
    let a = allow_ip()
        .env("CRUDDUR_IP_ECHO_URL", format!("http://{echo}"))
        .args(["--group-id", &group])
        .assert()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: http://{echo} answered '<html>captive portal</html>', which is not an IP address; pass the address with --ip, or name another echo service in CRUDDUR_IP_ECHO_URL")
    );
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{theirs} 192.0.2.1/32 office")]
    );
}
