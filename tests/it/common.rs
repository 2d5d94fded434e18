//! Shared test harness: the local services (started once per run by
//! `scripts/local-services` when the test command has not already done so),
//! a preconfigured `cruddur` command and uniquely named resources.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command as StdCommand;
use std::sync::OnceLock;

use assert_cmd::Command;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::Credentials;

/// Addresses of the services the tests talk to.
pub struct Services {
    pub ddb_url: String,
    pub moto_url: String,
    pub pg_url: String,
}

fn repo_root() -> PathBuf {
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

/// Environment variables that would leak the developer's setup into a test.
const SCRUBBED: &[&str] = &[
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "AWS_ENDPOINT_URL_RDS",
    "AWS_ENDPOINT_URL_S3",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_COGNITO_USER_POOL_ID",
    "CONNECTION_URL",
    "PROD_CONNECTION_URL",
    "DDB_MESSAGE_TABLE",
    "RDS_DB_INSTANCE_IDENTIFIER",
    "AWS_ENDPOINT_URL_EC2",
    "DB_SG_ID",
    "DB_SG_RULE_ID",
    "CRUDDUR_IP_ECHO_URL",
    "NO_COLOR",
];

/// `cruddur` with a clean AWS environment: DynamoDB Local through
/// `--endpoint-url`-free configuration (AWS_ENDPOINT_URL_DYNAMODB), moto for
/// Cognito and RDS, dummy credentials and three attempts per request (the
/// SDKs' standard: DynamoDB Local now and then answers a 500 under the
/// suite's parallel load, and ten attempts would slow failing tests down).
pub fn cruddur() -> Command {
    let mut cmd = Command::from_std(cruddur_process());
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// [`cruddur`] for a test's setup steps, with the SDK's retries: DynamoDB
/// Local now and then answers a CreateTable with a 500 InternalFailure when
/// the suite creates tables in parallel.
pub fn cruddur_setup() -> Command {
    let mut cmd = cruddur();
    cmd.env_remove("AWS_MAX_ATTEMPTS");
    cmd
}

/// The same command as [`cruddur`], as a plain process (for tests that
/// signal it while it runs).
pub fn cruddur_process() -> StdCommand {
    let s = services();
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cruddur"));
    for var in SCRUBBED {
        cmd.env_remove(var);
    }
    let home = std::env::temp_dir().join("cruddur-test-home");
    cmd.env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "3")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &s.ddb_url)
        .env("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", &s.moto_url)
        .env("AWS_ENDPOINT_URL_RDS", &s.moto_url)
        .env("AWS_ENDPOINT_URL_EC2", &s.moto_url)
        .env("AWS_ENDPOINT_URL_S3", &s.moto_url)
        .env("COLUMNS", "200");
    cmd
}

/// A conversation file of `lines` lines, the speakers alternating.
pub fn conversation_file(lines: usize) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for i in 0..lines {
        writeln!(f, "Person {}: line number {i}", 1 + i % 2).unwrap();
    }
    f
}

/// The number of items in a table (every page of a COUNT scan).
pub fn count_items(table: &str) -> usize {
    block_on(async {
        let mut pages = ddb()
            .scan()
            .table_name(table)
            .select(aws_sdk_dynamodb::types::Select::Count)
            .into_paginator()
            .send();
        let mut n = 0;
        while let Some(page) = pages.next().await {
            n += page.expect("scan").count as usize;
        }
        n
    })
}

/// Runs a future to completion on a fresh runtime (tests are synchronous).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// A DynamoDB client on DynamoDB Local, for setting up and checking tests.
pub fn ddb() -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .endpoint_url(&services().ddb_url)
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// A uniquely named table, deleted when the test ends.
pub struct TestTable {
    pub name: String,
}

impl TestTable {
    /// A name only; the test creates the table.
    pub fn named(prefix: &str) -> Self {
        TestTable {
            name: unique(prefix),
        }
    }

    /// A table created with `cruddur ddb schema-load`.
    pub fn loaded(prefix: &str) -> Self {
        Self::load(prefix, &[])
    }

