//! The two item shapes of the single table, with every attribute the app reads.

use std::fmt;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::attr::{get_s, Item};
use super::keys::PartitionKey;
use super::schema::attrs;
use super::time::format_sk;

/// The longest message text the app accepts, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1024;

/// A user as a row names them: uuid, display name, handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub uuid: Uuid,
    pub display_name: String,
    pub handle: String,
}

/// One participant's entry for a conversation: `pk = GRP#<owner>`, `sk` =
/// time of the last message, naming the OTHER participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageGroupRow {
    pub owner_uuid: Uuid,
    pub group_uuid: Uuid,
    pub sk: String,
    pub message: String,
    pub other: Participant,
}

/// A message: `pk = MSG#<group>`, `sk` = created-at, naming the SENDER.
/// It has no `message_group_uuid`, which keeps it out of the GSI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub group_uuid: Uuid,
    pub sk: String,
    pub message_uuid: Uuid,
    pub message: String,
    pub sender: Participant,
}

/// An item that does not have the shape of either row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn required<'a>(item: &'a Item, name: &str) -> Result<&'a str, ModelError> {
    get_s(item, name).ok_or_else(|| ModelError(format!("item has no string attribute '{name}'")))
}

fn required_uuid(item: &Item, name: &str) -> Result<Uuid, ModelError> {
    let v = required(item, name)?;
    Uuid::parse_str(v).map_err(|_| ModelError(format!("attribute '{name}' is not a uuid: '{v}'")))
}

fn partition(item: &Item) -> Result<PartitionKey, ModelError> {
    required(item, attrs::PK)?.parse().map_err(ModelError)
}

fn participant(item: &Item) -> Result<Participant, ModelError> {
    Ok(Participant {
        uuid: required_uuid(item, attrs::USER_UUID)?,
        display_name: required(item, attrs::USER_DISPLAY_NAME)?.to_string(),
        handle: required(item, attrs::USER_HANDLE)?.to_string(),
    })
}

/// The attributes both row kinds hold: keys, one id (`id_attr`), the
/// message text and a participant.
fn row_item(
    pk: PartitionKey,
    sk: &str,
    (id_attr, id): (&str, Uuid),
    message: &str,
    who: &Participant,
) -> Item {
    Item::from([
        (attrs::PK.into(), s(pk.to_string())),
        (attrs::SK.into(), s(sk)),
        (id_attr.into(), s(id.hyphenated().to_string())),
        (attrs::MESSAGE.into(), s(message)),
        (
            attrs::USER_UUID.into(),
            s(who.uuid.hyphenated().to_string()),
        ),
        (attrs::USER_DISPLAY_NAME.into(), s(&who.display_name)),
        (attrs::USER_HANDLE.into(), s(&who.handle)),
    ])
}

/// Refuses message text the app would refuse.
pub fn check_message_text(text: &str) -> Result<(), String> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        return Err("the message is empty".to_string());
    }
    if n > MAX_MESSAGE_CHARS {
        return Err(format!(
            "the message has {n} characters; the app accepts at most {MAX_MESSAGE_CHARS}"
        ));
    }
    Ok(())
}

impl MessageGroupRow {
    pub fn new(
        owner_uuid: Uuid,
        group_uuid: Uuid,
        at: DateTime<Utc>,
        message: &str,
        other: Participant,
    ) -> Self {
        MessageGroupRow {
            owner_uuid,
            group_uuid,
            sk: format_sk(at),
            message: message.to_string(),
            other,
        }
    }

    pub fn pk(&self) -> PartitionKey {
        PartitionKey::groups_of(self.owner_uuid)
    }

    pub fn to_item(&self) -> Item {
        let id = (attrs::MESSAGE_GROUP_UUID, self.group_uuid);
        row_item(self.pk(), &self.sk, id, &self.message, &self.other)
    }

