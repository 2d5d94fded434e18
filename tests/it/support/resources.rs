//! Uniquely named resources, each dropped when its test ends, with the
//! `cruddur` commands preset for them; and the items a table holds.

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::Value;

use super::{
    block_on, cruddur, cruddur_setup, ddb, json_of, rds, services, transcript_with, unique,
};

/// An item as the SDK holds it.
pub type Item = std::collections::HashMap<String, AttributeValue>;

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

    /// `cruddur --table NAME ARGS`.
    pub fn cli(&self, args: &[&str]) -> Command {
        let mut cmd = cruddur();
        cmd.args(["--table", &self.name]).args(args);
        cmd
    }

    /// `cruddur --table NAME -o json ARGS`, which must succeed: its stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        json_of(&self.cli(&["-o", "json"]).args(args).assert().success())
    }

    /// [`transcript_with`] of a run on this table, its name replaced by `TABLE`.
    pub fn transcript(&self, a: &Assert) -> String {
        transcript_with(a, &[(&self.name, "TABLE")])
    }

    /// Writes `item` straight to the table, bypassing cruddur.
    pub fn put(&self, item: Item) {
        put(&self.name, item);
    }

    /// Every item, sets sorted, in key order.
    pub fn items(&self) -> Vec<Item> {
        all_items(&self.name)
    }

    /// The number of items (every page of a COUNT scan).
    pub fn count(&self) -> usize {
        count_items(&self.name)
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

/// An item of string attributes: `[("pk", "a"), ("sk", "1")]`.
pub fn string_item(pairs: &[(&str, &str)]) -> Item {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string())))
        .collect()
}

