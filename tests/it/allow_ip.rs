//! `rds allow-ip` against moto's EC2 (and its RDS for the instance's groups).
//! The groups and rules are made and read with plain Query calls of the
//! test's own, not with the code under test.

use std::io::{Read, Write};

use crate::support::*;

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
    add_rule_on(group, 5432, cidr, description)
}

/// Adds an inbound TCP rule on `port` for an IPv4 or IPv6 CIDR; its id.
fn add_rule_on(group: &str, port: u16, cidr: &str, description: &str) -> String {
    let port = port.to_string();
    let ranges = if cidr.contains(':') {
        "Ipv6Ranges.1.CidrIpv6"
    } else {
        "IpRanges.1.CidrIp"
    };
    let range = format!("IpPermissions.1.{ranges}");
    let described = format!(
        "IpPermissions.1.{}.Description",
        ranges.rsplit_once('.').unwrap().0
    );
    let answer = ec2(
        "AuthorizeSecurityGroupIngress",
        &[
            ("GroupId", group),
            ("IpPermissions.1.IpProtocol", "tcp"),
            ("IpPermissions.1.FromPort", &port),
            ("IpPermissions.1.ToPort", &port),
            (&range, cidr),
            (&described, description),
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
                "{} {}{} {}",
                one("securityGroupRuleId"),
                one("cidrIpv4"),
                one("cidrIpv6"),
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
    let host = host();
    stdout = stdout.replace(&host, "HOST");
    stderr = stderr.replace(&host, "HOST");
    format!(
        "exit {}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        out.status.code().unwrap_or(-1)
    )
}

/// This machine's host name, as `cruddur: USER@HOST` descriptions carry it.
fn host() -> String {
    let out = std::process::Command::new("hostname").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The description of the test user's own rules.
fn mine() -> String {
    format!("cruddur: tester@{}", host())
}

fn allow_ip() -> assert_cmd::Command {
    let mut cmd = cruddur();
    cmd.env("USER", "tester").args(["rds", "allow-ip"]);
    cmd
}

#[test]
fn a_named_rule_not_made_by_cruddur_is_changed_only_with_take_over_rule() {
    let group = new_group();
    let rule = add_rule(&group, "198.51.100.1/32", "GITPOD");
    let names = [(group.as_str(), "SG"), (rule.as_str(), "RULE")];
    let run = |extra: &[&str]| {
        allow_ip()
            .env("DB_SG_ID", &group)
            .env("DB_SG_RULE_ID", &rule)
            .args(["--ip", "203.0.113.7"])
            .args(extra)
            .assert()
    };

    // Named but not made by cruddur: refused, nothing changed.
    let a = run(&[]);
    insta::assert_snapshot!("take-over-refused", transcript(&a, &names));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{rule} 198.51.100.1/32 GITPOD")]
    );

    // Taken over: the same rule, now for the new address and described as ours.
    let a = run(&["--take-over-rule"]);
    insta::assert_snapshot!("take-over", transcript(&a, &names));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{rule} 203.0.113.7/32 {}", mine())]
    );

    // Ours now: the same address again changes nothing, without the flag.
    let a = run(&[]);
    insta::assert_snapshot!("take-over-then-unchanged", transcript(&a, &names));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{rule} 203.0.113.7/32 {}", mine())]
    );
}

