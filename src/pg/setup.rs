//! The database as the app needs it, for `db setup`, `db reset` and
//! `cruddur setup`: create it and stamp it, create the missing tables, seed
//! an empty `users` table, link the Cognito users. Each step is a
//! [`StepReport`]; running it all again changes nothing.

use std::path::PathBuf;
use std::time::Instant;

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt::Shutdown;
use crate::app::project::Located;
use crate::app::steps::{StepReport, Steps};
use crate::pg::admin::{connect_maintenance, create_database, database_name};
use crate::pg::guard::{self, Destructive};
use crate::pg::migrate::{self, MigrateOptions};
use crate::pg::script::{run_sql, sql_source, SqlSource};
use crate::pg::split::split_statements;
use crate::pg::{self, one_transaction, queries, query_error, session, PgTarget};

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
    let Some(pool_id) = crate::aws::cognito_pool::pool_id_if_set(pool_flag) else {
        return Ok(StepReport::new(
            "update-cognito-user-ids",
            format!(
                "skipped: {} is not set",
                crate::aws::cognito_pool::USER_POOL_ID_VAR
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

/// The schema of the run: `flag` (`--file`), else the project's (the
/// project file's, else the app layout's), else the built-in one.
pub fn schema_source(ctx: &Ctx, flag: Option<&PathBuf>) -> Result<SqlSource, CliError> {
    app_source(
        ctx,
        flag,
        "schema",
        ctx.project.schema(),
        "sql/schema.sql",
        queries::SCHEMA_SQL,
    )
}

/// The seed of the run, chosen as [`schema_source`] chooses the schema.
pub fn seed_source(ctx: &Ctx, flag: Option<&PathBuf>) -> Result<SqlSource, CliError> {
    app_source(
        ctx,
        flag,
        "seed",
        ctx.project.seed(),
        "sql/seed.sql",
        queries::SEED_SQL,
    )
}

fn app_source(
    ctx: &Ctx,
    flag: Option<&PathBuf>,
    what: &str,
    found: Option<Located>,
    builtin_name: &str,
    builtin: &str,
) -> Result<SqlSource, CliError> {
    let file = match flag {
        Some(f) => Some(f.clone()),
        None => {
            crate::app::project::note_source(ctx.verbose, what, found.as_ref(), builtin_name);
            found.map(|l| l.path)
        }
    };
    sql_source(file.as_ref(), builtin_name, builtin)
}

/// The schema step of setup: a schema that drops tables runs only on a
/// database without tables (setup never drops); one that only creates
/// what is missing always runs.
async fn step_schema(ctx: &Ctx, options: &PgConnectOptions) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let schema = schema_source(ctx, None)?;
    if let Some(line) = one_transaction::drops_tables(&split_statements(&schema.text)) {
        let mut conn = pg::connect_with(options).await?;
        let tables = queries::app_tables(&mut conn).await;
        let _ = conn.close().await;
        let tables = tables?;
        if !tables.is_empty() {
            return Ok(StepReport::new(
                "schema",
                format!(
                    "skipped: {}:{line} drops tables and '{}' already has {} ({}); setup never drops them (`cruddur db schema-load` recreates them)",
                    schema.label,
                    options.get_database().unwrap_or(""),
                    if tables.len() == 1 { "a table".to_string() } else { format!("{} tables", tables.len()) },
                    tables.join(", ")
                ),
                started,
            ));
        }
        let mut step = step_sql("schema", options, &[&schema]).await?;
        step.status = format!("{} (the database had no tables)", step.status);
        return Ok(step);
    }
    let mut step = step_sql("schema", options, &[&schema]).await?;
    step.status = format!("{} (existing tables kept)", step.status);
    Ok(step)
}

/// The migrate step of setup: the pending migrations of the project's
/// folder, if it has one.
async fn step_migrate(
    ctx: &Ctx,
    target: &PgTarget,
    shutdown: &crate::app::interrupt::Shutdown,
) -> Result<StepReport, CliError> {
    let started = Instant::now();
    let Some(folder) = ctx.project.migrations() else {
        return Ok(StepReport::new(
            "migrate",
            "skipped: no migrations folder (db/migrations here or above, or [postgres] migrations in cruddur.toml)",
            started,
        ));
    };
    crate::app::project::note_source(ctx.verbose, "migrations", Some(&folder), "");
    if !folder.path.exists() {
        return Ok(StepReport::new(
            "migrate",
            format!(
                "skipped: the migrations folder {} ({}) does not exist yet",
                folder.shown(),
                folder.origin
            ),
            started,
        ));
    }
    let options = MigrateOptions {
        yes: true,
        ..Default::default()
    };
    let report = migrate::migrate(ctx, target, &folder.path, &options, shutdown).await?;
    let status = match report.migrations.len() {
        0 => format!(
            "nothing pending in {} ({} applied)",
            report.folder, report.applied_total
        ),
        n => format!(
            "applied {n} migration(s) from {} ({})",
            report.folder,
            report
                .migrations
                .iter()
                .map(|m| m.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Ok(StepReport::new("migrate", status, started)
        .details(serde_json::to_value(&report).unwrap_or_default()))
}

/// Connects to the database of `options` and counts the rows of
/// `public.users`; `None` when the table (or the database) does not exist.
/// A signal cancels the count on the server (it may wait for a lock).
pub async fn count_users_in(
    options: &PgConnectOptions,
    shutdown: &Shutdown,
) -> Result<Option<i64>, CliError> {
    let mut conn = match pg::connect_with(options).await {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let pid = session::backend_pid(&mut conn).await?;
    let count = tokio::select! {
        count = queries::users_count(&mut conn) => count,
        signal = shutdown.received() => {
            let cancelled = session::cancel(options, pid).await.unwrap_or(false);
            return Err(CliError::interrupted(
                signal,
                format!(
                    "interrupted while counting the users of '{}' ({} the query on the server); nothing was changed",
                    options.get_database().unwrap_or(""),
                    if cancelled { "cancelled" } else { "could not cancel" }
                ),
            ));
        }
    };
    let _ = conn.close().await;
    count
}

/// The setup lock of a database, held while the value lives: a second
/// setup of the same database waits for the first (up to the statement
/// timeout), then finds everything done.
struct SetupLock {
    _conn: sqlx::postgres::PgConnection,
}

async fn setup_lock(target: &PgTarget, shutdown: &Shutdown) -> Result<SetupLock, CliError> {
    let options = &target.options;
    let name = database_name(options)?;
    let key = format!("cruddur setup {name}");
    let mut conn = connect_maintenance(options).await?;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext($1))")
        .bind(&key)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| query_error("taking the setup lock", e))?;
    if got {
        return Ok(SetupLock { _conn: conn });
    }
    crate::app::output::note(format!("waiting for another setup of '{name}' to finish"));
    let pid = session::backend_pid(&mut conn).await?;
    // Bounded by the session's statement timeout, not its lock timeout.
    sqlx::raw_sql("SET lock_timeout = 0")
        .execute(&mut conn)
        .await
        .map_err(|e| query_error("taking the setup lock", e))?;
    let taken = tokio::select! {
        r = sqlx::query("SELECT pg_advisory_lock(hashtext($1))").bind(&key).execute(&mut conn) => r,
        signal = shutdown.received() => {
            let _ = session::cancel(options, pid).await;
            return Err(CliError::interrupted(
                signal,
                format!("interrupted while waiting for another setup of '{name}'; nothing was changed"),
            ));
        }
    };
    taken.map_err(|e| query_error(&format!("waiting for another setup of '{name}'"), e))?;
    Ok(SetupLock { _conn: conn })
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
    // Two setups of one database at once: the second waits for the first.
    let _lock = setup_lock(target, steps.shutdown()).await?;
    // A signal between steps stops before the next one (each step skips
    // what is there, so a rerun finishes); one during a SQL step rolls it back.
    steps.push(step_create(ctx, target).await?)?;
    steps.push(step_schema(ctx, options).await?)?;
    let started = Instant::now();
    match count_users_in(options, steps.shutdown()).await? {
        Some(n) if n > 0 => steps.push(StepReport::new(
            "seed",
            format!("skipped: {n} users present"),
            started,
        ))?,
        _ => steps.push(step_sql("seed", options, &[&seed_source(ctx, None)?]).await?)?,
    }
    let shutdown = steps.shutdown().clone();
    steps.push(step_migrate(ctx, target, &shutdown).await?)?;
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
