//! The database's life: create, drop, schema-load, seed, setup, reset.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;

use super::DbUrlArgs;
use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::output;
use crate::app::steps::{StepReport, Steps};
use crate::pg::admin::{connect_maintenance, database_exists, database_name, drop_database};
use crate::pg::guard::{self, Destructive};
use crate::pg::migrate;
use crate::pg::script::{sql_source, SqlSource};
use crate::pg::setup::{
    check_setup, count_users_in, ensure, schema_source, seed_source, step_create, step_sql,
};
use crate::pg::{queries, PgTarget};

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

    /// Run this SQL file (default: the project's file: cruddur.toml's,
    /// else the app's db/ folder, else the one built into cruddur)
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

/// What a `db` command did (`--output json`): the database and its steps.
#[derive(Debug, serde::Serialize)]
struct DbReport<'a> {
    url: &'a str,
    database: Option<&'a str>,
    host: &'a str,
    port: u16,
    steps: &'a [StepReport],
}

fn emit(ctx: &Ctx, target: &PgTarget, steps: &[StepReport]) -> anyhow::Result<()> {
    if ctx.json() {
        let o = &target.options;
        output::print_json(&DbReport {
            url: target.shown_url(),
            database: o.get_database(),
            host: o.get_host(),
            port: o.get_port(),
            steps,
        })?;
    }
    Ok(())
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
    let source = schema_source(ctx, args.sql.file.as_ref())?;
    let drop = sql_source(None, "sql/drop_tables.sql", queries::DROP_TABLES_SQL)?;
    // The recreated tables have none of the migrations: the ledger is
    // emptied in the same transaction, so `db migrate` applies them all again.
    let ledger = SqlSource {
        label: "the migrations ledger (emptied)".to_string(),
        text: migrate::ledger::clear_sql(),
    };
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
    let step = step_sql("schema-load", &target.options, &[&drop, &source, &ledger]).await?;
    step.note();
    emit(ctx, &target, &[step])
}

pub async fn seed_cmd(ctx: &Ctx, args: DbSeedArgs) -> anyhow::Result<()> {
    let target = args.sql.db.target(ctx)?;
    let source = seed_source(ctx, args.sql.file.as_ref())?;
    // From here a signal stops the command with its line, cancelling what
    // runs on the server.
    let shutdown = crate::app::interrupt::listen();
    if count_users_in(&target.options, &shutdown)
        .await?
        .unwrap_or(0)
        > 0
    {
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
    let mut steps = Steps::new("db reset");
    let mut conn = connect_maintenance(&target.options).await?;
    let step = step_drop(&mut conn, &target.options, args.force).await?;
    let _ = conn.close().await;
    steps.push(step)?;
    ensure(ctx, &mut steps, &target, setup.user_pool_id.as_deref()).await?;
    emit(ctx, &target, steps.done())
}
