//! Errors as the user sees them: one `error:` line with what went wrong and
//! what to do, and an exit code that means something.

use std::fmt;
use std::process::ExitCode;

/// What kind of failure an error is: callers match on it (never on the
/// message text), and it sets the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input from the user: arguments, files, values (exit 2, as clap's
    /// usage errors).
    Usage,
    /// What the command acts on does not exist (a database, a table, a pool).
    NotFound,
    /// The service did not answer (yet): waiting and trying again may help.
    Unreachable,
    /// A destructive step was not confirmed, or could not be asked (exit 3).
    NotConfirmed,
    /// The data is not in the state the command needs (in use, linked elsewhere).
    Conflict,
    /// Anything else that went wrong.
    Failed,
    /// Stopped by SIGINT / SIGTERM after finishing cleanly: the message says
    /// what was done; printed without `error:`, exit 130 / 143.
    Interrupted(crate::app::interrupt::Signal),
}

impl ErrorKind {
    /// The kind's name in `--output json` errors.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::NotConfirmed => "not_confirmed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Failed => "failed",
            ErrorKind::Interrupted(_) => "interrupted",
        }
    }

    /// The process exit code of an error of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::NotConfirmed => 3,
            ErrorKind::NotFound
            | ErrorKind::Unreachable
            | ErrorKind::Conflict
            | ErrorKind::Failed => 1,
            ErrorKind::Interrupted(signal) => signal.exit_code(),
        }
    }
}

/// An error with a message for the user, an optional hint and a kind.
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Detail in words (the chain of causes), shown with `-v`.
    pub detail: Option<String>,
    /// The Rust Debug form of the cause, shown with `-vv` only.
    pub debug: Option<String>,
}