    /// A table created with `cruddur ddb schema-load --no-stream`: writes
    /// to it leave no stream records, which slow DynamoDB Local down.
    pub fn loaded_without_stream(prefix: &str) -> Self {
        Self::load(prefix, &["--no-stream"])
    }

    fn load(prefix: &str, options: &[&str]) -> Self {
        let t = TestTable::named(prefix);
        cruddur_setup()
            .args(["--table", &t.name, "ddb", "schema-load"])
            .args(options)
            .assert()
            .success();
        t
    }
}

impl Drop for TestTable {
    fn drop(&mut self) {
        let name = self.name.clone();
        block_on(async move {
            let _ = ddb().delete_table().table_name(name).send().await;
        });
    }
}

/// stdout of a successful run parsed as JSON.
pub fn json_of(assert: &assert_cmd::assert::Assert) -> serde_json::Value {
    let out = &assert.get_output().stdout;
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// Runs an offline checker: from the linters' environment
/// (`CRUDDUR_LINT_BIN`, set by scripts/test) when it is there, else from
/// PATH. `None`, with the reason printed, when it cannot be started; with
/// `CRUDDUR_REQUIRE_LINTERS=1` (or `CRUDDUR_REQUIRE_TERRAFORM=1` for
/// terraform) that fails the test instead.
pub fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    let program = std::env::var_os("CRUDDUR_LINT_BIN")
        .map(|dir| PathBuf::from(dir).join(name))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(name));
    match StdCommand::new(&program).args(args).output() {
        Ok(out) => Some(out),
        Err(e) => {
            let required = if name == "terraform" {
                "CRUDDUR_REQUIRE_TERRAFORM"
            } else {
                "CRUDDUR_REQUIRE_LINTERS"
            };
            if std::env::var(required).as_deref() == Ok("1") {
                panic!("{name} is required ({required}=1) but cannot be run: {e}");
            }
            eprintln!("skipping the {name} check: {name} is not available ({e})");
            None
        }
    }
}

/// The whole outcome of a command, for a snapshot: exit code, stdout, stderr.
pub fn transcript(assert: &assert_cmd::assert::Assert) -> String {
    let out = assert.get_output();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or_else(|| "signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// [`transcript`] with what changes from run to run replaced by a stable
/// word, so it can be a snapshot: the `replace` pairs (a table's generated
/// name), then the test services' addresses (DDB_URL, MOTO_URL, PG_SERVER).
pub fn transcript_with(assert: &assert_cmd::assert::Assert, replace: &[(&str, &str)]) -> String {
    let s = services();
    let pg_server = s
        .pg_url
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut text = transcript(assert);
    let addresses = [
        (s.ddb_url.as_str(), "DDB_URL"),
        (s.moto_url.as_str(), "MOTO_URL"),
        (pg_server, "PG_SERVER"),
    ];
    for (from, to) in replace.iter().chain(addresses.iter()) {
        assert!(!from.is_empty(), "nothing to replace");
        text = text.replace(from, to);
    }
    text
}

pub fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

pub fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Asserts that stderr is exactly one `error:` line, and returns it. With
/// `--output json` the error is one JSON line; it comes back as the line
/// `error: MESSAGE; HINT` that the same error prints without JSON.
pub fn assert_one_error_line(assert: &assert_cmd::assert::Assert) -> String {
    let err = stderr_of(assert);
    if let Some(json) = err.lines().find(|l| l.starts_with("{\"error\":")) {
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines,
            [json],
            "want one JSON error line, stderr was:\n{err}"
        );
        let v: serde_json::Value = serde_json::from_str(json).expect("the error line is JSON");
        let e = &v["error"];
        assert!(e["kind"].is_string(), "{json}");
        let message = e["message"].as_str().expect("a message");
        return match e["hint"].as_str() {
            Some(hint) => format!("error: {message}; {hint}"),
            None => format!("error: {message}"),
        };
    }
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "want one error line, stderr was:\n{err}");
    assert!(!err.contains("panicked"), "panic in stderr:\n{err}");
    errors[0].to_string()
}

/// A uniquely named, empty Postgres database, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

fn server_url(db: &str) -> String {
    format!("{}/{db}", services().pg_url.trim_end_matches('/'))
}

