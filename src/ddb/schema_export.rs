//! `cruddur ddb schema-export`: the table that `ddb schema-load` creates, as
//! infrastructure code: a CloudFormation or SAM template, Terraform, or the
//! CreateTable input JSON. Generated from the one definition in the model,
//! so deployed tables cannot drift from the one the tools use.

use clap::{Args, ValueEnum};
use serde_json::{json, Map, Value};

use crate::context::Ctx;
use crate::model::schema::{self, TableDefinition};

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
    #[arg(long)]
    pub no_stream: bool,
}

/// CloudFormation's logical id of the table.
const LOGICAL_ID: &str = "MessagesTable";

/// The CreateTable input, in the API's JSON shape.
pub fn create_table_input(table: &str, d: &TableDefinition) -> Value {
    let keys = |schema: &[aws_sdk_dynamodb::types::KeySchemaElement]| -> Value {
        schema
            .iter()
            .map(|k| json!({"AttributeName": k.attribute_name(), "KeyType": k.key_type().as_str()}))
            .collect()
    };
    let throughput = |t: &aws_sdk_dynamodb::types::ProvisionedThroughput| {
        json!({
            "ReadCapacityUnits": t.read_capacity_units(),
            "WriteCapacityUnits": t.write_capacity_units(),
        })
    };
    let mut input = Map::new();
    input.insert("TableName".into(), json!(table));
    input.insert(
        "AttributeDefinitions".into(),
        d.attribute_definitions
            .iter()
            .map(|a| json!({"AttributeName": a.attribute_name(), "AttributeType": a.attribute_type().as_str()}))
            .collect(),
    );
    input.insert("KeySchema".into(), keys(&d.key_schema));
    input.insert(
        "GlobalSecondaryIndexes".into(),
        d.global_secondary_indexes
            .iter()
            .map(|g| {
                let mut index = json!({
                    "IndexName": g.index_name(),
                    "KeySchema": keys(g.key_schema()),
                    "Projection": {
                        "ProjectionType": g.projection().and_then(|p| p.projection_type()).map(|p| p.as_str()),
                    },
                });
                if let Some(t) = g.provisioned_throughput() {
                    index["ProvisionedThroughput"] = throughput(t);
                }
                index
            })
            .collect(),
    );
    input.insert("BillingMode".into(), json!(d.billing_mode.as_str()));
    input.insert(
        "ProvisionedThroughput".into(),
        throughput(&d.provisioned_throughput),
    );
    if let Some(stream) = &d.stream_specification {
        input.insert(
            "StreamSpecification".into(),
            json!({
                "StreamEnabled": stream.stream_enabled(),
                "StreamViewType": stream.stream_view_type().map(|v| v.as_str()),
            }),
        );
    }
    Value::Object(input)
}

/// The properties of an `AWS::DynamoDB::Table`: CreateTable's input, except
/// that a stream is given by its view type alone.
fn cloudformation_properties(input: &Value) -> Value {
    let mut props = input.clone();
    if let Some(stream) = props.get_mut("StreamSpecification") {
        if let Some(obj) = stream.as_object_mut() {
            obj.remove("StreamEnabled");
        }
    }
    props
}

fn template(input: &Value, sam: bool) -> Value {
    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if sam {
        t.insert("Transform".into(), json!("AWS::Serverless-2016-10-31"));
    }
    t.insert(
        "Description".into(),
        json!("The Cruddur messages table, as `cruddur ddb schema-load` creates it"),
    );
    t.insert(
        "Resources".into(),
        json!({
            LOGICAL_ID: {
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": cloudformation_properties(input),
            }
        }),
    );
    let mut outputs = json!({
        "TableName": {"Value": {"Ref": LOGICAL_ID}},
        "TableArn": {"Value": {"Fn::GetAtt": [LOGICAL_ID, "Arn"]}},
    });
    if input.get("StreamSpecification").is_some() {
        outputs["StreamArn"] = json!({"Value": {"Fn::GetAtt": [LOGICAL_ID, "StreamArn"]}});
    }
    t.insert("Outputs".into(), outputs);
    Value::Object(t)
}

/// Block-style YAML of a JSON value. Every string is written as a JSON
/// string literal, which YAML reads as the same double-quoted scalar, so no
/// value can be mistaken for another type.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    yaml_into(value, 0, &mut out);
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => Value::String(s.clone()).to_string(),
        other => other.to_string(),
    }
}

fn is_block(value: &Value) -> bool {
    matches!(value, Value::Object(m) if !m.is_empty())
        || matches!(value, Value::Array(a) if !a.is_empty())
}

