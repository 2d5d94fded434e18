//! Bounded waits in Postgres: every session cruddur opens carries a
//! `lock_timeout` and a `statement_timeout`; a lock wait that gives up names
//! the sessions holding locks; Ctrl-C cancels the running statement on the
//! server before the process exits.

use clap::Args;
use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, Row};

use super::connect_with;
use crate::app::error::CliError;

/// How long a statement waits for a lock unless `--lock-timeout` says otherwise.
pub const DEFAULT_LOCK_TIMEOUT: &str = "10s";
/// How long a statement may run unless `--statement-timeout` says otherwise.
pub const DEFAULT_STATEMENT_TIMEOUT: &str = "5min";

const LOCK_HOLDERS_SQL: &str = include_str!("../../sql/lock_holders.sql");

/// The limits set on every session.
#[derive(Debug, Clone, Args)]
pub struct SessionLimits {
    /// Longest wait for a lock before a statement gives up (Postgres units: ms, s, min, h; 0 = no limit)
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_LOCK_TIMEOUT, value_parser = duration)]
    pub lock_timeout: String,

    /// Longest run of one statement (Postgres units: ms, s, min, h; 0 = no limit)
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_STATEMENT_TIMEOUT, value_parser = duration)]
    pub statement_timeout: String,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            lock_timeout: DEFAULT_LOCK_TIMEOUT.to_string(),
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT.to_string(),
        }
    }
}

impl SessionLimits {
    /// `options` with the limits as startup parameters of every session.
    pub fn apply(&self, options: PgConnectOptions) -> PgConnectOptions {
        options.options([
            ("lock_timeout", self.lock_timeout.as_str()),
            ("statement_timeout", self.statement_timeout.as_str()),
        ])
    }
}

/// A duration as Postgres reads it: digits and an optional unit.
fn duration(s: &str) -> Result<String, String> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &s[digits.len()..];
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(unit, "" | "ms" | "s" | "min" | "h" | "d")
    {
        Ok(s.to_string())
    } else {
        Err("expected a number with an optional unit (ms, s, min, h, d), e.g. 10s or 5min".into())
    }
}

/// A session holding a lock on one of the database's tables.
#[derive(Debug, Clone, Serialize)]
pub struct LockHolder {
    pub pid: i32,
    pub application: String,
    pub state: String,
    pub user: String,
}

impl LockHolder {
    pub fn shown(&self) -> String {
        format!(
            "pid {} ({}, {}, user {})",
            self.pid,
            if self.application.is_empty() {
                "no application name"
            } else {
                &self.application
            },
            if self.state.is_empty() {
                "state unknown"
            } else {
                &self.state
            },
            self.user
        )
    }
}

/// The other sessions holding locks on the tables of the database of `options`.
pub async fn lock_holders(options: &PgConnectOptions) -> Result<Vec<LockHolder>, CliError> {
    let mut conn = connect_with(options).await?;
    let holders = lock_holders_of(&mut conn, sqlx::query(LOCK_HOLDERS_SQL)).await;
    let _ = conn.close().await;
    holders
}

/// The sessions a lock query (columns pid, application, state, username) returns.
pub async fn lock_holders_of<'q>(
    conn: &mut PgConnection,
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
) -> Result<Vec<LockHolder>, CliError> {
    let rows = query
        .fetch_all(conn)
        .await
        .map_err(|e| super::query_error("reading pg_locks", e))?;
    rows.iter()
        .map(|r| {
            Ok(LockHolder {
                pid: r.try_get("pid")?,
                application: r.try_get("application")?,
                state: r.try_get("state")?,
                user: r.try_get("username")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(|e| super::query_error("reading pg_locks", e))
}

/// True for the error of a statement that gave up waiting for a lock.
pub fn is_lock_timeout(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03"))
}

/// True for the error of a statement cancelled by `statement_timeout`.
pub fn is_statement_timeout(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("57014")
        && db.message().contains("statement timeout"))
}

/// The line and hint for a lock wait that gave up: who holds the locks.
pub async fn lock_timeout_error(options: &PgConnectOptions, what: String) -> CliError {
    let holders = match lock_holders(options).await {
        Ok(h) if h.is_empty() => "no session holds a lock now".to_string(),
        Ok(h) => format!(
            "held by {}",
            h.iter()
                .map(LockHolder::shown)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(e) => format!("the lock holders could not be read: {}", e.message),
    };
    CliError::new(format!("{what}: gave up waiting for a lock ({holders})"))
        .hint("end or commit those sessions (see `cruddur db sessions`), or raise --lock-timeout")
}

/// The backend process id of a connection, for [`cancel`].
pub async fn backend_pid(conn: &mut PgConnection) -> Result<i32, CliError> {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(conn)
        .await
        .map_err(|e| super::query_error("reading the backend pid", e))
}

/// Cancels the statement the backend `pid` is running (pg_cancel_backend).
pub async fn cancel(options: &PgConnectOptions, pid: i32) -> Result<bool, CliError> {
    let mut conn = connect_with(options).await?;
    let done = sqlx::query_scalar("SELECT pg_cancel_backend($1)")
        .bind(pid)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| super::query_error("cancelling the running statement", e));
    let _ = conn.close().await;
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_numbers_with_postgres_units() {
        for ok in ["0", "10s", "5min", "250ms", "1h", "2d", "300"] {
            assert_eq!(duration(ok).unwrap(), ok);
        }
        for bad in ["", "s", "5 min", "-1s", "1.5s", "10sec", "1s -c x=y"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_become_startup_options() {
        let o = SessionLimits::default().apply(PgConnectOptions::new_without_pgpass());
        assert_eq!(
            o.get_options(),
            Some("-c lock_timeout=10s -c statement_timeout=5min")
        );
    }
}
