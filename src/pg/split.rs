//! Splits a SQL file into statements, so that each one can be run (and, on
//! failure, reported) on its own. A `;` ends a statement unless it is inside a
//! quoted string or identifier, a comment or a dollar-quoted body.

/// One statement of a SQL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement's text, trimmed, without the closing `;`.
    pub sql: String,
    /// Line (1-based) of the file where the statement starts.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Normal,
    /// `'...'` or `"..."` (`quote`), where a doubled quote stands for
    /// itself; `backslash` for `E'...'`, where a backslash escapes the next
    /// character.
    Quoted {
        quote: char,
        backslash: bool,
    },
    /// `-- ...` up to the end of the line.
    LineComment,
    /// `/* ... */`, which nest in Postgres.
    BlockComment(usize),
    /// `$tag$ ... $tag$`
    Dollar(String),
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The dollar-quote tag (`$`, `$tag$`) starting at `chars[i]`, if there is one.
fn dollar_tag(chars: &[char], i: usize) -> Option<String> {
    if chars.get(i) != Some(&'$') {
        return None;
    }
    // `a$b$` is an identifier, not a quote.
    if i > 0 && is_ident_char(chars[i - 1]) {
        return None;
    }
    let mut j = i + 1;
    if let Some(&c) = chars.get(j) {
        if c != '$' && !is_ident_start(c) {
            return None; // `$1` is a parameter
        }
    }
    while let Some(&c) = chars.get(j) {
        if c == '$' {
            return Some(chars[i..=j].iter().collect());
        }
        if !(c.is_alphanumeric() || c == '_') {
            return None;
        }
        j += 1;
    }
    None
}

/// The statements of `sql`, in order. Statements holding nothing but
/// comments and whitespace are left out.
pub fn split_statements(sql: &str) -> Vec<Statement> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut has_code = false;
    let mut start_line = 1;
    let mut line = 1;
    let mut state = State::Normal;
    let mut i = 0;

    let mut finish = |current: &mut String, has_code: &mut bool, start_line: usize| {
        if *has_code {
            out.push(Statement {
                sql: current.trim().to_string(),
                line: start_line,
            });
        }
        current.clear();
        *has_code = false;
    };

    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match &mut state {
            State::Normal => {
                if c == ';' {
                    finish(&mut current, &mut has_code, start_line);
                    i += 1;
                    continue;
                }
                let starts_comment =
                    (c == '-' && next == Some('-')) || (c == '/' && next == Some('*'));
                if !has_code && !c.is_whitespace() && !starts_comment {
                    has_code = true;
                    start_line = line;
                }
                if c == '-' && next == Some('-') {
                    state = State::LineComment;
                } else if c == '/' && next == Some('*') {
                    state = State::BlockComment(1);
                    current.push_str("/*");
                    i += 2;
                    continue;
                } else if c == '\'' {
                    let escape = i > 0
                        && matches!(chars[i - 1], 'e' | 'E')
                        && (i < 2 || !is_ident_char(chars[i - 2]));
                    state = State::Quoted {
                        quote: c,
                        backslash: escape,
                    };
                } else if c == '"' {
                    state = State::Quoted {
                        quote: c,
                        backslash: false,
                    };
                } else if let Some(tag) = dollar_tag(&chars, i) {
                    current.push_str(&tag);
                    i += tag.chars().count();
                    state = State::Dollar(tag);
                    continue;
                }
            }
            State::Quoted { quote, backslash } => {
                if *backslash && c == '\\' {
                    current.push(c);
                    if let Some(n) = next {
                        if n == '\n' {
                            line += 1;
                        }
                        current.push(n);
                    }
                    i += 2;
                    continue;
                }
                if c == *quote {
                    // A doubled quote stands for itself.
                    if next == Some(c) {
                        current.extend([c, c]);
                        i += 2;
                        continue;
                    }
                    state = State::Normal;
                }
            }
            State::LineComment => {
                if c == '\n' {
                    state = State::Normal;
                }
            }
            State::BlockComment(depth) => {
                if c == '*' && next == Some('/') {
                    *depth -= 1;
                    if *depth == 0 {
                        state = State::Normal;
                    }
                    current.push_str("*/");
                    i += 2;
                    continue;
                }
                if c == '/' && next == Some('*') {
                    *depth += 1;
                    current.push_str("/*");
                    i += 2;
                    continue;
                }
            }
            State::Dollar(tag) => {
                if c == '$' {
                    let len = tag.chars().count();
                    if chars.len() >= i + len && chars[i..i + len].iter().copied().eq(tag.chars()) {
                        current.push_str(tag);
                        i += len;
                        state = State::Normal;
                        continue;
                    }
                }
            }
        }
        if c == '\n' {
            line += 1;
        }
        current.push(c);
        i += 1;
    }
    finish(&mut current, &mut has_code, start_line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(input: &str) -> Vec<String> {
        split_statements(input).into_iter().map(|s| s.sql).collect()
    }

    #[test]
    fn splits_on_semicolons_and_drops_empty_statements() {
        assert_eq!(
            sqls("SELECT 1; SELECT 2;\n\n;  ;SELECT 3"),
            ["SELECT 1", "SELECT 2", "SELECT 3"]
        );
        assert!(sqls("").is_empty());
        assert!(sqls("  ;\n -- only a comment\n; /* and another */").is_empty());
    }

    #[test]
    fn keeps_semicolons_inside_strings_and_identifiers() {
        assert_eq!(
            sqls("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT \"we;ird\"\"x\" FROM t;"),
            [
                "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
                "SELECT \"we;ird\"\"x\" FROM t"
            ]
        );
        assert_eq!(
            sqls(r"SELECT E'back\';slash'; SELECT 'plain\'; SELECT 2"),
            [r"SELECT E'back\';slash'", r"SELECT 'plain\'", "SELECT 2"]
        );
    }

    #[test]
    fn keeps_semicolons_inside_comments() {
        assert_eq!(
            sqls("-- a; comment\nSELECT 1; /* x; /* nested; */ y; */ SELECT 2;"),
            [
                "-- a; comment\nSELECT 1",
                "/* x; /* nested; */ y; */ SELECT 2"
            ]
        );
    }

    #[test]
    fn keeps_dollar_quoted_bodies_whole() {
        let body = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql";
        let tagged = "DO $body$ BEGIN PERFORM 'x;'; $$ inner; $$ END $body$";
        assert_eq!(
            sqls(&format!("{body};\n{tagged};SELECT $1, a$b$c;")),
            [body, tagged, "SELECT $1, a$b$c"]
        );
    }

    #[test]
    fn records_the_line_each_statement_starts_on() {
        let s = split_statements("-- header\n\nSELECT 1;\nSELECT\n'two\nlines';\n\n  SELECT 3");
        let lines: Vec<usize> = s.iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 4, 8]);
    }

    #[test]
    fn the_built_in_files_split_into_their_statements() {
        let schema = split_statements(crate::pg::queries::SCHEMA_SQL);
        assert_eq!(schema.len(), 3);
        assert!(schema[0].sql.contains("CREATE EXTENSION"));
        // Loading the schema never drops: only drop_tables.sql does.
        assert!(schema
            .iter()
            .all(|s| !s.sql.contains("DROP") && (s.sql.contains("IF NOT EXISTS"))));
        assert_eq!(
            split_statements(crate::pg::queries::DROP_TABLES_SQL).len(),
            2
        );
        let seed = split_statements(crate::pg::queries::SEED_SQL);
        assert_eq!(seed.len(), 2);
    }
}
