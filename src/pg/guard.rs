//! Production safety by target: a database remembers what it is.
//!
//! `db create`, `db setup` and `setup` stamp the environment (`local` or
//! `prod`) into the table `cruddur_internal_metadata` of the databases they
//! create or first set up. Every destructive command reads the stamp before
//! acting: a database stamped `prod` (or with a stamp cruddur does not
//! know), or one on a non-loopback host that carries no stamp, counts as
//! production and is refused unless `--prod` is given and confirmed.
//! Confirmations show host, port, database, user and the stamp.

use serde::Serialize;
use sqlx::postgres::PgConnection;
use sqlx::Connection;

use super::{connect_with, query_error, table_exists, PgTarget};
use crate::app::confirm::confirm;
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};

pub const INTERNAL_METADATA_SQL: &str = include_str!("../../sql/internal_metadata.sql");

/// The key of the stamp in `cruddur_internal_metadata`.
const ENVIRONMENT_KEY: &str = "environment";

/// The environment a run acts in, as stamped into the databases it creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Local,
    Prod,
}

impl Environment {
    pub fn of(ctx: &Ctx) -> Self {
        if ctx.is_prod() {
            Environment::Prod
        } else {
            Environment::Local
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Local => "local",
            Environment::Prod => "prod",
        }
    }
}

/// What is known about a target before a destructive command acts on it.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// Whether the database exists.
    pub exists: bool,
    /// The stamp, if the database carries one.
    pub stamp: Option<String>,
    /// Whether the server is on this machine.
    pub loopback: bool,
}

impl Standing {
    /// Stamped anything but `local`, or unstamped on a remote host.
    pub fn is_production(&self) -> bool {
        match self.stamp.as_deref() {
            Some(s) => s != Environment::Local.as_str(),
            None => !self.loopback,
        }
    }

    /// The stamp as confirmations show it.
    pub fn stamp_shown(&self) -> String {
        match (&self.stamp, self.exists, self.loopback) {
            (Some(s), _, _) => s.clone(),
            (None, false, _) => "none (the database does not exist yet)".to_string(),
            (None, true, true) => "none (on this machine: treated as local)".to_string(),
            (None, true, false) => "none (on a remote host: treated as production)".to_string(),
        }
    }
}

/// The stamp of the connected database, or `None` when it has none.
pub async fn read_stamp(conn: &mut PgConnection) -> Result<Option<String>, CliError> {
    let table = "public.cruddur_internal_metadata";
    if !table_exists(conn, table, "cruddur_internal_metadata").await? {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT value FROM public.cruddur_internal_metadata WHERE key = $1")
        .bind(ENVIRONMENT_KEY)
        .fetch_optional(conn)
        .await
        .map_err(|e| query_error("reading the environment stamp", e))
}

/// Stamps the connected database unless it already carries a stamp;
/// returns the stamp it carries afterwards.
pub async fn write_stamp(conn: &mut PgConnection, env: Environment) -> Result<String, CliError> {
    sqlx::raw_sql(INTERNAL_METADATA_SQL)
        .execute(&mut *conn)
        .await
        .map_err(|e| query_error("creating cruddur_internal_metadata", e))?;
    sqlx::query(
        "INSERT INTO public.cruddur_internal_metadata (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(ENVIRONMENT_KEY)
    .bind(env.as_str())
    .execute(&mut *conn)
    .await
    .map_err(|e| query_error("writing the environment stamp", e))?;
    Ok(read_stamp(conn).await?.unwrap_or_default())
}

/// Reads the standing of a target: a database that does not exist has no stamp.
pub async fn standing(target: &PgTarget) -> Result<Standing, CliError> {
    let loopback = target.is_loopback();
    let mut conn = match connect_with(&target.options).await {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::NotFound => {
            return Ok(Standing {
                exists: false,
                stamp: None,
                loopback,
            })
        }
        Err(e) => return Err(e),
    };
    let stamp = read_stamp(&mut conn).await;
    let _ = conn.close().await;
    Ok(Standing {
        exists: true,
        stamp: stamp?,
        loopback,
    })
}

/// What confirmations show: host, port, database, user and stamp, never the password.
pub fn confirm_text(target: &PgTarget, standing: &Standing) -> String {
    let o = &target.options;
    format!(
        "Target: Postgres database '{}'\n  host: {}\n  port: {}\n  user: {}\n  stamp: {}",
        o.get_database().unwrap_or("(none)"),
        o.get_host(),
        o.get_port(),
        o.get_username(),
        standing.stamp_shown()
    )
}

/// A destructive action about to happen.
pub struct Destructive<'a> {
    /// What is about to happen, e.g. "drop the database" (for the refusal).
    pub action: &'a str,
    /// The question of the confirmation.
    pub question: String,
    /// Ask even on a local database (drop, reset, schema-load).
    pub always_ask: bool,
    /// `--yes` was given.
    pub yes: bool,
}

/// Refuses a production database without `--prod`, and asks when the
/// target is production, the run is `--prod`, or the action always asks.
pub async fn check(
    ctx: &Ctx,
    target: &PgTarget,
    action: Destructive<'_>,
) -> Result<Standing, CliError> {
    let standing = standing(target).await?;
    let production = standing.is_production();
    if production && !ctx.is_prod() {
        let why = match &standing.stamp {
            Some(s) => format!("it is stamped '{s}'"),
            None => format!(
                "it is on the remote host {} and carries no stamp, so it counts as production",
                target.options.get_host()
            ),
        };
        return Err(CliError::new(format!(
            "refusing to {} at {} without --prod: {why}",
            action.action,
            target.address()
        ))
        .hint("pass --prod (and confirm) if you mean production; databases cruddur creates locally are stamped 'local'")
        .kind(ErrorKind::NotConfirmed));
    }
    if production || ctx.is_prod() || action.always_ask {
        confirm(
            &confirm_text(target, &standing),
            &action.question,
            action.yes,
        )?;
    }
    Ok(standing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(stamp: Option<&str>, loopback: bool) -> Standing {
        Standing {
            exists: true,
            stamp: stamp.map(str::to_string),
            loopback,
        }
    }

    #[test]
    fn the_stamp_decides_and_a_remote_host_without_one_is_production() {
        assert!(!standing(Some("local"), false).is_production());
        assert!(standing(Some("prod"), true).is_production());
        assert!(standing(Some("staging"), true).is_production());
        assert!(!standing(None, true).is_production());
        assert!(standing(None, false).is_production());
        assert!(standing(None, false).stamp_shown().contains("production"));
    }
}
