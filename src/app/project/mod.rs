//! The app's own files: which schema, seed, migrations folder and
//! conversation a run uses, which table and seed handles, and where each
//! comes from.
//!
//! Each setting is taken from the first of: a command-line flag, the
//! environment, the project file `cruddur.toml`, the app's layout, the copy
//! built into cruddur. The project file is named by `--project` or
//! `CRUDDUR_PROJECT`, or found by walking up from the current directory (as
//! cargo finds `Cargo.toml`); paths in it are relative to its own folder.
//! The app's layout is `db/schema.sql`, `db/seed.sql` and `db/migrations/`,
//! each looked up on its own in the current directory, its ancestors and
//! their `backend-flask/` folders.
//!
//! A file found by looking (not named by the user) must belong to the user
//! running cruddur (or to root): what it holds decides what SQL runs, and a
//! file another user left in a shared folder above the project must not.

pub mod file;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use file::{ProjectFile, Valued};

use crate::app::error::CliError;

/// The project file's name.
pub const PROJECT_FILE: &str = "cruddur.toml";
/// The variable naming a project file.
pub const PROJECT_VAR: &str = "CRUDDUR_PROJECT";

/// Where a setting of this run comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag, e.g. `--file`.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A line of the project file.
    ProjectFile { file: PathBuf, line: usize },
    /// Found in the app's layout.
    AppLayout,
    /// The copy built into cruddur.
    BuiltIn,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(name) => write!(f, "{name}"),
            Origin::Env(name) => write!(f, "${name}"),
            Origin::ProjectFile { file, line } => write!(f, "{}:{line}", shown(file)),
            Origin::AppLayout => f.write_str("app layout"),
            Origin::BuiltIn => f.write_str("built in"),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A file or folder of the app, and where the choice of it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub origin: Origin,
}

impl Located {
    /// The path as messages show it: relative to the current directory when
    /// it is below it.
    pub fn shown(&self) -> String {
        shown(&self.path)
    }
}

/// A path as messages show it: relative to the current directory when it
/// is below it, else as it is.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// How the project file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Flag,
    Env,
    WalkedUp,
}

/// The app files of the layout, each found on its own.
#[derive(Debug, Default, Clone)]
struct Layout {
    schema: Option<PathBuf>,
    seed: Option<PathBuf>,
    migrations: Option<PathBuf>,
    /// The first `db/` folder seen while looking (where a new migrations
    /// folder goes when there is none).
    db_folder: Option<PathBuf>,
}

/// The app's files and settings of this run.
#[derive(Debug, Default, Clone)]
pub struct Project {
    /// The project file used, and how it was found.
    pub file: Option<(PathBuf, Found)>,
    settings: ProjectFile,
    layout: Layout,
}

/// One of the app's files, as `doctor` and `-v` show it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub what: &'static str,
    pub path: String,
    pub origin: String,
}

impl Project {
    /// The project of the current directory: `flag` (a `--project` path),
    /// else `$CRUDDUR_PROJECT`, else the nearest `cruddur.toml` upwards;
    /// then the app's layout for what the project file leaves unset.
    pub fn load(flag: Option<&Path>) -> Result<Project, CliError> {
        let cwd = std::env::current_dir()
            .map_err(|e| CliError::usage(format!("cannot read the current directory: {e}")))?;
        let env = std::env::var_os(PROJECT_VAR).filter(|v| !v.is_empty());
        let named = match (flag, env) {
            (Some(p), _) => Some((p.to_path_buf(), Found::Flag)),
            (None, Some(v)) => Some((PathBuf::from(v), Found::Env)),
            (None, None) => None,
        };
        let file = match named {
            Some((path, how)) => Some((cwd.join(path), how)),
            None => find_upwards(&cwd)?.map(|p| (p, Found::WalkedUp)),
        };
        let settings = match &file {
            Some((path, how)) => read_project_file(path, *how)?,
            None => ProjectFile::default(),
        };
        Ok(Project {
            file,
            settings,
            layout: Layout::find(&cwd)?,
        })
    }

    /// A project of built-in files only (tests, the Lambda handler).
    pub fn built_in() -> Project {
        Project::default()
    }

    fn in_file<T: Clone>(&self, v: &Option<Valued<T>>) -> Option<(T, Origin)> {
        let (file, _) = self.file.as_ref()?;
        v.as_ref().map(|v| {
            (
                v.value.clone(),
                Origin::ProjectFile {
                    file: file.clone(),
                    line: v.line,
                },
            )
        })
    }