    pub fn from_item(item: &Item) -> Result<Self, ModelError> {
        let owner_uuid = match partition(item)? {
            PartitionKey::Groups(u) => u,
            other => return Err(ModelError(format!("'{other}' is not a message-group row"))),
        };
        Ok(MessageGroupRow {
            owner_uuid,
            group_uuid: required_uuid(item, attrs::MESSAGE_GROUP_UUID)?,
            sk: required(item, attrs::SK)?.to_string(),
            message: required(item, attrs::MESSAGE)?.to_string(),
            other: participant(item)?,
        })
    }

    /// The two rows of a conversation between `a` and `b` (one each, naming
    /// the other), at the conversation's latest message `last`.
    pub fn pair(last: &MessageRow, a: &Participant, b: &Participant) -> [MessageGroupRow; 2] {
        let row = |owner: &Participant, other: &Participant| MessageGroupRow {
            owner_uuid: owner.uuid,
            group_uuid: last.group_uuid,
            sk: last.sk.clone(),
            message: last.message.clone(),
            other: other.clone(),
        };
        [row(a, b), row(b, a)]
    }

    /// The same row moved to `message`: its `sk` and text, everything else kept.
    pub fn moved_to(&self, message: &MessageEvent) -> Self {
        MessageGroupRow {
            sk: message.sk.clone(),
            message: message.message.clone(),
            ..self.clone()
        }
    }
}

impl MessageRow {
    pub fn new(
        group_uuid: Uuid,
        at: DateTime<Utc>,
        message_uuid: Uuid,
        message: &str,
        sender: Participant,
    ) -> Self {
        MessageRow {
            group_uuid,
            sk: format_sk(at),
            message_uuid,
            message: message.to_string(),
            sender,
        }
    }

    pub fn pk(&self) -> PartitionKey {
        PartitionKey::messages_of(self.group_uuid)
    }

    pub fn to_item(&self) -> Item {
        let id = (attrs::MESSAGE_UUID, self.message_uuid);
        row_item(self.pk(), &self.sk, id, &self.message, &self.sender)
    }

    pub fn from_item(item: &Item) -> Result<Self, ModelError> {
        let group_uuid = match partition(item)? {
            PartitionKey::Messages(u) => u,
            other => return Err(ModelError(format!("'{other}' is not a message row"))),
        };
        Ok(MessageRow {
            group_uuid,
            sk: required(item, attrs::SK)?.to_string(),
            message_uuid: required_uuid(item, attrs::MESSAGE_UUID)?,
            message: required(item, attrs::MESSAGE)?.to_string(),
            sender: participant(item)?,
        })
    }
}

/// What moving a conversation's group rows needs from a message row, and
/// all the app's stream Lambda reads: the conversation from `pk`, the time
/// from `sk`, the text from `message`. The message id and the sender's
/// handle come along when present, as they are stored (rows written by
/// something other than the app may hold ids that are not UUIDs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageEvent {
    pub group_uuid: Uuid,
    pub sk: String,
    pub message: String,
    pub message_uuid: Option<String>,
    pub sender_handle: Option<String>,
}

impl MessageEvent {
    pub fn from_item(item: &Item) -> Result<Self, ModelError> {
        let group_uuid = match partition(item)? {
            PartitionKey::Messages(u) => u,
            other => return Err(ModelError(format!("'{other}' is not a message row"))),
        };
        let sk = required(item, attrs::SK)?;
        if sk.trim().is_empty() {
            return Err(ModelError("attribute 'sk' is empty".to_string()));
        }
        Ok(MessageEvent {
            group_uuid,
            sk: sk.to_string(),
            message: required(item, attrs::MESSAGE)?.to_string(),
            message_uuid: get_s(item, attrs::MESSAGE_UUID).map(str::to_string),
            sender_handle: get_s(item, attrs::USER_HANDLE).map(str::to_string),
        })
    }
}

impl From<&MessageRow> for MessageEvent {
    fn from(row: &MessageRow) -> Self {
        MessageEvent {
            group_uuid: row.group_uuid,
            sk: row.sk.clone(),
            message: row.message.clone(),
            message_uuid: Some(row.message_uuid.hyphenated().to_string()),
            sender_handle: Some(row.sender.handle.clone()),
        }
    }
}

