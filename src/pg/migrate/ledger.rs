//! The ledger: cruddur's table of the migrations applied to a database
//! (`sql/migrations_ledger.sql`), the migration lock, and the app's own
//! high-water mark (`schema_information`) that a ledger takes over from.

use chrono::Utc;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Row;

use super::files::Migration;
use crate::app::error::CliError;
use crate::app::interrupt::Shutdown;
use crate::pg::{query_error, session, table_exists};

/// The ledger's table.
pub const TABLE: &str = "public.cruddur_schema_migrations";
/// Creates the ledger unless it exists.
pub const CREATE_SQL: &str = include_str!("../../../sql/migrations_ledger.sql");
const LOCK_HOLDERS_SQL: &str = include_str!("../../../sql/migration_lock_holders.sql");

/// The key of the advisory lock a migration run holds ("crudmigr"): one
/// per database, as advisory locks belong to their database.
pub const LOCK_KEY: i64 = 0x6372_7564_6d69_6772;

/// How a ledger row came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// cruddur ran the migration.
    Ran,
    /// Recorded without running, from the app's `schema_information`.
    Adopted,
}

impl How {
    fn as_str(self) -> &'static str {
        match self {
            How::Ran => "ran",
            How::Adopted => "adopted",
        }
    }
}

/// One row of the ledger.
#[derive(Debug, Clone)]
pub struct Applied {
    pub version: String,
    pub name: String,
    pub checksum: String,
    /// When, in UTC (`2026-12-07T08:00:00Z`); `None` for a row not
    /// written yet (a take-over a read-only command shows).
    pub applied_at: Option<String>,
    pub duration_ms: i64,
    pub how: How,
    /// A change or removal of the file that was accepted, and when.
    pub accepted: Option<String>,
    /// The file's removal was accepted: its absence stops nothing.
    pub missing_accepted: bool,
}

/// Whether the connected database has a ledger.
pub async fn exists(conn: &mut PgConnection) -> Result<bool, CliError> {
    table_exists(conn, TABLE, "the migrations ledger").await
}

