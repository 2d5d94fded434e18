//! Postgres access shared by every command: which URL a run uses, connecting
//! with clear errors, and the SQL files compiled into the binary.

pub mod queries;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};

use crate::context::Ctx;
use crate::error::CliError;

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
            .code(crate::error::EXIT_USAGE)),
    }
}

/// Parses a Postgres URL, with an error that does not echo the password.
pub fn parse_url(url: &str) -> Result<PgConnectOptions, CliError> {
    PgConnectOptions::from_str(url).map_err(|e| {
        CliError::usage(format!(
            "cannot parse the database URL {}: {e}",
            redact(url)
        ))
        .hint("use the form postgresql://USER:PASSWORD@HOST:5432/DATABASE")
    })
}

/// `host:port/database` of connect options: what messages and prompts show.
pub fn describe(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    )
}

/// The URL with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo
                .split_once(':')
                .map(|(u, _)| format!("{u}:***"))
                .unwrap_or(userinfo.to_string());
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// Connects to the database of `options`, turning failures into one clear line.
pub async fn connect_with(options: &PgConnectOptions) -> Result<PgConnection, CliError> {
    let options = options.clone().disable_statement_logging();
    let target = describe(&options);
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(connect_error(&target, e)),
        Err(_) => Err(CliError::new(format!(
            "Postgres at {target} did not answer within {}s",
            CONNECT_TIMEOUT.as_secs()
        ))
        .hint("check that the server is running and the host and port are right")
        .transient()),
    }
}

/// Connects to the run's database (see [`database_url`]).
pub async fn connect(ctx: &Ctx, override_url: Option<&str>) -> Result<PgConnection, CliError> {
    let url = database_url(ctx, override_url)?;
    connect_with(&parse_url(&url)?).await
}

/// A connection error as the user should read it.
pub fn connect_error(target: &str, e: sqlx::Error) -> CliError {
    let detail = format!("{e:?}");
    match &e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => {
            CliError::new(format!("Postgres at {target} is not reachable: {e}"))
                .hint("start it (`scripts/local-services start` locally) or fix the host and port in the URL")
                .transient()
        }
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("3D000") => CliError::new(format!("database at {target} does not exist"))
                .hint("create it with `cruddur db create` (or `cruddur db setup` for schema and seed too)"),
            Some("57P03") => CliError::new(format!("Postgres at {target} is still starting up")).transient(),
            Some("28P01") | Some("28000") => CliError::new(format!("Postgres at {target} refused the login: {}", db.message()))
                .hint("check the user and password in the URL"),
            _ => CliError::new(format!("Postgres at {target}: {}", db.message())),
        },
        _ => CliError::new(format!("cannot connect to Postgres at {target}: {e}")),
    }
    .detail(detail)
}

/// A query error; an undefined table gets the hint to load the schema.
pub fn query_error(doing: &str, e: sqlx::Error) -> CliError {
    let detail = format!("{e:?}");
    let err = match &e {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("42P01") => {
            CliError::new(format!("{doing}: {}", db.message()))
                .hint("load the schema with `cruddur db schema-load` (or `cruddur db setup`)")
        }
        sqlx::Error::Database(db) => CliError::new(format!("{doing}: {}", db.message())),
        _ => CliError::new(format!("{doing}: {e}")),
    };
    err.detail(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact(
                "postgresql://cruddurroot:p%40ss:w0rd@db.example.com:5432/cruddur?sslmode=require"
            ),
            "postgresql://cruddurroot:***@db.example.com:5432/cruddur?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://postgres@127.0.0.1/cruddur"),
            "postgresql://postgres@127.0.0.1/cruddur"
        );
        assert_eq!(redact("postgres://u:p@h"), "postgres://u:***@h");
        assert_eq!(redact("not a url"), "not a url");
    }

    #[test]
    fn describe_shows_host_port_and_database() {
        let o = parse_url("postgresql://cruddurroot:secret@db.example.com:6543/cruddur").unwrap();
        assert_eq!(describe(&o), "db.example.com:6543/cruddur");
        assert_eq!(o.get_username(), "cruddurroot");
    }
}
