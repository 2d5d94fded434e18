//! The database as the app needs it, for `db setup`, `db reset` and
//! `cruddur setup`: create it and stamp it, create the missing tables, seed
//! an empty `users` table, link the Cognito users. Each step is a
//! [`StepReport`]; running it all again changes nothing.

use std::time::Instant;

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use crate::context::Ctx;
use crate::error::{CliError, ErrorKind};
use crate::pg::admin::{create_database, database_name};
use crate::pg::guard::{self, Destructive};
use crate::pg::script::{run_sql, sql_source, SqlSource};
use crate::pg::{self, queries, PgTarget};
use crate::steps::{StepReport, Steps};

/// Creates the database if missing and stamps it: with this run's
/// environment when it was just created, when the run is `--prod`, or when
/// it is on this machine; an unstamped remote database is never stamped
/// `local` behind the operator's back.
pub async fn step_create(ctx: &Ctx, target: &PgTarget) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let options = &target.options;
    let name = database_name(options)?;
    let created = create_database(options).await?;
    let mut conn = pg::connect_with(options).await?;
    let mut stamp = guard::read_stamp(&mut conn).await?;
    let env = guard::Environment::of(ctx);
    if stamp.is_none() && (created || env == guard::Environment::Prod || target.is_loopback()) {
        stamp = Some(guard::write_stamp(&mut conn, env).await?);
    }
    let _ = conn.close().await;
    let stamp = stamp.unwrap_or_else(|| "none".to_string());
    let status = if created {
        format!("created database '{name}' (stamp: {stamp})")
    } else {
        format!("database '{name}' already exists, left as it is (stamp: {stamp})")
    };
    Ok(StepReport::new("create", status, started))
}

pub async fn step_sql(
    step: &'static str,
    options: &PgConnectOptions,
    sources: &[&SqlSource],
) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let n = run_sql(options, sources).await?;
    let labels: Vec<&str> = sources.iter().map(|s| s.label.as_str()).collect();
    Ok(StepReport::new(
        step,
        format!(
            "ran {n} statements from {} in one transaction",
            labels.join(" and ")
        ),
        started,
    )
    .statements(n))
}

async fn step_cognito(
    ctx: &Ctx,
    options: &PgConnectOptions,
    pool_flag: Option<&str>,
) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let Some(pool_id) = crate::cognito_pool::pool_id_if_set(pool_flag) else {
        return Ok(StepReport::new(
            "update-cognito-user-ids",
            format!(
                "skipped: {} is not set",
                crate::cognito_pool::USER_POOL_ID_VAR
            ),
            started,
        ));
    };
    let report = crate::pg::cognito_link::link(ctx, options, &pool_id, &[], false).await?;
    Ok(
        StepReport::new("update-cognito-user-ids", report.summary(), started)
            .details(serde_json::to_value(&report).unwrap_or_default()),
    )
}

pub fn schema_source() -> Result<SqlSource, CliError> {
    sql_source(None, "sql/schema.sql", queries::SCHEMA_SQL)
}

pub fn seed_source() -> Result<SqlSource, CliError> {
    sql_source(None, "sql/seed.sql", queries::SEED_SQL)
}

/// Connects to the database of `options` and counts the rows of
/// `public.users`; `None` when the table (or the database) does not exist.
pub async fn count_users_in(options: &PgConnectOptions) -> Result<Option<i64>, CliError> {
    let mut conn = match pg::connect_with(options).await {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let count = queries::users_count(&mut conn).await;
    let _ = conn.close().await;
    count
}

/// The setup of `db setup`, `db reset` and `cruddur setup`: create the
/// database if missing (and stamp it), create the tables that are missing
/// (never dropping one), seed when `users` is empty, then link Cognito
/// users when a pool is set. Running it again changes nothing. Each step is
/// printed as it ends.
pub async fn ensure(
    ctx: &Ctx,
    steps: &mut Steps,
    target: &PgTarget,
    pool_flag: Option<&str>,
) -> Result<(), CliError> {
    let options = &target.options;
    // A signal between steps stops before the next one (each step skips
    // what is there, so a rerun finishes); one during a SQL step rolls it back.
    steps.push(step_create(ctx, target).await?)?;
    let mut schema = step_sql("schema", options, &[&schema_source()?]).await?;
    schema.status = format!("{} (existing tables kept)", schema.status);
    steps.push(schema)?;
    let started = Instant::now();
    match count_users_in(options).await? {
        Some(n) if n > 0 => steps.push(StepReport::new(
            "seed",
            format!("skipped: {n} users present"),
            started,
        ))?,
        _ => steps.push(step_sql("seed", options, &[&seed_source()?]).await?)?,
    }
    steps.push(step_cognito(ctx, options, pool_flag).await?)
}

/// The guard of `db setup` and `db reset`'s setup: seeding a production
/// database needs `--prod` and a confirmation.
pub async fn check_setup(ctx: &Ctx, target: &PgTarget, yes: bool) -> Result<(), CliError> {
    guard::check(
        ctx,
        target,
        Destructive {
            action: "set up the database",
            question: format!(
                "Set up '{}' (creates what is missing, then seeds an empty users table)?",
                target.options.get_database().unwrap_or("")
            ),
            always_ask: false,
            yes,
        },
    )
    .await
    .map(|_| ())
}
