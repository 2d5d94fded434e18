//! The table itself: DescribeTable, and waiting for a table to be ACTIVE or gone.

use std::time::Duration;

use aws_sdk_dynamodb::types::{TableDescription, TableStatus};

use super::client::Writer;
use super::errors::ddb_error;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::wait::poll;
use crate::aws::errors::service_code;

/// The table's description, or `None` when it does not exist.
pub async fn describe_table(ctx: &Ctx, table: &str) -> Result<Option<TableDescription>, CliError> {
    let client = ctx.dynamodb().await?;
    match client.describe_table().table_name(table).send().await {
        Ok(out) => Ok(out.table),
        Err(e) if service_code(&e) == Some("ResourceNotFoundException") => Ok(None),
        Err(e) => Err(ddb_error(
            ctx,
            e,
            &format!("describing table '{table}'"),
            None,
        )),
    }
}

/// Polls `check` (0.1 s pause doubling up to 2 s) until it gives a value,
/// fails, or `timeout` passes.
async fn wait_table<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> Result<T, CliError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, CliError>>,
{
    let outcome = poll(
        timeout,
        Duration::from_millis(100),
        Duration::from_secs(2),
        |_| {
            let step = check();
            async move { step.await.transpose() }
        },
    )
    .await;
    outcome.unwrap_or_else(|_| {
        Err(CliError::new(format!("timed out after {}s waiting for {what}", timeout.as_secs()))
            .hint("the table may still get there: check with `cruddur ddb list-tables` and run the command again"))
    })
}

/// Waits until the table and all its indexes are ACTIVE.
pub async fn wait_active(
    ctx: &Ctx,
    table: &str,
    timeout: Duration,
) -> Result<TableDescription, CliError> {
    wait_table(
        timeout,
        &format!("table '{table}' to become ACTIVE"),
        || async {
            let Some(desc) = describe_table(ctx, table).await? else {
                return Ok(None);
            };
            let table_ready = desc.table_status() == Some(&TableStatus::Active);
            let indexes_ready = desc.global_secondary_indexes().iter().all(|g| {
                g.index_status()
                    .map(|s| s.as_str() == "ACTIVE")
                    .unwrap_or(true)
            });
            Ok((table_ready && indexes_ready).then_some(desc))
        },
    )
    .await
}

/// Waits until DescribeTable no longer finds the table.
pub async fn wait_gone(ctx: &Ctx, table: &str, timeout: Duration) -> Result<(), CliError> {
    wait_table(
        timeout,
        &format!("table '{table}' to be deleted"),
        || async { Ok(describe_table(ctx, table).await?.is_none().then_some(())) },
    )
    .await
}

/// Deletes a table and waits until it is gone. The caller has confirmed.
pub async fn delete_and_wait(
    ctx: &Ctx,
    client: &Writer,
    table: &str,
    timeout: Duration,
) -> Result<(), CliError> {
    client
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| ddb_error(ctx, e, &format!("dropping table '{table}'"), Some(table)))?;
    wait_gone(ctx, table, timeout).await
}

/// What `--prod` confirmations show about a table: name, region, account, size.
pub fn confirm_text(ctx: &Ctx, table: &str, desc: &TableDescription) -> String {
    let arn = desc.table_arn().unwrap_or_default();
    let parts: Vec<&str> = arn.split(':').collect();
    let region = parts
        .get(3)
        .filter(|s| !s.is_empty())
        .copied()
        .unwrap_or("unknown");
    let account = parts
        .get(4)
        .filter(|s| !s.is_empty())
        .copied()
        .unwrap_or("unknown");
    format!(
        "Target: DynamoDB table '{table}'\n  endpoint: {}\n  region:   {region}\n  account:  {account}\n  items:    {} (approximate)",
        ctx.dynamodb_target(),
        desc.item_count().unwrap_or(0)
    )
}
