//! The DynamoDB access layer every command group uses: errors mapped once
//! ([`errors`]), the local-endpoint guard ([`guard`]), the table's
//! description and waits ([`tables`]), row queries ([`rows`]), the bulk
//! writer ([`batch`], with its write-unit cap) and the plan of a bulk load
//! ([`load_plan`]). It knows nothing of commands: command groups call it,
//! never the reverse.

pub(crate) mod batch;
pub mod client;
pub mod errors;
pub mod guard;
pub mod load_plan;
pub mod rows;
pub mod scan;
pub mod schema;
pub mod tables;
mod write_cap;
