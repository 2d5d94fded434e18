//! `cruddur.toml`: read with the line of every value, so that each error
//! names `cruddur.toml:LINE`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::app::error::CliError;

/// The keys a project file may hold; any other key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    postgres: Option<RawPostgres>,
    dynamodb: Option<RawDynamodb>,
    seed: Option<RawSeed>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPostgres {
    schema: Option<Spanned<String>>,
    seed: Option<Spanned<String>>,
    migrations: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDynamodb {
    table: Option<Spanned<String>>,
    conversation: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeed {
    my_handle: Option<Spanned<String>>,
    other_handle: Option<Spanned<String>>,
}

/// A value of the project file and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valued<T> {
    pub value: T,
    pub line: usize,
}

/// What a project file says, its paths made absolute (relative to its folder).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    pub schema: Option<Valued<PathBuf>>,
    pub seed: Option<Valued<PathBuf>>,
    pub migrations: Option<Valued<PathBuf>>,
    pub table: Option<Valued<String>>,
    pub conversation: Option<Valued<PathBuf>>,
    pub my_handle: Option<Valued<String>>,
    pub other_handle: Option<Valued<String>>,
}

/// The 1-based line of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// What kind of path a key names.
#[derive(Clone, Copy)]
enum Kind {
    File,
    Folder,
}

impl ProjectFile {
    /// Parses the project file at `path` whose text is `text`: a syntax
    /// error, an unknown key, a value of the wrong type or a path that
    /// names nothing (or the wrong kind of thing) is one usage error naming
    /// `PATH:LINE`.
    pub fn parse(path: &Path, text: &str) -> Result<ProjectFile, CliError> {
        let at = |line: usize, message: String| {
            CliError::usage(format!("{}:{line}: {message}", path.display()))
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let message = e.message().trim().replace('\n', " ");
            at(line, message).hint(
                "the keys are [postgres] schema, seed, migrations; [dynamodb] table, conversation; [seed] my_handle, other_handle (`cruddur init` writes a commented example)",
            )
        })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let located = |key: &str, v: Option<Spanned<String>>, kind: Kind| {
            let Some(v) = v else { return Ok(None) };
            let line = line_of(text, v.span().start);
            let value = v.into_inner();
            if value.trim().is_empty() {
                return Err(
                    at(line, format!("{key} is empty")).hint("name a path, or remove the key")
                );
            }
            let full = folder.join(&value);
            let relative = || format!("relative to {}", folder.display());
            match (std::fs::metadata(&full), kind) {
                (Ok(m), Kind::File) if m.is_file() => {}
                (Ok(m), Kind::Folder) if m.is_dir() => {}
                // A migrations folder that does not exist yet is made by `db new-migration`.
                (Err(e), Kind::Folder) if e.kind() == std::io::ErrorKind::NotFound => {}
                (Ok(_), Kind::File) => {
                    return Err(
                        at(line, format!("{key} names {value}, which is not a file"))
                            .hint(format!("name a file, {}", relative())),
                    )
                }
                (Ok(_), Kind::Folder) => {
                    return Err(at(
                        line,
                        format!("{key} names {value}, which is a file, not a folder"),
                    )
                    .hint(format!(
                        "name the folder that holds the migrations, {}",
                        relative()
                    )))
                }
                (Err(e), _) => {
                    let why = if e.kind() == std::io::ErrorKind::NotFound {
                        "which does not exist".to_string()
                    } else {
                        format!("which cannot be read ({e})")
                    };
                    return Err(at(line, format!("{key} names {value}, {why}"))
                        .hint(format!("fix the path ({}) or remove the key", relative())));
                }
            }
            Ok(Some(Valued { value: full, line }))
        };
        let word =
            |key: &str, v: Option<Spanned<String>>, check: fn(&str) -> Result<(), String>| {
                let Some(v) = v else { return Ok(None) };
                let line = line_of(text, v.span().start);
                let value = v.into_inner();
                check(&value).map_err(|why| at(line, format!("{key}: {why}")))?;
                Ok::<_, CliError>(Some(Valued { value, line }))
            };
        let postgres = raw.postgres.unwrap_or_default();
        let dynamodb = raw.dynamodb.unwrap_or_default();
        let seed = raw.seed.unwrap_or_default();
        Ok(ProjectFile {
            schema: located("[postgres] schema", postgres.schema, Kind::File)?,
            seed: located("[postgres] seed", postgres.seed, Kind::File)?,
            migrations: located("[postgres] migrations", postgres.migrations, Kind::Folder)?,
            table: word(
                "[dynamodb] table",
                dynamodb.table,
                crate::model::schema::check_table_name,
            )?,
            conversation: located("[dynamodb] conversation", dynamodb.conversation, Kind::File)?,
            my_handle: word("[seed] my_handle", seed.my_handle, check_handle)?,
            other_handle: word("[seed] other_handle", seed.other_handle, check_handle)?,
        })
    }
}

