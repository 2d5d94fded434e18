//! `ddb schema-export`: the table (and the stream handler's stack) as
//! infrastructure code (see [`crate::infra`]).

use clap::Args;

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::infra::stream_stack::{Architecture, StackOptions};
use crate::infra::{render, SchemaFormat};

#[derive(Debug, Args)]
pub struct SchemaExportArgs {
    /// What to write
    #[arg(long, value_enum)]
    pub format: SchemaFormat,

    /// The table without a DynamoDB stream (as `schema-load --no-stream`)
    #[arg(long, conflicts_with = "with_stream_handler")]
    pub no_stream: bool,

    /// Add the stream handler's stack: the Lambda function, its least-privilege
    /// role, its log group, an SQS failure queue and the event source mapping
    /// on the table's stream (TRIM_HORIZON, batches of 100, bisection, bounded
    /// retries, partial batch failures)
    #[arg(long)]
    pub with_stream_handler: bool,

    /// The function's zip on disk (from scripts/package-stream-handler): SAM's
    /// CodeUri or Terraform's default; without it the code is a parameter
    /// (CloudFormation always takes it from S3: CodeBucket and CodeKey)
    #[arg(long, value_name = "PATH", requires = "with_stream_handler")]
    pub code: Option<String>,

    /// The function's architecture; it must match the zip's
    #[arg(
        long,
        value_enum,
        default_value = "x86_64",
        requires = "with_stream_handler"
    )]
    pub architecture: Architecture,

    /// Also a gateway VPC endpoint for DynamoDB, with the function in the
    /// VPC's private subnets (VPC, route tables and subnets as parameters)
    #[arg(long, requires = "with_stream_handler")]
    pub vpc_endpoint: bool,
}

/// Refuses a `--code` that is not a file: the stack would name a zip
/// that is not there (or a folder) and fail only at deploy time.
fn check_code(code: &str) -> Result<(), CliError> {
    let why = match std::fs::metadata(code) {
        Ok(m) if m.is_file() => return Ok(()),
        Ok(m) if m.is_dir() => "is a folder, not the function's zip".to_string(),
        Ok(_) => "is not a file".to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist".to_string(),
        Err(e) => format!("cannot be read ({e})"),
    };
    Err(CliError::usage(format!("--code {code} {why}"))
        .hint("build the zip with `scripts/package-stream-handler` and pass its path"))
}

pub fn run(ctx: &Ctx, args: SchemaExportArgs) -> anyhow::Result<()> {
    let stack = args.with_stream_handler.then(|| StackOptions {
        code: args.code.clone(),
        architecture: args.architecture,
        vpc_endpoint: args.vpc_endpoint,
    });
    let text = render(&ctx.table, args.format, !args.no_stream, stack.as_ref())?;
    if let Some(code) = &args.code {
        check_code(code)?;
    }
    crate::app::output::print_text(&text)
}