#[test]
fn a_named_rule_on_another_port_or_of_the_other_family_is_refused_and_nothing_changes() {
    let group = new_group();
    let ssh = add_rule_on(&group, 22, "192.0.2.10/32", "office ssh");
    let ours = add_rule(&group, "198.51.100.1/32", &mine());
    let ours_v6 = add_rule(&group, "2001:db8::1/128", &mine());
    let before = inbound_rules(&group);
    assert_eq!(before.len(), 3);
    let names = [
        (group.as_str(), "SG"),
        (ssh.as_str(), "SSH_RULE"),
        (ours_v6.as_str(), "OUR_V6_RULE"),
        (ours.as_str(), "OUR_RULE"),
    ];
    let cases: [(&str, &[&str]); 4] = [
        ("port-22", &["--rule-id", &ssh, "--ip", "203.0.113.7"]),
        (
            "port-22-taken-over",
            &["--rule-id", &ssh, "--ip", "203.0.113.7", "--take-over-rule"],
        ),
        (
            "ipv4-rule-ipv6-address",
            &["--rule-id", &ours, "--ip", "2001:db8::7"],
        ),
        (
            "ipv6-rule-ipv4-address",
            &["--rule-id", &ours_v6, "--ip", "203.0.113.7"],
        ),
    ];
    let mut text = String::new();
    for (name, args) in &cases {
        let a = allow_ip().args(*args).assert();
        assert_one_error_line(&a);
        text.push_str(&format!("=== {name}\n{}", transcript(&a, &names)));
        assert_eq!(inbound_rules(&group), before, "{name} changed a rule");
    }
    assert_eq!(text.matches("=== ").count(), 4);
    insta::assert_snapshot!("named-rule-of-another-port-or-family", text);
}

#[test]
fn each_users_rule_is_found_by_its_own_description_and_never_anothers() {
    let group = new_group();
    let alices = add_rule(&group, "198.51.100.1/32", "cruddur: alice@her-laptop");
    let run = |args: &[&str]| {
        allow_ip()
            .args(["-o", "json", "--group-id", &group])
            .args(args)
            .assert()
    };

    // Alice's rule is hers: the tester gets a rule of their own.
    let a = run(&["--ip", "203.0.113.7"]);
    assert_eq!(a.get_output().status.code(), Some(0), "{}", stderr_of(&a));
    let made = json_of(&a);
    assert_eq!(made["change"], "created");
    let id = made["rule_id"].as_str().expect("a rule id").to_string();
    assert_ne!(id, alices);
    let both = vec![
        format!("{alices} 198.51.100.1/32 cruddur: alice@her-laptop"),
        format!("{id} 203.0.113.7/32 {}", mine()),
    ];
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(inbound_rules(&group), sorted(both.clone()));

    // A new address moves the tester's rule, not Alice's.
    let a = run(&["--ip", "203.0.113.8"]);
    assert_eq!(json_of(&a)["rule_id"], id.as_str());
    assert_eq!(
        inbound_rules(&group),
        sorted(vec![
            both[0].clone(),
            format!("{id} 203.0.113.8/32 {}", mine())
        ])
    );

    // Revoking removes the tester's rule only; then there is nothing of theirs left.
    let a = run(&["--revoke", "--yes"]);
    assert_eq!(json_of(&a)["rule_id"], id.as_str());
    assert_eq!(inbound_rules(&group), vec![both[0].clone()]);
    let a = run(&["--revoke", "--yes"]);
    assert_eq!(json_of(&a)["change"], "absent");
    assert_eq!(inbound_rules(&group), vec![both[0].clone()]);

    // Named, Alice's rule is still hers: refused unless taken over.
    let names = [(group.as_str(), "SG"), (alices.as_str(), "ALICES_RULE")];
    let a = allow_ip()
        .args(["--revoke", "--yes", "--rule-id", &alices])
        .assert();
    insta::assert_snapshot!("revoke-anothers-rule", transcript(&a, &names));
    assert_eq!(inbound_rules(&group), vec![both[0].clone()]);
    let a = allow_ip()
        .args([
            "--revoke",
            "--yes",
            "--take-over-rule",
            "--rule-id",
            &alices,
        ])
        .assert();
    assert_eq!(a.get_output().status.code(), Some(0), "{}", stderr_of(&a));
    assert_eq!(inbound_rules(&group), Vec::<String>::new());
}

