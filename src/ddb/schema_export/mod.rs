//! `cruddur ddb schema-export`: the table that `ddb schema-load` creates, as
//! infrastructure code: a CloudFormation or SAM template, Terraform, or the
//! CreateTable input JSON. Generated from the one definition in the model,
//! so deployed tables cannot drift from the one the tools use. With
//! `--with-stream-handler` the template also holds the stream handler's
//! stack ([`stream_stack`]).

mod hcl;
pub mod stream_stack;
mod table;
mod yaml;

use clap::{Args, ValueEnum};
use serde_json::{json, Map, Value};

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::model::schema;
use stream_stack::{Architecture, Names, StackOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// CloudFormation YAML: one AWS::DynamoDB::Table resource
    Cloudformation,
    /// A SAM template (Transform AWS::Serverless-2016-10-31) holding the same table
    Sam,
    /// Terraform HCL: one aws_dynamodb_table resource, formatted as `terraform fmt` does
    Terraform,
    /// CreateTable input for `aws dynamodb create-table --cli-input-json` or an SDK
    Json,
}

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

fn template(
    table: &str,
    input: &Value,
    sam: bool,
    stack: Option<&StackOptions>,
) -> Result<Value, CliError> {
    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if sam {
        t.insert("Transform".into(), json!("AWS::Serverless-2016-10-31"));
    }
    let description = if stack.is_some() {
        "The Cruddur messages table, as `cruddur ddb schema-load` creates it, and the stream handler that keeps its conversations' group rows at their newest message"
    } else {
        "The Cruddur messages table, as `cruddur ddb schema-load` creates it"
    };
    t.insert("Description".into(), json!(description));
    let mut resources = Map::new();
    resources.insert(
        table::LOGICAL_ID.into(),
        table::cloudformation_resource(input),
    );
    let mut outputs = table::cloudformation_outputs(input);
    if let Some(options) = stack {
        let parts = stream_stack::cloudformation(&Names::of(table)?, options, sam);
        t.insert("Parameters".into(), Value::Object(parts.parameters));
        resources.extend(parts.resources);
        outputs.extend(parts.outputs);
    }
    t.insert("Resources".into(), Value::Object(resources));
    t.insert("Outputs".into(), Value::Object(outputs));
    Ok(Value::Object(t))
}

/// The text of the chosen format; `stack` adds the stream handler's.
pub fn render(
    table: &str,
    format: SchemaFormat,
    stream: bool,
    stack: Option<&StackOptions>,
) -> Result<String, CliError> {
    let d = schema::definition(stream || stack.is_some());
    let input = table::create_table_input(table, &d);
    Ok(match format {
        SchemaFormat::Json if stack.is_some() => {
            return Err(CliError::usage(
                "--with-stream-handler writes a stack: CloudFormation, SAM or Terraform, not CreateTable's JSON",
            )
            .hint("use --format cloudformation, sam or terraform"))
        }
        SchemaFormat::Json => {
            let mut s = serde_json::to_string_pretty(&input).expect("JSON values serialize");
            s.push('\n');
            s
        }
        SchemaFormat::Cloudformation if stack.is_some_and(|s| s.code.is_some()) => {
            return Err(CliError::usage(
                "a CloudFormation template takes the function's code from S3, not from a file",
            )
            .hint("drop --code and pass CodeBucket and CodeKey when you deploy, or use --format sam (sam deploy uploads the zip)"))
        }
        SchemaFormat::Cloudformation => yaml::render(&template(table, &input, false, stack)?),
        SchemaFormat::Sam => yaml::render(&template(table, &input, true, stack)?),
        SchemaFormat::Terraform => {
            let mut blocks = vec![table::terraform_resource(table, &d)];
            if let Some(options) = stack {
                blocks.extend(stream_stack::terraform(&Names::of(table)?, options));
            }
            hcl::file(&blocks)
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(table: &str, format: SchemaFormat, stream: bool) -> String {
        render(table, format, stream, None).unwrap()
    }

    #[test]
    fn terraform_aligns_equals_signs() {
        let hcl = plain("cruddur-messages", SchemaFormat::Terraform, true);
        assert!(
            hcl.contains("  name           = \"cruddur-messages\"\n"),
            "{hcl}"
        );
        assert!(hcl.contains("  stream_enabled   = true\n"), "{hcl}");
        assert!(hcl.contains("    projection_type = \"ALL\"\n"), "{hcl}");
        let no_stream = plain("t-1", SchemaFormat::Terraform, false);
        assert!(!no_stream.contains("stream"), "{no_stream}");
    }

    #[test]
    fn cloudformation_gives_the_stream_by_view_type_only() {
        let yaml = plain("t-1", SchemaFormat::Cloudformation, true);
        assert!(yaml.contains("StreamViewType: \"NEW_IMAGE\""), "{yaml}");
        assert!(!yaml.contains("StreamEnabled"), "{yaml}");
        assert!(!yaml.contains("Transform"), "{yaml}");
        let sam = plain("t-1", SchemaFormat::Sam, false);
        assert!(
            sam.contains("Transform: \"AWS::Serverless-2016-10-31\""),
            "{sam}"
        );
        assert!(!sam.contains("Stream"), "{sam}");
    }
}
