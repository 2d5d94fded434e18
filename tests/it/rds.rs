//! `rds start`, `stop`, `status` against moto (start/stop flip instantly
//! there, and a second stop is InvalidDBInstanceState).

use crate::support::*;

#[test]
fn stop_stops_and_a_second_stop_says_already_stopped() {
    let db = TestInstance::available();
    assert_eq!(db.state(), "available");

    let a = db.cli(&["stop"]).assert().success();
    assert_eq!(db.state(), "stopped");
    // Names the instance it stops and its restart in seven days; no data
    // on stdout in table mode.
    insta::assert_snapshot!("stop", db.transcript(&a));

    let a = db.cli(&["stop"]).assert().success();
    insta::assert_snapshot!("stop-again", db.transcript(&a));
    assert_eq!(db.state(), "stopped");
}

#[test]
fn start_starts_and_a_second_start_says_already_available() {
    let db = TestInstance::available();
    db.cli(&["stop"]).assert().success();
    assert_eq!(db.state(), "stopped");

    let a = db.cli(&["-o", "json", "start"]).assert().success();
    assert_eq!(db.state(), "available");
    let out = json_of(&a);
    assert_eq!(out["instance"], db.id.as_str());
    assert_eq!(out["action"], "start");
    assert_eq!(out["requested"], true);

    let a = db.cli(&["-o", "json", "start"]).assert().success();
    insta::assert_snapshot!("start-again-json", db.transcript(&a));
}

#[test]
fn wait_reaches_the_target_state() {
    let db = TestInstance::available();
    assert_eq!(
        db.json(&["stop", "--wait", "--timeout", "30"])["state"],
        "stopped"
    );
    assert_eq!(db.state(), "stopped");

    assert_eq!(
        db.json(&["start", "--wait", "--timeout", "30"])["state"],
        "available"
    );
    assert_eq!(db.state(), "available");

    // Waiting on an instance that is already there returns at once.
    let a = db.cli(&["start", "--wait"]).assert().success();
    insta::assert_snapshot!("start-wait-when-available", db.transcript(&a));
}

#[test]
fn status_shows_state_class_engine_endpoint() {
    let db = TestInstance::available();
    let a = db.cli(&["-o", "json", "status"]).assert().success();
    let out = json_of(&a);
    assert_eq!(out["instance"], db.id.as_str());
    assert_eq!(out["state"], "available");
    assert_eq!(out["class"], "db.t3.micro");
    assert_eq!(out["engine"], "postgres");
    assert_eq!(out["engine_version"], "15.4");
    assert_eq!(out["port"], 5432);
    let endpoint = out["endpoint"].as_str().expect("endpoint is a string");
    assert!(endpoint.ends_with(":5432"), "{endpoint}");
    assert_eq!(
        endpoint,
        format!("{}:5432", out["address"].as_str().expect("address"))
    );

    let a = db.cli(&["status"]).assert().success();
    let address = out["address"].as_str().unwrap();
    insta::assert_snapshot!(
        "status",
        transcript_with(&a, &[(address, "ADDRESS"), (&db.id, "ID")])
    );

    db.cli(&["stop"]).assert().success();
    assert_eq!(db.json(&["status"])["state"], "stopped");
}

#[test]
fn the_instance_id_comes_from_the_environment() {
    let db = TestInstance::available();
    let a = cruddur()
        .env("RDS_DB_INSTANCE_IDENTIFIER", &db.id)
        .args(["-o", "json", "rds", "status"])
        .assert()
        .success();
    assert_eq!(json_of(&a)["instance"], db.id.as_str());
}

#[test]
fn unknown_instance_is_one_clear_error() {
    let id = unique("cruddur-missing");
    let commands = ["status", "stop", "start"];
    assert_eq!(commands.len(), 3);
    for cmd in commands {
        let a = cruddur()
            .args(["rds", cmd, "--db-instance-identifier", &id])
            .assert()
            .failure()
            .code(1);
        let text = transcript_with(&a, &[(id.as_str(), "ID")]);
        insta::assert_snapshot!(format!("unknown-instance-{cmd}"), text);
    }

    // The default id, when nothing names one.
    let a = cruddur().args(["rds", "status"]).assert().failure();
    insta::assert_snapshot!("unknown-default-instance", transcript_with(&a, &[]));
}

#[test]
fn missing_region_is_a_clear_error() {
    let a = cruddur()
        .env_remove("AWS_REGION")
        .args(["rds", "status"])
        .assert()
        .failure()
        .code(1);
    insta::assert_snapshot!("rds-without-region", transcript(&a));
}

#[test]
fn dynamodb_endpoint_settings_do_not_reroute_rds() {
    let db = TestInstance::available();
    let a = db
        .cli(&["-o", "json", "status"])
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .assert()
        .success();
    assert_eq!(json_of(&a)["state"], "available");
}

const SSO_CONFIG: &str = "\
[profile cruddur-sso]
sso_session = cruddur-test-sso
sso_account_id = 123456789012
sso_role_name = CruddurAdmin
region = us-east-1

[sso-session cruddur-test-sso]
sso_start_url = https://cruddur-test.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile cruddur-sso-legacy]
sso_start_url = https://cruddur-test.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = CruddurAdmin
region = us-east-1
";