    fn path(
        &self,
        from_file: &Option<Valued<PathBuf>>,
        layout: &Option<PathBuf>,
    ) -> Option<Located> {
        self.in_file(from_file)
            .map(|(path, origin)| Located { path, origin })
            .or_else(|| {
                layout.clone().map(|path| Located {
                    path,
                    origin: Origin::AppLayout,
                })
            })
    }

    /// The schema file; `None` is the built-in one.
    pub fn schema(&self) -> Option<Located> {
        self.path(&self.settings.schema, &self.layout.schema)
    }

    /// The seed file of `db seed`; `None` is the built-in one.
    pub fn seed(&self) -> Option<Located> {
        self.path(&self.settings.seed, &self.layout.seed)
    }

    /// The migrations folder; `None` when there is none.
    pub fn migrations(&self) -> Option<Located> {
        self.path(&self.settings.migrations, &self.layout.migrations)
    }

    /// Where `db new-migration` makes a migrations folder when there is
    /// none: `migrations/` beside the app's schema (or in the first `db/`
    /// folder seen), else `db/migrations` in the current directory.
    pub fn new_migrations_folder(&self) -> PathBuf {
        self.schema()
            .and_then(|s| s.path.parent().map(|p| p.join("migrations")))
            .or_else(|| self.layout.db_folder.as_ref().map(|d| d.join("migrations")))
            .unwrap_or_else(|| PathBuf::from("db").join("migrations"))
    }

    /// The conversation of `ddb seed`; `None` is the built-in one.
    pub fn conversation(&self) -> Option<Located> {
        self.path(&self.settings.conversation, &None)
    }

    /// The table named by the project file.
    pub fn table(&self) -> Option<(String, Origin)> {
        self.in_file(&self.settings.table)
    }

    /// The first participant's handle named by the project file.
    pub fn my_handle(&self) -> Option<(String, Origin)> {
        self.in_file(&self.settings.my_handle)
    }

    /// The second participant's handle named by the project file.
    pub fn other_handle(&self) -> Option<(String, Origin)> {
        self.in_file(&self.settings.other_handle)
    }

    /// Every app file of the run and where it comes from (for `doctor`).
    pub fn sources(&self) -> Vec<SourceRow> {
        let row = |what, located: Option<Located>, builtin: &str| match located {
            Some(l) => SourceRow {
                what,
                path: l.shown(),
                origin: l.origin.to_string(),
            },
            None => SourceRow {
                what,
                path: builtin.to_string(),
                origin: Origin::BuiltIn.to_string(),
            },
        };
        let mut rows = Vec::new();
        rows.push(SourceRow {
            what: "project",
            path: self
                .file
                .as_ref()
                .map_or_else(|| "(none)".to_string(), |(p, _)| shown(p)),
            origin: match self.file.as_ref().map(|(_, how)| how) {
                Some(Found::Flag) => "--project".to_string(),
                Some(Found::Env) => format!("${PROJECT_VAR}"),
                Some(Found::WalkedUp) => "found upwards".to_string(),
                None => "no cruddur.toml here or above".to_string(),
            },
        });
        rows.push(row("schema", self.schema(), "sql/schema.sql"));
        rows.push(row("seed", self.seed(), "sql/seed.sql"));
        rows.push(match self.migrations() {
            Some(l) => SourceRow {
                what: "migrations",
                path: l.shown(),
                origin: l.origin.to_string(),
            },
            None => SourceRow {
                what: "migrations",
                path: "(none)".to_string(),
                origin: "no db/migrations here or above".to_string(),
            },
        });
        rows.push(row(
            "conversation",
            self.conversation(),
            "seeds/conversation.txt",
        ));
        rows
    }
}

/// With `-v`: which file of the app a command uses, and why that one.
pub fn note_source(verbose: u8, what: &str, located: Option<&Located>, builtin: &str) {
    if verbose == 0 {
        return;
    }
    match located {
        Some(l) => crate::app::output::note(format!("{what}: {} ({})", l.shown(), l.origin)),
        None => crate::app::output::note(format!("{what}: {builtin} (built in)")),
    }
}

/// The nearest `cruddur.toml` in `start` or above.
fn find_upwards(start: &Path) -> Result<Option<PathBuf>, CliError> {
    for dir in start.ancestors() {
        let candidate = dir.join(PROJECT_FILE);
        if candidate.is_file() {
            check_owner(&candidate, "project file")?;
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

fn read_project_file(path: &Path, how: Found) -> Result<ProjectFile, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let source = match how {
            Found::Flag => "--project",
            Found::Env => PROJECT_VAR,
            Found::WalkedUp => "found upwards",
        };
        CliError::usage(format!(
            "cannot read the project file {} ({source}): {e}",
            path.display()
        ))
        .hint("name an existing cruddur.toml, or write one with `cruddur init`")
    })?;
    ProjectFile::parse(path, &text)
}