impl CliError {
    /// A failure of kind [`ErrorKind::Failed`]; see [`CliError::kind`].
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Failed,
            message: message.into(),
            hint: None,
            detail: None,
            debug: None,
        }
    }

    /// Bad input from the user (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(message).kind(ErrorKind::Usage)
    }

    /// A command stopped by a signal: `message` says what was done and how
    /// to finish (see [`ErrorKind::Interrupted`]).
    pub fn interrupted(signal: crate::app::interrupt::Signal, message: impl Into<String>) -> Self {
        CliError::new(message).kind(ErrorKind::Interrupted(signal))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// True for a failure to reach a service, which waiting may cure.
    pub fn is_unreachable(&self) -> bool {
        self.kind == ErrorKind::Unreachable
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The cause in words (`-v`) and in its Debug form (`-vv`).
    pub fn cause(self, e: &(dyn std::error::Error + 'static)) -> Self {
        let debug = format!("{e:?}");
        self.detail(chain(e)).debug(debug)
    }

    pub fn debug(mut self, debug: impl Into<String>) -> Self {
        self.debug = Some(debug.into());
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

/// Prints the error as one line on stderr (more with `-v`) and returns the exit code.
///
/// Errors the crate produces itself are [`CliError`]s; errors of other
/// crates (I/O, JSON) travel as `anyhow::Error`, with `.context()` saying
/// what was being done. Either way the user reads one `error:` line.
///
/// With `--output json` the error is instead one JSON line on stderr,
/// `{"error":{"kind":"not_found","message":"...","hint":"..."}}`, so that a
/// script can tell the kinds apart without reading English.
pub fn report(err: &anyhow::Error, verbose: u8, json: bool) -> ExitCode {
    if json {
        let (line, code) = json_line(err);
        eprintln!("{line}");
        return ExitCode::from(code);
    }
    let (lines, code) = render(err, verbose);
    for line in lines {
        eprintln!("{}", crate::app::output::for_stderr(&line));
    }
    ExitCode::from(code)
}

/// The error as one JSON line, and its exit code.
fn json_line(err: &anyhow::Error) -> (String, u8) {
    let (kind, message, hint) = match err.downcast_ref::<CliError>() {
        Some(c) => (c.kind, c.message.clone(), c.hint.clone()),
        None => (ErrorKind::Failed, format!("{err:#}"), None),
    };
    let mut error = serde_json::Map::new();
    error.insert("kind".into(), kind.as_str().into());
    let shown = |s: &str| crate::app::redact::text(&one_line(s));
    error.insert("message".into(), shown(&message).into());
    error.insert("hint".into(), hint.map(|h| shown(&h)).into());
    let line = serde_json::json!({ "error": error }).to_string();
    (line, kind.exit_code())
}

/// A usage error found while parsing the command line, as `--output json`
/// reports it: clap's first line as the message.
fn usage_json_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let message = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error:")
        .trim();
    let mut error = serde_json::Map::new();
    error.insert("kind".into(), ErrorKind::Usage.as_str().into());
    error.insert(
        "message".into(),
        crate::app::redact::text(&one_line(message)).into(),
    );
    error.insert("hint".into(), "run the command with --help".into());
    serde_json::json!({ "error": error }).to_string()
}

/// The lines [`report`] prints and the exit code it returns.
fn render(err: &anyhow::Error, verbose: u8) -> (Vec<String>, u8) {
    let cli = err.downcast_ref::<CliError>();
    let (line, code) = match cli {
        Some(c) => (c.to_string(), c.kind.exit_code()),
        None => (format!("{err:#}"), ErrorKind::Failed.exit_code()),
    };
    let mut lines = match cli.map(|c| c.kind) {
        Some(ErrorKind::Interrupted(_)) => vec![one_line(&line)],
        _ => vec![format!("error: {}", one_line(&line))],
    };
    if verbose > 0 {
        if let Some(detail) = cli.and_then(|c| c.detail.as_ref()) {
            lines.push(format!("detail: {}", one_line(detail)));
        }
        if verbose > 1 {
            if let Some(debug) = cli.and_then(|c| c.debug.as_ref()) {
                lines.push(format!("debug: {debug}"));
            }
            lines.push(format!("debug: {err:?}"));
        }
    }
    (lines, code)
}

/// Prints a command-line parsing error of clap and returns its exit code:
/// help and `--version` as clap prints them; a usage error as plain text
/// with control characters escaped and huge values cut, as [`one_line`]
/// does, its layout kept.
pub fn report_usage(err: clap::Error, json: bool) -> ExitCode {
    if !err.use_stderr() {
        err.exit();
    }
    if json {
        eprintln!("{}", usage_json_line(&err));
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    for line in err.render().to_string().lines() {
        let shown: Vec<String> = line.split(' ').map(shown_word).collect();
        eprintln!("{}", crate::app::output::for_stderr(&shown.join(" ")));
    }
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// A word as a terminal should show it: control characters escaped, and a
/// run of more than [`LONGEST_WORD`] characters cut, saying how much was left out.
fn shown_word(word: &str) -> String {
    let escaped = crate::app::output::escape_control(word);
    let count = escaped.chars().count();
    if count <= LONGEST_WORD {
        return escaped;
    }
    let kept: String = escaped.chars().take(LONGEST_WORD / 2).collect();
    format!("{kept}…[{} more characters]", count - LONGEST_WORD / 2)
}

/// Longest run of characters without a space that an error line shows whole.
const LONGEST_WORD: usize = 200;

/// The message on one line, as a terminal should show it: whitespace runs
/// become one space, control characters (ESC, BEL) are shown escaped
/// instead of obeyed, and a run of more than [`LONGEST_WORD`] characters
/// without a space (a 100 KB table name, say) is cut, saying how much was left out.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace()
        .map(shown_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An error and its causes in words, outermost first, each said once
/// (an outer message that already holds an inner one is not repeated).
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cli_error_is_one_line_with_its_hint_and_its_kinds_exit_code() {
        let err = anyhow::Error::new(
            CliError::usage("the file has a bad line\n  at line 3")
                .hint("fix it and run again")
                .detail("parser said: unexpected token"),
        );
        let (lines, code) = render(&err, 0);
        assert_eq!(
            lines,
            ["error: the file has a bad line at line 3; fix it and run again"]
        );
        assert_eq!(code, 2);
    }

    #[test]
    fn an_error_line_escapes_control_characters_and_cuts_huge_names() {
        let name = "t".repeat(120_000);
        let err = anyhow::Error::new(
            CliError::new(format!("table '{name}' \u{1b}[31mred\u{7} does not exist"))
                .hint("run ddb schema-load"),
        );
        let (lines, _) = render(&err, 0);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let line = &lines[0];
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert_eq!(
            *line,
            format!(
                "error: table '{}…[{} more characters] \\u{{1b}}[31mred\\u{{7}} does not exist; run ddb schema-load",
                "t".repeat(99),
                120_002 - 100
            )
        );
    }

    #[test]
    fn with_json_output_an_error_is_one_json_line_with_its_kind() {
        let err = anyhow::Error::new(
            CliError::new("table 't' does not exist at http://localhost:8000")
                .kind(ErrorKind::NotFound)
                .hint("create it with `cruddur ddb schema-load`"),
        );
        assert_eq!(
            json_line(&err),
            (
                r#"{"error":{"kind":"not_found","message":"table 't' does not exist at http://localhost:8000","hint":"create it with `cruddur ddb schema-load`"}}"#.to_string(),
                1
            )
        );
        let foreign = anyhow::Error::msg("disk full");
        assert_eq!(
            json_line(&foreign),
            (
                r#"{"error":{"kind":"failed","message":"disk full","hint":null}}"#.to_string(),
                1
            )
        );
    }

    #[test]
    fn verbose_adds_the_detail_then_the_debug_chain() {
        let err = anyhow::Error::new(CliError::new("it failed").detail("the inner reason"));
        let (lines, code) = render(&err, 1);
        assert_eq!(lines, ["error: it failed", "detail: the inner reason"]);
        assert_eq!(code, 1);
        let (lines, _) = render(&err, 2);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[2].starts_with("debug: ") && lines[2].contains("it failed"));
    }

    #[test]
    fn a_cause_is_words_with_v_and_its_debug_form_only_with_vv() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "connect timed out");
        let err = anyhow::Error::new(CliError::new("DynamoDB did not answer").cause(&io));
        let (lines, _) = render(&err, 1);
        assert_eq!(
            lines,
            [
                "error: DynamoDB did not answer",
                "detail: connect timed out"
            ]
        );
        let (lines, _) = render(&err, 2);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(
            lines[2],
            "debug: Custom { kind: TimedOut, error: \"connect timed out\" }"
        );
    }

    #[test]
    fn the_chain_says_each_cause_once() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "dispatch failure")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Outer(std::io::Error::other("connection refused"));
        assert_eq!(chain(&e), "dispatch failure: connection refused");
    }

    #[test]
    fn a_foreign_error_shows_its_context_chain_and_exits_1() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe closed");
        let err = anyhow::Error::new(io).context("writing JSON to stdout");
        let (lines, code) = render(&err, 0);
        assert_eq!(lines, ["error: writing JSON to stdout: pipe closed"]);
        assert_eq!(code, 1);
    }

    #[test]
    fn each_kind_has_its_exit_code() {
        let codes: Vec<u8> = [
            ErrorKind::Usage,
            ErrorKind::NotFound,
            ErrorKind::Unreachable,
            ErrorKind::NotConfirmed,
            ErrorKind::Conflict,
            ErrorKind::Failed,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, [2, 1, 1, 3, 1, 1]);
    }
}
