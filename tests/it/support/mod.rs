//! The harness every test module imports with `use crate::support::*`:
//!
//! - `services`: the local services (started once per run by
//!   `scripts/local-services` unless the test command already did), SDK
//!   clients on them and small stand-in servers;
//! - `commands`: the preconfigured `cruddur` command and its variants;
//! - `resources`: uniquely named tables and databases with their preset
//!   commands, and the items a table holds;
//! - `transcripts`: a run's whole output, made stable for snapshots, and
//!   its error line;
//! - `fault_proxy`, `runtime_api`, `pool`: a fault-injecting proxy in front
//!   of DynamoDB, a Lambda Runtime API, Cognito user pools in moto.

mod commands;
pub mod fault_proxy;
pub mod pool;
mod resources;
pub mod runtime_api;
mod services;
mod transcripts;

pub use commands::*;
pub use fault_proxy::{Counts, FaultProxy, Faults, FUTURE_TYPE_VALUE};
pub use resources::*;
pub use services::*;
pub use transcripts::*;
