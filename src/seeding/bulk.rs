//! A synthetic dataset ([`super::synthetic`]) into the table: its users
//! (from Postgres, or synthetic ones `--with-postgres` adds there), its plan,
//! and its items streamed from the generator into the bulk writer.

use std::sync::Arc;

use serde::Serialize;

use super::synthetic::{limits, Counts, Dataset, Shape, Users};
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt::Shutdown;
use crate::app::output::{self, thousands};
use crate::dynamo::batch::{put_request, write_fed, DynamoSink, Feed, WriteStats, WriterOptions};
use crate::dynamo::client::Writer;
use crate::dynamo::load_plan::{LoadPlan, MaxWcu, TableCapacity};
use crate::model::capacity::{on_demand_cost_usd, ON_DEMAND_USD_PER_MILLION_WRITE_UNITS};
use crate::pg;

/// Puts in each chunk the generator hands the writer.
const CHUNK: usize = 500;

/// Refuses a dataset over [`limits::MAX_ITEMS`], or over
/// [`limits::ITEMS_WITHOUT_YES`] without `yes`, saying what it would cost.
pub fn check_size(shape: &Shape, yes: bool) -> Result<(), CliError> {
    shape.check().map_err(CliError::usage)?;
    let items = shape.items();
    let units = shape.estimated_write_units();
    let cost = format!(
        "{} items, about {} write units: about ${:.2} on demand (us-east-1, ${ON_DEMAND_USD_PER_MILLION_WRITE_UNITS} per million write units)",
        thousands(items),
        thousands(units),
        on_demand_cost_usd(units)
    );
    if items > limits::MAX_ITEMS {
        return Err(CliError::usage(format!(
            "the dataset would have {cost}; cruddur writes at most {} items",
            thousands(limits::MAX_ITEMS)
        ))
        .hint(
            "make it smaller: fewer --users, --conversations or --messages; nothing was written",
        ));
    }
    if items > limits::ITEMS_WITHOUT_YES && !yes {
        return Err(CliError::usage(format!(
            "the dataset would have {cost}; more than {} items needs --yes",
            thousands(limits::ITEMS_WITHOUT_YES)
        ))
        .hint("pass --yes to write it, or make it smaller; nothing was written"));
    }
    Ok(())
}

/// Where the users come from: synthetic ones with `with_postgres` (to be
/// added there); else Postgres's first users by handle when it has enough;
/// else synthetic ones. The note says which and why.
pub async fn users(
    ctx: &Ctx,
    shape: &Shape,
    with_postgres: bool,
) -> Result<(Users, String), CliError> {
    let n = shape.users;
    if with_postgres {
        return Ok((
            Users::Synthetic,
            format!(
                "users: {} synthetic (added to Postgres's users table)",
                thousands(n)
            ),
        ));
    }
    let var = ctx.target.database_url_var();
    if std::env::var(var).map_or(true, |v| v.trim().is_empty()) {
        return Ok((
            Users::Synthetic,
            format!(
                "users: {} synthetic ({var} is not set; --with-postgres adds them to Postgres)",
                thousands(n)
            ),
        ));
    }
    let target = pg::target(ctx, None)?;
    let mut conn = pg::connect_with(&target.options).await?;
    let have = pg::queries::users_count(&mut conn).await?.unwrap_or(0);
    if have >= n as i64 {
        let list = pg::queries::users_in_handle_order(&mut conn, n as i64).await?;
        return Ok((
            Users::Postgres(list),
            format!(
                "users: the first {} of Postgres's {} users, by handle",
                thousands(n),
                thousands(have as u64)
            ),
        ));
    }
    Ok((
        Users::Synthetic,
        format!(
            "users: {} synthetic (Postgres has {}; --with-postgres adds them there so the app can browse them)",
            thousands(n),
            thousands(have as u64)
        ),
    ))
}

