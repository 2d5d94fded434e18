//! Writing data to stdout: tables for people, JSON for scripts. Messages
//! and progress go to stderr (see [`note`]).

use std::io::{IsTerminal, Write};

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// Columns a string takes on a terminal: wide (CJK) characters and emoji
/// count two, combining marks none.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a string to at most `width` terminal columns, marking the cut with
/// `…`. Control characters become spaces, and a cut never splits a
/// character cluster (an emoji sequence or a letter with its accents).
pub fn truncate(s: &str, width: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if display_width(&flat) <= width {
        return flat;
    }
    let budget = width.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for cluster in flat.graphemes(true) {
        let w = display_width(cluster);
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(cluster);
    }
    out.push('…');
    out
}

/// `s` followed by spaces up to `width` terminal columns (no cut).
pub fn pad(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(s));
    format!("{s}{}", " ".repeat(fill))
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

    #[test]
    fn truncate_and_pad_count_terminal_columns() {
        // Each of these characters takes two columns.
        assert_eq!(display_width("山田太郎"), 8);
        assert_eq!(truncate("山田太郎", 8), "山田太郎");
        assert_eq!(truncate("山田太郎", 7), "山田太…");
        assert_eq!(truncate("山田太郎", 6), "山田…");
        assert_eq!(display_width(&truncate("山田太郎です", 6)), 5);
        // A flag is one cluster of two code points, two columns wide: kept
        // or dropped whole.
        assert_eq!(truncate("ab\u{1F1EF}\u{1F1F5}cd", 4), "ab…");
        assert_eq!(
            truncate("ab\u{1F1EF}\u{1F1F5}cd", 5),
            "ab\u{1F1EF}\u{1F1F5}…"
        );
        // A combining accent takes no column of its own.
        assert_eq!(truncate("e\u{301}tude", 3), "e\u{301}t…");
        assert_eq!(pad("山田", 6), "山田  ");
        assert_eq!(pad("abc", 6), "abc   ");
        assert_eq!(pad("abcdefg", 6), "abcdefg");
    }
}
