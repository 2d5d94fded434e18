//! What a SQL file may not hold, because cruddur runs the whole file in one
//! transaction that it begins and commits itself: statements that end or
//! start a transaction (they would commit half a file and leave the rest to
//! run outside it), `COPY ... FROM STDIN` and `TO STDOUT` (they wait for a
//! data stream that only psql sends), psql's backslash commands, and the
//! statements Postgres refuses inside a transaction. Each is refused with
//! `FILE:LINE` before the first statement runs.

use super::split::Statement;
use crate::app::error::CliError;

/// Refuses the first statement of `label` that would break the one
/// transaction, naming its file and line.
pub fn check(label: &str, statements: &[Statement]) -> Result<(), CliError> {
    check_with(label, statements, true)
}

/// Refuses the first statement of `label` that cruddur cannot run even
/// outside a transaction (psql's commands, `COPY` from or to the client),
/// for files marked to run without one.
pub fn check_outside(label: &str, statements: &[Statement]) -> Result<(), CliError> {
    check_with(label, statements, false)
}

fn check_with(label: &str, statements: &[Statement], in_transaction: bool) -> Result<(), CliError> {
    for stmt in statements {
        // The splitter's line is the one where the statement's code starts.
        let Some(refused) = refusal(skip_comments(&stmt.sql)) else {
            continue;
        };
        if !in_transaction && !refused.always {
            continue;
        }
        let why = if in_transaction {
            "cruddur runs the whole file in one transaction of its own"
        } else {
            "cruddur sends each statement to the server itself"
        };
        return Err(
            CliError::usage(format!("{label}:{}: {}; {why}", stmt.line, refused.what))
                .hint(refused.hint),
        );
    }
    Ok(())
}

/// Why a statement cannot be run, and what to do.
struct Refused {
    what: String,
    hint: &'static str,
    /// Refused outside a transaction too.
    always: bool,
}

/// The line of the first statement that drops or empties tables (`DROP
/// TABLE`, `DROP SCHEMA`, `TRUNCATE`), if the file has one.
pub fn drops_tables(statements: &[Statement]) -> Option<usize> {
    statements.iter().find_map(|stmt| {
        let w = words(skip_comments(&stmt.sql));
        let first = w.first().map(String::as_str).unwrap_or("");
        let second = w.get(1).map(String::as_str).unwrap_or("");
        let drops =
            first == "TRUNCATE" || (first == "DROP" && matches!(second, "TABLE" | "SCHEMA"));
        drops.then_some(stmt.line)
    })
}

/// The statement without the comments and whitespace before its code.
fn skip_comments(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.find('\n').map_or("", |i| &after[i + 1..]);
        } else if rest.starts_with("/*") {
            rest = &rest[block_comment_end(rest)..];
        } else {
            return rest;
        }
    }
}

/// The byte offset just past the (nested) block comment at the start of `s`.
fn block_comment_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    s.len()
}

