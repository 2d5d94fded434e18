//! `cruddur ddb seed`: the seed conversation ([`crate::seeding`]) into the
//! table, with a plan first and `--dry-run` to stop there.

use std::time::{Duration as StdDuration, Instant};

use clap::Args;

use crate::app::confirm::confirm;
use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::interrupt;
use crate::app::output;
use crate::dynamo::batch::{WriterOptions, DEFAULT_MAX_IN_FLIGHT};
use crate::dynamo::guard::writer;
use crate::dynamo::load_plan::{self, LoadPlan, MaxWcu};
use crate::model::attr::get_s;
use crate::model::schema::attrs;
use crate::seeding::synthetic::{self, Dataset, Shape};
use crate::seeding::{bulk, prepare, write, SeedPlan, SeedSourceArgs};

#[derive(Debug, Args)]
pub struct DdbSeedArgs {
    #[command(flatten)]
    pub source: SeedSourceArgs,

    /// Print the items that would be written and write nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub bulk: BulkArgs,

    #[command(flatten)]
    pub synthetic: SyntheticArgs,
}

/// A synthetic dataset instead of the seed conversation.
#[derive(Debug, Clone, Copy, Args)]
#[command(next_help_heading = "Synthetic dataset")]
pub struct SyntheticArgs {
    /// Write a synthetic dataset (--users, --conversations, --messages,
    /// --skew, --random-seed) instead of the seed conversation
    #[arg(long, conflicts_with = "file")]
    pub synthetic: bool,

    /// Users taking part: Postgres's first N by handle when it has that
    /// many, else synthetic users synth000000, synth000001, ...
    #[arg(long, value_name = "N", default_value_t = 100, requires = "synthetic",
          allow_negative_numbers = true, value_parser = |s: &str| count(s, 2, synthetic::limits::MAX_USERS))]
    pub users: u64,

    /// Conversations each user takes part in, on average
    #[arg(long, value_name = "M", default_value_t = 10, requires = "synthetic",
          allow_negative_numbers = true, value_parser = |s: &str| count(s, 1, synthetic::limits::MAX_CONVERSATIONS_PER_USER))]
    pub conversations: u64,

    /// Messages per conversation, on average
    #[arg(long, value_name = "K", default_value_t = 20, requires = "synthetic",
          allow_negative_numbers = true, value_parser = |s: &str| count(s, 1, synthetic::limits::MAX_MESSAGES_PER_CONVERSATION))]
    pub messages: u64,

    /// 0 spreads conversations and messages evenly; 0.5 to 3 makes a few
    /// users and conversations heavy (a Zipf exponent); the totals stay
    #[arg(long, value_name = "S", default_value_t = 0.0, requires = "synthetic", allow_negative_numbers = true, value_parser = parse_skew)]
    pub skew: f64,

    /// Seed of the generator: the same flags and seed give the same items
    #[arg(long, value_name = "S", default_value_t = 1, requires = "synthetic")]
    pub random_seed: u64,

    /// Also add the synthetic users to Postgres's users table, so the app
    /// can browse them (users already there are kept)
    #[arg(long, requires = "synthetic")]
    pub with_postgres: bool,
}

impl SyntheticArgs {
    pub fn shape(self) -> Shape {
        Shape {
            users: self.users,
            conversations_per_user: self.conversations,
            messages_per_conversation: self.messages,
            skew: self.skew,
            random_seed: self.random_seed,
        }
    }
}

/// A whole number from `min` to `max`.
fn count(s: &str, min: u64, max: u64) -> Result<u64, String> {
    let t = output::thousands;
    match s.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from {min} to {}", t(max))),
    }
}

/// `--skew`: a number from 0 to [`synthetic::limits::MAX_SKEW`].
fn parse_skew(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=synthetic::limits::MAX_SKEW).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a number from 0 (even) to {} (a few very heavy users and conversations)",
            synthetic::limits::MAX_SKEW
        )),
    }
}

