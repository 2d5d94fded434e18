//! Migration files: the folder read into [`Migration`]s, in the order of
//! the time their versions denote.
//!
//! Two formats live side by side:
//! - `VERSION_name.up.sql` with an optional `VERSION_name.down.sql`,
//!   VERSION a UTC time `YYYYMMDDHHMMSS`;
//! - the app's `DIGITS_name.py`, whose SQL is the one triple-quoted string
//!   of `migrate_sql()` (and of `rollback_sql()`), read without running
//!   Python. DIGITS are Python's `time.time()` without its dot: the first
//!   ten are Unix seconds and the rest a fraction, so `1683578209210722`
//!   (May 2023) comes after `16812294605993273` (April 2023) although it
//!   is the smaller number.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use sha2::{Digest, Sha256};

use crate::app::error::CliError;
use crate::pg::split::{split_statements, Statement};

/// The first line that makes a file run outside a transaction.
pub const NO_TRANSACTION: &str = "-- cruddur: no-transaction";

/// The format of a new version: a UTC time.
pub const VERSION_FORMAT: &str = "%Y%m%d%H%M%S";

/// A migration's version: the digits of its file name, ordered by the
/// time they denote (then by the digits, for two of one instant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    text: String,
    seconds: i64,
    /// Fraction digits of a legacy version, trailing zeros removed.
    fraction: String,
}

impl Version {
    /// A new version, `YYYYMMDDHHMMSS` in UTC.
    pub fn from_time(text: &str) -> Result<Version, String> {
        let valid = text.len() == 14 && text.bytes().all(|b| b.is_ascii_digit());
        let at = valid
            .then(|| NaiveDateTime::parse_from_str(text, VERSION_FORMAT).ok())
            .flatten()
            .ok_or_else(|| {
                format!("the version {text} is not a UTC time YYYYMMDDHHMMSS (14 digits)")
            })?;
        Ok(Version {
            text: text.to_string(),
            seconds: at.and_utc().timestamp(),
            fraction: String::new(),
        })
    }

    /// A legacy version: `time.time()` without its dot.
    pub fn legacy(text: &str) -> Version {
        let split = text.len().min(10);
        let (seconds, fraction) = text.split_at(split);
        Version {
            text: text.to_string(),
            seconds: seconds.parse().unwrap_or(i64::MAX),
            fraction: fraction.trim_end_matches('0').to_string(),
        }
    }

    /// The version for the time `at` (whole seconds).
    pub fn at(at: DateTime<Utc>) -> Version {
        let text = at.format(VERSION_FORMAT).to_string();
        Version {
            seconds: at.timestamp(),
            text,
            fraction: String::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant the version denotes (whole seconds).
    pub fn seconds(&self) -> i64 {
        self.seconds
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        // Fractions compare as decimal digits once trailing zeros are gone.
        (self.seconds, &self.fraction, &self.text).cmp(&(
            other.seconds,
            &other.fraction,
            &other.text,
        ))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How a migration file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `.up.sql` / `.down.sql`
    Sql,
    /// The app's `.py`
    Python,
}

/// The SQL of one direction of a migration.
#[derive(Debug, Clone)]
pub struct Script {
    pub path: PathBuf,
    pub sql: String,
    /// The file's line on which `sql` begins.
    pub first_line: usize,
    /// The SQL begins with [`NO_TRANSACTION`].
    pub no_transaction: bool,
}

impl Script {
    fn new(path: PathBuf, sql: String, first_line: usize) -> Script {
        let no_transaction =
            sql.trim_start().lines().next().map(str::trim_end) == Some(NO_TRANSACTION);
        Script {
            path,
            sql,
            first_line,
            no_transaction,
        }
    }

    /// The statements, their lines counted in the file.
    pub fn statements(&self) -> Vec<Statement> {
        let mut statements = split_statements(&self.sql);
        for s in &mut statements {
            s.line += self.first_line - 1;
        }
        statements
    }

    /// The file as messages show it.
    pub fn label(&self) -> String {
        crate::app::project::shown(&self.path)
    }
}

/// One migration of the folder.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: Version,
    pub name: String,
    pub format: Format,
    pub up: Script,
    pub down: Option<Script>,
    /// SHA-256 of the up SQL with CRLF read as LF, in hex.
    pub checksum: String,
}

/// The checksum of a migration's SQL: line endings do not count.
pub fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.replace("\r\n", "\n").as_bytes()))
}

