//! SQL files run against a database: from a path or built in, every
//! statement in one transaction, a failure reported with its statement.

use std::path::PathBuf;

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use super::one_transaction;
use super::split::split_statements;
use super::{address, connect_with, query_error, session};
use crate::error::CliError;
use crate::interrupt;
use crate::output;

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
                label: path.display().to_string(),
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
    let mut total = 0;
    for (source, statements) in &files {
        let count = statements.len();
        for (i, stmt) in statements.iter().enumerate() {
            let result = tokio::select! {
                r = sqlx::raw_sql(&stmt.sql).execute(&mut *tx) => r,
                signal = shutdown.received() => {
                    // Dropping the connection would leave the backend waiting
                    // (on a lock, say): cancel the statement on the server.
                    let cancelled = session::cancel(options, pid).await.unwrap_or(false);
                    return Err(CliError::interrupted(
                        signal,
                        format!(
                            "interrupted: {} the running statement of {}; nothing was changed in {target} (rolled back)",
                            if cancelled { "cancelled" } else { "could not cancel" },
                            source.label
                        ),
                    ));
                }
            };
            let Err(e) = result else { continue };
            let _ = tx.rollback().await;
            let what = format!(
                "{}: statement {} of {count} (line {})",
                source.label,
                i + 1,
                stmt.line
            );
            let shown = output::truncate(&stmt.sql, STATEMENT_SHOWN);
            if session::is_lock_timeout(&e) {
                let err = session::lock_timeout_error(options, format!("{what} `{shown}`")).await;
                let hint = err.hint.clone().unwrap_or_default();
                return Err(err
                    .hint(format!(
                        "{hint}; nothing was changed in {target} (rolled back)"
                    ))
                    .detail(format!("{e:?}")));
            }
            let message = match &e {
                sqlx::Error::Database(db) => db.message().to_string(),
                other => other.to_string(),
            };
            let hint = if session::is_statement_timeout(&e) {
                format!("raise --statement-timeout if it needs longer; nothing was changed in {target} (rolled back)")
            } else {
                format!("nothing was changed in {target} (rolled back)")
            };
            return Err(CliError::new(format!("{what} failed: {message}: {shown}"))
                .hint(hint)
                .detail(format!("{e:?}")));
        }
        total += count;
    }
    tx.commit()
        .await
        .map_err(|e| query_error(&format!("committing on {target}"), e))?;
    let _ = conn.close().await;
    Ok(total)
}
