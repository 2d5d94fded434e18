//! `db sessions` (pg_stat_activity) and `db connect` (psql).

use clap::Args;
use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{ConnectOptions, Connection, Row};

use super::DbUrlArgs;
use crate::context::Ctx;
use crate::error::CliError;
use crate::output;
use crate::pg::{self, queries};

/// Characters of each session's query shown in the table.
const QUERY_SHOWN: usize = 60;

#[derive(Debug, Args)]
pub struct SessionsArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    /// Extra arguments for psql, after `--`
    #[arg(last = true, value_name = "PSQL_ARGS")]
    pub psql_args: Vec<String>,
}

/// One row of pg_stat_activity.
#[derive(Debug, Serialize)]
pub struct Session {
    pub pid: i32,
    pub user: Option<String>,
    pub database: Option<String>,
    pub state: Option<String>,
    pub application: Option<String>,
    pub client_addr: Option<String>,
    pub query_start: Option<String>,
    pub query: Option<String>,
}

pub async fn sessions_cmd(ctx: &Ctx, args: SessionsArgs) -> anyhow::Result<()> {
    let options = args.db.options(ctx)?;
    let mut conn = pg::connect_with(&options).await?;
    let rows = sqlx::query(queries::SESSIONS_SQL)
        .fetch_all(&mut conn)
        .await
        .map_err(|e| pg::query_error("reading pg_stat_activity", e))?;
    let _ = conn.close().await;
    let sessions = rows
        .iter()
        .map(|r| -> Result<Session, sqlx::Error> {
            Ok(Session {
                pid: r.try_get("pid")?,
                user: r.try_get("username")?,
                database: r.try_get("database")?,
                state: r.try_get("state")?,
                application: r.try_get("application_name")?,
                client_addr: r.try_get("client_addr")?,
                query_start: r.try_get("query_start")?,
                query: r.try_get("query")?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pg::query_error("reading pg_stat_activity", e))?;
    if ctx.json() {
        output::print_json(&sessions)?;
        return Ok(());
    }
    if sessions.is_empty() {
        output::note(format!(
            "no other sessions on the server at {}:{}",
            options.get_host(),
            options.get_port()
        ));
        return Ok(());
    }
    let mut t = output::table([
        "pid",
        "user",
        "database",
        "state",
        "application",
        "client",
        "query start",
        "query",
    ]);
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    for x in &sessions {
        t.add_row([
            x.pid.to_string(),
            s(&x.user),
            s(&x.database),
            s(&x.state),
            s(&x.application),
            s(&x.client_addr),
            s(&x.query_start),
            output::truncate(&s(&x.query), QUERY_SHOWN),
        ]);
    }
    output::print_table(&t);
    output::note(format!("{} sessions", sessions.len()));
    Ok(())
}

/// Decodes `%XX` escapes (as in the password of a URL); other text is kept.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ssl_mode_name(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

/// The libpq environment that points psql at `options`: the password goes
/// into PGPASSWORD, never onto the command line.
pub fn psql_env(options: &PgConnectOptions) -> Vec<(&'static str, String)> {
    let mut env = vec![
        (
            "PGHOST",
            options
                .get_socket()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| options.get_host().to_string()),
        ),
        ("PGPORT", options.get_port().to_string()),
        ("PGUSER", options.get_username().to_string()),
        (
            "PGSSLMODE",
            ssl_mode_name(options.get_ssl_mode()).to_string(),
        ),
    ];
    if let Some(db) = options.get_database() {
        env.push(("PGDATABASE", db.to_string()));
    }
    if let Some(pw) = options.to_url_lossy().password() {
        env.push(("PGPASSWORD", percent_decode(pw)));
    }
    env
}

pub async fn connect_cmd(ctx: &Ctx, args: ConnectArgs) -> anyhow::Result<()> {
    let options = args.db.options(ctx)?;
    let mut cmd = std::process::Command::new("psql");
    cmd.args(&args.psql_args);
    for (k, v) in psql_env(&options) {
        cmd.env(k, v);
    }
    output::note(format!("psql on {}", pg::describe(&options)));
    let not_found = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CliError::new("psql is not installed (not found on PATH)")
                .hint("install the PostgreSQL client, e.g. `apt-get install postgresql-client`")
        } else {
            CliError::new(format!("cannot run psql: {e}"))
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // exec only returns on failure.
        let e = cmd.exec();
        Err(not_found(e).into())
    }
    #[cfg(not(unix))]
    {
        let status = cmd.status().map_err(not_found)?;
        if status.success() {
            Ok(())
        } else {
            Err(CliError::new(format!("psql ended with {status}")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_handles_escapes_and_plain_text() {
        assert_eq!(percent_decode("p%40ss%3Aw%2Frd%25"), "p@ss:w/rd%");
        assert_eq!(percent_decode("plain"), "plain");
        assert_eq!(percent_decode("bad%zzend%4"), "bad%zzend%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn psql_env_carries_the_password_outside_the_arguments() {
        let o = pg::parse_url(
            "postgresql://cruddurroot:p%40ss%3Aw%2Frd%25@db.example.com:5433/cruddur?sslmode=require",
        )
        .unwrap();
        let env: std::collections::HashMap<_, _> = psql_env(&o).into_iter().collect();
        assert_eq!(env["PGHOST"], "db.example.com");
        assert_eq!(env["PGPORT"], "5433");
        assert_eq!(env["PGUSER"], "cruddurroot");
        assert_eq!(env["PGDATABASE"], "cruddur");
        assert_eq!(env["PGPASSWORD"], "p@ss:w/rd%");
        assert_eq!(env["PGSSLMODE"], "require");
    }
}