#[test]
fn an_echo_answer_that_is_not_a_public_address_is_refused_and_the_rule_kept() {
    let group = new_group();
    let ours = add_rule(&group, "198.51.100.1/32", &mine());
    let before = inbound_rules(&group);
    let answers = [
        "127.0.0.1",
        "10.0.0.5",
        "0.0.0.0",
        "169.254.169.254",
        "100.64.1.2",
        "::1",
        "fe80::1",
        "fd12::1",
        "::ffff:192.168.1.1",
    ];
    let mut text = String::new();
    for answer in answers {
        let echo = fixed_answer_server(
            "200 OK",
            "text/plain",
            Box::leak(format!("{answer}\n").into_boxed_str()),
        );
        let echo_url = format!("http://{echo}");
        let a = allow_ip()
            .env("CRUDDUR_IP_ECHO_URL", &echo_url)
            .args(["--group-id", &group])
            .assert();
        assert_one_error_line(&a);
        text.push_str(&format!(
            "=== {answer}\n{}",
            transcript(
                &a,
                &[(echo_url.as_str(), "ECHO"), (ours.as_str(), "OUR_RULE")]
            )
        ));
        assert_eq!(inbound_rules(&group), before, "{answer} changed the rule");
    }
    assert_eq!(text.matches("=== ").count(), answers.len());
    insta::assert_snapshot!("echo-answers-not-public", text);
}

#[test]
fn an_ipv4_mapped_address_is_taken_as_ipv4() {
    let group = new_group();
    let ours = add_rule(&group, "198.51.100.1/32", &mine());
    let names = [(group.as_str(), "SG"), (ours.as_str(), "OUR_RULE")];
    let echo = fixed_answer_server("200 OK", "text/plain", "::ffff:203.0.113.7\n");
    let a = allow_ip()
        .env("CRUDDUR_IP_ECHO_URL", format!("http://{echo}"))
        .args(["--group-id", &group])
        .assert();
    let mut text = format!("=== echo ::ffff:203.0.113.7\n{}", transcript(&a, &names));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{ours} 203.0.113.7/32 {}", mine())]
    );
    let a = allow_ip()
        .args(["--group-id", &group, "--ip", "::ffff:203.0.113.8"])
        .assert();
    text.push_str(&format!(
        "=== --ip ::ffff:203.0.113.8\n{}",
        transcript(&a, &names)
    ));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{ours} 203.0.113.8/32 {}", mine())]
    );
    insta::assert_snapshot!("ipv4-mapped", text);
}

#[test]
fn an_address_of_the_other_family_replaces_the_users_rule_with_a_new_one() {
    let group = new_group();
    let old = add_rule(&group, "198.51.100.1/32", &mine());
    let new_rule = |before: &str| {
        let rules = inbound_rules(&group);
        assert_eq!(rules.len(), 1, "{rules:?}");
        let id = rules[0].split(' ').next().unwrap().to_string();
        assert_ne!(id, before);
        id
    };

    // IPv4 to IPv6.
    let a = allow_ip()
        .args(["--group-id", &group, "--ip", "2001:db8::7"])
        .assert();
    let v6 = new_rule(&old);
    let names = [
        (group.as_str(), "SG"),
        (old.as_str(), "OLD_RULE"),
        (v6.as_str(), "NEW_RULE"),
    ];
    insta::assert_snapshot!("family-change", transcript(&a, &names));
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{v6} 2001:db8::7/128 {}", mine())]
    );

    // And back, as JSON.
    let a = allow_ip()
        .args(["-o", "json", "--group-id", &group, "--ip", "198.51.100.9"])
        .assert();
    assert_eq!(a.get_output().status.code(), Some(0), "{}", stderr_of(&a));
    let v4 = new_rule(&v6);
    assert_eq!(
        json_of(&a),
        serde_json::json!({
            "change": "replaced", "group_id": group, "rule_id": v4, "port": 5432,
            "old_cidr": "2001:db8::7/128", "new_cidr": "198.51.100.9/32",
            "replaced_rule_id": v6
        })
    );
    assert_eq!(
        inbound_rules(&group),
        vec![format!("{v4} 198.51.100.9/32 {}", mine())]
    );
}