/// How the bulk writer may load the table. Shared by every bulk command.
#[derive(Debug, Clone, Copy, Args)]
pub struct WriterArgs {
    /// Most BatchWriteItem calls in flight; the writer starts lower, grows
    /// while calls succeed and halves on throttling
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_IN_FLIGHT as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_in_flight: u16,

    /// Give up when no item has been written for this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub stall_timeout: u64,

    /// Write units a second at most, table and indexes together, as DynamoDB
    /// reports them consumed; or `unlimited`. Default: with --prod on a
    /// provisioned table, 80% of its provisioned write capacity, leaving the
    /// app the rest; otherwise no cap (on-demand tables, DynamoDB Local)
    #[arg(long, value_name = "N|unlimited", value_parser = load_plan::parse_max_wcu)]
    pub max_wcu: Option<MaxWcu>,
}

impl WriterArgs {
    pub fn options(self) -> WriterOptions {
        WriterOptions {
            max_in_flight: usize::from(self.max_in_flight),
            stall_timeout: StdDuration::from_secs(self.stall_timeout),
            // A number or `unlimited`: the summary reports what DynamoDB counted.
            ask_consumed: self.max_wcu.is_some(),
            // Set from the load's plan (see `LoadPlan::apply`).
            ..WriterOptions::default()
        }
    }
}

/// The writer's limits and the confirmation: what every bulk command
/// takes besides its input and `--dry-run`.
#[derive(Debug, Clone, Copy, Args)]
pub struct BulkArgs {
    #[command(flatten)]
    pub writer: WriterArgs,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

/// `--dry-run`'s JSON: the plan and the items.
#[derive(serde::Serialize)]
struct DryRun<'a> {
    plan: &'a LoadPlan,
    items: Vec<serde_json::Value>,
}

fn print_dry_run(ctx: &Ctx, plan: &SeedPlan, load: &LoadPlan) -> anyhow::Result<()> {
    let items = plan.items();
    if ctx.json() {
        output::print_json(&DryRun {
            plan: load,
            // The seed's own items: strings and numbers only.
            items: items
                .iter()
                .map(crate::model::attr::item_to_plain)
                .collect::<Result<_, _>>()?,
        })?;
    } else {
        let mut t = output::table(["pk", "sk", "user_handle", "message"]);
        for item in &items {
            t.add_row([
                get_s(item, attrs::PK).unwrap_or_default().to_string(),
                get_s(item, attrs::SK).unwrap_or_default().to_string(),
                get_s(item, attrs::USER_HANDLE)
                    .unwrap_or_default()
                    .to_string(),
                output::truncate(get_s(item, attrs::MESSAGE).unwrap_or_default(), 50),
            ]);
        }
        output::print_table(&t)?;
    }
    for line in load.lines() {
        output::note(line);
    }
    output::note(format!(
        "dry run: {} items would be written to table '{}' at {}; nothing was written",
        items.len(),
        ctx.table,
        ctx.dynamodb_target()
    ));
    Ok(())
}

/// `--dry-run --synthetic`'s JSON: what the dataset holds and the plan.
#[derive(serde::Serialize)]
struct SyntheticDryRun<'a> {
    shape: Shape,
    dataset: &'a synthetic::Counts,
    plan: &'a LoadPlan,
}

/// The dataset's counts in a line, for the plan and the confirmation.
fn dataset_line(data: &Dataset) -> String {
    let c = data.counts();
    let t = output::thousands;
    format!(
        "dataset: {} conversations of {} {} users ({}-{} each; busiest '{}'), {} messages ({}-{} a conversation), random seed {}",
        t(c.conversations),
        t(c.users),
        c.users_from,
        t(c.conversations_per_user.min),
        t(c.conversations_per_user.max),
        c.busiest_user,
        t(c.messages),
        t(c.messages_per_conversation.min),
        t(c.messages_per_conversation.max),
        data.shape.random_seed
    )
}