/// A handle: a non-empty word without spaces.
fn check_handle(s: &str) -> Result<(), String> {
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        Err(format!(
            "'{}' is not a handle (one word, as in the users table)",
            s.escape_debug()
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in(dir: &Path, text: &str) -> Result<ProjectFile, String> {
        ProjectFile::parse(&dir.join("cruddur.toml"), text).map_err(|e| {
            let s = e.to_string();
            s.replace(&dir.display().to_string(), "DIR")
        })
    }

    #[test]
    fn values_come_with_their_lines_and_paths_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("db")).unwrap();
        std::fs::write(dir.path().join("db/schema.sql"), "").unwrap();
        let p = parse_in(
            dir.path(),
            "# comment\n[postgres]\nschema = \"db/schema.sql\"\nmigrations = \"db/migrations\"\n\n[dynamodb]\ntable = \"my-table\"\n[seed]\nmy_handle = \"alice\"\n",
        )
        .unwrap();
        assert_eq!(
            p.schema,
            Some(Valued {
                value: dir.path().join("db/schema.sql"),
                line: 3
            })
        );
        assert_eq!(p.migrations.unwrap().line, 4);
        assert_eq!(
            p.table,
            Some(Valued {
                value: "my-table".into(),
                line: 7
            })
        );
        assert_eq!(p.my_handle.unwrap().line, 9);
        assert_eq!(p.seed, None);
    }

    #[test]
    fn every_mistake_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("afile"), "").unwrap();
        let cases = [
            ("[postgres]\nschema = \"missing.sql\"\n", "DIR/cruddur.toml:2: [postgres] schema names missing.sql, which does not exist"),
            ("[postgres]\n\nschemas = \"x\"\n", "DIR/cruddur.toml:3: unknown field `schemas`"),
            ("[postgres\n", "DIR/cruddur.toml:1: "),
            ("[dynamodb]\ntable = 5\n", "DIR/cruddur.toml:2: invalid type"),
            ("[dynamodb]\ntable = \"x\"\n", "DIR/cruddur.toml:2: [dynamodb] table: a table name has 3 to 255"),
            ("[postgres]\nmigrations = \"afile\"\n", "DIR/cruddur.toml:2: [postgres] migrations names afile, which is a file, not a folder"),
            ("[postgres]\nseed = \".\"\n", "DIR/cruddur.toml:2: [postgres] seed names ., which is not a file"),
            ("[seed]\nmy_handle = \"two words\"\n", "DIR/cruddur.toml:2: [seed] my_handle: 'two words' is not a handle"),
            ("[s3]\nbucket = \"x\"\n", "DIR/cruddur.toml:1: unknown field `s3`"),
        ];
        let mut seen = 0;
        for (text, want) in cases {
            let got = parse_in(dir.path(), text).unwrap_err();
            assert!(got.starts_with(want), "{text:?}: {got}");
            seen += 1;
        }
        assert_eq!(seen, cases.len());
    }

    #[test]
    fn a_missing_migrations_folder_is_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse_in(dir.path(), "[postgres]\nmigrations = \"db/migrations\"\n").unwrap();
        assert_eq!(
            p.migrations.unwrap().value,
            dir.path().join("db/migrations")
        );
    }
}
