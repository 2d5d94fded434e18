//! Table `cruddur-messages`: keys, the GSI the stream handler queries,
//! provisioned throughput and the stream.

use aws_sdk_dynamodb::operation::create_table::builders::CreateTableFluentBuilder;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ProvisionedThroughput, ScalarAttributeType, StreamSpecification,
    StreamViewType,
};

/// Default table name (the app reads `DDB_MESSAGE_TABLE`).
pub const DEFAULT_TABLE: &str = "cruddur-messages";

/// The variable naming the messages table, as the app names it.
pub const TABLE_VAR: &str = "DDB_MESSAGE_TABLE";

/// Checks a DynamoDB table name: 3-255 of letters, digits, `_`, `-` and `.`.
pub fn check_table_name(s: &str) -> Result<(), String> {
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if (3..=255).contains(&s.len()) && ok_chars {
        Ok(())
    } else {
        Err("a table name has 3 to 255 characters: letters, digits, '_', '-' and '.'".to_string())
    }
}
/// The GSI over message-group rows: `message_group_uuid` HASH, `sk` RANGE.
pub const GSI_NAME: &str = "message-group-sk-index";
/// Provisioned read and write capacity of the table and of the GSI.
pub const CAPACITY_UNITS: i64 = 5;

/// Attribute names.
pub mod attrs {
    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const MESSAGE_GROUP_UUID: &str = "message_group_uuid";
    pub const MESSAGE_UUID: &str = "message_uuid";
    pub const MESSAGE: &str = "message";
    pub const USER_UUID: &str = "user_uuid";
    pub const USER_DISPLAY_NAME: &str = "user_display_name";
    pub const USER_HANDLE: &str = "user_handle";
}

fn key(name: &str, key_type: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()
        .expect("attribute name and key type are set")
}

fn string_attribute(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .expect("attribute name and type are set")
}

fn throughput() -> ProvisionedThroughput {
    ProvisionedThroughput::builder()
        .read_capacity_units(CAPACITY_UNITS)
        .write_capacity_units(CAPACITY_UNITS)
        .build()
        .expect("both capacities are set")
}

/// The table's definition in the SDK's types: what CreateTable
/// (`ddb schema-load`), ImportTable and `ddb schema-export` all build from.
#[derive(Debug, Clone)]
pub struct TableDefinition {
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub key_schema: Vec<KeySchemaElement>,
    pub global_secondary_indexes: Vec<GlobalSecondaryIndex>,
    pub billing_mode: BillingMode,
    pub provisioned_throughput: ProvisionedThroughput,
    /// A stream of view type NEW_IMAGE, unless the table is made without one.
    pub stream_specification: Option<StreamSpecification>,
}

/// The contract's table definition; with `stream` the table gets a stream
/// of view type NEW_IMAGE.
pub fn definition(stream: bool) -> TableDefinition {
    let gsi = GlobalSecondaryIndex::builder()
        .index_name(GSI_NAME)
        .key_schema(key(attrs::MESSAGE_GROUP_UUID, KeyType::Hash))
        .key_schema(key(attrs::SK, KeyType::Range))
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .provisioned_throughput(throughput())
        .build()
        .expect("index name and key schema are set");
    TableDefinition {
        attribute_definitions: vec![
            string_attribute(attrs::PK),
            string_attribute(attrs::SK),
            string_attribute(attrs::MESSAGE_GROUP_UUID),
        ],
        key_schema: vec![
            key(attrs::PK, KeyType::Hash),
            key(attrs::SK, KeyType::Range),
        ],
        global_secondary_indexes: vec![gsi],
        billing_mode: BillingMode::Provisioned,
        provisioned_throughput: throughput(),
        stream_specification: stream.then(|| {
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewImage)
                .build()
                .expect("stream_enabled is set")
        }),
    }
}

/// Fills a CreateTable request with the contract's table definition; with
/// `stream` the table gets a stream of view type NEW_IMAGE.
pub fn create_table(request: CreateTableFluentBuilder, stream: bool) -> CreateTableFluentBuilder {
    let d = definition(stream);
    request
        .set_attribute_definitions(Some(d.attribute_definitions))
        .set_key_schema(Some(d.key_schema))
        .set_global_secondary_indexes(Some(d.global_secondary_indexes))
        .billing_mode(d.billing_mode)
        .provisioned_throughput(d.provisioned_throughput)
        .set_stream_specification(d.stream_specification)
}

/// How an existing table differs from the definition above, one line per
/// difference (empty when it matches). Throughput is not compared: it may
/// have been raised on purpose.
pub fn differences(desc: &aws_sdk_dynamodb::types::TableDescription) -> Vec<String> {
    let mut out = key_differences(desc);
    out.extend(stream_differences(desc));
    out
}

/// The differences in keys and index that the access patterns cannot live
/// with: every read or write of the app's item shapes would be refused.
pub fn key_differences(desc: &aws_sdk_dynamodb::types::TableDescription) -> Vec<String> {
    let keys = |schema: &[KeySchemaElement]| -> Vec<(String, String)> {
        schema
            .iter()
            .map(|k| {
                (
                    k.attribute_name().to_string(),
                    k.key_type().as_str().to_string(),
                )
            })
            .collect()
    };
    let want = |hash: &str| {
        vec![
            (hash.to_string(), "HASH".to_string()),
            (attrs::SK.to_string(), "RANGE".to_string()),
        ]
    };
    let mut out = Vec::new();
    if keys(desc.key_schema()) != want(attrs::PK) {
        out.push(format!(
            "keys are {:?}, not pk (HASH), sk (RANGE)",
            keys(desc.key_schema())
        ));
    }
    match desc
        .global_secondary_indexes()
        .iter()
        .find(|g| g.index_name() == Some(GSI_NAME))
    {
        None => out.push(format!("index '{GSI_NAME}' is missing")),
        Some(g) => {
            if keys(g.key_schema()) != want(attrs::MESSAGE_GROUP_UUID) {
                out.push(format!(
                    "index '{GSI_NAME}' is not keyed message_group_uuid (HASH), sk (RANGE)"
                ));
            }
            if g.projection().and_then(|p| p.projection_type()) != Some(&ProjectionType::All) {
                out.push(format!(
                    "index '{GSI_NAME}' does not project ALL attributes"
                ));
            }
        }
    }
    out
}

/// The differences of the stream, which only stream-sync and the stream Lambda need.
pub fn stream_differences(desc: &aws_sdk_dynamodb::types::TableDescription) -> Vec<String> {
    let mut out = Vec::new();
    let stream = desc.stream_specification();
    if !stream.map(|s| s.stream_enabled()).unwrap_or(false) {
        out.push("no stream (stream-sync and the stream Lambda need NEW_IMAGE)".to_string());
    } else if stream.and_then(|s| s.stream_view_type()) != Some(&StreamViewType::NewImage) {
        out.push("the stream's view type is not NEW_IMAGE".to_string());
    }
    out
}
