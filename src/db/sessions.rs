//! `db sessions` (pg_stat_activity) and `db connect` (psql).

use clap::Args;
use serde::Serialize;
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
    let options = args.db.target(ctx)?.options;
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
    output::print_table(&t)?;
    output::note(format!("{} sessions", sessions.len()));
    Ok(())
}

/// The psql invocation for a target: the URL without its secrets as the
/// connection string (so `sslmode`, `sslrootcert`, `options` and the other
/// parameters reach libpq as written) and the password in PGPASSWORD, never
/// on the command line.
pub fn psql_invocation(target: &pg::PgTarget) -> (Vec<String>, Vec<(&'static str, String)>) {
    let args = vec!["--dbname".to_string(), target.shown_url().to_string()];
    let env = target
        .options
        .to_url_lossy()
        .password()
        .map(|pw| {
            let decoded = percent_encoding::percent_decode_str(pw).decode_utf8_lossy();
            vec![("PGPASSWORD", decoded.into_owned())]
        })
        .unwrap_or_default();
    (args, env)
}

pub async fn connect_cmd(ctx: &Ctx, args: ConnectArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    let (conn_args, env) = psql_invocation(&target);
    let mut cmd = std::process::Command::new("psql");
    cmd.args(&conn_args).args(&args.psql_args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output::note(format!("psql on {}", target.shown_url()));
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
    fn psql_gets_the_parameters_and_the_password_only_in_the_environment() {
        let t = pg::PgTarget::parse(
            "postgresql://cruddurroot:p%40ss%3Aw%2Frd%25+x@db.example.com:5433/cruddur?sslmode=verify-full&sslrootcert=/etc/rds.pem&options=-c%20search_path%3Dx",
        )
        .unwrap();
        let (args, env) = psql_invocation(&t);
        assert_eq!(args.len(), 2);
        let url = &args[1];
        for part in [
            "sslmode=verify-full",
            "sslrootcert=/etc/rds.pem",
            "options=-c%20search_path%3Dx",
            "cruddurroot@db.example.com:5433/cruddur",
        ] {
            assert!(url.contains(part), "{part} missing from {url}");
        }
        assert!(!args
            .iter()
            .any(|a| a.contains("p%40ss") || a.contains("p@ss")));
        assert_eq!(env, [("PGPASSWORD", "p@ss:w/rd%+x".to_string())]);
    }
}
