//! `db sessions` (pg_stat_activity) and `db connect` (psql).

use clap::Args;
use serde::Serialize;
use sqlx::{ConnectOptions, Connection, Row};

use sqlx::postgres::PgConnection;

use super::DbUrlArgs;
use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::output;
use crate::pg::admin::database_name;
use crate::pg::guard::{self, Destructive};
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

/// The sessions a query of pg_stat_activity returns.
async fn read_sessions(conn: &mut PgConnection, sql: &str) -> Result<Vec<Session>, CliError> {
    let rows = sqlx::query(sql)
        .fetch_all(conn)
        .await
        .map_err(|e| pg::query_error("reading pg_stat_activity", e))?;
    rows.iter()
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
        .map_err(|e| pg::query_error("reading pg_stat_activity", e))
}

pub async fn sessions_cmd(ctx: &Ctx, args: SessionsArgs) -> anyhow::Result<()> {
    let options = args.db.target(ctx)?.options;
    let mut conn = pg::connect_with(&options).await?;
    let sessions = read_sessions(&mut conn, queries::SESSIONS_SQL).await;
    let _ = conn.close().await;
    let sessions = sessions?;
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

#[derive(Debug, Args)]
pub struct KillAllArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,
}

/// A session `db kill-all` ended, or tried to.
#[derive(Debug, Serialize)]
struct Ended {
    #[serde(flatten)]
    session: Session,
    /// `ended`, `gone` (it ended by itself meanwhile) or `refused`.
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// What `db kill-all` did.
#[derive(Debug, Serialize)]
struct KillAllReport<'a> {
    database: &'a str,
    sessions: &'a [Ended],
}

/// A session as a line of the list `db kill-all` shows before it asks.
fn session_line(s: &Session) -> String {
    let v = |x: &Option<String>| {
        x.clone()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "-".into())
    };
    format!(
        "  pid {} user {} application {} state {} client {} query {}",
        s.pid,
        v(&s.user),
        v(&s.application),
        v(&s.state),
        v(&s.client_addr),
        output::truncate(&v(&s.query), QUERY_SHOWN)
    )
}

/// `db kill-all`: ends every other client session on the URL's database
/// (never this one, never another database's), after showing them and asking.
pub async fn kill_all_cmd(ctx: &Ctx, args: KillAllArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    let database = database_name(&target.options)?;
    let mut conn = pg::connect_with(&target.options).await?;
    let found = read_sessions(&mut conn, queries::DATABASE_SESSIONS_SQL).await?;
    if found.is_empty() {
        let _ = conn.close().await;
        if ctx.json() {
            output::print_json(&KillAllReport {
                database: &database,
                sessions: &[],
            })?;
        }
        output::note(format!("no other session on '{database}': nothing to end"));
        return Ok(());
    }
    output::note(format!("{} other session(s) on '{database}':", found.len()));
    for s in &found {
        output::note(session_line(s));
    }
    guard::check(
        ctx,
        &target,
        Destructive {
            action: "end the database's sessions",
            question: format!(
                "End these {} session(s) on '{database}' (their open transactions roll back)?",
                found.len()
            ),
            always_ask: true,
            yes: args.confirm.yes,
        },
    )
    .await?;
    let mut sessions = Vec::with_capacity(found.len());
    for session in found {
        let outcome = sqlx::query_scalar::<_, bool>("SELECT pg_terminate_backend($1)")
            .bind(session.pid)
            .fetch_one(&mut conn)
            .await;
        let (result, reason) = match outcome {
            Ok(true) => ("ended", None),
            Ok(false) => ("gone", Some("it had ended already".to_string())),
            Err(sqlx::Error::Database(db)) => ("refused", Some(db.message().to_string())),
            Err(e) => {
                let _ = conn.close().await;
                return Err(pg::query_error(&format!("ending session {}", session.pid), e).into());
            }
        };
        sessions.push(Ended {
            session,
            result,
            reason,
        });
    }
    let _ = conn.close().await;
    let count = |r: &str| sessions.iter().filter(|s| s.result == r).count();
    let (ended, refused) = (count("ended"), count("refused"));
    if ctx.json() {
        output::print_json(&KillAllReport {
            database: &database,
            sessions: &sessions,
        })?;
    } else {
        let mut t = output::table(["pid", "user", "application", "result"]);
        for s in &sessions {
            t.add_row([
                s.session.pid.to_string(),
                s.session.user.clone().unwrap_or_default(),
                s.session.application.clone().unwrap_or_default(),
                match &s.reason {
                    Some(r) if s.result == "refused" => format!("refused: {r}"),
                    _ => s.result.to_string(),
                },
            ]);
        }
        output::print_table(&t)?;
    }
    output::note(format!("ended {ended} session(s) on '{database}'"));
    if refused > 0 {
        let first = sessions.iter().find(|s| s.result == "refused");
        return Err(CliError::new(format!(
            "could not end {refused} session(s) on '{database}' ({})",
            first
                .map(|s| format!(
                    "pid {}: {}",
                    s.session.pid,
                    s.reason.clone().unwrap_or_default()
                ))
                .unwrap_or_default()
        ))
        .hint("ending another user's session takes a superuser or the pg_signal_backend role")
        .into());
    }
    Ok(())
}

/// What `db test` found.
#[derive(Debug, Serialize)]
struct TestReport {
    url: String,
    database: String,
    server_version: String,
    milliseconds: u128,
}

/// `db test`: connects and asks the server its version.
pub async fn test_cmd(ctx: &Ctx, args: TestArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    let started = std::time::Instant::now();
    let mut conn = pg::connect_with(&target.options).await?;
    let version: String = sqlx::query_scalar("SELECT current_setting('server_version')")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| pg::query_error("asking the server's version", e))?;
    let _ = conn.close().await;
    let report = TestReport {
        url: target.shown_url().to_string(),
        database: target
            .options
            .get_database()
            .unwrap_or_default()
            .to_string(),
        server_version: version,
        milliseconds: started.elapsed().as_millis(),
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        output::print_line(&format!(
            "Postgres {} at {} answers ({} ms)",
            report.server_version,
            target.address(),
            report.milliseconds
        ))?;
    }
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
    use std::os::unix::process::CommandExt;
    // exec only returns on failure.
    let e = cmd.exec();
    Err(not_found(e).into())
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
