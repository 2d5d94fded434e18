//! The DynamoDB access layer every command group uses: the read-only and
//! the writing client ([`client`]), the local-endpoint guard that alone
//! hands out the writing one ([`guard`]), errors mapped once ([`errors`]),
//! the table's description, waits and confirmation text ([`tables`]), the
//! table the app needs ([`schema`]), row queries ([`rows`]), scan pages
//! ([`scan`]), the bulk writer ([`batch`], with its write-unit cap) and the
//! plan of a bulk load ([`load_plan`]). Command groups call it, never the
//! reverse.

pub(crate) mod batch;
pub mod client;
pub mod consumed;
pub mod errors;
pub mod guard;
pub mod load_plan;
pub mod local_server;
pub mod rows;
pub mod scan;
pub mod schema;
pub mod tables;
mod write_cap;