/// A plain-HTTP server that answers every request with `status` and a body
/// of `length` bytes of `0`, streamed in 64 KiB writes (never held whole);
/// with `declare`, the head carries the Content-Length, else the body ends
/// with the connection. Each connection's count of bytes written before the
/// client went away comes through the receiver.
fn streaming_server(
    status: &'static str,
    length: u64,
    declare: bool,
) -> (String, std::sync::mpsc::Receiver<u64>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut request = [0u8; 16 * 1024];
                let _ = conn.read(&mut request);
                let length_header = if declare {
                    format!("Content-Length: {length}\r\n")
                } else {
                    String::new()
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n{length_header}Connection: close\r\n\r\n"
                );
                if conn.write_all(head.as_bytes()).is_err() {
                    let _ = tx.send(0);
                    return;
                }
                let chunk = vec![b'0'; 64 * 1024];
                let mut written = 0u64;
                while written < length {
                    let n = chunk.len().min((length - written) as usize);
                    match conn.write(&chunk[..n]) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => written += n as u64,
                    }
                }
                let _ = tx.send(written);
            });
        }
    });
    (url, rx)
}

const MIB: u64 = 1024 * 1024;

#[test]
fn the_echo_services_answer_is_read_only_up_to_its_bound() {
    let group = new_group();
    let ours = add_rule(&group, "198.51.100.1/32", &mine());
    let before = inbound_rules(&group);
    let mut text = String::new();
    for declare in [false, true] {
        let (echo, written) = streaming_server("200 OK", 256 * MIB, declare);
        let a = allow_ip()
            .env("CRUDDUR_IP_ECHO_URL", &echo)
            .args(["--group-id", &group])
            .assert();
        assert_one_error_line(&a);
        text.push_str(&format!(
            "=== Content-Length given: {declare}\n{}",
            transcript(&a, &[(echo.as_str(), "ECHO"), (ours.as_str(), "OUR_RULE")])
        ));
        // cruddur hung up long before the end: what the server wrote fits
        // in the sockets' buffers.
        let sent = written
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server finished");
        assert!(sent < 64 * MIB, "the server wrote {sent} bytes");
        assert_eq!(inbound_rules(&group), before);
    }
    insta::assert_snapshot!("echo-answer-too-long", text);
}

#[test]
fn what_answers_at_the_ec2_endpoint_is_named_when_it_is_not_ec2() {
    let page = fixed_answer_server("200 OK", "text/html", "<html>captive portal</html>");
    let missing = fixed_answer_server("404 Not Found", "text/plain", "Not Found");
    let (huge, written) = streaming_server("200 OK", 256 * MIB, false);
    let servers = [
        ("html-page", format!("http://{page}")),
        ("404-text", format!("http://{missing}")),
        ("endless-answer", huge.clone()),
    ];
    let mut text = String::new();
    for (name, url) in &servers {
        let a = allow_ip()
            .env("AWS_ENDPOINT_URL_EC2", url)
            .args(["--ip", "203.0.113.7", "--group-id", "sg-0123456789abcdef0"])
            .assert();
        assert_one_error_line(&a);
        text.push_str(&format!(
            "=== {name}\n{}",
            transcript(&a, &[(url.as_str(), "EC2_URL")])
        ));
    }
    assert_eq!(text.matches("=== ").count(), 3);
    insta::assert_snapshot!("ec2-endpoint-not-ec2", text);
    let sent = written
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server finished");
    assert!(sent < 64 * MIB, "the server wrote {sent} bytes");
}

#[test]
fn without_ids_the_instances_group_gets_one_rule_of_cruddurs_kept_up_to_date_then_revoked() {
    let other = new_group();
    let group = new_group();
    let theirs = add_rule(&group, "192.0.2.1/32", "office");
    let db = TestInstance::in_groups(&[&other, &group]);
    let echo = fixed_answer_server("200 OK", "text/plain", "198.51.100.23\n");
    let host = host();
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

    // A rule cruddur did not make is never revoked, even taken over.
    let a = allow_ip()
        .args([
            "--revoke",
            "--yes",
            "--take-over-rule",
            "--rule-id",
            &theirs,
        ])
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