/// The ledger's rows (none when there is no ledger).
pub async fn read(conn: &mut PgConnection) -> Result<Vec<Applied>, CliError> {
    if !exists(conn).await? {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(&format!(
        "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at, duration_ms, how, accepted, missing_accepted FROM {TABLE}"
    ))
    .fetch_all(conn)
    .await
    .map_err(|e| query_error("reading the migrations ledger", e))?;
    rows.iter()
        .map(|r| -> Result<Applied, sqlx::Error> {
            let how: String = r.try_get("how")?;
            Ok(Applied {
                version: r.try_get("version")?,
                name: r.try_get("name")?,
                checksum: r.try_get("checksum")?,
                applied_at: Some(r.try_get("applied_at")?),
                duration_ms: r.try_get("duration_ms")?,
                how: if how == "adopted" {
                    How::Adopted
                } else {
                    How::Ran
                },
                accepted: r.try_get("accepted")?,
                missing_accepted: r.try_get("missing_accepted")?,
            })
        })
        .collect::<Result<_, _>>()
        .map_err(|e| query_error("reading the migrations ledger", e))
}

/// Creates the ledger unless it exists; a user without the right to is
/// told what to grant.
pub async fn create(conn: &mut PgConnection, database: &str) -> Result<(), CliError> {
    match sqlx::raw_sql(CREATE_SQL).execute(conn).await {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("42501") => {
            Err(CliError::new(format!(
                "cannot create the migrations ledger {TABLE} in '{database}': {}",
                db.message()
            ))
            .hint("run the migrations as the database's owner, or grant the user CREATE on schema public (GRANT CREATE ON SCHEMA public TO ...)"))
        }
        Err(e) => Err(query_error("creating the migrations ledger", e)),
    }
}

/// The app's high-water mark (`schema_information.last_successful_run`),
/// if the database has the app's table.
pub async fn app_mark(conn: &mut PgConnection) -> Result<Option<String>, CliError> {
    let table = "public.schema_information";
    if !table_exists(conn, table, "the app's schema_information").await? {
        return Ok(None);
    }
    sqlx::query_scalar::<_, Option<String>>(
        "SELECT last_successful_run::text FROM public.schema_information ORDER BY id LIMIT 1",
    )
    .fetch_optional(conn)
    .await
    .map(|v| Some(v.flatten().unwrap_or_else(|| "0".to_string())))
    .map_err(|e| query_error("reading the app's schema_information", e))
}

/// Records `m` as applied.
pub async fn insert(
    conn: &mut PgConnection,
    m: &Migration,
    duration_ms: i64,
    how: How,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {TABLE} (version, name, checksum, duration_ms, how) VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(m.version.as_str())
    .bind(&m.name)
    .bind(&m.checksum)
    .bind(duration_ms)
    .bind(how.as_str())
    .execute(conn)
    .await
    .map(|_| ())
}

/// Removes the row of a migration that was rolled back.
pub async fn delete(conn: &mut PgConnection, version: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("DELETE FROM {TABLE} WHERE version = $1"))
        .bind(version)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Accepts the current file of a changed migration: its checksum becomes
/// the ledger's, and the change is noted.
pub async fn accept_change(
    conn: &mut PgConnection,
    version: &str,
    checksum: &str,
    was: &str,
) -> Result<(), CliError> {
    let note = format!(
        "change accepted {} (checksum was {})",
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        &was[..was.len().min(12)]
    );
    sqlx::query(&format!(
        "UPDATE {TABLE} SET checksum = $2, accepted = $3 WHERE version = $1"
    ))
    .bind(version)
    .bind(checksum)
    .bind(note)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(|e| query_error("recording the accepted change", e))
}

/// Accepts that the file of an applied migration is gone.
pub async fn accept_missing(conn: &mut PgConnection, version: &str) -> Result<(), CliError> {
    let note = format!(
        "removal of the file accepted {}",
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
    );
    sqlx::query(&format!(
        "UPDATE {TABLE} SET missing_accepted = true, accepted = $2 WHERE version = $1"
    ))
    .bind(version)
    .bind(note)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(|e| query_error("recording the accepted removal", e))
}

/// The SQL that empties the ledger in `db schema-load`'s transaction
/// (creating it first, so that no later run takes over a stale mark of
/// the app's), under the migration lock.
pub fn clear_sql() -> String {
    format!("SELECT pg_advisory_xact_lock({LOCK_KEY});\n{CREATE_SQL};\nDELETE FROM {TABLE};\n")
}

/// Takes the migration lock of the connected database for the session,
/// waiting as long as the session's `lock_timeout` allows; a run holding
/// it is named.
pub async fn lock(
    conn: &mut PgConnection,
    options: &PgConnectOptions,
    pid: i32,
    shutdown: &Shutdown,
    database: &str,
) -> Result<(), CliError> {
    let result = tokio::select! {
        r = sqlx::query("SELECT pg_advisory_lock($1)").bind(LOCK_KEY).execute(&mut *conn) => r,
        signal = shutdown.received() => {
            let _ = session::cancel(options, pid).await;
            return Err(CliError::interrupted(
                signal,
                format!("interrupted while waiting for the migration lock of '{database}': nothing was changed"),
            ));
        }
    };
    match result {
        Ok(_) => Ok(()),
        Err(e) if session::is_lock_timeout(&e) => {
            let holders =
                session::lock_holders_of(conn, sqlx::query(LOCK_HOLDERS_SQL).bind(LOCK_KEY))
                    .await
                    .map(|h| {
                        if h.is_empty() {
                            "no session holds it now".to_string()
                        } else {
                            format!(
                                "held by {}",
                                h.iter().map(|h| h.shown()).collect::<Vec<_>>().join(", ")
                            )
                        }
                    })
                    .unwrap_or_else(|e| format!("its holder could not be read: {}", e.message));
            Err(CliError::new(format!(
                "another migration run holds the migration lock of '{database}' ({holders}); gave up after --lock-timeout"
            ))
            .hint("wait for it to finish and run again, or raise --lock-timeout")
            .cause(&e))
        }
        Err(e) => Err(query_error("taking the migration lock", e)),
    }
}