/// Writes `item` straight to `table` on DynamoDB Local, bypassing cruddur.
pub fn put(table: &str, item: Item) {
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

/// Writes a message row (sender "Someone Else", handle `late`) straight to the
/// table, dated `at`, bypassing cruddur.
pub fn put_message(table: &str, group: uuid::Uuid, at: chrono::DateTime<chrono::Utc>, text: &str) {
    let sender = cruddur::model::Participant {
        uuid: uuid::Uuid::new_v4(),
        display_name: "Someone Else".into(),
        handle: "late".into(),
    };
    let row = cruddur::model::MessageRow::new(group, at, uuid::Uuid::new_v4(), text, sender);
    put(table, row.to_item());
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

/// Sets come back in any order: sort them, at every depth.
pub fn normalized(v: &AttributeValue) -> AttributeValue {
    match v {
        AttributeValue::Ss(s) => AttributeValue::Ss({
            let mut s = s.clone();
            s.sort();
            s
        }),
        AttributeValue::Ns(s) => AttributeValue::Ns({
            let mut s = s.clone();
            s.sort();
            s
        }),
        AttributeValue::Bs(s) => AttributeValue::Bs({
            let mut s = s.clone();
            s.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
            s
        }),
        AttributeValue::L(l) => AttributeValue::L(l.iter().map(normalized).collect()),
        AttributeValue::M(m) => {
            AttributeValue::M(m.iter().map(|(k, v)| (k.clone(), normalized(v))).collect())
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

/// A conversation file of `lines` lines, the speakers alternating.
pub fn conversation_file(lines: usize) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for i in 0..lines {
        writeln!(f, "Person {}: line number {i}", 1 + i % 2).unwrap();
    }
    f
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

/// The test server's connection options (host, port, user).
pub fn pg_server() -> sqlx::postgres::PgConnectOptions {
    <sqlx::postgres::PgConnectOptions as std::str::FromStr>::from_str(&services().pg_url)
        .expect("the test server's URL")
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
        db.load_seed();
        db
    }

    /// Runs `sql/schema.sql` and `sql/seed.sql` again: the users come back
    /// with new uuids.
    pub fn load_seed(&self) {
        self.exec(include_str!("../../../sql/schema.sql"));
        self.exec(include_str!("../../../sql/seed.sql"));
    }

    /// `cruddur ARGS` with `CONNECTION_URL` naming this database.
    pub fn cli(&self, args: &[&str]) -> Command {
        let mut cmd = cruddur();
        cmd.env("CONNECTION_URL", &self.url).args(args);
        cmd
    }

    /// `cruddur --prod ARGS` with `PROD_CONNECTION_URL` naming this database.
    pub fn prod_cli(&self, args: &[&str]) -> Command {
        let mut cmd = cruddur();
        cmd.env("PROD_CONNECTION_URL", &self.url)
            .arg("--prod")
            .args(args);
        cmd
    }

    /// `cruddur -o json ARGS` on this database, which must succeed: its stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        json_of(&self.cli(&["-o", "json"]).args(args).assert().success())
    }

    /// [`transcript_with`] of a run on this database: its name replaced by
    /// `DB`, and the server's host and port, where shown on their own, by
    /// `PG_HOST` and `PG_PORT`.
    pub fn transcript(&self, a: &Assert) -> String {
        let server = pg_server();
        let (host, port) = (server.get_host(), server.get_port());
        let text = transcript_with(a, &[(&self.name, "DB")]);
        [
            (format!("  host: {host}\n"), "  host: PG_HOST\n"),
            (format!("  port: {port}\n"), "  port: PG_PORT\n"),
            (format!("\"host\": \"{host}\""), "\"host\": \"PG_HOST\""),
            (format!("\"port\": {port},"), "\"port\": PG_PORT,"),
        ]
        .iter()
        .fold(text, |text, (from, to)| text.replace(from, to))
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

/// A TCP forwarder from a non-loopback address of this machine to the
/// test Postgres server: the same server, reached as a remote host.
pub struct RemoteAlias {
    pub host: String,
    pub port: u16,
}

impl RemoteAlias {
    pub fn to_postgres() -> Self {
        use std::net::{TcpListener, TcpStream, UdpSocket};
        let server = pg_server();
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
        format!(
            "postgresql://{}@{}:{}/{}",
            pg_server().get_username(),
            self.host,
            self.port,
            db.name
        )
    }
}

/// A uniquely named Postgres instance in moto, deleted when the test ends.
pub struct TestInstance {
    pub id: String,
}

impl TestInstance {
    /// An available instance in no security group.
    pub fn available() -> Self {
        Self::in_groups(&[])
    }

    /// An instance in these VPC security groups.
    pub fn in_groups(groups: &[&str]) -> Self {
        let id = unique("cruddur-rds");
        block_on(async {
            rds()
                .create_db_instance()
                .set_vpc_security_group_ids(
                    (!groups.is_empty()).then(|| groups.iter().map(|g| g.to_string()).collect()),
                )
                .db_instance_identifier(&id)
                .db_instance_class("db.t3.micro")
                .engine("postgres")
                .engine_version("15.4")
                .allocated_storage(20)
                .master_username("root")
                .master_user_password("password123")
                .port(5432)
                .send()
                .await
        })
        .expect("create the test instance in moto");
        TestInstance { id }
    }

    /// `cruddur rds ARGS --db-instance-identifier ID`.
    pub fn cli(&self, args: &[&str]) -> Command {
        let mut cmd = cruddur();
        cmd.arg("rds")
            .args(args)
            .args(["--db-instance-identifier", &self.id]);
        cmd
    }

    /// `cruddur rds -o json ARGS --db-instance-identifier ID`, which must
    /// succeed: its stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut with_json = vec!["-o", "json"];
        with_json.extend_from_slice(args);
        json_of(&self.cli(&with_json).assert().success())
    }

    /// [`transcript_with`] of a run on this instance, its id replaced by `ID`.
    pub fn transcript(&self, a: &Assert) -> String {
        transcript_with(a, &[(&self.id, "ID")])
    }

    /// The instance's status as RDS reports it.
    pub fn state(&self) -> String {
        block_on(async {
            rds()
                .describe_db_instances()
                .db_instance_identifier(&self.id)
                .send()
                .await
        })
        .expect("describe the test instance")
        .db_instances()[0]
            .db_instance_status()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for TestInstance {
    fn drop(&mut self) {
        let id = self.id.clone();
        block_on(async move {
            let _ = rds()
                .delete_db_instance()
                .db_instance_identifier(id)
                .skip_final_snapshot(true)
                .send()
                .await;
        });
    }
}
