//! The AWS plumbing below the commands: retry and timeout settings, what a
//! failed connection looks like, the profile a run uses, the SDK's errors
//! as one line, the hand-signed EC2 Query client and the security-group
//! rules it reads and writes, and the Cognito pool and RDS instance cores.

pub mod cognito_pool;
pub mod connection;
pub mod errors;
pub mod profile;
pub mod query;
pub mod rds_instance;
pub mod retry;
pub mod security_groups;
