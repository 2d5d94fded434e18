//! `cruddur ddb schema-load`: create the messages table as the contract
//! defines it, idempotently, and wait until it is ACTIVE.

use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::TableDescription;
use clap::Args;
use serde::Serialize;
use serde_json::Value;

use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::output;
use crate::dynamo::schema::{ensure_table, Outcome, TableOptions, DEFAULT_TIMEOUT};
use crate::model::schema;

#[derive(Debug, Args)]
pub struct DdbSchemaLoadArgs {
    /// Create the table without a DynamoDB stream (`ddb stream-sync` and the
    /// AWS stream Lambda need one)
    #[arg(long)]
    pub no_stream: bool,

    /// Drop the table first if it exists (asks with --prod)
    #[arg(long)]
    pub recreate: bool,

    /// Seconds to wait for the table to become ACTIVE
    #[arg(long, default_value_t = DEFAULT_TIMEOUT.as_secs(), value_name = "SECONDS")]
    pub timeout: u64,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

/// What schema-load reports about the table (`--output json`).
#[derive(Debug, Serialize)]
pub struct TableSummary<'a> {
    table: &'a str,
    status: Outcome,
    table_status: Option<&'a str>,
    endpoint: String,
    keys: Vec<String>,
    global_secondary_indexes: Vec<String>,
    read_capacity_units: Option<i64>,
    write_capacity_units: Option<i64>,
    stream_enabled: bool,
    stream_view_type: Option<&'a str>,
    stream_arn: Option<&'a str>,
    differences: Vec<String>,
}

/// The summary schema-load prints.
pub fn table_summary<'a>(
    ctx: &'a Ctx,
    outcome: Outcome,
    desc: &'a TableDescription,
) -> TableSummary<'a> {
    let keys: Vec<String> = desc
        .key_schema()
        .iter()
        .map(|k| format!("{} ({})", k.attribute_name(), k.key_type().as_str()))
        .collect();
    let indexes: Vec<String> = desc
        .global_secondary_indexes()
        .iter()
        .map(|g| g.index_name().unwrap_or_default().to_string())
        .collect();
    let stream = desc.stream_specification();
    let enabled = stream.map(|s| s.stream_enabled()).unwrap_or(false);
    let throughput = desc.provisioned_throughput();
    TableSummary {
        table: desc.table_name().unwrap_or(&ctx.table),
        status: outcome,
        table_status: desc.table_status().map(|s| s.as_str()),
        endpoint: ctx.dynamodb_target(),
        keys,
        global_secondary_indexes: indexes,
        read_capacity_units: throughput.and_then(|t| t.read_capacity_units()),
        write_capacity_units: throughput.and_then(|t| t.write_capacity_units()),
        stream_enabled: enabled,
        stream_view_type: stream
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str()),
        stream_arn: desc.latest_stream_arn(),
        differences: schema::differences(desc),
    }
}

pub async fn run(ctx: &Ctx, args: DdbSchemaLoadArgs) -> anyhow::Result<()> {
    let start = Instant::now();
    let options = TableOptions {
        stream: !args.no_stream,
        recreate: args.recreate,
        timeout: Duration::from_secs(args.timeout),
        yes: args.confirm.yes,
    };
    let (outcome, desc) = ensure_table(ctx, options).await?;
    let summary = table_summary(ctx, outcome, &desc);
    if outcome == Outcome::AlreadyExists {
        let broken = schema::key_differences(&desc);
        if !broken.is_empty() {
            return Err(CliError::new(format!(
                "table '{}' exists at {} with another key schema than cruddur's: {}",
                ctx.table,
                ctx.dynamodb_target(),
                broken.join("; ")
            ))
            .hint("the app's items and access patterns cannot use it; `cruddur ddb schema-load --recreate` rebuilds it (dropping its items), or pick another --table")
            .kind(ErrorKind::Conflict)
            .into());
        }
        for difference in schema::stream_differences(&desc) {
            output::note(format!(
                "warning: table '{}' differs from the expected schema: {difference}; `cruddur ddb schema-load --recreate` rebuilds it (dropping its items)",
                ctx.table
            ));
        }
    }
    if ctx.json() {
        output::print_json(&summary)?;
        return Ok(());
    }
    output::note(format!(
        "table '{}' {} at {} ({:.1}s)",
        ctx.table,
        outcome.as_str(),
        ctx.dynamodb_target(),
        start.elapsed().as_secs_f64()
    ));
    let summary = serde_json::to_value(&summary).expect("the summary serializes");
    let mut t = output::table(["property", "value"]);
    let text = |v: &Value| match v {
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(s) => s.clone(),
        Value::Null => "-".to_string(),
        other => other.to_string(),
    };
    for key in [
        "table",
        "table_status",
        "keys",
        "global_secondary_indexes",
        "read_capacity_units",
        "write_capacity_units",
        "stream_enabled",
        "stream_view_type",
        "stream_arn",
    ] {
        t.add_row([key.to_string(), text(&summary[key])]);
    }
    output::print_table(&t)?;
    Ok(())
}
