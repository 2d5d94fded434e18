//! `ddb import`: items from `ddb export` files, an export to S3, plain
//! JSON lines, or directories of them, checked before the first write and
//! then written through the bulk writer (see [`crate::transfer::import`]).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::seed::BulkArgs;
use crate::app::context::Ctx;
use crate::app::output;
use crate::dynamo::guard::writer;
use crate::transfer::import::{import, ImportFormat, ImportSummary};
use crate::transfer::s3::{self, S3Uri};
use crate::transfer::source::inputs;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files (plain or gzip) or directories of them; `-` reads stdin
    #[arg(
        value_name = "FILE",
        required_unless_present = "s3",
        conflicts_with = "s3"
    )]
    pub files: Vec<PathBuf>,

    /// Read an export to S3 instead of files: its manifest-files.json when
    /// the prefix holds one, otherwise every data/*.json.gz under it
    #[arg(long, value_name = "s3://BUCKET/PREFIX")]
    pub s3: Option<S3Uri>,

    /// With --s3: have DynamoDB create table NAME from the export itself
    /// (ImportTable, in AWS: use with --prod), with the schema of schema-load
    #[arg(long, value_name = "NAME", requires = "s3", conflicts_with = "dry_run")]
    pub create_table: Option<String>,

    /// With --create-table: seconds to wait for the import to complete
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 3600,
        requires = "create_table"
    )]
    pub timeout: u64,

    /// Line format of the input
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,

    /// Check every line and say what would be written; write nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub bulk: BulkArgs,
}

/// Prints the summary: one line on stderr, or JSON on stdout.
pub fn report(ctx: &Ctx, summary: &ImportSummary) -> anyhow::Result<()> {
    if ctx.json() {
        output::print_json(summary)?;
    } else {
        output::note(summary.line());
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: ImportArgs) -> anyhow::Result<()> {
    // The guard before anything is read: a refused endpoint costs no download.
    let client = match (&args.create_table, args.dry_run) {
        (Some(_), _) | (None, true) => None,
        (None, false) => Some(writer(ctx, &format!("import into table '{}'", ctx.table)).await?),
    };
    let inputs = match (&args.s3, &args.create_table) {
        (Some(uri), Some(name)) => {
            return s3::create_table(ctx, uri, name, Duration::from_secs(args.timeout)).await
        }
        (Some(uri), None) => s3::inputs(ctx, uri).await?,
        (None, _) => inputs(&args.files)?,
    };
    let summary = import(
        ctx,
        client,
        inputs,
        args.format.line_format(),
        args.bulk.confirm.yes,
        args.bulk.writer.options(),
        args.bulk.writer.max_wcu,
    )
    .await?;
    report(ctx, &summary)
}
