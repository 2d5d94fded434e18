//! The services the tests talk to, SDK clients on them, and small servers
//! that stand in for a broken or foreign endpoint.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command as StdCommand;
use std::sync::OnceLock;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::{Credentials, SharedCredentialsProvider};

/// Addresses of the services the tests talk to.
pub struct Services {
    pub ddb_url: String,
    pub moto_url: String,
    pub pg_url: String,
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The local services, started by `scripts/local-services start` unless
/// the environment already names them (as `scripts/test` does).
pub fn services() -> &'static Services {
    static SERVICES: OnceLock<Services> = OnceLock::new();
    SERVICES.get_or_init(|| {
        let from_env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let (Some(ddb_url), Some(moto_url), Some(pg_url)) = (
            from_env("CRUDDUR_TEST_DDB_URL"),
            from_env("CRUDDUR_TEST_MOTO_URL"),
            from_env("CRUDDUR_TEST_PG_URL"),
        ) {
            return Services {
                ddb_url,
                moto_url,
                pg_url,
            };
        }
        let script = repo_root().join("scripts/local-services");
        let status = StdCommand::new(&script)
            .arg("start")
            .status()
            .expect("run scripts/local-services start");
        assert!(status.success(), "scripts/local-services start failed");
        let out = StdCommand::new(&script)
            .arg("env")
            .output()
            .expect("scripts/local-services env");
        let text = String::from_utf8_lossy(&out.stdout);
        let vars: HashMap<String, String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Services {
            ddb_url: vars["CRUDDUR_TEST_DDB_URL"].clone(),
            moto_url: vars["CRUDDUR_TEST_MOTO_URL"].clone(),
            pg_url: vars["CRUDDUR_TEST_PG_URL"].clone(),
        }
    })
}

/// A name no other test uses: `prefix-<random>`.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:016x}", fastrand::u64(..))
}

/// Runs a future to completion on a fresh runtime (tests are synchronous).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// The SDK configuration of every test client: `url`, us-east-1 and the
/// dummy keys the local services accept.
pub fn aws_config(url: &str) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "test",
        )))
        .endpoint_url(url)
        .build()
}

/// A DynamoDB client on DynamoDB Local, for setting up and checking tests.
pub fn ddb() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&aws_config(&services().ddb_url))
}

/// DynamoDB as moto serves it (DynamoDB Local has no export to S3).
pub fn moto_ddb() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&aws_config(&services().moto_url))
}

/// S3 on moto, with path-style addresses (no bucket host names).
pub fn moto_s3() -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::config::Builder::from(&aws_config(&services().moto_url))
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// RDS on moto.
pub fn rds() -> aws_sdk_rds::Client {
    aws_sdk_rds::Client::new(&aws_config(&services().moto_url))
}

/// Cognito user pools on moto.
pub fn cognito() -> aws_sdk_cognitoidentityprovider::Client {
    aws_sdk_cognitoidentityprovider::Client::new(&aws_config(&services().moto_url))
}

/// A server that accepts every connection and never answers, as a wedged
/// DynamoDB Local does; the connections stay open until the test ends.
pub fn silent_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            match conn {
                Ok(c) => held.push(c),
                Err(_) => break,
            }
        }
    });
    url
}

/// A plain-HTTP server answering every request with `status` (e.g. `200 OK`)
/// and `body`.
pub fn fixed_answer_server(
    status: &'static str,
    content_type: &'static str,
    body: &'static str,
) -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            let mut buf = [0u8; 16 * 1024];
            let _ = conn.read(&mut buf);
            let _ = write!(
                conn,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    addr
}
