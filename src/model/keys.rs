//! Partition keys: `GRP#<owner user uuid>` for message-group rows and
//! `MSG#<message group uuid>` for message rows.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

pub const GROUP_PREFIX: &str = "GRP#";
pub const MESSAGE_PREFIX: &str = "MSG#";

/// The partition key of a row of the single table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartitionKey {
    /// `GRP#<uuid>`: the message groups a user takes part in.
    Groups(Uuid),
    /// `MSG#<uuid>`: the messages of one group.
    Messages(Uuid),
}

impl PartitionKey {
    pub fn groups_of(user_uuid: Uuid) -> Self {
        PartitionKey::Groups(user_uuid)
    }

    pub fn messages_of(group_uuid: Uuid) -> Self {
        PartitionKey::Messages(group_uuid)
    }
}

impl fmt::Display for PartitionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartitionKey::Groups(u) => write!(f, "{GROUP_PREFIX}{}", u.hyphenated()),
            PartitionKey::Messages(u) => write!(f, "{MESSAGE_PREFIX}{}", u.hyphenated()),
        }
    }
}

impl FromStr for PartitionKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (make, rest): (fn(Uuid) -> PartitionKey, &str) =
            if let Some(rest) = s.strip_prefix(GROUP_PREFIX) {
                (PartitionKey::Groups, rest)
            } else if let Some(rest) = s.strip_prefix(MESSAGE_PREFIX) {
                (PartitionKey::Messages, rest)
            } else {
                return Err(format!(
                    "'{s}' is neither a {GROUP_PREFIX} nor a {MESSAGE_PREFIX} key"
                ));
            };
        Uuid::parse_str(rest)
            .map(make)
            .map_err(|e| format!("'{s}' does not end in a uuid: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

    #[test]
    fn formats_both_kinds() {
        let u = Uuid::parse_str(U).unwrap();
        assert_eq!(PartitionKey::groups_of(u).to_string(), format!("GRP#{U}"));
        assert_eq!(PartitionKey::messages_of(u).to_string(), format!("MSG#{U}"));
    }

    #[test]
    fn parses_what_it_formats_and_rejects_the_rest() {
        let u = Uuid::parse_str(U).unwrap();
        assert_eq!(format!("MSG#{U}").parse(), Ok(PartitionKey::Messages(u)));
        assert_eq!(format!("GRP#{U}").parse(), Ok(PartitionKey::Groups(u)));
        assert!("USR#x".parse::<PartitionKey>().is_err());
        assert!("MSG#not-a-uuid".parse::<PartitionKey>().is_err());
    }
}
