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

/// Fills a CreateTable request with the contract's table definition; with
/// `stream` the table gets a stream of view type NEW_IMAGE.
pub fn create_table(request: CreateTableFluentBuilder, stream: bool) -> CreateTableFluentBuilder {
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
    let mut request = request
        .attribute_definitions(string_attribute(attrs::PK))
        .attribute_definitions(string_attribute(attrs::SK))
        .attribute_definitions(string_attribute(attrs::MESSAGE_GROUP_UUID))
        .key_schema(key(attrs::PK, KeyType::Hash))
        .key_schema(key(attrs::SK, KeyType::Range))
        .global_secondary_indexes(gsi)
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(throughput());
    if stream {
        request = request.stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewImage)
                .build()
                .expect("stream_enabled is set"),
        );
    }
    request
}

/// How an existing table differs from the definition above, one line per
/// difference (empty when it matches). Throughput is not compared: it may
/// have been raised on purpose.
pub fn differences(desc: &aws_sdk_dynamodb::types::TableDescription) -> Vec<String> {
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
    let stream = desc.stream_specification();
    if !stream.map(|s| s.stream_enabled()).unwrap_or(false) {
        out.push("no stream (stream-sync and the stream Lambda need NEW_IMAGE)".to_string());
    } else if stream.and_then(|s| s.stream_view_type()) != Some(&StreamViewType::NewImage) {
        out.push("the stream's view type is not NEW_IMAGE".to_string());
    }
    out
}
