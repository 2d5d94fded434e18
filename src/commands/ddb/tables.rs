//! `ddb list-tables` and `ddb drop`.

use std::time::Duration;

use clap::Args;

use crate::app::confirm::confirm;
use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::dynamo::errors::ddb_error;

use crate::app::output;
use crate::dynamo::tables::{confirm_text, delete_and_wait, describe_table};

#[derive(Debug, Args)]
pub struct ListTablesArgs {
    /// Tables asked for per ListTables request (1-100)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(i32).range(1..=100))]
    pub page_size: i32,
}

pub async fn list(ctx: &Ctx, args: ListTablesArgs) -> anyhow::Result<()> {
    let client = ctx.dynamodb().await?;
    let mut pages = client
        .list_tables()
        .limit(args.page_size)
        .into_paginator()
        .send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| ddb_error(ctx, e, "listing tables", None))?;
        names.extend(page.table_names.unwrap_or_default());
    }
    if ctx.json() {
        output::print_json(&names)?;
    } else if names.is_empty() {
        output::note(format!("no tables at {}", ctx.dynamodb_target()));
    } else {
        let mut t = output::table(["table"]);
        for n in &names {
            t.add_row([n]);
        }
        output::print_table(&t)?;
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct DdbDropArgs {
    /// Table to delete (default: the configured table, --table / DDB_MESSAGE_TABLE)
    pub table_name: Option<String>,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

/// What `ddb drop` reports (`--output json`).
#[derive(Debug, serde::Serialize)]
struct Dropped<'a> {
    table: &'a str,
    status: DropStatus,
    endpoint: String,
}

#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum DropStatus {
    Dropped,
}

pub async fn drop(ctx: &Ctx, args: DdbDropArgs) -> anyhow::Result<()> {
    let table = args.table_name.unwrap_or_else(|| ctx.table.clone());
    let client = crate::dynamo::guard::writer(ctx, &format!("drop table '{table}'")).await?;
    let desc = describe_table(ctx, &table).await?.ok_or_else(|| {
        crate::dynamo::errors::table_missing(ctx, &table)
            .hint("nothing to drop; see `cruddur ddb list-tables` for the tables there")
    })?;
    if ctx.is_prod() {
        confirm(
            &confirm_text(ctx, &table, &desc),
            &format!("Drop table '{table}' and all its items?"),
            args.confirm.yes,
        )?;
    }
    delete_and_wait(ctx, &client, &table, Duration::from_secs(600)).await?;
    if ctx.json() {
        output::print_json(&Dropped {
            table: &table,
            status: DropStatus::Dropped,
            endpoint: ctx.dynamodb_target(),
        })?;
    } else {
        output::note(format!(
            "dropped table '{table}' at {}",
            ctx.dynamodb_target()
        ));
    }
    Ok(())
}
