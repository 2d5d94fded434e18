//! Steps of a multi-step command (`setup`, `db setup`, `db reset`, and the
//! single-step `db` commands): one stderr line each as it ends, and the list
//! in `--output json`.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::CliError;
use crate::interrupt;
use crate::output;

/// One step of setup/reset (or a single command), as reported.
#[derive(Debug, Serialize)]
pub struct StepReport {
    pub step: &'static str,
    pub status: String,
    pub seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    statements: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<serde_json::Value>,
}

impl StepReport {
    pub fn new(step: &'static str, status: impl Into<String>, started: Instant) -> Self {
        StepReport {
            step,
            status: status.into(),
            seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
            statements: None,
            details: None,
        }
    }

    /// Records how many SQL statements the step ran.
    pub fn statements(mut self, n: usize) -> Self {
        self.statements = Some(n);
        self
    }

    /// Attaches the step's own report (for `--output json`).
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// The one stderr line of the step.
    pub fn note(&self) {
        output::note(format!(
            "{}: {} ({})",
            self.step,
            self.status,
            secs(Duration::from_secs_f64(self.seconds))
        ));
    }
}

/// Between two steps of `command`: after a SIGINT or SIGTERM (see
/// [`crate::interrupt`]), the error that stops the command, naming the steps
/// done; the next step is not started. Commands whose steps skip what is
/// already there finish the job when run again.
pub fn stop_if_interrupted(command: &str, done: &[StepReport]) -> Result<(), CliError> {
    let Some(signal) = interrupt::requested() else {
        return Ok(());
    };
    let names: Vec<&str> = done.iter().map(|s| s.step).collect();
    let progress = if names.is_empty() {
        "before its first step".to_string()
    } else {
        format!("after {} step(s): {}", names.len(), names.join(", "))
    };
    Err(CliError::interrupted(
        signal,
        format!(
            "interrupted: {command} stopped {progress}; run the same command again to finish (it skips what is done)"
        ),
    ))
}

/// Seconds with two decimals, for the step lines.
fn secs(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}
