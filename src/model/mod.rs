//! The single-table design of `cruddur-messages`, in one place: table and
//! index definition, key formats, timestamp format and item shapes. Every
//! command that reads or writes messages goes through this module.

pub mod attr;
pub mod capacity;
pub mod item_lines;
pub mod item_rules;
pub mod items;
pub mod keys;
pub mod schema;
pub mod time;

/// Defaults shared by `ddb seed` and the access patterns.
pub mod defaults {
    /// The conversation the seed writes, unless `--group-uuid` says otherwise.
    pub const GROUP_UUID: &str = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
    /// The first participant (`Person 1`).
    pub const MY_HANDLE: &str = "andrewbrown";
    /// The second participant (`Person 2`).
    pub const OTHER_HANDLE: &str = "bayko";
}

pub use items::{MessageEvent, MessageGroupRow, MessageRow, ModelError, Participant};
pub use keys::PartitionKey;
pub use schema::{DEFAULT_TABLE, GSI_NAME};
