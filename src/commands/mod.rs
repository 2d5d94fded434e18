//! The top layer: one folder or file per command group, each holding its
//! clap arguments, its handler and its report. Nothing below imports a
//! command, and no group imports another (`scripts/check-imports` reads the
//! groups from this folder); what two groups share lives below them.

pub mod cognito;
pub mod completions;
pub mod db;
pub mod ddb;
pub mod doctor;
pub mod init;
pub mod patterns;
pub mod rds;
pub mod setup;