impl Layout {
    /// Looks for each of the app's files on its own: in `start`, its
    /// ancestors, and their `backend-flask/` folders.
    fn find(start: &Path) -> Result<Layout, CliError> {
        let mut layout = Layout::default();
        for dir in start.ancestors() {
            for db in [dir.join("db"), dir.join("backend-flask").join("db")] {
                if !db.is_dir() {
                    continue;
                }
                layout.db_folder.get_or_insert_with(|| db.clone());
                let schema = db.join("schema.sql");
                if layout.schema.is_none() && schema.is_file() {
                    check_owner(&schema, "schema file")?;
                    layout.schema = Some(schema);
                }
                let seed = db.join("seed.sql");
                if layout.seed.is_none() && seed.is_file() {
                    check_owner(&seed, "seed file")?;
                    layout.seed = Some(seed);
                }
                let migrations = db.join("migrations");
                // A file there is found too, and refused as a folder where it is read.
                if layout.migrations.is_none() && migrations.exists() {
                    check_owner(&migrations, "migrations folder")?;
                    layout.migrations = Some(migrations);
                }
            }
        }
        Ok(layout)
    }
}

/// Refuses a file found by looking that belongs to another user (root's
/// files are trusted): it would decide what SQL runs.
fn check_owner(path: &Path, what: &str) -> Result<(), CliError> {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() == me || meta.uid() == 0 {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "the {what} {} was found by looking, not named, and belongs to another user (uid {}, you are uid {me}); cruddur does not run SQL from it",
        path.display(),
        meta.uid()
    ))
    .hint(format!(
        "if you trust it, name it: --project FILE (or ${PROJECT_VAR}) with a cruddur.toml that points at it"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding `files` (empty) and `folders`, made with their parents.
    fn tree(files: &[&str], folders: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        for f in folders {
            std::fs::create_dir_all(dir.path().join(f)).unwrap();
        }
        dir
    }

    #[test]
    fn the_layout_is_found_file_by_file_in_ancestors_and_backend_flask() {
        let dir = tree(
            &["backend-flask/db/schema.sql", "frontend/src/db/seed.sql"],
            &["backend-flask/db/migrations"],
        );
        let root = dir.path();
        let layout = Layout::find(&root.join("frontend/src")).unwrap();
        assert_eq!(
            layout.schema,
            Some(root.join("backend-flask/db/schema.sql"))
        );
        assert_eq!(layout.seed, Some(root.join("frontend/src/db/seed.sql")));
        assert_eq!(
            layout.migrations,
            Some(root.join("backend-flask/db/migrations"))
        );
        assert_eq!(layout.db_folder, Some(root.join("frontend/src/db")));
    }

    #[test]
    fn the_project_file_wins_over_the_layout_and_origins_name_lines() {
        let dir = tree(&["db/schema.sql", "db/seed.sql", "other.sql"], &[]);
        let root = dir.path();
        let toml = root.join(PROJECT_FILE);
        std::fs::write(&toml, "[postgres]\nschema = \"other.sql\"\n").unwrap();
        let project = Project {
            file: Some((toml.clone(), Found::WalkedUp)),
            settings: ProjectFile::parse(&toml, "[postgres]\nschema = \"other.sql\"\n").unwrap(),
            layout: Layout::find(root).unwrap(),
        };
        let schema = project.schema().unwrap();
        assert_eq!(schema.path, root.join("other.sql"));
        assert_eq!(
            schema.origin,
            Origin::ProjectFile {
                file: toml,
                line: 2
            }
        );
        assert_eq!(project.seed().unwrap().origin, Origin::AppLayout);
        assert_eq!(project.conversation(), None);
        assert_eq!(project.migrations(), None);
        assert_eq!(project.new_migrations_folder(), root.join("migrations"));
    }

    #[test]
    fn a_found_file_of_another_user_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("schema.sql");
        std::fs::write(&file, "").unwrap();
        assert!(check_owner(&file, "schema file").is_ok());
        // Only root can give a file away; elsewhere the refusal cannot be staged.
        if unsafe { libc::geteuid() } == 0 {
            std::os::unix::fs::chown(&file, Some(65534), None).unwrap();
            let e = check_owner(&file, "schema file").unwrap_err();
            assert!(
                e.message.contains("belongs to another user (uid 65534"),
                "{e}"
            );
        }
    }
}
