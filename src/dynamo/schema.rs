//! The table the app needs, made so: created unless it exists (or dropped
//! and created again), then waited for until ACTIVE. For `ddb schema-load`
//! and `cruddur setup`.

use std::time::Duration;

use aws_sdk_dynamodb::types::TableDescription;

use super::errors::ddb_error;
use super::guard::writer;
use super::tables::{confirm_text, delete_and_wait, describe_table, wait_active};
use crate::app::confirm::confirm;
use crate::app::context::Ctx;
use crate::aws::errors::service_code;
use crate::model::schema;

/// How long schema-load waits for the table to become ACTIVE unless told.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// What [`ensure_table`] does, as plain values.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    /// Create the table with its DynamoDB stream.
    pub stream: bool,
    /// Drop an existing table first (asks with --prod unless `yes`).
    pub recreate: bool,
    pub timeout: Duration,
    pub yes: bool,
}

impl TableOptions {
    /// The table as the app needs it, created only if missing.
    pub fn ensure() -> Self {
        TableOptions {
            stream: true,
            recreate: false,
            timeout: DEFAULT_TIMEOUT,
            yes: false,
        }
    }
}

/// What schema-load did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Recreated,
    AlreadyExists,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Recreated => "recreated",
            Outcome::AlreadyExists => "already exists",
        }
    }
}

/// Creates the table unless it exists (or drops it first with `recreate`);
/// returns what was done and the ACTIVE table's description.
pub async fn ensure_table(
    ctx: &Ctx,
    args: TableOptions,
) -> anyhow::Result<(Outcome, TableDescription)> {
    let table = ctx.table.as_str();
    let timeout = args.timeout;
    let mut outcome = Outcome::Created;
    // It may create or drop the table: the guard before the first request.
    let action = if args.recreate { "recreate" } else { "create" };
    let client = writer(ctx, &format!("{action} table '{table}'")).await?;
    if let Some(existing) = describe_table(ctx, table).await? {
        if !args.recreate {
            let desc = wait_active(ctx, table, timeout).await?;
            return Ok((Outcome::AlreadyExists, desc));
        }
        if ctx.is_prod() {
            confirm(
                &confirm_text(ctx, table, &existing),
                &format!("Drop table '{table}' and create it again, empty?"),
                args.yes,
            )?;
        }
        delete_and_wait(ctx, &client, table, timeout).await?;
        outcome = Outcome::Recreated;
    }
    let request = schema::create_table(client.create_table().table_name(table), args.stream);
    match request.send().await {
        Ok(_) => {}
        // Someone else created it between our describe and create.
        Err(e) if service_code(&e) == Some("ResourceInUseException") => {
            outcome = Outcome::AlreadyExists
        }
        Err(e) => return Err(ddb_error(ctx, e, &format!("creating table '{table}'"), None).into()),
    }
    let desc = wait_active(ctx, table, timeout).await?;
    Ok((outcome, desc))
}