/// What a file name says.
enum Named {
    Up(String, String),
    Down(String, String),
    Python(String, String),
}

/// Reads a file name: `None` for files that are not migrations (no
/// leading digits and `_`, or another extension).
fn named(file: &str) -> Option<Result<Named, String>> {
    let digits = file.bytes().take_while(u8::is_ascii_digit).count();
    let rest = file[digits..].strip_prefix('_');
    if digits == 0 || rest.is_none() {
        return None;
    }
    let (version, rest) = (file[..digits].to_string(), rest.unwrap_or_default());
    let bad_name = |name: &str| name.is_empty() || name.contains(['.', '/', '\\']);
    if let Some(name) = rest.strip_suffix(".py") {
        return Some(if bad_name(name) {
            Err("a legacy migration is named DIGITS_name.py".to_string())
        } else {
            Ok(Named::Python(version, name.to_string()))
        });
    }
    if !rest.ends_with(".sql") {
        return None;
    }
    let parsed = if let Some(name) = rest.strip_suffix(".up.sql") {
        Named::Up(version, name.to_string())
    } else if let Some(name) = rest.strip_suffix(".down.sql") {
        Named::Down(version, name.to_string())
    } else {
        return Some(Err(
            "a migration is a pair VERSION_name.up.sql and VERSION_name.down.sql".to_string(),
        ));
    };
    let (Named::Up(_, name) | Named::Down(_, name) | Named::Python(_, name)) = &parsed;
    Some(if bad_name(name) {
        Err("a migration is named VERSION_name.up.sql, the name without dots".to_string())
    } else {
        Ok(parsed)
    })
}

/// Reads the migrations of `folder`, oldest first. Any file that looks
/// like a migration but cannot be one, two files of one version, or a
/// down file without its up file is a usage error naming them.
pub fn read_folder(folder: &Path) -> Result<Vec<Migration>, CliError> {
    let shown = crate::app::project::shown(folder);
    let meta = std::fs::metadata(folder)
        .map_err(|e| CliError::usage(format!("cannot read the migrations folder {shown}: {e}")))?;
    if !meta.is_dir() {
        return Err(CliError::usage(format!(
            "the migrations folder {shown} is a file, not a folder"
        ))
        .hint(
            "name the folder that holds the migrations ([postgres] migrations in cruddur.toml)",
        ));
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|e| CliError::usage(format!("cannot list the migrations folder {shown}: {e}")))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            CliError::usage(format!("cannot list the migrations folder {shown}: {e}"))
        })?;
        if entry.path().is_dir() {
            continue;
        }
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    // version -> (name, format, up, down)
    type Parts = (String, Format, Option<Script>, Option<Script>, Vec<String>);
    let mut by_version: BTreeMap<String, Parts> = BTreeMap::new();
    for file in &names {
        let Some(parsed) = named(file) else { continue };
        let path = folder.join(file);
        let label = crate::app::project::shown(&path);
        let parsed = parsed.map_err(|why| CliError::usage(format!("{label}: {why}")))?;
        let read = || {
            std::fs::read_to_string(&path)
                .map_err(|e| CliError::usage(format!("cannot read migration {label}: {e}")))
        };
        let (version, name, format) = match &parsed {
            Named::Up(v, n) | Named::Down(v, n) => {
                Version::from_time(v).map_err(|why| {
                    CliError::usage(format!("{label}: {why}"))
                        .hint("`cruddur db new-migration NAME` makes a pair with a fresh version")
                })?;
                (v.clone(), n.clone(), Format::Sql)
            }
            Named::Python(v, n) => (v.clone(), n.clone(), Format::Python),
        };
        let entry = by_version
            .entry(version.clone())
            .or_insert_with(|| (name.clone(), format, None, None, Vec::new()));
        if entry.0 != name || entry.1 != format {
            let other = entry.4.first().cloned().unwrap_or_default();
            return Err(CliError::usage(format!(
                "two migrations have the version {version}: {other} and {label}"
            ))
            .hint("give one of them a new version (`cruddur db new-migration NAME` makes one) and move its SQL there"));
        }
        entry.4.push(label.clone());
        match parsed {
            Named::Up(..) => entry.2 = Some(Script::new(path.clone(), read()?, 1)),
            Named::Down(..) => entry.3 = Some(Script::new(path.clone(), read()?, 1)),
            Named::Python(..) => {
                let text = read()?;
                let string = |func| {
                    python_sql(&text, func)
                        .map_err(|(line, why)| CliError::usage(format!("{label}:{line}: {why}")))
                };
                let Some((up, line)) = string("migrate_sql")? else {
                    return Err(CliError::usage(format!(
                        "{label}: no migrate_sql() holding a triple-quoted SQL string"
                    ))
                    .hint("a legacy migration defines migrate_sql() (and rollback_sql()) returning its SQL in \"\"\"...\"\"\""));
                };
                entry.2 = Some(Script::new(path.clone(), up, line));
                entry.3 = string("rollback_sql")?
                    .map(|(down, line)| Script::new(path.clone(), down, line));
            }
        }
    }
    let mut migrations = Vec::with_capacity(by_version.len());
    for (version, (name, format, up, down, files)) in by_version {
        let Some(up) = up else {
            return Err(CliError::usage(format!(
                "{}: a down file without its up file ({version}_{name}.up.sql)",
                files.join(", ")
            ))
            .hint("restore the up file, or delete the down file"));
        };
        migrations.push(Migration {
            version: match format {
                Format::Sql => Version::from_time(&version).map_err(CliError::usage)?,
                Format::Python => Version::legacy(&version),
            },
            name,
            format,
            checksum: checksum(&up.sql),
            up,
            down,
        });
    }
    migrations.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(migrations)
}

