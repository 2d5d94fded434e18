//! Server-level Postgres work: reaching the server without the target
//! database, creating and dropping databases, quoting their names.

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;

use super::{connect_with, query_error};
use crate::app::error::{CliError, ErrorKind};

/// Databases tried, in order, to reach the server without the target database.
const MAINTENANCE_DATABASES: &[&str] = &["postgres", "template1"];

/// A connection to the server that does not need the target database.
pub(crate) async fn connect_maintenance(
    options: &PgConnectOptions,
) -> Result<PgConnection, CliError> {
    let mut last = None;
    for db in MAINTENANCE_DATABASES {
        match connect_with(&options.clone().database(db)).await {
            Ok(conn) => return Ok(conn),
            // Only a missing maintenance database is worth trying the next one.
            Err(e) if e.kind == ErrorKind::NotFound => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| CliError::new("no maintenance database to connect to")))
}

pub async fn database_exists(conn: &mut PgConnection, name: &str) -> Result<bool, CliError> {
    sqlx::query_scalar::<_, i32>("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(conn)
        .await
        .map(|r| r.is_some())
        .map_err(|e| query_error("looking up the database in pg_database", e))
}

/// Creates the database of `options` unless it exists; true when created.
pub async fn create_database(options: &PgConnectOptions) -> Result<bool, CliError> {
    let name = database_name(options)?;
    let mut conn = connect_maintenance(options).await?;
    if database_exists(&mut conn, &name).await? {
        return Ok(false);
    }
    let sql = format!("CREATE DATABASE {}", quote_ident(&name));
    let result = sqlx::raw_sql(&sql).execute(&mut conn).await;
    let _ = conn.close().await;
    match result {
        Ok(_) => Ok(true),
        // Created by someone else in the meantime (a concurrent CREATE
        // DATABASE of the same name fails on pg_database's unique index).
        Err(sqlx::Error::Database(db))
            if matches!(db.code().as_deref(), Some("42P04" | "23505")) =>
        {
            Ok(false)
        }
        Err(e) => Err(query_error(
            &format!(
                "creating database '{name}' at {}:{}",
                options.get_host(),
                options.get_port()
            ),
            e,
        )
        .hint("the user in the URL needs the CREATEDB privilege")),
    }
}

/// Drops the database of `options` if it exists; true when it was dropped.
/// The caller has confirmed.
pub async fn drop_database(
    conn: &mut PgConnection,
    options: &PgConnectOptions,
    force: bool,
) -> Result<bool, CliError> {
    let name = database_name(options)?;
    if !database_exists(conn, &name).await? {
        return Ok(false);
    }
    let sql = format!(
        "DROP DATABASE IF EXISTS {}{}",
        quote_ident(&name),
        if force { " WITH (FORCE)" } else { "" }
    );
    match sqlx::raw_sql(&sql).execute(&mut *conn).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("55006") => Err(
            CliError::new(format!("cannot drop database '{name}': {}", db.message()))
                .kind(ErrorKind::Conflict)
                .hint("close the other sessions (see `cruddur db sessions`) or pass --force"),
        ),
        Err(e) => Err(query_error(&format!("dropping database '{name}'"), e)),
    }
}

/// A Postgres identifier in double quotes, safe to put into SQL text.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The database named in the URL, or an error saying the URL names none.
pub fn database_name(options: &PgConnectOptions) -> Result<String, CliError> {
    options
        .get_database()
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            CliError::usage("the database URL names no database")
                .hint("end the URL with the database name, e.g. postgresql://USER:PASSWORD@HOST:5432/cruddur")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_ident_doubles_quotes() {
        assert_eq!(quote_ident("cruddur"), "\"cruddur\"");
        assert_eq!(quote_ident("we\"ird db"), "\"we\"\"ird db\"");
    }
}
