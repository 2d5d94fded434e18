//! Pattern E, the one code path of `ddb stream-sync` and of the stream
//! handler Lambda: from a batch of stream records, each conversation's
//! newest message; then each conversation's message-group rows moved to it,
//! never backwards, never a moment without them (delete and put in one
//! transaction).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};
use futures::stream::{self, StreamExt};
use serde::Serialize;
use tokio::time::Instant;
use uuid::Uuid;

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::wait::Backoff;
use crate::aws::errors::service_code;
use crate::dynamo::client::Writer;
use crate::dynamo::consumed::Consumed;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::rows::{owner_group_rows, read_group_rows};
use crate::model::attr::get_s;
use crate::model::attr::Item;
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

/// What a stream record did to its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    Modify,
    Remove,
    /// An event name this code does not know.
    Other,
}

/// A record's new image, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Image {
    Item(Item),
    /// The record carries no new image (REMOVE, or a KEYS_ONLY stream).
    Absent,
    /// The image holds something this code cannot read (an attribute type
    /// it does not know): never guessed at, reported.
    Unreadable {
        pk: String,
        sk: String,
        reason: String,
    },
}

/// One stream record, from DynamoDB Streams (stream-sync) or from a Lambda
/// event (the stream handler).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub image: Image,
    /// The record's sequence number in its shard.
    pub sequence: Option<String>,
}

/// One conversation's newest message in a batch, and its records there.
#[derive(Debug, Clone)]
pub struct Pending {
    pub message: MessageEvent,
    /// Records of this conversation in the batch.
    pub records: usize,
    /// The lowest sequence number among them: where a retry must start
    /// when the conversation cannot be applied.
    pub first_sequence: Option<String>,
}

/// What a batch of stream records asks for.
#[derive(Debug, Clone, Default)]
pub struct Newest {
    /// The newest message per conversation, oldest conversation first.
    pub pending: Vec<Pending>,
    /// Message records that cannot be used.
    pub skipped: Vec<Skipped>,
    /// REMOVE records and records of other rows (`GRP#`, anything else):
    /// they never move group rows.
    pub ignored: usize,
}

/// Sequence numbers are decimal strings of growing value: shorter is lower.
pub fn sequence_before(a: &str, b: &str) -> bool {
    (a.len(), a) < (b.len(), b)
}