/// The primary key of an item (`pk`, `sk`), e.g. for a delete.
pub fn key_of(item: &Item) -> Item {
    item.iter()
        .filter(|(k, _)| k.as_str() == attrs::PK || k.as_str() == attrs::SK)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn person(n: u128, handle: &str) -> Participant {
        Participant {
            uuid: Uuid::from_u128(n),
            display_name: format!("Name of {handle}"),
            handle: handle.to_string(),
        }
    }

    #[test]
    fn group_row_has_every_attribute_the_app_reads() {
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let row = MessageGroupRow::new(
            Uuid::from_u128(1),
            Uuid::from_u128(9),
            at,
            "hi",
            person(2, "bayko"),
        );
        let item = row.to_item();
        let mut names: Vec<_> = item.keys().cloned().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "message",
                "message_group_uuid",
                "pk",
                "sk",
                "user_display_name",
                "user_handle",
                "user_uuid"
            ]
        );
        assert_eq!(
            get_s(&item, "pk"),
            Some("GRP#00000000-0000-0000-0000-000000000001")
        );
        assert_eq!(get_s(&item, "sk"), Some("2026-01-02T03:04:05.000000+00:00"));
        assert_eq!(get_s(&item, "user_handle"), Some("bayko"));
        assert_eq!(MessageGroupRow::from_item(&item), Ok(row));
    }

    #[test]
    fn message_row_stays_out_of_the_gsi() {
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let row = MessageRow::new(
            Uuid::from_u128(9),
            at,
            Uuid::from_u128(7),
            "hello",
            person(1, "andrewbrown"),
        );
        let item = row.to_item();
        assert!(!item.contains_key("message_group_uuid"));
        assert_eq!(
            get_s(&item, "pk"),
            Some("MSG#00000000-0000-0000-0000-000000000009")
        );
        for name in [
            "message_uuid",
            "message",
            "user_uuid",
            "user_display_name",
            "user_handle",
            "sk",
        ] {
            assert!(item.contains_key(name), "{name}");
        }
        assert_eq!(MessageRow::from_item(&item), Ok(row.clone()));
        assert!(MessageGroupRow::from_item(&item).is_err());
    }

    #[test]
    fn a_message_event_needs_only_key_time_and_text() {
        let mut item = Item::new();
        item.insert(
            attrs::PK.into(),
            s("MSG#00000000-0000-0000-0000-000000000009"),
        );
        item.insert(attrs::SK.into(), s("2026-01-01T00:00:00.000000+00:00"));
        item.insert(attrs::MESSAGE.into(), s("hi"));
        item.insert(attrs::MESSAGE_UUID.into(), s("not-a-uuid"));
        let e = MessageEvent::from_item(&item).unwrap();
        assert_eq!(e.group_uuid, Uuid::from_u128(9));
        assert_eq!(e.message_uuid.as_deref(), Some("not-a-uuid"));
        assert_eq!(e.sender_handle, None);
        item.remove(attrs::MESSAGE);
        assert!(MessageEvent::from_item(&item).is_err());
    }

    #[test]
    fn moving_a_group_row_keeps_the_participant() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let t1 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 5, 0).unwrap();
        let row = MessageGroupRow::new(
            Uuid::from_u128(1),
            Uuid::from_u128(9),
            t0,
            "old",
            person(2, "bayko"),
        );
        let msg = MessageRow::new(
            Uuid::from_u128(9),
            t1,
            Uuid::from_u128(3),
            "new",
            person(1, "andrewbrown"),
        );
        let moved = row.moved_to(&MessageEvent::from(&msg));
        assert_eq!(moved.sk, msg.sk);
        assert_eq!(moved.message, "new");
        assert_eq!(moved.other, row.other);
        assert_eq!(moved.owner_uuid, row.owner_uuid);
    }

    #[test]
    fn message_text_limit() {
        assert!(check_message_text("hi").is_ok());
        assert!(check_message_text(&"x".repeat(1024)).is_ok());
        assert!(check_message_text(&"x".repeat(1025)).is_err());
        assert!(check_message_text("   ").is_err());
    }
}
