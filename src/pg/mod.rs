//! Postgres access shared by every command: which URL a run uses
//! (`target`, `url_args`), connecting with clear errors, the SQL files
//! compiled into the binary, the database as the app needs it (`setup`) and
//! the link from Cognito users to `users` (`cognito_link`).

pub mod admin;
pub mod cognito_link;
pub mod guard;
pub mod migrate;
pub mod one_transaction;
pub mod queries;
pub mod script;
pub mod session;
pub mod setup;
pub mod split;
pub mod target;
pub mod url_args;
pub use url_args::DbUrlArgs;

pub use target::PgTarget;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};

/// How long a connection attempt may take before it counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The database URL of this run: `override_url` (a `--database-url` flag),
/// else `CONNECTION_URL`, or `PROD_CONNECTION_URL` with `--prod`.
pub fn database_url(ctx: &Ctx, override_url: Option<&str>) -> Result<String, CliError> {
    if let Some(url) = override_url.filter(|u| !u.trim().is_empty()) {
        return Ok(url.to_string());
    }
    let var = ctx.target.database_url_var();
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => Err(CliError::new(format!("{var} is not set"))
            .hint(format!(
                "export {var}=postgresql://USER:PASSWORD@HOST:5432/cruddur"
            ))
            .kind(ErrorKind::Usage)),
    }
}

/// The parsed target of this run (see [`database_url`]).
pub fn target(ctx: &Ctx, override_url: Option<&str>) -> Result<PgTarget, CliError> {
    PgTarget::parse(&database_url(ctx, override_url)?)
}

/// `host:port/database` of connect options: what messages and prompts show.
pub fn address(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    )
}

/// Connects to the database of `options`, turning failures into one clear line.
pub async fn connect_with(options: &PgConnectOptions) -> Result<PgConnection, CliError> {
    let options = options.clone().disable_statement_logging();
    let target = address(&options);
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(connect_error(&target, e)),
        Err(_) => Err(match identify_at(&target) {
            Some(peer) => CliError::new(format!(
                "{} answers at {}, not Postgres",
                peer.name(),
                target.split('/').next().unwrap_or(&target)
            ))
            // Final: waiting will not turn it into Postgres.
            .hint("fix the host and port in the URL: Postgres listens on port 5432 unless told otherwise"),
            None => CliError::new(format!(
                "Postgres at {target} did not answer within {}s",
                CONNECT_TIMEOUT.as_secs()
            ))
            .hint("check that the server is running and the host and port are right")
            .kind(ErrorKind::Unreachable),
        }),
    }
}

/// A connection error as the user should read it.
pub fn connect_error(target: &str, e: sqlx::Error) -> CliError {
    match &e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => {
            CliError::new(format!("Postgres at {target} is not reachable: {e}"))
                .hint("start it (`scripts/local-services start` locally) or fix the host and port in the URL")
                .kind(ErrorKind::Unreachable)
        }
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("3D000") => CliError::new(format!("database at {target} does not exist"))
                .kind(ErrorKind::NotFound)
                .hint("create it with `cruddur db create` (or `cruddur db setup` for schema and seed too)"),
            Some("57P03") => CliError::new(format!("Postgres at {target} is still starting up")).kind(ErrorKind::Unreachable),
            // The server names the missing role: a different fix from a wrong password.
            Some("28000") if db.message().starts_with("role ") => {
                CliError::new(format!("Postgres at {target}: {}", db.message())).hint(
                    "create the role (CREATE ROLE name LOGIN) or fix the user in the URL; the database is not the problem",
                )
            }
            Some("28P01") | Some("28000") => CliError::new(format!("Postgres at {target} refused the login: {}", db.message()))
                .hint("check the user and password in the URL"),
            _ => CliError::new(format!("Postgres at {target}: {}", db.message())),
        },
        _ => match not_postgres(&e, target) {
            Some(peer) => CliError::new(format!(
                "{} answers at {}, not Postgres",
                peer.name(),
                target.split('/').next().unwrap_or(target)
            ))
                .hint("fix the host and port in the URL: Postgres listens on port 5432 unless told otherwise"),
            None => CliError::new(format!("cannot connect to Postgres at {target}: {e}")),
        },
    }
    .cause(&e)
}

/// What answers at `target` (`host:port/database`) when the server's
/// first answer was no Postgres answer.
fn not_postgres(e: &sqlx::Error, target: &str) -> Option<crate::app::peer::Peer> {
    if !matches!(e, sqlx::Error::Protocol(_) | sqlx::Error::Tls(_)) {
        return None;
    }
    identify_at(target)
}

/// What answers at `target` (`host:port/database`), unless it is Postgres.
fn identify_at(target: &str) -> Option<crate::app::peer::Peer> {
    let address = target.split('/').next()?;
    let (host, port) = address.rsplit_once(':')?;
    let port = port.parse().ok()?;
    crate::app::peer::identify(host.trim_matches(['[', ']']), port)
        .filter(|p| *p != crate::app::peer::Peer::Postgres)
}

/// Whether the connected database has `table` (`public.users`); `what`
/// names it in an error ("the users table").
pub async fn table_exists(
    conn: &mut sqlx::postgres::PgConnection,
    table: &str,
    what: &str,
) -> Result<bool, CliError> {
    sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(table)
        .fetch_one(conn)
        .await
        .map_err(|e| query_error(&format!("looking for {what}"), e))
}

/// A query error; an undefined table gets the hint to load the schema.
pub fn query_error(doing: &str, e: sqlx::Error) -> CliError {
    let err = match &e {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("42P01") => {
            CliError::new(format!("{doing}: {}", db.message()))
                .hint("load the schema with `cruddur db schema-load` (or `cruddur db setup`)")
        }
        sqlx::Error::Database(db) => CliError::new(format!("{doing}: {}", db.message())),
        _ => CliError::new(format!("{doing}: {e}")),
    };
    err.cause(&e)
}