async fn admin() -> sqlx::PgConnection {
    use sqlx::Connection;
    sqlx::PgConnection::connect(&server_url("postgres"))
        .await
        .expect("connect to the postgres database")
}

/// Runs SQL on the server's maintenance database (roles, say).
pub fn server_exec(sql: &str) {
    let sql = sql.to_string();
    block_on(async move {
        sqlx::raw_sql(&sql)
            .execute(&mut admin().await)
            .await
            .expect("run sql on the postgres database");
    });
}

impl TestDb {
    /// A database that does not exist yet (for `db create` tests).
    pub fn named(prefix: &str) -> Self {
        let name = unique(prefix).replace('-', "_");
        TestDb {
            url: server_url(&name),
            name,
        }
    }

    /// An empty database.
    pub fn empty(prefix: &str) -> Self {
        TestDb::created(unique(prefix).replace('-', "_"))
    }

    /// An empty database of exactly this name.
    pub fn created(name: String) -> Self {
        let db = TestDb {
            url: server_url(&name),
            name: name.clone(),
        };
        block_on(async move {
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut admin().await)
                .await
                .expect("create database");
        });
        db
    }

    /// A database with the schema and the seed users (loaded from `sql/` directly).
    pub fn seeded(prefix: &str) -> Self {
        let db = TestDb::empty(prefix);
        db.exec(include_str!("../../sql/schema.sql"));
        db.exec(include_str!("../../sql/seed.sql"));
        db
    }

    /// Runs SQL (several statements allowed) in this database.
    pub fn exec(&self, sql: &str) {
        let url = self.url.clone();
        let sql = sql.to_string();
        block_on(async move {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
            sqlx::raw_sql(&sql)
                .execute(&mut conn)
                .await
                .expect("run sql");
        });
    }

    /// Rows of a query returning one text column.
    pub fn strings(&self, sql: &str) -> Vec<String> {
        let url = self.url.clone();
        let sql = sql.to_string();
        block_on(async move {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
            sqlx::query_scalar::<_, String>(&sql)
                .fetch_all(&mut conn)
                .await
                .expect("query")
        })
    }

    pub fn exists(&self) -> bool {
        let name = self.name.clone();
        block_on(async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pg_database WHERE datname = $1")
                .bind(name)
                .fetch_one(&mut admin().await)
                .await
                .expect("query pg_database")
                == 1
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        block_on(async move {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin().await)
                .await;
        });
    }
}

/// Writes a message row (sender "Someone Else", handle `late`) straight to the
/// table, dated `at`, bypassing cruddur.
pub fn put_message(table: &str, group: uuid::Uuid, at: chrono::DateTime<chrono::Utc>, text: &str) {
    let sender = cruddur::model::Participant {
        uuid: uuid::Uuid::new_v4(),
        display_name: "Someone Else".into(),
        handle: "late".into(),
    };
    let row = cruddur::model::MessageRow::new(group, at, uuid::Uuid::new_v4(), text, sender);
    block_on(async {
        ddb()
            .put_item()
            .table_name(table)
            .set_item(Some(row.to_item()))
            .send()
            .await
    })
    .expect("put message");
}

/// A TCP forwarder from a non-loopback address of this machine to the
/// test Postgres server: the same server, reached as a remote host.
pub struct RemoteAlias {
    pub host: String,
    pub port: u16,
}

