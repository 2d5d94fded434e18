//! SQL files run against a database: from a path or built in, every
//! statement in one transaction, a failure reported with its statement.

use std::path::PathBuf;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;

use super::one_transaction;
use super::split::{split_statements, Statement};
use super::{address, connect_with, query_error, session};
use crate::app::error::CliError;
use crate::app::interrupt::{self, Shutdown, Signal};
use crate::app::output;

/// How many characters of a failed statement the error shows.
const STATEMENT_SHOWN: usize = 300;

/// Where a SQL file comes from: a path, or the copy built into the binary.
pub struct SqlSource {
    pub label: String,
    pub text: String,
}

pub fn sql_source(
    file: Option<&PathBuf>,
    builtin_name: &str,
    builtin: &str,
) -> Result<SqlSource, CliError> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::usage(format!("cannot read SQL file {}: {e}", path.display()))
            })?;
            Ok(SqlSource {
                label: crate::app::project::shown(path),
                text,
            })
        }
        None => Ok(SqlSource {
            label: format!("{builtin_name} (built in)"),
            text: builtin.to_string(),
        }),
    }
}

/// Runs every statement of `sources`, in order, in one transaction: the
/// first error stops, rolls everything back and is reported with its
/// statement. Returns the number of statements run.
pub async fn run_sql(
    options: &PgConnectOptions,
    sources: &[&SqlSource],
) -> Result<usize, CliError> {
    // Every file is checked before anything connects, so a refused one changes nothing.
    let files: Vec<_> = sources
        .iter()
        .map(|source| (*source, split_statements(&source.text)))
        .collect();
    for (source, statements) in &files {
        one_transaction::check(&source.label, statements)?;
    }
    let mut conn = connect_with(options).await?;
    let target = address(options);
    let pid = session::backend_pid(&mut conn).await?;
    let shutdown = interrupt::listen();
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| query_error(&format!("starting a transaction on {target}"), e))?;
    let rolled_back = format!("nothing was changed in {target} (rolled back)");
    let mut total = 0;
    for (source, statements) in &files {
        let count = statements.len();
        let run = Running {
            options,
            pid,
            shutdown: &shutdown,
        };
        if let Err(failure) = run.execute(&mut tx, statements).await {
            let _ = tx.rollback().await;
            return Err(match failure {
                Failure::Interrupted { signal, cancelled } => CliError::interrupted(
                    signal,
                    format!(
                        "interrupted: {} the running statement of {}; {rolled_back}",
                        if cancelled {
                            "cancelled"
                        } else {
                            "could not cancel"
                        },
                        source.label
                    ),
                ),
                Failure::Statement { index, error } => {
                    let stmt = &statements[index];
                    let what = format!(
                        "{}: statement {} of {count} (line {})",
                        source.label,
                        index + 1,
                        stmt.line
                    );
                    statement_error(options, what, stmt, error, &rolled_back).await
                }
            });
        }
        total += count;
    }
    tx.commit()
        .await
        .map_err(|e| query_error(&format!("committing on {target}"), e))?;
    let _ = conn.close().await;
    Ok(total)
}

/// Why a list of statements stopped.
pub enum Failure {
    /// A signal came: the running statement was cancelled on the server
    /// (if it could be).
    Interrupted { signal: Signal, cancelled: bool },
    /// Statement `index` failed.
    Statement { index: usize, error: sqlx::Error },
}

/// Statements running on one session, stopped by `shutdown`.
pub struct Running<'a> {
    pub options: &'a PgConnectOptions,
    /// The session's backend, to cancel its statement on a signal.
    pub pid: i32,
    pub shutdown: &'a Shutdown,
}

impl Running<'_> {
    /// Runs `statements` in order on `conn` (a transaction or not); the
    /// first failure or a signal stops them.
    pub async fn execute(
        &self,
        conn: &mut PgConnection,
        statements: &[Statement],
    ) -> Result<(), Failure> {
        for (index, stmt) in statements.iter().enumerate() {
            let result = tokio::select! {
                r = sqlx::raw_sql(&stmt.sql).execute(&mut *conn) => r,
                signal = self.shutdown.received() => {
                    // Dropping the connection would leave the backend waiting
                    // (on a lock, say): cancel the statement on the server.
                    let cancelled = session::cancel(self.options, self.pid).await.unwrap_or(false);
                    return Err(Failure::Interrupted { signal, cancelled });
                }
            };
            if let Err(error) = result {
                return Err(Failure::Statement { index, error });
            }
        }
        Ok(())
    }
}

/// The error of a failed statement: `what` names it (file, line), the
/// statement is shown cut to [`STATEMENT_SHOWN`] characters, and the hint
/// ends with `outcome` (what became of the work).
pub async fn statement_error(
    options: &PgConnectOptions,
    what: String,
    stmt: &Statement,
    e: sqlx::Error,
    outcome: &str,
) -> CliError {
    let shown = output::truncate(&stmt.sql, STATEMENT_SHOWN);
    if session::is_lock_timeout(&e) {
        let err = session::lock_timeout_error(options, format!("{what} `{shown}`")).await;
        let hint = err.hint.clone().unwrap_or_default();
        return err.hint(format!("{hint}; {outcome}")).cause(&e);
    }
    let message = match &e {
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    };
    let hint = if session::is_statement_timeout(&e) {
        format!("raise --statement-timeout if it needs longer; {outcome}")
    } else {
        outcome.to_string()
    };
    CliError::new(format!("{what} failed: {message}: {shown}"))
        .hint(hint)
        .cause(&e)
}
