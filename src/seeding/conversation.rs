//! The seed conversation: one message a line, `Person 1: ` (the first
//! participant) or `Person 2: ` (the second) in front. Blank lines and lines
//! starting with `#` are skipped.

use crate::app::error::CliError;
use crate::model::items::check_message_text;

/// The conversation compiled into the binary (`seeds/conversation.txt`).
pub const DEFAULT_CONVERSATION: &str = include_str!("../../seeds/conversation.txt");

/// The most lines a seed file may have.
pub const MAX_LINES: usize = 50_000;

/// Who says a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    First,
    Second,
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub speaker: Speaker,
    pub text: String,
}

/// Parses a conversation; `source` names it in errors (a path, or "built-in").
/// A UTF-8 byte-order mark (as Windows editors write) is skipped.
pub fn parse(text: &str, source: &str) -> Result<Vec<Line>, CliError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (speaker, rest) = if let Some(rest) = trimmed.strip_prefix("Person 1:") {
            (Speaker::First, rest)
        } else if let Some(rest) = trimmed.strip_prefix("Person 2:") {
            (Speaker::Second, rest)
        } else {
            return Err(CliError::usage(format!(
                "{source}:{number}: the line does not start with 'Person 1: ' or 'Person 2: '"
            ))
            .hint("prefix every message with who says it; nothing was written"));
        };
        let text = rest.trim().to_string();
        check_message_text(&text).map_err(|why| {
            CliError::usage(format!("{source}:{number}: {why}"))
                .hint("fix the line; nothing was written")
        })?;
        lines.push(Line { speaker, text });
        if lines.len() > MAX_LINES {
            return Err(
                CliError::usage(format!("{source}: more than {MAX_LINES} messages"))
                    .hint("split the conversation; nothing was written"),
            );
        }
    }
    if lines.is_empty() {
        return Err(
            CliError::usage(format!("{source}: no messages in the file"))
                .hint("write lines like 'Person 1: hello'"),
        );
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_conversation_parses() {
        let lines = parse(DEFAULT_CONVERSATION, "built-in").unwrap();
        assert!(
            lines.len() >= 90,
            "about a hundred lines, got {}",
            lines.len()
        );
        assert_eq!(lines[0].speaker, Speaker::First);
        assert!(lines.iter().any(|l| l.speaker == Speaker::Second));
    }

    #[test]
    fn skips_blanks_and_comments_and_trims() {
        let lines = parse("# a comment\n\nPerson 2:   hi there  \nPerson 1: yo\n", "f").unwrap();
        assert_eq!(
            lines,
            [
                Line {
                    speaker: Speaker::Second,
                    text: "hi there".into()
                },
                Line {
                    speaker: Speaker::First,
                    text: "yo".into()
                },
            ]
        );
    }

    #[test]
    fn names_file_and_line_of_a_bad_line() {
        let err = parse("Person 1: ok\nPerson 3: who?\n", "talk.txt").unwrap_err();
        assert!(err.message.starts_with("talk.txt:2:"), "{}", err.message);
        let err = parse("Person 1: ok\nPerson 2:\n", "talk.txt").unwrap_err();
        assert!(
            err.message.contains("talk.txt:2: the message is empty"),
            "{}",
            err.message
        );
        let long = format!("Person 1: {}", "x".repeat(1025));
        assert!(parse(&long, "f")
            .unwrap_err()
            .message
            .contains("1025 characters"));
        assert!(parse("\n# only a comment\n", "f").is_err());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let lines = parse("\u{feff}Person 1: hello\r\nPerson 2: hi\r\n", "bom.txt").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].speaker, Speaker::First);
        assert_eq!(lines[0].text, "hello");
    }
}