impl RemoteAlias {
    pub fn to_postgres() -> Self {
        use std::net::{TcpListener, TcpStream, UdpSocket};
        let server =
            <sqlx::postgres::PgConnectOptions as std::str::FromStr>::from_str(&services().pg_url)
                .unwrap();
        let upstream = format!("{}:{}", server.get_host(), server.get_port());
        // The address this machine would use to reach the outside (a UDP
        // connect sends nothing).
        let udp = UdpSocket::bind("0.0.0.0:0").expect("udp socket");
        udp.connect("192.0.2.1:9")
            .or_else(|_| udp.connect("10.255.255.1:9"))
            .expect("a route to a non-loopback address");
        let ip = udp.local_addr().unwrap().ip();
        assert!(
            !ip.is_loopback() && !ip.is_unspecified(),
            "this test needs a non-loopback address on the machine, found {ip}"
        );
        let listener = TcpListener::bind((ip, 0)).expect("listen on the non-loopback address");
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut c, mut s) = (client, server);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c, &mut s);
                    let _ = s.shutdown(std::net::Shutdown::Both);
                });
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s2, &mut c2);
                    let _ = c2.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        RemoteAlias {
            host: ip.to_string(),
            port,
        }
    }

    /// The URL of `db` through this alias.
    pub fn url(&self, db: &TestDb) -> String {
        let server =
            <sqlx::postgres::PgConnectOptions as std::str::FromStr>::from_str(&services().pg_url)
                .unwrap();
        format!(
            "postgresql://{}@{}:{}/{}",
            server.get_username(),
            self.host,
            self.port,
            db.name
        )
    }
}

/// A HOME of its own with `~/.aws/config` and `~/.aws/credentials`, and
/// `cruddur --prod` pointed at it with no credentials or region in the
/// environment (only the files can provide them).
pub struct AwsHome {
    pub dir: tempfile::TempDir,
}

impl AwsHome {
    pub fn new(config: &str, credentials: &str) -> Self {
        let dir = tempfile::tempdir().expect("temporary HOME");
        let aws = dir.path().join(".aws");
        std::fs::create_dir_all(&aws).expect("create ~/.aws");
        std::fs::write(aws.join("config"), config).expect("write ~/.aws/config");
        std::fs::write(aws.join("credentials"), credentials).expect("write ~/.aws/credentials");
        AwsHome { dir }
    }

    pub fn cruddur(&self, args: &[&str]) -> assert_cmd::Command {
        let aws = self.dir.path().join(".aws");
        let mut cmd = cruddur();
        for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.dir.path())
            .env("AWS_CONFIG_FILE", aws.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
            .arg("--prod")
            .args(args);
        cmd
    }
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

use aws_sdk_dynamodb::types::AttributeValue;

/// An item as the SDK holds it.
pub type Item = std::collections::HashMap<String, AttributeValue>;

/// Sets come back in any order: sort them, at every depth.
pub fn normalized(v: &AttributeValue) -> AttributeValue {
    match v {
        aws_sdk_dynamodb::types::AttributeValue::Ss(s) => {
            aws_sdk_dynamodb::types::AttributeValue::Ss({
                let mut s = s.clone();
                s.sort();
                s
            })
        }
        aws_sdk_dynamodb::types::AttributeValue::Ns(s) => {
            aws_sdk_dynamodb::types::AttributeValue::Ns({
                let mut s = s.clone();
                s.sort();
                s
            })
        }
        aws_sdk_dynamodb::types::AttributeValue::Bs(s) => {
            aws_sdk_dynamodb::types::AttributeValue::Bs({
                let mut s = s.clone();
                s.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
                s
            })
        }
        aws_sdk_dynamodb::types::AttributeValue::L(l) => {
            aws_sdk_dynamodb::types::AttributeValue::L(l.iter().map(normalized).collect())
        }
        aws_sdk_dynamodb::types::AttributeValue::M(m) => {
            aws_sdk_dynamodb::types::AttributeValue::M(
                m.iter().map(|(k, v)| (k.clone(), normalized(v))).collect(),
            )
        }
        other => other.clone(),
    }
}

/// Every item of a table, sets sorted, in key order.
pub fn all_items(table: &str) -> Vec<Item> {
    let items: Vec<Item> = block_on(async {
        ddb()
            .scan()
            .table_name(table)
            .consistent_read(true)
            .into_paginator()
            .items()
            .send()
            .collect::<Vec<_>>()
            .await
    })
    .into_iter()
    .map(|r| r.expect("scan"))
    .collect();
    let mut items: Vec<Item> = items
        .iter()
        .map(|i| i.iter().map(|(k, v)| (k.clone(), normalized(v))).collect())
        .collect();
    let key = |i: &Item| format!("{:?}{:?}", i["pk"], i["sk"]);
    items.sort_by_key(key);
    items
}
