//! `cruddur setup`: the one-command bootstrap for docker-compose and CI.
//! Waits for DynamoDB and Postgres, then sets up the database, the table and
//! the seed conversation, skipping whatever is already there.

use std::cell::RefCell;
use std::future::Future;
use std::time::{Duration, Instant};

use clap::Args;

use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt::Shutdown;
use crate::app::output;
use crate::app::steps::{StepReport, Steps};
use crate::app::wait::poll;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::rows::group_rows;
use crate::dynamo::schema::{ensure_table, TableOptions};
use crate::pg::admin::connect_maintenance;
use crate::pg::setup::{check_setup, ensure};
use crate::pg::DbUrlArgs;
use crate::seeding::{self as seed, SeedSourceArgs};

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Seconds to wait for DynamoDB and Postgres to accept connections
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub timeout: u64,

    #[command(flatten)]
    pub db: DbUrlArgs,

    /// Cognito user pool to link users from (default: $AWS_COGNITO_USER_POOL_ID; skipped when unset)
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,

    #[command(flatten)]
    pub seed: SeedSourceArgs,

    /// Seed the conversation again even if it exists (replacing it)
    #[arg(long)]
    pub reseed: bool,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

/// Tries `attempt` until it succeeds, fails for good, or `timeout` passes;
/// only transient failures (nothing answering yet) are retried. A stop of
/// `shutdown` ends the wait at once.
async fn wait_until_answering<T, F, Fut>(
    what: &str,
    timeout: Duration,
    shutdown: &Shutdown,
    mut attempt: F,
) -> Result<T, CliError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CliError>>,
{
    let last = RefCell::new(None::<CliError>);
    // On a terminal: what is being waited for, and for how long.
    let bar =
        crate::app::output::spinner(format!("waiting for {what} (up to {}s)", timeout.as_secs()));
    let polled = poll(
        timeout,
        Duration::from_millis(100),
        Duration::from_secs(1),
        |elapsed| {
            let (step, last) = (attempt(), &last);
            // No single attempt outlives --timeout: a server that accepts
            // the connection and never answers ends the wait on time.
            let left = timeout
                .saturating_sub(elapsed)
                .max(Duration::from_millis(100));
            async move {
                match tokio::time::timeout(left, step).await {
                    Err(_) => {
                        *last.borrow_mut() = Some(
                            CliError::new("it accepted the connection but sent nothing back")
                                .hint("it is running but stuck: restart it, or raise --timeout"),
                        );
                        None
                    }
                    Ok(Err(e)) if e.is_unreachable() => {
                        *last.borrow_mut() = Some(e);
                        None
                    }
                    Ok(done) => Some(done),
                }
            }
        },
    );
    let outcome = tokio::select! {
        outcome = polled => outcome,
        signal = shutdown.received() => {
            bar.finish_and_clear();
            let message = format!("interrupted: setup stopped while waiting for {what}");
            return Err(CliError::interrupted(signal, message));
        }
    };
    bar.finish_and_clear();
    outcome.unwrap_or_else(|_| {
        let last = last.into_inner();
        let why = last.as_ref().map(|e| e.message.clone()).unwrap_or_default();
        let hint = last
            .and_then(|e| e.hint)
            .unwrap_or_else(|| "start it, or raise --timeout".to_string());
        Err(CliError::new(format!(
            "{what} did not answer within {}s ({why})",
            timeout.as_secs()
        ))
        .hint(hint))
    })
}

pub async fn run(ctx: &Ctx, args: SetupArgs) -> anyhow::Result<()> {
    if ctx.is_prod() && !args.confirm.yes {
        return Err(CliError::new("refusing to run setup against production without --yes")
            .hint("setup creates and seeds the production table and database; pass --yes if that is what you want")
            .kind(ErrorKind::NotConfirmed)
            .into());
    }
    let timeout = Duration::from_secs(args.timeout);
    let seed_options = args.seed.options(&ctx.project, ctx.verbose);
    let pg_target = args.db.target(ctx)?;
    let options = pg_target.options.clone();
    // The first signal stops setup before its next step (or its seed's next
    // write); every step skips what is done, so running setup again finishes.
    let mut steps = Steps::new("setup");

    let started = Instant::now();
    let client = ctx.dynamodb().await?;
    wait_until_answering(
        &format!("DynamoDB at {}", ctx.dynamodb_target()),
        timeout,
        steps.shutdown(),
        || async {
            client
                .list_tables()
                .limit(1)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| ddb_error(ctx, e, "listing tables", None))
        },
    )
    .await?;
    steps.push(StepReport::new(
        "wait dynamodb",
        format!("{} answers", ctx.dynamodb_target()),
        started,
    ))?;

    let started = Instant::now();
    let target = crate::pg::address(&options);
    wait_until_answering(
        &format!("Postgres at {target}"),
        timeout,
        steps.shutdown(),
        || async { connect_maintenance(&options).await.map(|_| ()) },
    )
    .await?;
    steps.push(StepReport::new(
        "wait postgres",
        format!("{target} answers"),
        started,
    ))?;

    // A database stamped prod, or remote without a stamp, needs --prod.
    check_setup(ctx, &pg_target, args.confirm.yes).await?;
    ensure(ctx, &mut steps, &pg_target, args.user_pool_id.as_deref()).await?;

    let started = Instant::now();
    let (outcome, _) = ensure_table(ctx, TableOptions::ensure()).await?;
    steps.push(StepReport::new(
        "ddb schema-load",
        format!("table '{}' {}", ctx.table, outcome.as_str()),
        started,
    ))?;

    let started = Instant::now();
    let existing = group_rows(ctx, seed_options.group_uuid).await?;
    if existing.is_empty() || args.reseed {
        let client =
            crate::dynamo::guard::writer(ctx, &format!("seed table '{}'", ctx.table)).await?;
        // The seed reads the database this setup just prepared.
        let database_url = args.db.database_url.as_deref();
        let prepared = seed::prepare(ctx, &seed_options, database_url, None, true).await?;
        if let Some(first) = prepared.load.lines().first() {
            crate::app::output::note(first);
        }
        let summary =
            seed::write(ctx, &client, prepared, Default::default(), steps.shutdown()).await?;
        steps.push(StepReport::new("ddb seed", summary.line(), started))?;
    } else {
        steps.push(StepReport::new(
            "ddb seed",
            format!(
                "skipped: conversation {} exists (--reseed replaces it)",
                seed_options.group_uuid
            ),
            started,
        ))?;
    }

    if ctx.json() {
        output::print_json(&crate::app::steps::StepsReport {
            steps: steps.done(),
        })?;
    }
    Ok(())
}
