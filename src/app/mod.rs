//! Around every command, below the commands and above the services: the
//! run's context and settings, errors and how they are shown, output,
//! confirmation, the steps of a multi-step command, signals, waiting, the
//! app's files (`project`), hiding secrets and naming the service that
//! answers instead of the one expected.

pub mod confirm;
pub mod context;
pub mod error;
pub mod interrupt;
pub mod output;
pub mod peer;
pub mod project;
pub mod redact;
pub mod steps;
pub mod wait;