/// `ddb seed --synthetic`: the size checked first, then the users, the
/// plan, a confirmation with --prod, and the items streamed into the table.
async fn run_synthetic(ctx: &Ctx, args: DdbSeedArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let shape = args.synthetic.shape();
    bulk::check_size(&shape, args.bulk.confirm.yes)?;
    let client = if args.dry_run {
        None
    } else {
        Some(writer(ctx, &format!("seed table '{}'", ctx.table)).await?)
    };
    let ((users, users_note), capacity) =
        bulk::users_and_capacity(ctx, &shape, args.synthetic.with_postgres).await?;
    let data = std::sync::Arc::new(tokio::task::block_in_place(|| Dataset::new(shape, users)));
    let load = bulk::load_plan(ctx, &capacity, &data, args.bulk.writer.max_wcu);
    if args.dry_run {
        if ctx.json() {
            output::print_json(&SyntheticDryRun {
                shape,
                dataset: data.counts(),
                plan: &load,
            })?;
        }
        output::note(users_note);
        output::note(dataset_line(&data));
        for line in load.lines() {
            output::note(line);
        }
        output::note(format!(
            "dry run: {} items would be written to table '{}' at {}; nothing was written",
            output::thousands(data.counts().items),
            ctx.table,
            ctx.dynamodb_target()
        ));
        return Ok(());
    }
    if ctx.is_prod() {
        confirm(
            &format!(
                "Target: DynamoDB table '{}' at {}\n  {}\n  {}\n  {}",
                ctx.table,
                ctx.dynamodb_target(),
                users_note,
                dataset_line(&data),
                load.lines().join("\n  ")
            ),
            "Seed this table?",
            args.bulk.confirm.yes,
        )?;
    }
    let users_added = if args.synthetic.with_postgres {
        Some(bulk::add_users(ctx, &data, args.bulk.confirm.yes).await?)
    } else {
        None
    };
    if !ctx.json() {
        output::note(&users_note);
    }
    let shutdown = interrupt::listen();
    let client = client.expect("a writer unless --dry-run");
    let stats = bulk::write(
        ctx,
        &client,
        data.clone(),
        args.bulk.writer.options(),
        &load,
        &shutdown,
    )
    .await?;
    let summary = bulk::SyntheticSummary {
        table: ctx.table.clone(),
        endpoint: ctx.dynamodb_target(),
        shape,
        dataset: data.counts().clone(),
        users_added,
        items_written: stats.written,
        writes: stats,
        seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        plan: load,
    };
    if ctx.json() {
        output::print_json(&summary)?;
    } else {
        output::note(format!("{}, {:.2}s", summary.line(), summary.seconds));
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: DdbSeedArgs) -> anyhow::Result<()> {
    if args.synthetic.synthetic {
        return run_synthetic(ctx, args).await;
    }
    let started = Instant::now();
    let source = args.source.options(&ctx.project, ctx.verbose);
    let client = if args.dry_run {
        None
    } else {
        Some(writer(ctx, &format!("seed table '{}'", ctx.table)).await?)
    };
    // A dry run does not look for earlier seed rows: it replaces none.
    let prepared = prepare(ctx, &source, None, args.bulk.writer.max_wcu, !args.dry_run).await?;
    let (plan, load) = (&prepared.plan, &prepared.load);
    if args.dry_run {
        return print_dry_run(ctx, plan, load);
    }
    if ctx.is_prod() {
        let (me, other) = (&plan.group_rows[1].other, &plan.group_rows[0].other);
        confirm(
            &format!(
                "Target: DynamoDB table '{}' at {}\n  group {}: {} messages between '{}' and '{}' (earlier seed rows of the group are replaced)\n  {}",
                ctx.table,
                ctx.dynamodb_target(),
                source.group_uuid,
                plan.messages.len(),
                me.handle,
                other.handle,
                load.lines().join("\n  ")
            ),
            "Seed this table?",
            args.bulk.confirm.yes,
        )?;
    }
    let shutdown = interrupt::listen();
    let client = client.expect("a writer unless --dry-run");
    let options = args.bulk.writer.options();
    let mut summary = write(ctx, &client, prepared, options, &shutdown).await?;
    summary.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    if ctx.json() {
        output::print_json(&summary)?;
    } else {
        output::note(format!("{}, {:.2}s", summary.line(), summary.seconds));
    }
    Ok(())
}
