//! What stream-sync does with a batch of stream records: for each
//! conversation, move its message-group rows to the newest message.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};
use aws_sdk_dynamodbstreams::types::{OperationType, Record};
use serde::Serialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::ddb::batch::WriterOptions;
use crate::ddb::ddb_error;
use crate::ddb::rows::{group_rows, owner_group_rows};
use crate::error::{service_code, CliError};
use crate::model::attr::get_s;
use crate::model::attr::{item_from_stream, Item};
use crate::model::items::key_of;
use crate::model::keys::MESSAGE_PREFIX;
use crate::model::schema::attrs;
use crate::model::time::is_before;
use crate::model::{MessageEvent, MessageGroupRow};

/// A stream record of a message row that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub pk: String,
    pub sk: String,
    pub reason: String,
}

/// What a batch of stream records asks for: the newest message per
/// conversation among INSERT/MODIFY records of `MSG#` rows, and the message
/// records that could not be used. REMOVE records and other rows (`GRP#`,
/// anything else) are ignored: they never move group rows.
pub fn newest_messages(records: &[Record]) -> (Vec<MessageEvent>, Vec<Skipped>) {
    let mut newest: HashMap<Uuid, MessageEvent> = HashMap::new();
    let mut skipped = Vec::new();
    for record in records {
        let wanted = matches!(
            record.event_name(),
            Some(OperationType::Insert) | Some(OperationType::Modify)
        );
        let Some(image) = record.dynamodb().and_then(|d| d.new_image()) else {
            continue;
        };
        let item = item_from_stream(image);
        let pk = get_s(&item, attrs::PK).unwrap_or_default();
        if !wanted || !pk.starts_with(MESSAGE_PREFIX) {
            continue;
        }
        let message = match MessageEvent::from_item(&item) {
            Ok(m) => m,
            Err(e) => {
                skipped.push(Skipped {
                    pk: pk.to_string(),
                    sk: get_s(&item, attrs::SK).unwrap_or_default().to_string(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        // A later record at the same time (an edit) wins over an earlier one.
        match newest.get(&message.group_uuid) {
            Some(seen) if is_before(&message.sk, &seen.sk) => {}
            _ => {
                newest.insert(message.group_uuid, message);
            }
        }
    }
    let mut messages: Vec<MessageEvent> = newest.into_values().collect();
    messages.sort_by(|a, b| a.sk.cmp(&b.sk));
    (messages, skipped)
}

/// One applied update.
#[derive(Debug, Clone, Serialize)]
pub struct Update {
    pub group_uuid: Uuid,
    /// The message's id as stored, when it has one.
    pub message_uuid: Option<String>,
    pub sk: String,
    pub rows_moved: usize,
}

/// Sends of one row's replacement before giving up.
const ATTEMPTS: u32 = 6;

/// True when `row` should take `message`: it is older, or it is at the same
/// message but shows another text (the message was edited).
fn needs_move(row: &MessageGroupRow, message: &MessageEvent) -> bool {
    is_before(&row.sk, &message.sk) || (row.sk == message.sk && row.message != message.message)
}

/// Replaces `row` by its moved copy. A new `sk` means a new key: delete and
/// put in one transaction, so a crash cannot leave a participant without a
/// row; the same `sk` is a put over the row itself.
async fn replace(
    ctx: &Ctx,
    row: &MessageGroupRow,
    item: &Item,
    message: &MessageEvent,
) -> Result<bool, CliError> {
    let table = ctx.table.as_str();
    let client = ctx.dynamodb().await?;
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(row.moved_to(message).to_item()))
        .build()
        .expect("table and item are set");
    let mut request = client.transact_write_items();
    if row.sk != message.sk {
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(key_of(item)))
            .condition_expression("attribute_exists(pk)")
            .build()
            .expect("table and key are set");
        request = request.transact_items(TransactWriteItem::builder().delete(delete).build());
    }
    match request
        .transact_items(TransactWriteItem::builder().put(put).build())
        .send()
        .await
    {
        Ok(_) => Ok(true),
        // Cancelled (the row changed meanwhile, a conflict, throttling): the
        // caller reads the row again and decides.
        Err(e) if service_code(&e) == Some("TransactionCanceledException") => Ok(false),
        Err(e) => Err(ddb_error(
            ctx,
            e,
            &format!("moving a group row of conversation {}", message.group_uuid),
            Some(table),
        )),
    }
}

/// Moves every group row of the message's conversation that is older than
/// the message (or shows an older text of it) to the message. Rows at or past
/// a newer message stay: events arriving out of order never move a row back.
pub async fn move_group_rows(ctx: &Ctx, message: &MessageEvent) -> Result<Update, CliError> {
    let group = message.group_uuid;
    // The GSI tells who takes part; each participant's rows are then read
    // consistently, so a row moved a moment ago is seen at its new key.
    let mut owners: Vec<Uuid> = group_rows(ctx, group)
        .await?
        .iter()
        .filter_map(|item| MessageGroupRow::from_item(item).ok())
        .map(|row| row.owner_uuid)
        .collect();
    owners.sort();
    owners.dedup();
    let mut moved = 0;
    for owner in owners {
        let mut attempt = 0;
        loop {
            let rows: Vec<(Item, MessageGroupRow)> = owner_group_rows(ctx, owner, group)
                .await?
                .into_iter()
                .filter_map(|item| {
                    MessageGroupRow::from_item(&item)
                        .ok()
                        .map(|row| (item, row))
                })
                .filter(|(_, row)| needs_move(row, message))
                .collect();
            if rows.is_empty() {
                break;
            }
            let mut all_done = true;
            for (item, row) in &rows {
                if replace(ctx, row, item, message).await? {
                    moved += 1;
                } else {
                    all_done = false;
                }
            }
            if all_done {
                break;
            }
            attempt += 1;
            if attempt >= ATTEMPTS {
                return Err(CliError::new(format!(
                    "could not move the group row of user {owner} in conversation {group}: DynamoDB cancelled the transaction {ATTEMPTS} times"
                ))
                .hint("the table may be throttled; run stream-sync again, it resumes from its checkpoint"));
            }
            let pause = WriterOptions::default().backoff(attempt, fastrand::f64());
            tokio::time::sleep(pause).await;
        }
    }
    Ok(Update {
        group_uuid: group,
        message_uuid: message.message_uuid.clone(),
        sk: message.sk.clone(),
        rows_moved: moved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MessageRow;
    use aws_sdk_dynamodbstreams::types::{AttributeValue as S, StreamRecord};
    use chrono::{TimeZone, Utc};

    fn record(event: OperationType, item: crate::model::attr::Item) -> Record {
        let image = item
            .into_iter()
            .map(|(k, v)| (k, S::S(v.as_s().expect("strings only").clone())))
            .collect();
        Record::builder()
            .event_name(event)
            .dynamodb(StreamRecord::builder().set_new_image(Some(image)).build())
            .build()
    }

    fn message(group: u128, minute: u32, text: &str) -> MessageRow {
        let sender = crate::model::Participant {
            uuid: Uuid::from_u128(1),
            display_name: "A".into(),
            handle: "a".into(),
        };
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, minute, 0).unwrap();
        MessageRow::new(
            Uuid::from_u128(group),
            at,
            Uuid::from_u128(100 + u128::from(minute)),
            text,
            sender,
        )
    }

    #[test]
    fn keeps_the_newest_message_per_group_and_skips_the_rest() {
        let group_row = MessageGroupRow::pair(
            &message(7, 0, "x"),
            &message(7, 0, "x").sender,
            &message(7, 0, "x").sender,
        )[0]
        .clone();
        let records = vec![
            record(OperationType::Insert, message(7, 3, "g7 newest").to_item()),
            record(OperationType::Insert, message(7, 1, "g7 older").to_item()),
            record(OperationType::Modify, message(8, 2, "g8 only").to_item()),
            record(OperationType::Remove, message(8, 9, "removed").to_item()),
            record(OperationType::Insert, group_row.to_item()),
        ];
        let mut odd = message(9, 5, "written by another tool").to_item();
        odd.insert(
            "message_uuid".into(),
            aws_sdk_dynamodb::types::AttributeValue::S("legacy-42".into()),
        );
        odd.insert(
            "user_uuid".into(),
            aws_sdk_dynamodb::types::AttributeValue::S("someone".into()),
        );
        let mut broken = message(10, 6, "x").to_item();
        broken.remove("message");
        let records: Vec<Record> = records
            .into_iter()
            .chain([
                record(OperationType::Insert, odd),
                record(OperationType::Insert, broken),
            ])
            .collect();
        let (newest, skipped) = newest_messages(&records);
        let texts: Vec<&str> = newest.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(texts, ["g8 only", "g7 newest", "written by another tool"]);
        assert_eq!(newest[2].message_uuid.as_deref(), Some("legacy-42"));
        // The REMOVE and the GRP# row are ignored; the row without text is reported.
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].pk.starts_with("MSG#") && skipped[0].reason.contains("message"));
    }
}