fn yaml_into(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                if is_block(v) {
                    out.push_str(&format!("{pad}{k}:\n"));
                    let inner = if v.is_array() { indent } else { indent + 2 };
                    yaml_into(v, inner, out);
                } else {
                    out.push_str(&format!("{pad}{k}: {}\n", flow(v)));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                if is_block(item) {
                    // The first line of the item goes after the dash.
                    let mut inner = String::new();
                    yaml_into(item, indent + 2, &mut inner);
                    let rest = inner.trim_start();
                    out.push_str(&format!("{pad}- {rest}"));
                } else {
                    out.push_str(&format!("{pad}- {}\n", flow(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", flow(other))),
    }
}

fn flow(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
        other => scalar(other),
    }
}

/// `terraform fmt` aligns the `=` of consecutive one-line attributes.
fn hcl_group(out: &mut String, indent: usize, attrs: &[(&str, String)]) {
    let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let pad = " ".repeat(indent);
    for (k, v) in attrs {
        out.push_str(&format!("{pad}{k:<width$} = {v}\n"));
    }
}

fn hcl_string(s: &str) -> String {
    // HCL strings share JSON's escapes for quotes, backslashes and control
    // characters; `${` and `%{` start templates and are doubled.
    Value::String(s.to_string())
        .to_string()
        .replace("${", "$${")
        .replace("%{", "%%{")
}

/// The `aws_dynamodb_table` resource.
pub fn terraform(table: &str, d: &TableDefinition) -> String {
    let key_name = |schema: &[aws_sdk_dynamodb::types::KeySchemaElement], kind: &str| {
        schema
            .iter()
            .find(|k| k.key_type().as_str() == kind)
            .map(|k| hcl_string(k.attribute_name()))
    };
    let mut out = String::from("resource \"aws_dynamodb_table\" \"messages\" {\n");
    let mut head = vec![
        ("name", hcl_string(table)),
        ("billing_mode", hcl_string(d.billing_mode.as_str())),
    ];
    let t = &d.provisioned_throughput;
    head.push(("read_capacity", t.read_capacity_units().to_string()));
    head.push(("write_capacity", t.write_capacity_units().to_string()));
    if let Some(h) = key_name(&d.key_schema, "HASH") {
        head.push(("hash_key", h));
    }
    if let Some(r) = key_name(&d.key_schema, "RANGE") {
        head.push(("range_key", r));
    }
    hcl_group(&mut out, 2, &head);
    if let Some(stream) = &d.stream_specification {
        out.push('\n');
        let mut attrs = vec![("stream_enabled", stream.stream_enabled().to_string())];
        if let Some(view) = stream.stream_view_type() {
            attrs.push(("stream_view_type", hcl_string(view.as_str())));
        }
        hcl_group(&mut out, 2, &attrs);
    }
    for a in &d.attribute_definitions {
        out.push_str("\n  attribute {\n");
        hcl_group(
            &mut out,
            4,
            &[
                ("name", hcl_string(a.attribute_name())),
                ("type", hcl_string(a.attribute_type().as_str())),
            ],
        );
        out.push_str("  }\n");
    }
    for g in &d.global_secondary_indexes {
        out.push_str("\n  global_secondary_index {\n");
        let mut attrs = vec![("name", hcl_string(g.index_name()))];
        if let Some(h) = key_name(g.key_schema(), "HASH") {
            attrs.push(("hash_key", h));
        }
        if let Some(r) = key_name(g.key_schema(), "RANGE") {
            attrs.push(("range_key", r));
        }
        if let Some(p) = g.projection().and_then(|p| p.projection_type()) {
            attrs.push(("projection_type", hcl_string(p.as_str())));
        }
        if let Some(t) = g.provisioned_throughput() {
            attrs.push(("read_capacity", t.read_capacity_units().to_string()));
            attrs.push(("write_capacity", t.write_capacity_units().to_string()));
        }
        hcl_group(&mut out, 4, &attrs);
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// The text of the chosen format.
pub fn render(table: &str, format: SchemaFormat, stream: bool) -> String {
    let d = schema::definition(stream);
    let input = create_table_input(table, &d);
    match format {
        SchemaFormat::Json => {
            let mut s = serde_json::to_string_pretty(&input).expect("JSON values serialize");
            s.push('\n');
            s
        }
        SchemaFormat::Cloudformation => yaml(&template(&input, false)),
        SchemaFormat::Sam => yaml(&template(&input, true)),
        SchemaFormat::Terraform => terraform(table, &d),
    }
}

pub fn run(ctx: &Ctx, args: SchemaExportArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let text = render(&ctx.table, args.format, !args.no_stream);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_is_block_style_with_quoted_strings() {
        let v = json!({"a": {"b": [{"c": "x", "d": 5}, "y"], "e": true, "f": []}});
        assert_eq!(
            yaml(&v),
            "a:\n  b:\n  - c: \"x\"\n    d: 5\n  - \"y\"\n  e: true\n  f: []\n"
        );
    }

    #[test]
    fn terraform_aligns_equals_signs() {
        let hcl = render("cruddur-messages", SchemaFormat::Terraform, true);
        assert!(
            hcl.contains("  name           = \"cruddur-messages\"\n"),
            "{hcl}"
        );
        assert!(hcl.contains("  stream_enabled   = true\n"), "{hcl}");
        assert!(hcl.contains("    projection_type = \"ALL\"\n"), "{hcl}");
        let no_stream = render("t-1", SchemaFormat::Terraform, false);
        assert!(!no_stream.contains("stream"), "{no_stream}");
    }

    #[test]
    fn cloudformation_gives_the_stream_by_view_type_only() {
        let yaml = render("t-1", SchemaFormat::Cloudformation, true);
        assert!(yaml.contains("StreamViewType: \"NEW_IMAGE\""), "{yaml}");
        assert!(!yaml.contains("StreamEnabled"), "{yaml}");
        assert!(!yaml.contains("Transform"), "{yaml}");
        let sam = render("t-1", SchemaFormat::Sam, false);
        assert!(
            sam.contains("Transform: \"AWS::Serverless-2016-10-31\""),
            "{sam}"
        );
        assert!(!sam.contains("Stream"), "{sam}");
    }
}
