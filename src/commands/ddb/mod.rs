//! `cruddur ddb`: the DynamoDB messages table, its items (seed, scan,
//! export, import), its stream (Pattern E) and its stacks.

pub mod export;
pub mod import;
mod scan;
pub mod schema_export;
pub mod schema_load;
pub mod seed;
pub mod stream_sync;
pub mod tables;

use clap::Subcommand;

use crate::app::context::Ctx;

pub use scan::ScanArgs;
pub use schema_load::DdbSchemaLoadArgs;
pub use tables::{DdbDropArgs, ListTablesArgs};

#[derive(Debug, Subcommand)]
pub enum DdbCommand {
    /// Create the messages table (CreateTable), or report that it exists
    #[command(
        after_help = "Examples:\n  cruddur ddb schema-load\n  cruddur ddb schema-load --recreate --no-stream\n  cruddur --prod ddb schema-load"
    )]
    SchemaLoad(DdbSchemaLoadArgs),

    /// Print the table as infrastructure code: CloudFormation, SAM,
    /// Terraform, or CreateTable input JSON (the definition schema-load
    /// uses); --with-stream-handler adds the stream handler's whole stack
    #[command(
        after_help = "Examples:\n  cruddur ddb schema-export --format cloudformation > table.yaml\n  cruddur --table cruddur-messages-dev ddb schema-export --format terraform > dynamodb.tf\n  cruddur ddb schema-export --format sam --no-stream\n  cruddur ddb schema-export --format json > table.json && aws dynamodb create-table --cli-input-json file://table.json
  cruddur ddb schema-export --format sam --with-stream-handler --code \"$(scripts/package-stream-handler | tail -n 1)\" > template.yaml && sam deploy --guided
  cruddur ddb schema-export --format terraform --with-stream-handler --vpc-endpoint > stack.tf"
    )]
    SchemaExport(schema_export::SchemaExportArgs),

    /// Seed a conversation between two Postgres users, or a synthetic
    /// dataset of many users, conversations and messages (BatchWriteItem)
    #[command(after_help = seed_help())]
    Seed(seed::DdbSeedArgs),

    /// List tables, every page (ListTables)
    #[command(
        after_help = "Examples:\n  cruddur ddb list-tables\n  cruddur --output json ddb list-tables"
    )]
    ListTables(ListTablesArgs),

    /// Print every item of the table, page after page (Scan)
    #[command(
        after_help = "Examples:\n  cruddur ddb scan\n  cruddur ddb scan --limit 20\n  cruddur --output json ddb scan --segments 4 > items.json\n  cruddur --output json ddb scan --raw"
    )]
    Scan(ScanArgs),

    /// Write every item of the table to a file, one line each, in AWS's
    /// DynamoDB JSON export format or plain JSON (parallel Scan), or have
    /// DynamoDB export it to S3 (ExportTableToPointInTime)
    #[command(
        after_help = "Lines are {\"Item\":{...}} as in AWS's export to S3: the files are interchangeable with an S3 export's data files. The file appears only when the export is complete.\n\nExamples:\n  cruddur ddb export --file snapshot.json.gz\n  cruddur ddb export --format json --segments 8 > items.jsonl\n  cruddur --prod --table cruddur-messages -o json ddb export --file prod.json.gz\n  cruddur --prod ddb export --s3 s3://my-bucket/exports"
    )]
    Export(export::ExportArgs),

    /// Write items from export files or an export to S3 into the table:
    /// every line checked first, then BatchWriteItem through the bulk writer
    /// (or ImportTable into a new table)
    #[command(
        after_help = "Reads `ddb export` files and the data/*.json.gz files of AWS's export to S3 (plain or gzip, files or directories; manifests are skipped). Items replace those with the same key, so importing twice leaves the same table.\n\nExamples:\n  cruddur ddb import snapshot.json.gz\n  cruddur ddb import --dry-run ./AWSDynamoDB/01234567890123-abcdefgh/data\n  cruddur --prod ddb export --format json | cruddur ddb import -\n  cruddur --table scratch -o json ddb import items.jsonl\n  cruddur ddb import --s3 s3://my-bucket/exports/AWSDynamoDB/01700000000000-abcd1234\n  cruddur --prod ddb import --s3 s3://my-bucket/exports --create-table cruddur-messages-restored"
    )]
    Import(import::ImportArgs),

    /// Keep conversations' group rows at their newest message by reading the
    /// table's stream (the AWS stream Lambda's job, for DynamoDB Local)
    #[command(
        after_help = "Run it beside the app in local development; with --once it drains the stream and exits.\n\nExamples:\n  cruddur ddb stream-sync\n  cruddur ddb stream-sync --once\n  cruddur --output json ddb stream-sync --from latest"
    )]
    StreamSync(stream_sync::StreamSyncArgs),

    /// Run as the stream Lambda function (what `bootstrap` runs): serve the
    /// invocations of the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API
    #[command(
        after_help = "The same work as stream-sync, on the batches an event source mapping delivers: every record applied, a partial batch failure naming the earliest record of a conversation that could not be applied, one JSON log line per invocation (an event that is not a batch of stream records is answered with errorType InvalidEvent). The table is $DDB_MESSAGE_TABLE; region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the environment. Outside Lambda, give it what Lambda gives a function: AWS_LAMBDA_RUNTIME_API (HOST:PORT of a Runtime API), AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE and AWS_LAMBDA_FUNCTION_VERSION; without them it stops with one error naming what is missing (exit 2). `scripts/package-stream-handler` builds the function's zip; `ddb schema-export --with-stream-handler` the stack around it.

