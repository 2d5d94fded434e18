//! Confirmation of destructive actions: ask on a terminal (default No),
//! refuse without one unless `--yes` was given.
//!
//! The answer is a whole line typed after the question appears: keys pressed
//! before it (type-ahead) are discarded, and only `y` or `yes`, in any case,
//! is yes. "maybe", "okay", an empty line and end of input are all no.

use std::io::{BufRead, IsTerminal, Write};

use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt;

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
    if crate::app::output::json_stderr() {
        crate::app::output::json_note(
            "confirm",
            serde_json::json!({ "target": target, "question": question }),
        );
    } else {
        eprintln!("{}", crate::app::redact::text(target));
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(CliError::new(format!(
            "refusing to go on without confirmation: no terminal to ask \"{question}\""
        ))
        .hint("pass --yes to confirm non-interactively")
        .kind(ErrorKind::NotConfirmed));
    }
    discard_typeahead();
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let line = read_answer()?;
    if is_yes(&line) {
        Ok(())
    } else {
        let said = line.trim();
        let why = if said.is_empty() {
            String::new()
        } else {
            format!(
                " (the answer was \"{}\"; only y or yes confirms)",
                said.escape_debug()
            )
        };
        Err(CliError::new(format!("aborted: nothing was changed{why}"))
            .kind(ErrorKind::NotConfirmed))
    }
}

/// Whether a typed line means yes: `y` or `yes` in any case, nothing else.
fn is_yes(line: &str) -> bool {
    let answer = line.trim();
    answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes")
}

/// Drops what was typed at the terminal before the question was shown.
fn discard_typeahead() {
    // SAFETY: tcflush only discards the input queue of file descriptor 0; an
    // error (not a terminal) leaves everything as it was.
    unsafe {
        libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
    }
}

/// Reads one line from the terminal. A command that handles signals itself
/// ([`interrupt::listen`]) still stops at the first Ctrl-C: the wait for a
/// line checks for it every 100 ms. End of input reads as an empty line.
fn read_answer() -> Result<String, CliError> {
    let unreadable = |e: std::io::Error| {
        CliError::new(format!("could not read the answer: {e}")).kind(ErrorKind::NotConfirmed)
    };
    wait_for_line()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(unreadable)?;
    if line.is_empty() {
        // End of input (Ctrl-D): end the prompt's line.
        eprintln!();
    }
    Ok(line)
}

fn wait_for_line() -> Result<(), CliError> {
    loop {
        if let Some(signal) = interrupt::process().requested() {
            eprintln!();
            return Err(CliError::interrupted(
                signal,
                "interrupted at the question: nothing was changed",
            ));
        }
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut fds, 1, 100) };
        if ready > 0 {
            // A whole line (the terminal is in canonical mode), end of input or hang-up.
            return Ok(());
        }
        if ready < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            // Poll itself failed: let the read report what is wrong.
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_yes;

    #[test]
    fn only_y_or_yes_in_any_case_is_yes() {
        let yes = ["y", "Y", "yes", "YES", "Yes", " yes \n", "y\r\n"];
        let no = [
            "", "\n", "n", "no", "maybe", "okay", "ok", "yeah", "yess", "y y", "sure", "1", "true",
            "ye",
        ];
        assert_eq!(
            yes.iter().filter(|a| is_yes(a)).count(),
            yes.len(),
            "{yes:?}"
        );
        assert_eq!(no.iter().filter(|a| is_yes(a)).count(), 0, "{no:?}");
    }
}