/// Adds the dataset's synthetic users to Postgres (the users table of the
/// run's database), after its production guard; returns how many were new.
pub async fn add_users(ctx: &Ctx, data: &Dataset, yes: bool) -> Result<u64, CliError> {
    let target = pg::target(ctx, None)?;
    pg::guard::check(
        ctx,
        &target,
        pg::guard::Destructive {
            action: "add synthetic users",
            question: format!("Add {} synthetic users?", thousands(data.shape.users)),
            always_ask: false,
            yes,
        },
    )
    .await?;
    let mut conn = pg::connect_with(&target.options).await?;
    let users: Vec<_> = data.users().collect();
    pg::queries::insert_users(&mut conn, &users).await
}

/// [`users`] and what the run's table takes, at once: the Postgres lookups
/// and the table's description overlap. A failure is reported as if they
/// had run in that order.
pub async fn users_and_capacity(
    ctx: &Ctx,
    shape: &Shape,
    with_postgres: bool,
) -> Result<((Users, String), TableCapacity), CliError> {
    super::in_order(users(ctx, shape, with_postgres), super::table_capacity(ctx)).await
}

/// The load plan into a table of `capacity`: every item made once to
/// count its write units.
pub fn load_plan(
    ctx: &Ctx,
    capacity: &TableCapacity,
    data: &Dataset,
    max_wcu: Option<MaxWcu>,
) -> LoadPlan {
    tokio::task::block_in_place(|| super::load_plan_of(ctx, capacity, data.items(), max_wcu))
}

/// The generator on a thread of its own, handing the writer chunks of
/// puts: the writer takes a chunk only when it has room, so memory stays
/// flat whatever the dataset's size.
fn feed(data: Arc<Dataset>) -> Feed {
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in data.items() {
            chunk.push(put_request(item));
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if tx.blocking_send(Ok(full)).is_err() {
                    return; // the writer stopped
                }
            }
        }
        if !chunk.is_empty() {
            let _ = tx.blocking_send(Ok(chunk));
        }
    });
    rx
}

/// What a synthetic seed did.
#[derive(Debug, Clone, Serialize)]
pub struct SyntheticSummary {
    pub table: String,
    pub endpoint: String,
    pub shape: Shape,
    pub dataset: Counts,
    /// Users `--with-postgres` added to Postgres (those already there are kept).
    pub users_added: Option<u64>,
    pub items_written: usize,
    /// The writer's calls, as in [`super::SeedSummary`].
    #[serde(flatten)]
    pub writes: WriteStats,
    pub seconds: f64,
    pub plan: LoadPlan,
}

impl SyntheticSummary {
    pub fn line(&self) -> String {
        let d = &self.dataset;
        format!(
            "seeded table '{}' at {}: {} items written ({} conversations, {} messages, {} {} users), {} requests, {} items retried, {} write units",
            self.table,
            self.endpoint,
            thousands(self.items_written as u64),
            thousands(d.conversations),
            thousands(d.messages),
            thousands(d.users),
            d.users_from,
            thousands(self.writes.requests),
            thousands(self.writes.retries),
            thousands(self.writes.consumed_write_units.round() as u64)
        )
    }
}

/// Writes every item of `data` through the bulk writer. A stop (a signal,
/// a stall) says how far it got; the keys are the dataset's own, so running
/// the same command again finishes it.
pub async fn write(
    ctx: &Ctx,
    client: &Writer,
    data: Arc<Dataset>,
    mut opts: WriterOptions,
    load: &LoadPlan,
    shutdown: &Shutdown,
) -> Result<WriteStats, CliError> {
    load.apply(&mut opts);
    let total = data.counts().items as usize;
    let sink = DynamoSink {
        ctx,
        client: client.clone(),
    };
    let bar = output::write_bar(total as u64, "seeding");
    let result = write_fed(&sink, &ctx.table, total, feed(data), opts, shutdown, &bar).await;
    bar.finish_and_clear();
    result.map_err(|failure| failure.into_error("seeding", "items written", total))
}