Examples:
  AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001 AWS_LAMBDA_FUNCTION_NAME=stream-handler \\
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128 AWS_LAMBDA_FUNCTION_VERSION='$LATEST' \\
    DDB_MESSAGE_TABLE=cruddur-messages cruddur ddb stream-handler
  scripts/package-stream-handler"
    )]
    StreamHandler,

    /// Delete a table (DeleteTable); asks first with --prod
    #[command(
        after_help = "Examples:\n  cruddur ddb drop\n  cruddur ddb drop some-other-table\n  cruddur --prod ddb drop --yes"
    )]
    Drop(DdbDropArgs),
}

fn seed_help() -> String {
    format!(
        "The conversation is replaced, not duplicated, when seed runs again. A synthetic dataset is the same, item for item, for the same flags and --random-seed (times count from 2025-01-01, not the clock), so running it again writes the same keys and finishes an interrupted seed. Datasets over {} items need --yes; --dry-run shows the plan (items, write units, time, cost) first.\n\n{}\n\nExamples:\n  cruddur ddb seed\n  cruddur ddb seed --my-handle alice --other-handle bob --file talk.txt\n  cruddur ddb seed --dry-run --output json\n  cruddur --prod ddb seed --yes\n  cruddur ddb seed --synthetic --users 1000 --conversations 20 --messages 50 --dry-run\n  cruddur ddb seed --synthetic --users 1000 --skew 1.1 --random-seed 7 --with-postgres",
        crate::app::output::thousands(crate::seeding::synthetic::limits::ITEMS_WITHOUT_YES),
        crate::model::capacity::prices_note()
    )
}

pub async fn run(ctx: &Ctx, cmd: DdbCommand) -> anyhow::Result<()> {
    match cmd {
        DdbCommand::SchemaLoad(args) => schema_load::run(ctx, args).await,
        DdbCommand::SchemaExport(args) => schema_export::run(ctx, args),
        DdbCommand::Seed(args) => seed::run(ctx, args).await,
        DdbCommand::ListTables(args) => tables::list(ctx, args).await,
        DdbCommand::Scan(args) => scan::run(ctx, args).await,
        DdbCommand::Export(args) => export::run(ctx, args).await,
        DdbCommand::Import(args) => import::run(ctx, args).await,
        DdbCommand::Drop(args) => tables::drop(ctx, args).await,
        DdbCommand::StreamSync(args) => stream_sync::run(ctx, args).await,
        DdbCommand::StreamHandler => crate::stream::lambda::serve().await,
    }
}
