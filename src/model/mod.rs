//! The single-table design of `cruddur-messages`, in one place: table and
//! index definition, key formats, timestamp format and item shapes. Every
//! command that reads or writes messages goes through this module.

pub mod attr;
pub mod items;
pub mod keys;
pub mod schema;
pub mod time;

pub use items::{MessageGroupRow, MessageRow, ModelError, Participant};
pub use keys::PartitionKey;
pub use schema::{DEFAULT_TABLE, GSI_NAME};