/// One triple-quoted string literal of a Python function body.
struct Literal {
    prefix: String,
    text: String,
    line: usize,
    /// Nothing but the function's signature comes before it: a docstring.
    first: bool,
}

/// The SQL of function `func` of a legacy migration: the one
/// triple-quoted string of its body (a docstring aside), and the line it
/// begins on. `Ok(None)` when the function is not there; an error (line,
/// why) when its SQL cannot be told without running Python.
fn python_sql(text: &str, func: &str) -> Result<Option<(String, usize)>, (usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    // The `def func(` line.
    let mut line_start = 0;
    let mut found = None;
    for (line_no, line) in (1..).zip(text.split_inclusive('\n')) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("def ") {
            if rest
                .trim_start()
                .strip_prefix(func)
                .is_some_and(|r| r.trim_start().starts_with('('))
            {
                found = Some((text[..line_start].chars().count(), indent, line_no));
                break;
            }
        }
        line_start += line.len();
    }
    let Some((def_at, def_indent, def_line)) = found else {
        return Ok(None);
    };
    // The body starts after the `:` that ends the signature.
    let mut i = def_at;
    let mut depth = 0usize;
    let mut line = def_line;
    while i < chars.len() {
        match chars[i] {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => break,
            '\n' => line += 1,
            _ => {}
        }
        i += 1;
    }
    i += 1;
    let mut literals = Vec::new();
    let mut seen_code = false;
    let mut at_line_start = false;
    while i < chars.len() {
        let c = chars[i];
        if at_line_start {
            let indent = chars[i..]
                .iter()
                .take_while(|c| **c == ' ' || **c == '\t')
                .count();
            let next = chars.get(i + indent).copied();
            if !matches!(next, None | Some('\n') | Some('#')) && indent <= def_indent {
                break; // the body has ended
            }
            at_line_start = false;
        }
        match c {
            '\n' => {
                line += 1;
                at_line_start = true;
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                // The string's prefix: the letters just before the quote.
                let prefix: String = chars[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if triple {
                    let start_line = line;
                    let mut j = i + 3;
                    let mut body = String::new();
                    loop {
                        let Some(&d) = chars.get(j) else {
                            return Err((start_line, format!("the string of {func}() never ends")));
                        };
                        if d == c && chars.get(j + 1) == Some(&c) && chars.get(j + 2) == Some(&c) {
                            break;
                        }
                        if d == '\\' {
                            body.push(d);
                            if let Some(&e) = chars.get(j + 1) {
                                body.push(e);
                                if e == '\n' {
                                    line += 1;
                                }
                            }
                            j += 2;
                            continue;
                        }
                        if d == '\n' {
                            line += 1;
                        }
                        body.push(d);
                        j += 1;
                    }
                    literals.push(Literal {
                        prefix: prefix.clone(),
                        text: body,
                        line: start_line,
                        first: !seen_code,
                    });
                    seen_code = true;
                    i = j + 3;
                } else {
                    // A short string: to its closing quote on the same line.
                    seen_code = true;
                    i += 1;
                    while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                        if chars[i] == '\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    if chars.get(i) == Some(&c) {
                        i += 1;
                    }
                }
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                seen_code = true;
                i += 1;
            }
        }
    }
    let sql: Vec<&Literal> = literals.iter().filter(|l| !l.first).collect();
    let literal = match sql.as_slice() {
        [one] => *one,
        [] => {
            return Err((
                def_line,
                format!("{func}() holds no triple-quoted SQL string (a docstring does not count)"),
            ))
        }
        [_, second, ..] => {
            return Err((
                second.line,
                format!(
                    "{func}() holds {} triple-quoted strings; cruddur cannot tell which is its SQL without running Python",
                    sql.len()
                ),
            ))
        }
    };
    let prefix = literal.prefix.to_ascii_lowercase();
    if prefix.contains('f') || prefix.contains('b') {
        return Err((
            literal.line,
            format!(
                "the SQL of {func}() is {}, which only Python can read",
                if prefix.contains('f') {
                    "an f-string"
                } else {
                    "a bytes string"
                }
            ),
        ));
    }
    if !prefix.contains('r') && literal.text.contains('\\') {
        return Err((
            literal.line,
            format!("the SQL of {func}() holds a backslash, whose meaning Python changes; make it a raw string (r\"\"\"...\"\"\") or move it to a .up.sql file"),
        ));
    }
    Ok(Some((literal.text.clone(), literal.line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_versions_order_by_time_not_by_number() {
        let april = Version::legacy("16812294605993273");
        let may = Version::legacy("1683578209210722");
        assert!(april < may);
        assert!(Version::legacy("16812294605") < Version::legacy("168122946051"));
        assert!(Version::legacy("168122946050") == Version::legacy("168122946050"));
        // "…5" and "…50" denote one instant; the digits break the tie.
        assert!(Version::legacy("16812294605") < Version::legacy("168122946050"));
        let new = Version::from_time("20230501000000").unwrap();
        assert!(april < new && new < may);
        assert_eq!(new.seconds(), 1682899200);
    }

    #[test]
    fn new_versions_are_utc_times() {
        assert!(Version::from_time("20261207080000").is_ok());
        for bad in [
            "2026120708000",
            "202612070800000",
            "20261307080000",
            "2026120708000x",
        ] {
            assert!(Version::from_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_checksum_ignores_line_endings() {
        assert_eq!(
            checksum("SELECT 1;\r\nSELECT 2;\r\n"),
            checksum("SELECT 1;\nSELECT 2;\n")
        );
        assert_ne!(checksum("SELECT 1;"), checksum("SELECT 2;"));
    }

    const LEGACY: &str = "from lib.db import db\n\nclass AddNoteMigration:\n  def migrate_sql():\n    \"\"\"Adds a note.\"\"\"\n    # the column\n    data = \"\"\"\n    ALTER TABLE public.users ADD COLUMN note text;\n    \"\"\"\n    return data\n  def rollback_sql():\n    data = '''\n    ALTER TABLE public.users DROP COLUMN note;\n    '''\n    return data\n\n  def migrate():\n    db.query_commit(AddNoteMigration.migrate_sql(),{\n    })\n\nmigration = AddNoteMigration\n";

    #[test]
    fn legacy_sql_is_the_one_string_of_each_function() {
        let (up, line) = python_sql(LEGACY, "migrate_sql").unwrap().unwrap();
        assert_eq!(up.trim(), "ALTER TABLE public.users ADD COLUMN note text;");
        assert_eq!(line, 7);
        let (down, line) = python_sql(LEGACY, "rollback_sql").unwrap().unwrap();
        assert_eq!(down.trim(), "ALTER TABLE public.users DROP COLUMN note;");
        assert_eq!(line, 12);
        assert!(python_sql(LEGACY, "missing_sql").unwrap().is_none());
    }

    #[test]
    fn legacy_sql_that_only_python_can_read_is_refused_with_its_line() {
        let cases = [
            (
                "def migrate_sql():\n  return f\"\"\"ALTER TABLE {t} ADD x int\"\"\"\n",
                2,
                "is an f-string, which only Python can read",
            ),
            (
                "def migrate_sql():\n  a = \"\"\"x\"\"\"\n  b = \"\"\"y\"\"\"\n  return a + b\n",
                3,
                "holds 2 triple-quoted strings",
            ),
            (
                "def migrate_sql():\n  return 'ALTER TABLE t ADD x int'\n",
                1,
                "holds no triple-quoted SQL string",
            ),
            (
                "def migrate_sql():\n  return \"\"\"SELECT '\\n'\"\"\"\n",
                2,
                "holds a backslash",
            ),
            (
                "def migrate_sql():\n  return \"\"\"SELECT 1\n",
                2,
                "never ends",
            ),
        ];
        let mut seen = 0;
        for (text, line, want) in cases {
            let (got_line, why) = python_sql(text, "migrate_sql").unwrap_err();
            assert_eq!(got_line, line, "{text:?}: {why}");
            assert!(
                why.contains(want.trim_end_matches(" string")),
                "{text:?}: {why}"
            );
            seen += 1;
        }
        assert_eq!(seen, cases.len());
        // A raw string keeps its backslashes, as Python would.
        let (sql, _) = python_sql(
            "def migrate_sql():\n  return r\"\"\"SELECT E'\\n'\"\"\"\n",
            "migrate_sql",
        )
        .unwrap()
        .unwrap();
        assert_eq!(sql, "SELECT E'\\n'");
    }

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_reads_both_formats_in_time_order() {
        let dir = folder(&[
            ("1683578209210722_may.py", LEGACY),
            ("16812294605993273_april.py", LEGACY),
            (
                "20230501000000_new.up.sql",
                "-- cruddur: no-transaction\nCREATE INDEX CONCURRENTLY i ON users (handle);\n",
            ),
            ("20230501000000_new.down.sql", "DROP INDEX i;\n"),
            ("20230601000000_no_down.up.sql", "SELECT 1;"),
            ("README.md", "not a migration"),
            (".keep", ""),
            ("__init__.py", ""),
        ]);
        std::fs::create_dir(dir.path().join("__pycache__")).unwrap();
        let m = read_folder(dir.path()).unwrap();
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["april", "new", "may", "no_down"]);
        assert!(m[1].up.no_transaction && !m[1].down.as_ref().unwrap().no_transaction);
        assert_eq!(m[0].format, Format::Python);
        assert!(m[3].down.is_none());
        assert_eq!(m[0].up.statements()[0].line, 8);
    }

    #[test]
    fn folders_that_cannot_be_read_as_migrations_are_refused_by_name() {
        let cases: [(&[(&str, &str)], &str); 5] = [
            (
                &[
                    ("20230501000000_a.up.sql", ""),
                    ("20230501000000_b.up.sql", ""),
                ],
                "two migrations have the version 20230501000000: ",
            ),
            (
                &[("20230501000000_a.down.sql", "")],
                "a down file without its up file",
            ),
            (
                &[("2023050100_a.up.sql", "")],
                "the version 2023050100 is not a UTC time",
            ),
            (&[("20230501000000_a.sql", "")], "a migration is a pair"),
            (
                &[("1681229460_a.py", "def other():\n  pass\n")],
                "no migrate_sql()",
            ),
        ];
        let mut seen = 0;
        for (files, want) in cases {
            let dir = folder(files);
            let e = read_folder(dir.path()).unwrap_err();
            assert!(e.message.contains(want), "{files:?}: {e}");
            seen += 1;
        }
        assert_eq!(seen, cases.len());
        let dir = folder(&[("afile", "")]);
        let e = read_folder(&dir.path().join("afile")).unwrap_err();
        assert!(e.message.ends_with("is a file, not a folder"), "{e}");
    }
}
