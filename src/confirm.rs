//! Confirmation of destructive actions: ask on a terminal (default No),
//! refuse without one unless `--yes` was given.

use std::io::IsTerminal;

use crate::error::{CliError, ErrorKind};

/// Confirmation for destructive commands.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ConfirmOpts {
    /// Do not ask for confirmation (needed with --prod when there is no terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Asks `question` unless `yes`. `target` (what will be destroyed) is shown first.
pub fn confirm(target: &str, question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    eprintln!("{target}");
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(CliError::new(format!(
            "refusing to go on without confirmation: no terminal to ask \"{question}\""
        ))
        .hint("pass --yes to confirm non-interactively")
        .kind(ErrorKind::NotConfirmed));
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| {
            CliError::new(format!("could not read the answer: {e}")).kind(ErrorKind::NotConfirmed)
        })?;
    if answer {
        Ok(())
    } else {
        Err(CliError::new("aborted: nothing was changed").kind(ErrorKind::NotConfirmed))
    }
}