/// The upper-cased words of a statement's code, outside quotes: enough to
/// recognise the statements below.
fn words(code: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in code.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            None if c.is_alphanumeric() || c == '_' => current.push(c.to_ascii_uppercase()),
            None => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Why a statement cannot run in the file's transaction, and what to do.
fn refusal(code: &str) -> Option<Refused> {
    let (what, hint) = in_transaction_refusal(code)?;
    let always = code.starts_with('\\') || what.starts_with("`COPY");
    Some(Refused { what, hint, always })
}

fn in_transaction_refusal(code: &str) -> Option<(String, &'static str)> {
    const REMOVE: &str = "remove it: cruddur begins the transaction before the first statement and commits after the last (or rolls back on the first error)";
    const OUTSIDE: &str = "run it on its own with `cruddur db connect`, outside the file";
    if code.starts_with('\\') {
        let first = code.split_whitespace().next().unwrap_or("\\");
        return Some((
            format!("`{first}` is a psql command, not SQL"),
            "remove it, or run the file with psql (`cruddur db connect -- -f FILE`)",
        ));
    }
    let w = words(code);
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    let first = at(0);
    let two = format!("{first} {}", at(1));
    let what = |name: &str, does: &str| Some((format!("`{name}` {does}"), REMOVE));
    match first {
        "BEGIN" => return what("BEGIN", "starts a transaction"),
        "START" if at(1) == "TRANSACTION" => {
            return what("START TRANSACTION", "starts a transaction")
        }
        "COMMIT" | "END" => return what(first, "commits the transaction midway"),
        "ABORT" => return what("ABORT", "rolls the transaction back midway"),
        // ROLLBACK TO [SAVEPOINT] stays inside the transaction.
        "ROLLBACK" if at(1) != "TO" => {
            return what("ROLLBACK", "rolls the transaction back midway")
        }
        "PREPARE" if at(1) == "TRANSACTION" => {
            return what("PREPARE TRANSACTION", "ends the transaction")
        }
        _ => {}
    }
    if first == "COPY" {
        let pairs: Vec<String> = w.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect();
        if pairs.iter().any(|p| p == "FROM STDIN" || p == "TO STDOUT") {
            let dir = if pairs.iter().any(|p| p == "FROM STDIN") {
                "FROM STDIN"
            } else {
                "TO STDOUT"
            };
            return Some((
                format!("`COPY ... {dir}` needs psql's data stream, which cruddur does not send"),
                "turn the data into INSERT statements (`pg_dump --inserts`), or load the file with psql (`cruddur db connect -- -f FILE`)",
            ));
        }
    }
    let outside = if first == "VACUUM" {
        Some(first.to_string())
    } else if matches!(
        two.as_str(),
        "CREATE DATABASE"
            | "DROP DATABASE"
            | "ALTER SYSTEM"
            | "CREATE TABLESPACE"
            | "DROP TABLESPACE"
    ) {
        Some(two)
    } else if matches!(first, "CREATE" | "DROP" | "REINDEX")
        && w.iter().any(|x| x == "CONCURRENTLY")
    {
        Some(format!("{first} ... CONCURRENTLY"))
    } else {
        None
    };
    outside.map(|name| (format!("`{name}` cannot run inside a transaction"), OUTSIDE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pg::split::split_statements;

    fn refused(sql: &str) -> Option<String> {
        check("f.sql", &split_statements(sql))
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn statements_that_end_or_start_the_transaction_are_refused_with_their_line() {
        let cases = [
            (
                "INSERT INTO t VALUES (1);\nCOMMIT;\nINSERT INTO t VALUES (2);",
                "f.sql:2: `COMMIT` commits",
            ),
            ("begin;\nselect 1;", "f.sql:1: `BEGIN` starts"),
            (
                "select 1;\n-- done\n  /* really\n done */ end;",
                "f.sql:4: `END` commits",
            ),
            ("select 1;\nrollback;", "f.sql:2: `ROLLBACK` rolls"),
            ("abort", "f.sql:1: `ABORT` rolls"),
            (
                "START TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "f.sql:1: `START TRANSACTION` starts",
            ),
            ("PREPARE TRANSACTION 'x'", "`PREPARE TRANSACTION` ends"),
            (
                "COPY public.users (uuid, handle) FROM stdin;",
                "`COPY ... FROM STDIN` needs psql",
            ),
            (
                "copy users to stdout with csv",
                "`COPY ... TO STDOUT` needs psql",
            ),
            ("\\connect other", "`\\connect` is a psql command"),
            ("VACUUM users", "`VACUUM` cannot run inside a transaction"),
            (
                "CREATE INDEX CONCURRENTLY i ON users (handle)",
                "`CREATE ... CONCURRENTLY` cannot run",
            ),
            ("create database x", "`CREATE DATABASE` cannot run"),
        ];
        let mut seen = 0;
        for (sql, want) in cases {
            let got = refused(sql).unwrap_or_else(|| panic!("{sql:?} was not refused"));
            assert!(got.contains(want), "{sql:?}: {got}");
            seen += 1;
        }
        assert_eq!(seen, cases.len());
    }

    #[test]
    fn files_that_drop_tables_are_told_by_their_first_dropping_line() {
        let app = "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n-- the tables\ndrop table if exists public.users;\nCREATE TABLE users (x int);";
        assert_eq!(drops_tables(&split_statements(app)), Some(3));
        assert_eq!(
            drops_tables(&split_statements("SELECT 1;\nTRUNCATE users")),
            Some(2)
        );
        assert_eq!(
            drops_tables(&split_statements("DROP SCHEMA s CASCADE")),
            Some(1)
        );
        assert_eq!(
            drops_tables(&split_statements(crate::pg::queries::SCHEMA_SQL)),
            None
        );
        assert_eq!(
            drops_tables(&split_statements(
                "DROP INDEX i; INSERT INTO t VALUES ('DROP TABLE x')"
            )),
            None
        );
    }

    #[test]
    fn outside_a_transaction_only_what_needs_psql_is_refused() {
        let outside = |sql: &str| {
            check_outside("f.sql", &split_statements(sql))
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(
            outside("CREATE INDEX CONCURRENTLY i ON users (handle); VACUUM users"),
            None
        );
        assert!(outside("\\connect x")
            .unwrap()
            .contains("`\\connect` is a psql command"));
        assert!(outside("SELECT 1;\nCOPY users FROM STDIN")
            .unwrap()
            .starts_with("f.sql:2: `COPY ... FROM STDIN` needs psql"));
    }

    #[test]
    fn statements_that_stay_inside_the_transaction_pass() {
        let fine = [
            "SAVEPOINT a; INSERT INTO t VALUES (1); ROLLBACK TO SAVEPOINT a; RELEASE a;",
            "ROLLBACK TO a",
            "COPY users FROM '/tmp/users.csv'",
            "INSERT INTO t (note) VALUES ('COMMIT; BEGIN')",
            "CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END $$ LANGUAGE plpgsql",
            "-- COMMIT\nSELECT 1",
            "UPDATE t SET \"commit\" = 1",
            "DROP TABLE IF EXISTS users CASCADE",
        ];
        for sql in fine {
            assert_eq!(refused(sql), None, "{sql:?}");
        }
    }
}
