//! The SQL files of `sql/`, compiled in, and the typed queries over them.
//! Every value goes in as a bound parameter.

use sqlx::postgres::PgConnection;
use sqlx::Row;

use super::{query_error, table_exists};
use crate::app::error::CliError;
use crate::model::Participant;

pub const SCHEMA_SQL: &str = include_str!("../../sql/schema.sql");
pub const DROP_TABLES_SQL: &str = include_str!("../../sql/drop_tables.sql");
pub const SEED_SQL: &str = include_str!("../../sql/seed.sql");
pub const USER_BY_HANDLE_SQL: &str = include_str!("../../sql/user_by_handle.sql");
pub const USER_HANDLES_SQL: &str = include_str!("../../sql/user_handles.sql");
pub const UPDATE_COGNITO_USER_ID_SQL: &str = include_str!("../../sql/update_cognito_user_id.sql");
pub const SESSIONS_SQL: &str = include_str!("../../sql/sessions.sql");
pub const DATABASE_SESSIONS_SQL: &str = include_str!("../../sql/database_sessions.sql");
pub const APP_TABLES_SQL: &str = include_str!("../../sql/app_tables.sql");
pub const USERS_IN_HANDLE_ORDER_SQL: &str = include_str!("../../sql/users_in_handle_order.sql");
pub const INSERT_USERS_SQL: &str = include_str!("../../sql/insert_users.sql");
pub const USERS_HOLDING_HANDLES_SQL: &str = include_str!("../../sql/users_holding_handles.sql");

fn participant(r: &sqlx::postgres::PgRow) -> Result<Participant, CliError> {
    Ok(Participant {
        uuid: r
            .try_get("uuid")
            .map_err(|e| query_error("reading users.uuid", e))?,
        display_name: r
            .try_get("display_name")
            .map_err(|e| query_error("reading users.display_name", e))?,
        handle: r
            .try_get("handle")
            .map_err(|e| query_error("reading users.handle", e))?,
    })
}

/// Users with this handle (normally one).
pub async fn users_by_handle(
    conn: &mut PgConnection,
    handle: &str,
) -> Result<Vec<Participant>, CliError> {
    let rows = sqlx::query(USER_BY_HANDLE_SQL)
        .bind(handle)
        .fetch_all(conn)
        .await
        .map_err(|e| query_error(&format!("looking up handle '{handle}'"), e))?;
    rows.iter().map(participant).collect()
}

/// The first `limit` users in handle order.
pub async fn users_in_handle_order(
    conn: &mut PgConnection,
    limit: i64,
) -> Result<Vec<Participant>, CliError> {
    let rows = sqlx::query(USERS_IN_HANDLE_ORDER_SQL)
        .bind(limit)
        .fetch_all(conn)
        .await
        .map_err(|e| query_error("reading the users", e))?;
    rows.iter().map(participant).collect()
}

/// Users written in one statement.
const INSERT_CHUNK: usize = 5_000;

/// Adds the users whose handles no user holds yet, with their ids, in one
/// transaction; returns how many were added. A handle held by a user with
/// another id is an error naming it, and nothing is added.
pub async fn insert_users(conn: &mut PgConnection, users: &[Participant]) -> Result<u64, CliError> {
    use sqlx::Connection;
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| query_error("starting a transaction", e))?;
    let mut added = 0u64;
    for chunk in users.chunks(INSERT_CHUNK) {
        let ids: Vec<uuid::Uuid> = chunk.iter().map(|u| u.uuid).collect();
        let names: Vec<&str> = chunk.iter().map(|u| u.display_name.as_str()).collect();
        let handles: Vec<&str> = chunk.iter().map(|u| u.handle.as_str()).collect();
        let held: Vec<String> = sqlx::query_scalar(USERS_HOLDING_HANDLES_SQL)
            .bind(&ids)
            .bind(&handles)
            .fetch_all(&mut *tx)
            .await
            .map_err(|e| query_error("comparing the users' handles", e))?;
        if let Some(first) = held.first() {
            return Err(CliError::new(format!(
                "{} of the synthetic handles ('{first}', ...) belong to other users in the database; nothing was written",
                held.len()
            ))
            .hint("remove those users, or seed without --with-postgres"));
        }
        let rows: Vec<String> = sqlx::query_scalar(INSERT_USERS_SQL)
            .bind(&ids)
            .bind(&names)
            .bind(&handles)
            .fetch_all(&mut *tx)
            .await
            .map_err(|e| query_error("adding the users", e))?;
        added += rows.len() as u64;
    }
    tx.commit()
        .await
        .map_err(|e| query_error("committing the users", e))?;
    Ok(added)
}

/// The one user with this handle; `database` names the database in errors.
pub async fn user_by_handle(
    conn: &mut PgConnection,
    handle: &str,
    database: &str,
) -> Result<Participant, CliError> {
    let mut users = users_by_handle(conn, handle).await?;
    match users.len() {
        1 => Ok(users.remove(0)),
        0 => Err(CliError::new(format!(
            "no user with handle '{handle}' in the database at {database}"
        ))
        .hint("check the handle, or seed the users with `cruddur db seed`")),
        n => Err(CliError::new(format!(
            "{n} users have the handle '{handle}' in the database at {database}"
        ))
        .hint("handles must be unique; fix the users table")),
    }
}

/// The tables of the connected database outside the system schemas,
/// cruddur's own tables (the stamp, the migrations ledger) aside.
pub async fn app_tables(conn: &mut PgConnection) -> Result<Vec<String>, CliError> {
    sqlx::query_scalar(APP_TABLES_SQL)
        .fetch_all(conn)
        .await
        .map_err(|e| query_error("listing the database's tables", e))
}

/// The number of users, or `None` when the `users` table does not exist.
pub async fn users_count(conn: &mut PgConnection) -> Result<Option<i64>, CliError> {
    if !table_exists(conn, "public.users", "the users table").await? {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT count(*) FROM public.users")
        .fetch_one(conn)
        .await
        .map(Some)
        .map_err(|e| query_error("counting users", e))
}

/// Looks users up by handle, in order, in the run's database (or
/// `database_url`); a handle that is missing or not unique is an error
/// naming it and the database.
pub async fn lookup_users(
    ctx: &crate::app::context::Ctx,
    database_url: Option<&str>,
    handles: &[&str],
) -> Result<Vec<Participant>, CliError> {
    let target = super::target(ctx, database_url)?;
    let database = target.address();
    let mut conn = super::connect_with(&target.options).await?;
    let mut found = Vec::with_capacity(handles.len());
    for handle in handles {
        found.push(user_by_handle(&mut conn, handle, &database).await?);
    }
    Ok(found)
}