/// The newest message per conversation among INSERT/MODIFY records of
/// `MSG#` rows, and the message records that could not be used.
pub fn newest_messages(changes: &[Change]) -> Newest {
    let mut newest: HashMap<Uuid, Pending> = HashMap::new();
    let mut out = Newest::default();
    for change in changes {
        let wanted = matches!(change.kind, ChangeKind::Insert | ChangeKind::Modify);
        let item = match &change.image {
            Image::Item(item) => item,
            Image::Unreadable { pk, sk, reason } if wanted && pk.starts_with(MESSAGE_PREFIX) => {
                out.skipped.push(Skipped {
                    pk: pk.clone(),
                    sk: sk.clone(),
                    reason: reason.clone(),
                });
                continue;
            }
            Image::Unreadable { .. } | Image::Absent => {
                out.ignored += 1;
                continue;
            }
        };
        let pk = get_s(item, attrs::PK).unwrap_or_default();
        if !wanted || !pk.starts_with(MESSAGE_PREFIX) {
            out.ignored += 1;
            continue;
        }
        let message = match MessageEvent::from_item(item) {
            Ok(m) => m,
            Err(e) => {
                out.skipped.push(Skipped {
                    pk: pk.to_string(),
                    sk: get_s(item, attrs::SK).unwrap_or_default().to_string(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let entry = newest.entry(message.group_uuid).or_insert_with(|| Pending {
            message: message.clone(),
            records: 0,
            first_sequence: None,
        });
        entry.records += 1;
        if let Some(seq) = &change.sequence {
            if entry
                .first_sequence
                .as_deref()
                .is_none_or(|first| sequence_before(seq, first))
            {
                entry.first_sequence = Some(seq.clone());
            }
        }
        // A later record at the same time (an edit) wins over an earlier one.
        if !is_before(&message.sk, &entry.message.sk) {
            entry.message = message;
        }
    }
    out.pending = newest.into_values().collect();
    out.pending.sort_by(|a, b| a.message.sk.cmp(&b.message.sk));
    out
}

/// Applies every conversation's newest message, `parallel` conversations at
/// a time. With a `deadline`, a conversation still unfinished then is given
/// up (its result is an error saying so): the caller reports it for a retry.
pub async fn apply_all<'a>(
    ctx: &Ctx,
    client: &Writer,
    pending: &'a [Pending],
    parallel: usize,
    deadline: Option<Instant>,
) -> Vec<(&'a Pending, Result<Update, CliError>)> {
    stream::iter(pending)
        .map(|p| async move {
            let work = move_group_rows(ctx, client, &p.message);
            let result = match deadline {
                Some(at) => tokio::time::timeout_at(at, work).await.unwrap_or_else(|_| {
                    Err(CliError::new(format!(
                        "conversation {} was not finished before the invocation's deadline",
                        p.message.group_uuid
                    ))
                    .kind(crate::app::error::ErrorKind::Unreachable))
                }),
                None => work.await,
            };
            (p, result)
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await
}

/// One applied update.
#[derive(Debug, Clone, Serialize)]
pub struct Update {
    pub group_uuid: Uuid,
    /// The message's id as stored, when it has one.
    pub message_uuid: Option<String>,
    pub sk: String,
    pub rows_moved: usize,
    /// What it cost: read units of its queries, write units of its
    /// transactions, requests and items read (for `patterns report`).
    #[serde(skip)]
    pub cost: Cost,
}

/// The capacity and requests of one update.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    pub read: Consumed,
    pub written: Consumed,
    pub requests: u32,
    pub items_read: u64,
}

/// Sends of one row's replacement before giving up.
const ATTEMPTS: u32 = 6;

/// The pause before sending a cancelled row move again (full jitter).
const CANCELLED_BACKOFF: Backoff = Backoff {
    first: std::time::Duration::from_millis(50),
    cap: std::time::Duration::from_secs(5),
};

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
    client: &Writer,
    row: &MessageGroupRow,
    item: &Item,
    message: &MessageEvent,
    cost: &mut Cost,
) -> Result<bool, CliError> {
    let table = ctx.table.as_str();
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
    cost.requests += 1;
    match request
        .transact_items(TransactWriteItem::builder().put(put).build())
        .return_consumed_capacity(aws_sdk_dynamodb::types::ReturnConsumedCapacity::Indexes)
        .send()
        .await
    {
        Ok(out) => {
            for c in out.consumed_capacity() {
                cost.written.add(&Consumed::of(c));
            }
            Ok(true)
        }
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
pub async fn move_group_rows(
    ctx: &Ctx,
    client: &Writer,
    message: &MessageEvent,
) -> Result<Update, CliError> {
    let group = message.group_uuid;
    let mut cost = Cost::default();
    // The GSI tells who takes part; each participant's rows are then read
    // consistently, so a row moved a moment ago is seen at its new key.
    let found = read_group_rows(ctx, group).await?;
    cost.read.add(&found.consumed);
    cost.requests += found.requests;
    cost.items_read += found.items.len() as u64;
    let mut owners: Vec<Uuid> = found
        .items
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
            let read = owner_group_rows(ctx, owner, group).await?;
            cost.read.add(&read.consumed);
            cost.requests += read.requests;
            cost.items_read += read.items.len() as u64;
            let rows: Vec<(Item, MessageGroupRow)> = read
                .items
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
                if replace(ctx, client, row, item, message, &mut cost).await? {
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
            let pause = CANCELLED_BACKOFF.jittered(attempt, fastrand::f64());
            tokio::time::sleep(pause).await;
        }
    }
    Ok(Update {
        group_uuid: group,
        message_uuid: message.message_uuid.clone(),
        sk: message.sk.clone(),
        rows_moved: moved,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MessageRow;
    use chrono::{TimeZone, Utc};

    use ChangeKind as OperationType;

    fn record(kind: ChangeKind, item: Item) -> Change {
        Change {
            kind,
            image: Image::Item(item),
            sequence: None,
        }
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
        let records: Vec<Change> = records
            .into_iter()
            .chain([
                record(OperationType::Insert, odd),
                record(OperationType::Insert, broken),
            ])
            .collect();
        let out = newest_messages(&records);
        let newest: Vec<&MessageEvent> = out.pending.iter().map(|p| &p.message).collect();
        let texts: Vec<&str> = newest.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(texts, ["g8 only", "g7 newest", "written by another tool"]);
        assert_eq!(newest[2].message_uuid.as_deref(), Some("legacy-42"));
        assert_eq!(out.pending[1].records, 2);
        // The REMOVE and the GRP# row are ignored; the row without text is reported.
        assert_eq!(out.ignored, 2);
        assert_eq!(out.skipped.len(), 1, "{:?}", out.skipped);
        let skipped = &out.skipped;
        assert!(skipped[0].pk.starts_with("MSG#") && skipped[0].reason.contains("message"));
    }

    #[test]
    fn a_conversation_remembers_its_lowest_sequence_number() {
        let at = |seq: &str, minute| Change {
            sequence: Some(seq.to_string()),
            ..record(ChangeKind::Insert, message(7, minute, "m").to_item())
        };
        let out = newest_messages(&[at("1000", 2), at("999", 1), at("1001", 3)]);
        assert_eq!(out.pending.len(), 1);
        assert_eq!(out.pending[0].first_sequence.as_deref(), Some("999"));
        assert_eq!(out.pending[0].message.sk, message(7, 3, "m").sk);
    }

    #[test]
    fn an_unreadable_message_image_is_reported_never_guessed() {
        let change = Change {
            kind: ChangeKind::Insert,
            image: Image::Unreadable {
                pk: "MSG#x".into(),
                sk: "s".into(),
                reason: "attribute 'odd' has type 'X', which cruddur cannot read".into(),
            },
            sequence: None,
        };
        let out = newest_messages(&[change]);
        assert!(out.pending.is_empty());
        assert_eq!(out.skipped.len(), 1);
        assert!(out.skipped[0].reason.contains("'odd'"));
    }
}
