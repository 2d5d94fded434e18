//! Steps of a multi-step command (`setup`, `db setup`, `db reset`, and the
//! single-step `db` commands): one stderr line each as it ends, and the list
//! in `--output json`.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::app::error::CliError;
use crate::app::interrupt::{self, Shutdown};
use crate::app::output;

/// The steps of `cruddur setup` (`--output json`).
#[derive(Debug, Serialize)]
pub struct StepsReport<'a> {
    pub steps: &'a [StepReport],
}

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

/// The steps of one command as they end: each is noted on stderr. A step
/// list listens for SIGINT and SIGTERM (see [`crate::interrupt`]): after
/// one the command stops before its next step, and the steps' own waits and
/// writes stop through [`Steps::shutdown`]. Commands whose steps skip what is already there finish the
/// job when run again.
#[derive(Debug)]
pub struct Steps {
    command: &'static str,
    done: Vec<StepReport>,
    shutdown: Shutdown,
}

impl Steps {
    /// The steps of `command` (named in the interruption message), from
    /// here on stopped by the first signal.
    pub fn new(command: &'static str) -> Self {
        Steps {
            command,
            done: Vec::new(),
            shutdown: interrupt::listen(),
        }
    }

    /// What the steps hand to their waits and writes.
    pub fn shutdown(&self) -> &Shutdown {
        &self.shutdown
    }

    /// Notes a step that has ended; after a signal, the error that stops
    /// the command, naming the steps done.
    pub fn push(&mut self, step: StepReport) -> Result<(), CliError> {
        step.note();
        self.done.push(step);
        let Some(signal) = self.shutdown.requested() else {
            return Ok(());
        };
        let names: Vec<&str> = self.done.iter().map(|s| s.step).collect();
        Err(CliError::interrupted(
            signal,
            format!(
                "interrupted: {} stopped after {} step(s): {}; run the same command again to finish (it skips what is done)",
                self.command,
                names.len(),
                names.join(", ")
            ),
        ))
    }

    /// The steps done, in order.
    pub fn done(&self) -> &[StepReport] {
        &self.done
    }
}

/// Seconds with two decimals, for the step lines.
fn secs(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}