#[test]
fn a_static_keys_profile_selected_by_flag_or_environment_reaches_moto() {
    let db = TestInstance::available();
    let home = AwsHome::new(
        "[profile cruddur-static]\nregion = us-east-1\n",
        "[cruddur-static]\naws_access_key_id = AKIACRUDDURPROFILE\naws_secret_access_key = cruddur-profile-secret\n",
    );
    let status = ["-o", "json", "rds", "status", "--db-instance-identifier"];

    // Without the profile there are no credentials and no region at all.
    let a = home.cruddur(&status).arg(&db.id).assert().failure().code(1);
    let error: serde_json::Value = serde_json::from_str(&stderr_of(&a)).unwrap();
    assert_eq!(error["error"]["kind"], "failed", "{error}");

    let a = home
        .cruddur(&["--profile", "cruddur-static"])
        .args(status)
        .arg(&db.id)
        .assert()
        .success();
    assert_eq!(json_of(&a)["instance"], db.id.as_str());
    assert_eq!(json_of(&a)["state"], "available");

    let a = home
        .cruddur(&status)
        .arg(&db.id)
        .env("AWS_PROFILE", "cruddur-static")
        .assert()
        .success();
    assert_eq!(json_of(&a)["instance"], db.id.as_str());

    // A profile that is not in the files is named in the error.
    let a = home
        .cruddur(&["--profile", "cruddur-absent"])
        .args(status)
        .arg(&db.id)
        .assert()
        .failure()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("absent-profile", home.transcript(&a));
}

#[test]
fn an_sso_profile_without_a_cached_token_says_how_to_log_in() {
    let home = AwsHome::new(SSO_CONFIG, "");
    for profile in ["cruddur-sso", "cruddur-sso-legacy"] {
        // Keys in the environment do not stand in for the profile named by --profile.
        let a = home
            .cruddur(&["--profile", profile, "rds", "status"])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .assert()
            .failure()
            .code(1);
        assert_one_error_line(&a);
        insta::assert_snapshot!(format!("sso-without-token-{profile}"), home.transcript(&a));

        // The same through AWS_PROFILE.
        let a = home
            .cruddur(&["rds", "status"])
            .env("AWS_PROFILE", profile)
            .assert()
            .failure()
            .code(1);
        assert_one_error_line(&a);
        insta::assert_snapshot!(
            format!("sso-without-token-{profile}-from-aws-profile"),
            home.transcript(&a)
        );
    }
}

#[test]
fn an_expired_sso_token_says_how_to_log_in() {
    let home = AwsHome::new(SSO_CONFIG, "");
    // The SDK finds the token of an sso-session under the SHA-1 of its name.
    let cache = home.dir.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("create the SSO cache");
    std::fs::write(
        cache.join("75f5969c38da3b9e758432c20e10c917d52447ec.json"),
        r#"{"accessToken": "cruddur-expired", "expiresAt": "2020-01-01T00:00:00Z", "region": "us-east-1", "startUrl": "https://cruddur-test.awsapps.com/start"}"#,
    )
    .expect("write the cached token");
    let a = home
        .cruddur(&["--profile", "cruddur-sso", "rds", "status"])
        .assert()
        .failure()
        .code(1);
    assert_one_error_line(&a);
    insta::assert_snapshot!("sso-token-expired", home.transcript(&a));
}

/// Reads one HTTP message (headers and the body Content-Length announces, or
/// everything up to the end without one); `None` at the end of the stream.
fn read_message(stream: &mut std::net::TcpStream) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end].lines().find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap())
            });
            if let Some(length) = length {
                if data.len() >= end + 4 + length {
                    return Some(data);
                }
            }
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return (!data.is_empty()).then_some(data);
        }
        data.extend_from_slice(&buf[..n]);
    }
}

/// An HTTP forwarder to moto that closes the connection instead of
/// answering the `nth` DescribeDBInstances call: one network blip.
fn flaky_moto(nth: usize) -> String {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let upstream = services()
        .moto_url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let describes = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (upstream, describes) = (upstream.clone(), describes.clone());
            std::thread::spawn(move || {
                let mut client = client;
                while let Some(request) = read_message(&mut client) {
                    let text = String::from_utf8_lossy(&request);
                    if text.contains("Action=DescribeDBInstances")
                        && describes.fetch_add(1, Ordering::SeqCst) + 1 == nth
                    {
                        return; // closes the connection without an answer
                    }
                    let mut up = std::net::TcpStream::connect(&upstream).unwrap();
                    up.write_all(&request).unwrap();
                    let Some(response) = read_message(&mut up) else {
                        return;
                    };
                    if client.write_all(&response).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[test]
fn one_failed_describe_does_not_abort_the_wait() {
    let db = TestInstance::available();
    // Describe 1 reads the state before stopping; describe 2 is the wait's first poll.
    let proxy = flaky_moto(2);
    let a = db
        .cli(&["-o", "json", "stop", "--wait", "--timeout", "60"])
        .env("AWS_ENDPOINT_URL_RDS", &proxy)
        .assert()
        .success();
    assert_eq!(json_of(&a)["state"], "stopped");
    assert_eq!(db.state(), "stopped");
}

#[test]
fn no_credentials_anywhere_is_one_line_saying_how_to_give_some() {
    let home = AwsHome::new("[default]\nregion = us-east-1\n", "");
    let a = home
        .cruddur(&["rds", "status"])
        .env("AWS_REGION", "us-east-1")
        .assert()
        .failure()
        .code(1);
    assert_eq!(
        assert_one_error_line(&a),
        format!("error: describing RDS instance 'cruddur-db-instance': no valid AWS credentials for RDS at {}; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile (or set AWS_PROFILE), or run `aws configure`", services().moto_url)
    );
}
