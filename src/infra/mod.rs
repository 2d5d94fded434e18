//! Infrastructure code, written offline (no AWS call): the table that `ddb
//! schema-load` creates as a CloudFormation or SAM template, Terraform, or
//! the CreateTable input JSON, generated from the one definition in the
//! model, so deployed tables cannot drift from the one the tools use; with
//! the stream handler's stack ([`stream_stack`]) when asked. `ddb
//! schema-export` prints them.

pub mod hcl;
pub mod stream_stack;
pub mod table;
pub mod yaml;

use clap::ValueEnum;
use serde_json::{json, Map, Value};

use crate::app::error::CliError;
use crate::model::schema;
use stream_stack::{Names, StackOptions};

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
