//! Writing data to stdout: tables for people, JSON for scripts. Messages
//! and progress go to stderr (see [`note`]).

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};
use console::Color;
use indicatif::{ProgressBar, ProgressStyle};
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

/// When to use colour (`--color`), as in cargo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set to a non-empty value or TERM is `dumb`
    Auto,
    /// Always, even into a pipe or a file
    Always,
    /// Never
    Never,
}

/// Decides colour for stdout and stderr once, before anything is printed;
/// console (and with it the progress bars and prompts) follows the decision.
pub fn init_color(choice: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR");
    let term = std::env::var_os("TERM");
    let wanted = |terminal| color_wanted(choice, terminal, no_color.as_deref(), term.as_deref());
    console::set_colors_enabled(wanted(std::io::stdout().is_terminal()));
    console::set_colors_enabled_stderr(wanted(std::io::stderr().is_terminal()));
}

/// The `--color` among `args` (before a `--`), for clap's own help and
/// usage messages; clap's `auto` already follows NO_COLOR as [`init_color`] does.
pub fn clap_color(args: &[std::ffi::OsString]) -> clap::ColorChoice {
    match flag_value(args, "--color", None) {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

/// Whether the command line asks for `--output json` (`-o json`,
/// `--output=json`): read before parsing, so that a usage error is JSON too.
pub fn json_requested(args: &[std::ffi::OsString]) -> bool {
    flag_value(args, "--output", Some("-o")) == Some("json")
}

/// The last value given to a flag on the command line, before `--`.
fn flag_value<'a>(
    args: &'a [std::ffi::OsString],
    long: &str,
    short: Option<&str>,
) -> Option<&'a str> {
    let mut value = None;
    let mut args = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    let with_eq = format!("{long}=");
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == long || Some(arg) == short {
            value = args.next();
        } else if let Some(v) = arg.strip_prefix(&with_eq) {
            value = Some(v);
        } else if let Some(v) = short
            .and_then(|s| arg.strip_prefix(s))
            .filter(|v| !v.is_empty())
        {
            value = Some(v.trim_start_matches('='));
        }
    }
    value
}

/// The colour rule: `--color` wins; `auto` means a terminal, no non-empty
/// NO_COLOR (an empty one does not count, see no-color.org) and a TERM
/// other than `dumb`.
fn color_wanted(
    choice: ColorChoice,
    terminal: bool,
    no_color: Option<&OsStr>,
    term: Option<&OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal && no_color.is_none_or(OsStr::is_empty) && term != Some(OsStr::new("dumb"))
        }
    }
}

/// `line` with a leading `error:` in red or `warning:` in yellow when
/// stderr gets colour.
pub fn for_stderr(line: &str) -> String {
    let line = &crate::app::redact::text(line);
    for (label, color) in [("error:", Color::Red), ("warning:", Color::Yellow)] {
        if let Some(rest) = line.strip_prefix(label) {
            let label = console::style(label).fg(color).bold().for_stderr();
            return format!("{label}{rest}");
        }
    }
    line.to_string()
}

