//! The messages table in each format: CreateTable's input (JSON), the
//! `AWS::DynamoDB::Table` resource, and Terraform's `aws_dynamodb_table`.

use aws_sdk_dynamodb::types::{KeySchemaElement, ProvisionedThroughput};
use serde_json::{json, Map, Value};

use super::hcl::{Block, Expr};
use crate::model::schema::TableDefinition;

/// Terraform's name of the table resource.
pub const TERRAFORM_NAME: &str = "messages";

/// CloudFormation's logical id of the table.
pub const LOGICAL_ID: &str = "MessagesTable";

/// The CreateTable input, in the API's JSON shape.
pub fn create_table_input(table: &str, d: &TableDefinition) -> Value {
    let keys = |schema: &[KeySchemaElement]| -> Value {
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

/// The `AWS::DynamoDB::Table` resource, kept when the stack is deleted.
pub fn cloudformation_resource(input: &Value) -> Value {
    json!({
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": cloudformation_properties(input),
    })
}

/// The stack's outputs about the table.
pub fn cloudformation_outputs(input: &Value) -> Map<String, Value> {
    let mut outputs = Map::new();
    outputs.insert("TableName".into(), json!({"Value": {"Ref": LOGICAL_ID}}));
    outputs.insert(
        "TableArn".into(),
        json!({"Value": {"Fn::GetAtt": [LOGICAL_ID, "Arn"]}}),
    );
    if input.get("StreamSpecification").is_some() {
        outputs.insert(
            "StreamArn".into(),
            json!({"Value": {"Fn::GetAtt": [LOGICAL_ID, "StreamArn"]}}),
        );
    }
    outputs
}

fn key_name(schema: &[KeySchemaElement], kind: &str) -> Option<Expr> {
    schema
        .iter()
        .find(|k| k.key_type().as_str() == kind)
        .map(|k| Expr::str(k.attribute_name()))
}

fn capacity(block: Block, t: &ProvisionedThroughput) -> Block {
    block
        .attr(
            "read_capacity",
            Expr::raw(t.read_capacity_units().to_string()),
        )
        .attr(
            "write_capacity",
            Expr::raw(t.write_capacity_units().to_string()),
        )
}

/// The `aws_dynamodb_table` resource.
pub fn terraform_resource(table: &str, d: &TableDefinition) -> Block {
    let t = &d.provisioned_throughput;
    let mut block = Block::new("resource", &["aws_dynamodb_table", TERRAFORM_NAME])
        .attr("name", Expr::str(table))
        .attr("billing_mode", Expr::str(d.billing_mode.as_str()));
    block = capacity(block, t);
    if let Some(h) = key_name(&d.key_schema, "HASH") {
        block = block.attr("hash_key", h);
    }
    if let Some(r) = key_name(&d.key_schema, "RANGE") {
        block = block.attr("range_key", r);
    }
    if let Some(stream) = &d.stream_specification {
        block = block.blank().attr(
            "stream_enabled",
            Expr::raw(stream.stream_enabled().to_string()),
        );
        if let Some(view) = stream.stream_view_type() {
            block = block.attr("stream_view_type", Expr::str(view.as_str()));
        }
    }
    for a in &d.attribute_definitions {
        block = block.blank().block(
            Block::new("attribute", &[])
                .attr("name", Expr::str(a.attribute_name()))
                .attr("type", Expr::str(a.attribute_type().as_str())),
        );
    }
    for g in &d.global_secondary_indexes {
        let mut index =
            Block::new("global_secondary_index", &[]).attr("name", Expr::str(g.index_name()));
        if let Some(h) = key_name(g.key_schema(), "HASH") {
            index = index.attr("hash_key", h);
        }
        if let Some(r) = key_name(g.key_schema(), "RANGE") {
            index = index.attr("range_key", r);
        }
        if let Some(p) = g.projection().and_then(|p| p.projection_type()) {
            index = index.attr("projection_type", Expr::str(p.as_str()));
        }
        if let Some(t) = g.provisioned_throughput() {
            index = capacity(index, t);
        }
        block = block.blank().block(index);
    }
    block
}
