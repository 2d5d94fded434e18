//! `ddb export`: every item of the table to a file or stdout, or an export
//! to S3 by DynamoDB itself (see [`crate::transfer::export`]).

use std::path::PathBuf;

use clap::Args;

use crate::app::context::Ctx;
use crate::transfer::export::{export, ExportFormat, ExportOptions};
use crate::transfer::s3::S3Uri;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where the items go: a file, or `-` for stdout
    #[arg(long, short = 'f', value_name = "PATH", default_value = "-")]
    pub file: PathBuf,

    /// Line format
    #[arg(long, value_enum, default_value_t = ExportFormat::DdbJson)]
    pub format: ExportFormat,

    /// Scan with N parallel segments (1-64)
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=64))]
    pub segments: i32,

    /// Compress with gzip (implied by a --file ending in .gz)
    #[arg(long)]
    pub gzip: bool,

    /// Export with DynamoDB's own engine to S3 instead of scanning
    /// (ExportTableToPointInTime: no read capacity used, any table size;
    /// needs point-in-time recovery on the table)
    #[arg(long, value_name = "s3://BUCKET/PREFIX", conflicts_with_all = ["file", "format", "segments", "gzip"])]
    pub s3: Option<S3Uri>,

    /// With --s3: print the export's ARN and return without waiting
    #[arg(long, requires = "s3")]
    pub no_wait: bool,

    /// With --s3: seconds to wait for the export to complete
    #[arg(long, value_name = "SECONDS", default_value_t = 3600, requires = "s3")]
    pub timeout: u64,
}

pub async fn run(ctx: &Ctx, args: ExportArgs) -> anyhow::Result<()> {
    export(
        ctx,
        ExportOptions {
            file: args.file,
            format: args.format,
            segments: args.segments,
            gzip: args.gzip,
            s3: args.s3,
            no_wait: args.no_wait,
            timeout: args.timeout,
        },
    )
    .await
}