/// A bar on stderr for writing `len` items, `doing` one of "seeding",
/// "importing". Like [`spinner`], it draws nothing when stderr is not a
/// terminal (indicatif's stderr target hides itself).
pub fn write_bar(len: u64, doing: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template =
        format!("{{spinner}} {doing} [{{bar:30}}] {{pos}}/{{len}} items written, {{msg}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// A spinner on stderr showing `message` and the time elapsed.
pub fn spinner(message: String) -> ProgressBar {
    let bar = ProgressBar::no_length();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// True when stdout is a terminal: tables get box drawing and fit its width.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// A table for stdout whose cells are untrusted text (display names,
/// handles, messages, queries): every cell goes through [`escape_control`],
/// so no value can move the cursor, clear the screen or reorder the line.
pub struct SafeTable(Table);

impl SafeTable {
    /// Adds a row, escaping the control characters of every cell.
    pub fn add_row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0
            .add_row(cells.into_iter().map(|c| escape_control(c.as_ref())));
        self
    }
}

impl std::fmt::Display for SafeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Control characters (C0, DEL, C1) and the bidirectional formatting
/// characters written as visible escapes: `\n`, `\t`, `\r`, else `\u{..}`.
/// Everything else, wide characters included, is kept.
pub fn escape_control(s: &str) -> String {
    let is_bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(|c| c.is_control() || is_bidi(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_bidi(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// A table with the given header, in the style that suits stdout.
pub fn table<I, S>(header: I) -> SafeTable
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    if stdout_is_terminal() {
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
    SafeTable(t)
}

/// Prints a table to stdout.
pub fn print_table(t: &SafeTable) -> anyhow::Result<()> {
    print_line(&t.to_string())
}

/// Writes one line to stdout.
pub fn print_line(line: &str) -> anyhow::Result<()> {
    print_text(&format!("{line}\n"))
}

/// Writes text to stdout as it is.
pub fn print_text(text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => reader_gone(),
        other => other.context("writing to stdout"),
    }
}

/// The reader of stdout went away (`cruddur ... | head`): the process ends
/// quietly with the status of one killed by SIGPIPE, as other command-line
/// tools do. SIGPIPE itself stays ignored (Rust's default), so a network
/// peer that closes its end fails a request instead of killing the process.
pub fn reader_gone() -> ! {
    std::process::exit(141)
}

/// Prints a value as pretty JSON to stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print_text(&text)
}

/// False when the process was started with stdout closed (`>&-`), so that
/// data commands refuse instead of writing into nothing. Rust's runtime
/// reopens a closed standard descriptor on /dev/null for reading and
/// writing before `main`; a shell's `> /dev/null` opens it write-only. So
/// stdout on /dev/null opened read-write counts as closed.
pub fn stdout_is_open() -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: fcntl and fstat only read the descriptor's flags and status.
    let (flags, stat) = unsafe {
        let mut stat: libc::stat = std::mem::zeroed();
        let flags = libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL);
        let ok = libc::fstat(libc::STDOUT_FILENO, &mut stat) == 0;
        (flags, ok.then_some(stat))
    };
    if flags == -1 {
        return false;
    }
    let on_null = match (stat, std::fs::metadata("/dev/null")) {
        (Some(stat), Ok(null)) => {
            (stat.st_mode & libc::S_IFMT) == libc::S_IFCHR && stat.st_rdev == null.rdev()
        }
        _ => false,
    };
    !(on_null && (flags & libc::O_ACCMODE) == libc::O_RDWR)
}

static JSON_STDERR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// With `--output json` every line on stderr is a JSON object: notes are
/// `{"note": ...}`, warnings `{"warning": ...}` (errors are `{"error": ...}`).
pub fn init_json_stderr(json: bool) {
    JSON_STDERR.store(json, std::sync::atomic::Ordering::Relaxed);
}

/// Whether stderr carries JSON lines (`--output json`).
pub fn json_stderr() -> bool {
    JSON_STDERR.load(std::sync::atomic::Ordering::Relaxed)
}

/// One JSON line on stderr: `{key: value}`, secrets hidden.
pub fn json_note(key: &str, value: serde_json::Value) {
    let mut line = serde_json::Map::new();
    line.insert(key.to_string(), value);
    eprintln!(
        "{}",
        crate::app::redact::text(&serde_json::Value::Object(line).to_string())
    );
}

/// A message for the person at the terminal (stderr); with `--output json`
/// a JSON line.
pub fn note(msg: impl AsRef<str>) {
    let msg = msg.as_ref();
    if json_stderr() {
        match msg.strip_prefix("warning: ") {
            Some(rest) => json_note("warning", rest.into()),
            None => json_note("note", msg.into()),
        }
        return;
    }
    eprintln!("{}", for_stderr(msg));
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

/// A write to stdout that may find its reader gone: then the process ends
/// as [`reader_gone`] says.
fn checked(result: std::io::Result<()>) -> anyhow::Result<()> {
    use anyhow::Context;
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => reader_gone(),
        other => other.context("writing to stdout"),
    }
}

/// A table printed page by page as the rows arrive, so any number of rows
/// takes the memory of one page: the first page sets the columns' widths
/// (as wide as its widest cell, at most each column's limit), later rows
/// are cut to them; every cell is escaped ([`escape_control`]) and cut with
/// [`truncate`], in the `| a | b |` form tables take outside a terminal.
pub struct StreamTable {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    columns: Vec<(&'static str, usize)>,
    widths: Option<Vec<usize>>,
}

impl StreamTable {
    /// A table of these columns: names and widest widths, in terminal columns.
    pub fn new(columns: &[(&'static str, usize)]) -> Self {
        StreamTable {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            columns: columns.to_vec(),
            widths: None,
        }
    }

    fn line(&mut self, cells: &[String], widths: &[usize]) -> anyhow::Result<()> {
        let cells: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(&truncate(c, *w), *w))
            .collect();
        checked(writeln!(self.out, "| {} |", cells.join(" | ")))
    }

    /// Prints a page of rows (the header first, with the first page).
    pub fn page(&mut self, rows: &[Vec<String>]) -> anyhow::Result<()> {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| escape_control(c)).collect())
            .collect();
        let widths = match &self.widths {
            Some(w) => w.clone(),
            None => {
                let w: Vec<usize> = self
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (name, most))| {
                        rows.iter()
                            .filter_map(|r| r.get(i))
                            .map(|c| display_width(c))
                            .chain([display_width(name)])
                            .max()
                            .unwrap_or(0)
                            .min(*most)
                    })
                    .collect();
                let names: Vec<String> = self.columns.iter().map(|(n, _)| n.to_string()).collect();
                self.line(&names, &w)?;
                let rule: Vec<String> = w.iter().map(|w| "-".repeat(w + 2)).collect();
                checked(writeln!(self.out, "|{}|", rule.join("|")))?;
                self.widths = Some(w.clone());
                w
            }
        };
        for r in &rows {
            self.line(r, &widths)?;
        }
        checked(self.out.flush())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        checked(self.out.flush())
    }
}

