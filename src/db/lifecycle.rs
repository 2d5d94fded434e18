//! The database's life: create, drop, schema-load, seed, setup, reset.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;

use super::DbUrlArgs;
use crate::confirm::ConfirmOpts;
use crate::context::Ctx;
use crate::error::{CliError, ErrorKind};
use crate::interrupt;
use crate::output;
use crate::pg::admin::{
    connect_maintenance, create_database, database_exists, database_name, drop_database,
};
use crate::pg::guard::{self, Destructive};
use crate::pg::script::{run_sql, sql_source, SqlSource};
use crate::pg::{self, queries, PgTarget};
use crate::steps::{StepReport, Steps};

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,
}

#[derive(Debug, Args)]
pub struct DbDropArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    /// End the other sessions on the database first (DROP DATABASE ... WITH (FORCE), PG 13+)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct SqlFileArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    /// Run this SQL file instead of the built-in one
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DbSeedArgs {
    #[command(flatten)]
    pub sql: SqlFileArgs,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct DbSchemaLoadArgs {
    #[command(flatten)]
    pub sql: SqlFileArgs,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct DbSetupArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    /// Cognito user pool to link users from (default: $AWS_COGNITO_USER_POOL_ID; skipped when unset)
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    #[command(flatten)]
    pub setup: DbSetupArgs,

    /// End the other sessions on the database before dropping it (PG 13+)
    #[arg(long)]
    pub force: bool,
}

/// Creates the database if missing and stamps it: with this run's
/// environment when it was just created, when the run is `--prod`, or when
/// it is on this machine; an unstamped remote database is never stamped
/// `local` behind the operator's back.
async fn step_create(ctx: &Ctx, target: &PgTarget) -> Result<StepReport, CliError> {
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

async fn step_drop(
    conn: &mut PgConnection,
    options: &PgConnectOptions,
    force: bool,
) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let name = database_name(options)?;
    let status = if drop_database(conn, options, force).await? {
        format!("dropped database '{name}'")
    } else {
        format!("database '{name}' does not exist, nothing to drop")
    };
    Ok(StepReport::new("drop", status, started))
}

async fn step_sql(
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
    let report = super::cognito_ids::link(ctx, options, &pool_id, &[], false).await?;
    Ok(
        StepReport::new("update-cognito-user-ids", report.summary(), started)
            .details(serde_json::to_value(&report).unwrap_or_default()),
    )
}

fn emit(ctx: &Ctx, target: &PgTarget, steps: &[StepReport]) -> anyhow::Result<()> {
    if ctx.json() {
        let o = &target.options;
        output::print_json(&json!({
            "url": target.shown_url(),
            "database": o.get_database(),
            "host": o.get_host(),
            "port": o.get_port(),
            "steps": steps,
        }))?;
    }
    Ok(())
}

fn schema_source() -> Result<SqlSource, CliError> {
    sql_source(None, "sql/schema.sql", queries::SCHEMA_SQL)
}

fn seed_source() -> Result<SqlSource, CliError> {
    sql_source(None, "sql/seed.sql", queries::SEED_SQL)
}

pub async fn create_cmd(ctx: &Ctx, args: CreateArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    let step = step_create(ctx, &target).await?;
    step.note();
    emit(ctx, &target, &[step])
}

pub async fn drop_cmd(ctx: &Ctx, args: DbDropArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    let options = &target.options;
    let name = database_name(options)?;
    let started = Instant::now();
    let mut conn = connect_maintenance(options).await?;
    if !database_exists(&mut conn, &name).await? {
        let step = StepReport::new(
            "drop",
            format!("database '{name}' does not exist, nothing to drop"),
            started,
        );
        step.note();
        return emit(ctx, &target, &[step]);
    }
    guard::check(
        ctx,
        &target,
        Destructive {
            action: "drop the database",
            question: format!("Drop database '{name}' and everything in it?"),
            always_ask: true,
            yes: args.confirm.yes,
        },
    )
    .await?;
    let step = step_drop(&mut conn, options, args.force).await?;
    let _ = conn.close().await;
    step.note();
    emit(ctx, &target, &[step])
}

pub async fn schema_load_cmd(ctx: &Ctx, args: DbSchemaLoadArgs) -> anyhow::Result<()> {
    let target = args.sql.db.target(ctx)?;
    database_name(&target.options)?;
    let source = sql_source(
        args.sql.file.as_ref(),
        "sql/schema.sql",
        queries::SCHEMA_SQL,
    )?;
    let drop = sql_source(None, "sql/drop_tables.sql", queries::DROP_TABLES_SQL)?;
    guard::check(
        ctx,
        &target,
        Destructive {
            action: "drop and recreate the tables",
            question: format!(
                "Drop the tables of '{}' and load {} (every row is lost)?",
                target.options.get_database().unwrap_or(""),
                source.label
            ),
            always_ask: true,
            yes: args.confirm.yes,
        },
    )
    .await?;
    let step = step_sql("schema-load", &target.options, &[&drop, &source]).await?;
    step.note();
    emit(ctx, &target, &[step])
}

pub async fn seed_cmd(ctx: &Ctx, args: DbSeedArgs) -> anyhow::Result<()> {
    let target = args.sql.db.target(ctx)?;
    let source = sql_source(args.sql.file.as_ref(), "sql/seed.sql", queries::SEED_SQL)?;
    if count_users_in(&target.options).await?.unwrap_or(0) > 0 {
        guard::check(
            ctx,
            &target,
            Destructive {
                action: "seed over existing rows",
                question: format!(
                    "Run {} on '{}', which already has users?",
                    source.label,
                    target.options.get_database().unwrap_or("")
                ),
                always_ask: false,
                yes: args.confirm.yes,
            },
        )
        .await?;
    }
    let step = step_sql("seed", &target.options, &[&source]).await?;
    step.note();
    emit(ctx, &target, &[step])
}

/// Connects to the database of `options` and counts the rows of
/// `public.users`; `None` when the table (or the database) does not exist.
async fn count_users_in(options: &PgConnectOptions) -> Result<Option<i64>, CliError> {
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
    interrupt::install();
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

pub async fn setup_cmd(ctx: &Ctx, args: DbSetupArgs) -> anyhow::Result<()> {
    let target = args.db.target(ctx)?;
    database_name(&target.options)?;
    check_setup(ctx, &target, args.confirm.yes).await?;
    let mut steps = Steps::new("db setup");
    ensure(ctx, &mut steps, &target, args.user_pool_id.as_deref()).await?;
    emit(ctx, &target, steps.done())
}

pub async fn reset_cmd(ctx: &Ctx, args: ResetArgs) -> anyhow::Result<()> {
    let setup = args.setup;
    let target = setup.db.target(ctx)?;
    let name = database_name(&target.options)?;
    guard::check(
        ctx,
        &target,
        Destructive {
            action: "drop and set up the database",
            question: format!(
                "Drop database '{name}' and set it up again from the schema and seed?"
            ),
            always_ask: true,
            yes: setup.confirm.yes,
        },
    )
    .await?;
    interrupt::install();
    let mut conn = connect_maintenance(&target.options).await?;
    let step = step_drop(&mut conn, &target.options, args.force).await?;
    let _ = conn.close().await;
    let mut steps = Steps::new("db reset");
    steps.push(step)?;
    ensure(ctx, &mut steps, &target, setup.user_pool_id.as_deref()).await?;
    emit(ctx, &target, steps.done())
}
