//! `cruddur ddb seed`: the seed conversation ([`crate::seeding`]) into the
//! table, with a plan first and `--dry-run` to stop there.

use std::time::{Duration as StdDuration, Instant};

use clap::Args;

use crate::confirm::confirm;
use crate::confirm::ConfirmOpts;
use crate::context::Ctx;
use crate::dynamo::batch::{WriterOptions, DEFAULT_MAX_IN_FLIGHT};
use crate::dynamo::guard::writer;
use crate::dynamo::load_plan::{self, LoadPlan, MaxWcu};
use crate::interrupt;
use crate::model::attr::get_s;
use crate::model::schema::attrs;
use crate::output;
use crate::seeding::{load_plan, seed_plan, write, SeedPlan, SeedSourceArgs};

#[derive(Debug, Args)]
pub struct DdbSeedArgs {
    #[command(flatten)]
    pub source: SeedSourceArgs,

    /// Print the items that would be written and write nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub writer: WriterArgs,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
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
            // Set from the load's plan (see `LoadPlan::apply`).
            ..WriterOptions::default()
        }
    }
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

pub async fn run(ctx: &Ctx, args: DdbSeedArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let source = args.source.options(&ctx.project, ctx.verbose);
    let client = if args.dry_run {
        None
    } else {
        Some(writer(ctx, &format!("seed table '{}'", ctx.table)).await?)
    };
    let plan = seed_plan(ctx, &source, None).await?;
    let load = load_plan(ctx, &plan, args.writer.max_wcu).await?;
    if args.dry_run {
        return print_dry_run(ctx, &plan, &load);
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
            args.confirm.yes,
        )?;
    }
    let shutdown = interrupt::listen();
    let client = client.expect("a writer unless --dry-run");
    let options = args.writer.options();
    let mut summary = write(ctx, &client, &plan, options, &load, &shutdown).await?;
    summary.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    if ctx.json() {
        output::print_json(&summary)?;
    } else {
        output::note(format!("{}, {:.2}s", summary.line(), summary.seconds));
    }
    Ok(())
}