/// A JSON array printed element by element as they arrive: `head` is
/// everything before the array's elements (ending in `[`), `indent` their
/// indentation; [`JsonList::finish`] closes the array and writes `tail`.
pub struct JsonList {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    indent: usize,
    written: u64,
}

impl JsonList {
    pub fn start(head: &str, indent: usize) -> anyhow::Result<Self> {
        let mut l = JsonList {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            indent,
            written: 0,
        };
        checked(write!(l.out, "{head}"))?;
        Ok(l)
    }

    pub fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        let pad = " ".repeat(self.indent);
        let sep = if self.written == 0 { "\n" } else { ",\n" };
        let body: Vec<String> = text.lines().map(|l| format!("{pad}{l}")).collect();
        self.written += 1;
        checked(write!(self.out, "{sep}{}", body.join("\n")))
    }

    /// Flushes what was printed so far (a page's worth).
    pub fn flush(&mut self) -> anyhow::Result<()> {
        checked(self.out.flush())
    }

    pub fn finish(mut self, tail: &str) -> anyhow::Result<()> {
        let pad = " ".repeat(self.indent.saturating_sub(2));
        let close = if self.written == 0 {
            "]".to_string()
        } else {
            format!("\n{pad}]")
        };
        checked(writeln!(self.out, "{close}{tail}"))?;
        checked(self.out.flush())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_obeyed() {
        use super::escape_control;
        assert_eq!(escape_control("Andrew Brown"), "Andrew Brown");
        assert_eq!(escape_control("名前 ✓"), "名前 ✓");
        assert_eq!(
            escape_control("a\u{1b}[2J\u{1b}]0;pwned\u{7}b"),
            "a\\u{1b}[2J\\u{1b}]0;pwned\\u{7}b"
        );
        assert_eq!(escape_control("x\ny\tz\r"), "x\\ny\\tz\\r");
        assert_eq!(escape_control("\u{9b}\u{7f}"), "\\u{9b}\\u{7f}");
        assert_eq!(escape_control("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

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
    fn colour_follows_the_flag_then_no_color_then_the_terminal() {
        let os = |s: &'static str| Some(OsStr::new(s));
        use ColorChoice::*;
        assert!(color_wanted(Auto, true, None, os("xterm")));
        assert!(!color_wanted(Auto, false, None, os("xterm")));
        // Only a non-empty NO_COLOR turns colour off.
        assert!(color_wanted(Auto, true, os(""), os("xterm")));
        assert!(!color_wanted(Auto, true, os("1"), os("xterm")));
        assert!(!color_wanted(Auto, true, None, os("dumb")));
        assert!(color_wanted(Always, false, os("1"), os("dumb")));
        assert!(!color_wanted(Never, true, None, os("xterm")));
    }

    #[test]
    fn clap_learns_the_color_flag_before_parsing() {
        let args = |a: &[&str]| -> Vec<std::ffi::OsString> { a.iter().map(|s| s.into()).collect() };
        let never = args(&["cruddur", "--color", "never", "ddb", "--help"]);
        assert_eq!(clap_color(&never), clap::ColorChoice::Never);
        let always = args(&["cruddur", "ddb", "scan", "--color=always"]);
        assert_eq!(clap_color(&always), clap::ColorChoice::Always);
        let after_dashes = args(&["cruddur", "db", "connect", "--", "--color", "never"]);
        assert_eq!(clap_color(&after_dashes), clap::ColorChoice::Auto);
        assert_eq!(
            clap_color(&args(&["cruddur", "doctor"])),
            clap::ColorChoice::Auto
        );
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
