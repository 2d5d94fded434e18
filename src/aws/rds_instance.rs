//! The app's RDS instance, for every command that reads it (`rds`,
//! `doctor`): which instance, its description, and RDS errors as the user
//! reads them.

use aws_sdk_rds::error::SdkError;
use aws_sdk_rds::types::DbInstance;
use clap::Args;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::aws::errors::{aws_error, service_code, OperationError};

/// The instance the Cruddur app's scripts used.
pub const DEFAULT_INSTANCE: &str = "cruddur-db-instance";
/// The environment variable naming the instance.
pub const INSTANCE_VAR: &str = "RDS_DB_INSTANCE_IDENTIFIER";

/// Which instance to act on.
#[derive(Debug, Clone, Args)]
pub struct InstanceOpts {
    /// RDS DB instance identifier
    #[arg(
        long,
        env = INSTANCE_VAR,
        default_value = DEFAULT_INSTANCE,
        value_name = "ID",
        value_parser = non_empty
    )]
    pub db_instance_identifier: String,
}

fn non_empty(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        Err("the instance identifier must not be empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

/// Where RDS requests go, for messages.
pub async fn rds_target(ctx: &Ctx) -> String {
    if let Some(url) = std::env::var("AWS_ENDPOINT_URL_RDS")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return format!("RDS at {url}");
    }
    match ctx.aws_config().await.region() {
        Some(r) => format!("AWS RDS ({r})"),
        None => "AWS RDS".to_string(),
    }
}

/// An RDS error as the user reads it; `target` is [`rds_target`]'s answer.
/// AWS's refusal of a start or stop in the instance's current state comes
/// back as [`ErrorKind::Conflict`] carrying AWS's own words, for
/// `rds::after_refusal` to judge.
pub fn rds_error<E: OperationError, R: std::fmt::Debug + 'static>(
    err: SdkError<E, R>,
    doing: &str,
    id: &str,
    target: &str,
) -> CliError {
    if matches!(
        service_code(&err),
        Some("InvalidDBInstanceState" | "InvalidDBInstanceStateFault")
    ) {
        let aws_message = err
            .as_service_error()
            .and_then(|e| e.message())
            .unwrap_or_default()
            .to_string();
        return CliError::new(aws_message).kind(ErrorKind::Conflict);
    }
    if matches!(
        service_code(&err),
        Some("DBInstanceNotFound" | "DBInstanceNotFoundFault")
    ) {
        return not_found(id, target);
    }
    aws_error(
        err,
        doing,
        target,
        "check the network, the region (--region / AWS_REGION) and AWS_ENDPOINT_URL_RDS",
    )
}

pub fn not_found(id: &str, target: &str) -> CliError {
    CliError::new(format!("RDS instance '{id}' not found in {target}"))
        .kind(ErrorKind::NotFound)
        .hint(format!(
        "name the instance with --db-instance-identifier or {INSTANCE_VAR} (default '{DEFAULT_INSTANCE}')"
    ))
}

/// The instance's description (DescribeDBInstances).
pub async fn describe_instance(ctx: &Ctx, id: &str) -> Result<DbInstance, CliError> {
    let client = ctx.rds().await?;
    let out = client
        .describe_db_instances()
        .db_instance_identifier(id)
        .send()
        .await;
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            let doing = format!("describing RDS instance '{id}'");
            return Err(rds_error(e, &doing, id, &rds_target(ctx).await));
        }
    };
    match out
        .db_instances()
        .iter()
        .find(|d| d.db_instance_identifier() == Some(id))
    {
        Some(d) => Ok(d.clone()),
        None => Err(not_found(id, &rds_target(ctx).await)),
    }
}
