//! Writing data to stdout: tables for people, JSON for scripts. Messages
//! and progress go to stderr (see [`note`]).

use std::io::{IsTerminal, Write};

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;

/// How data is written to stdout (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable tables
    Table,
    /// JSON, for scripts
    Json,
}

/// True when colour and box drawing are welcome on stdout.
pub fn stdout_is_rich() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// True when stderr is a terminal (progress bars, spinners, prompts).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// A table with the given header, in the style that suits stdout.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    if stdout_is_rich() {
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some((_rows, columns)) = console::Term::stdout().size_checked() {
            t.set_width(columns);
        }
    } else {
        t.load_preset(ASCII_MARKDOWN)
            .set_content_arrangement(ContentArrangement::Disabled);
    }
    t.set_header(header);
    t
}

/// Prints a table to stdout.
pub fn print_table(t: &Table) {
    println!("{t}");
}

/// Prints a value as pretty JSON to stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .and_then(|()| writeln!(out).map_err(serde_json::Error::io))
        .context("writing JSON to stdout")
}

/// A message for the person at the terminal (stderr).
pub fn note(msg: impl AsRef<str>) {
    eprintln!("{}", msg.as_ref());
}

/// Cuts a string to at most `width` characters, marking the cut with `…`.
pub fn truncate(s: &str, width: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= width {
        return flat;
    }
    let mut out: String = flat.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A count with thousands separators, as messages show it: `5,002`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits_by_three() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(5002), "5,002");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }

    use super::*;

    #[test]
    fn truncate_keeps_short_strings_and_marks_cuts() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("a\nb", 5), "a b");
        assert_eq!(truncate("héllo wörld", 4), "hél…");
    }
}
