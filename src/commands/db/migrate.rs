//! `db migrate`, `db rollback`, `db migrations` and `db new-migration`:
//! the app's migrations folder against the database's ledger (see
//! [`crate::pg::migrate`]).

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Args;

use super::DbUrlArgs;
use crate::app::confirm::ConfirmOpts;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt;
use crate::app::output;
use crate::app::project::{self, Located, Origin};
use crate::pg::migrate::{self, files, Entry, MigrateOptions, RollbackOptions, State, Version};

/// Which migrations folder a command reads.
#[derive(Debug, Clone, Args)]
pub struct FolderArgs {
    /// The migrations folder (default: [postgres] migrations of
    /// cruddur.toml, else db/migrations of the app, looked up from here)
    #[arg(long = "migrations", value_name = "DIR", env = "CRUDDUR_MIGRATIONS")]
    pub folder: Option<PathBuf>,
}

impl FolderArgs {
    /// The folder of the run; none at all is a usage error saying where
    /// cruddur looked.
    fn located(&self, ctx: &Ctx) -> Result<Located, CliError> {
        let found = match &self.folder {
            Some(path) => Some(Located {
                path: path.clone(),
                origin: if std::env::var_os("CRUDDUR_MIGRATIONS").as_deref()
                    == Some(path.as_os_str())
                {
                    Origin::Env("CRUDDUR_MIGRATIONS")
                } else {
                    Origin::Flag("--migrations")
                },
            }),
            None => ctx.project.migrations(),
        };
        project::note_source(ctx.verbose, "migrations", found.as_ref(), "");
        found.ok_or_else(|| {
            CliError::usage("no migrations folder: none is named and there is no db/migrations here or above (nor in a backend-flask/ folder)")
                .hint("make one with `cruddur db new-migration NAME`, or name it: --migrations DIR or [postgres] migrations in cruddur.toml")
        })
    }

    /// The folder of the run, which must exist.
    fn existing(&self, ctx: &Ctx) -> Result<Located, CliError> {
        let folder = self.located(ctx)?;
        if !folder.path.exists() {
            return Err(CliError::usage(format!(
                "the migrations folder {} ({}) does not exist",
                folder.shown(),
                folder.origin
            ))
            .hint("make it and a first migration with `cruddur db new-migration NAME`"));
        }
        Ok(folder)
    }
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    #[command(flatten)]
    pub folder: FolderArgs,

    /// Show what would be applied; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Apply nothing; exit 1 when a migration is pending, changed or
    /// missing (for CI), 0 when the database is up to date
    #[arg(long)]
    pub check: bool,

    /// Apply the pending migrations up to and including this version
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,

    /// Accept the changed file of an applied migration as it is now
    /// (recorded in the ledger); repeatable
    #[arg(long, value_name = "VERSION")]
    pub accept_changed: Vec<String>,

    /// Accept that the file of an applied migration is gone (recorded in
    /// the ledger); repeatable
    #[arg(long, value_name = "VERSION")]
    pub accept_missing: Vec<String>,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    #[command(flatten)]
    pub folder: FolderArgs,

    /// How many of the newest applied migrations to undo [default: 1]
    #[arg(long, value_name = "N", conflicts_with = "to", value_parser = clap::value_parser!(u32).range(1..))]
    pub steps: Option<u32>,

    /// Undo every migration applied after this version (it stays applied); 0 undoes all
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,

    /// Show what would be undone; change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub confirm: ConfirmOpts,
}

#[derive(Debug, Args)]
pub struct MigrationsArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    #[command(flatten)]
    pub folder: FolderArgs,
}

/// A migration name: lower-case letters, digits and `_`.
fn migration_name(s: &str) -> Result<String, String> {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(s.to_string())
    } else {
        Err("a migration name is lower-case letters, digits and '_', e.g. add_bio".to_string())
    }
}

#[derive(Debug, Args)]
pub struct NewMigrationArgs {
    /// What the migration does, e.g. add_bio ([a-z0-9_]+)
    #[arg(value_parser = migration_name)]
    pub name: String,

    #[command(flatten)]
    pub folder: FolderArgs,
}

pub async fn migrate_cmd(ctx: &Ctx, args: MigrateArgs) -> anyhow::Result<()> {
    let folder = args.folder.existing(ctx)?;
    let target = args.db.target(ctx)?;
    let options = MigrateOptions {
        dry_run: args.dry_run,
        check: args.check,
        to: args.to,
        accept_changed: args.accept_changed,
        accept_missing: args.accept_missing,
        yes: args.confirm.yes,
    };
    let shutdown = interrupt::listen();
    let report = migrate::migrate(ctx, &target, &folder.path, &options, &shutdown).await?;
    if let Some(a) = &report.adoption {
        if report.dry_run {
            output::note(a.line(false));
        }
    }
    if report.dry_run {
        if ctx.json() {
            output::print_json(&report)?;
        } else if !report.migrations.is_empty() || !report.blocking.is_empty() {
            let mut t = output::table(["version", "name", "state", "statements", "file"]);
            for m in &report.migrations {
                t.add_row([
                    m.version.clone(),
                    m.name.clone(),
                    "pending".to_string(),
                    format!(
                        "{}{}",
                        m.statements,
                        if m.transaction {
                            ""
                        } else {
                            " (no transaction)"
                        }
                    ),
                    m.file.clone(),
                ]);
            }
            for e in &report.blocking {
                t.add_row([
                    e.version.clone(),
                    e.name.clone(),
                    e.state.as_str().to_string(),
                    String::new(),
                    e.file.clone().unwrap_or_default(),
                ]);
            }
            output::print_table(&t)?;
        }
        let summary = format!(
            "{} pending{} in {} ({} applied){}",
            report.migrations.len(),
            counted(report.pending_after.len(), " up to --to, {n} after it"),
            report.folder,
            report.applied_total,
            counted(report.blocking.len(), ", {n} changed or missing")
        );
        if args.check && (!report.migrations.is_empty() || !report.blocking.is_empty()) {
            return Err(CliError::new(format!("'{}' is not up to date: {summary}", report.database))
                .hint("apply them with `cruddur db migrate` (changed or missing ones need the file restored or accepted)")
                .into());
        }
        if report.migrations.is_empty() && report.blocking.is_empty() {
            output::note(format!("'{}' is up to date: {summary}", report.database));
        } else {
            output::note(format!("dry run, nothing applied: {summary}"));
        }
        return Ok(());
    }
    if ctx.json() {
        output::print_json(&report)?;
    }
    output::note(match report.migrations.len() {
        0 => format!(
            "'{}' is up to date: nothing pending in {} ({} applied)",
            report.database, report.folder, report.applied_total
        ),
        n => format!(
            "migrated '{}': applied {n} migration(s) from {}{}",
            report.database,
            report.folder,
            counted(report.pending_after.len(), "; {n} pending after --to")
        ),
    });
    Ok(())
}

pub async fn rollback_cmd(ctx: &Ctx, args: RollbackArgs) -> anyhow::Result<()> {
    let folder = args.folder.existing(ctx)?;
    let target = args.db.target(ctx)?;
    let options = RollbackOptions {
        steps: args.steps.map(|n| n as usize),
        to: args.to,
        dry_run: args.dry_run,
        yes: args.confirm.yes,
    };
    let shutdown = interrupt::listen();
    let report = migrate::rollback(ctx, &target, &folder.path, &options, &shutdown).await?;
    if ctx.json() {
        output::print_json(&report)?;
    } else if report.dry_run && !report.migrations.is_empty() {
        let mut t = output::table(["version", "name", "statements", "file"]);
        for m in &report.migrations {
            t.add_row([
                m.version.clone(),
                m.name.clone(),
                m.statements.to_string(),
                m.file.clone(),
            ]);
        }
        output::print_table(&t)?;
    }
    output::note(match (report.migrations.len(), report.dry_run) {
        (0, _) => format!(
            "nothing to roll back: no migration of '{}' is recorded as applied",
            report.database
        ),
        (n, true) => format!(
            "dry run, nothing rolled back: {n} migration(s) of '{}' would be undone",
            report.database
        ),
        (n, false) => format!("rolled back {n} migration(s) of '{}'", report.database),
    });
    Ok(())
}

pub async fn migrations_cmd(ctx: &Ctx, args: MigrationsArgs) -> anyhow::Result<()> {
    let folder = args.folder.existing(ctx)?;
    let target = args.db.target(ctx)?;
    let report = migrate::read_status(&target, &folder.path).await?;
    if let Some(a) = &report.adoption {
        output::note(format!(
            "not recorded yet: `cruddur db migrate` {}",
            a.line(false)
        ));
    }
    if ctx.json() {
        output::print_json(&report)?;
    } else if !report.migrations.is_empty() {
        let mut t = output::table(["version", "name", "state", "applied at", "duration", "file"]);
        for e in &report.migrations {
            t.add_row([
                e.version.clone(),
                e.name.clone(),
                shown_state(e),
                e.applied_at.clone().unwrap_or_default(),
                e.duration_ms
                    .map(|ms| format!("{ms} ms"))
                    .unwrap_or_default(),
                e.file.clone().unwrap_or_default(),
            ]);
        }
        output::print_table(&t)?;
    }
    let count = |s: State| report.migrations.iter().filter(|e| e.state == s).count();
    output::note(format!(
        "{} migration(s) in {}: {} applied, {} pending, {} changed, {} missing",
        report.migrations.len(),
        folder.shown(),
        count(State::Applied),
        count(State::Pending),
        count(State::Changed),
        count(State::Missing)
    ));
    Ok(())
}

/// A state as the table shows it, with how it was recorded.
fn shown_state(e: &Entry) -> String {
    let mut s = e.state.as_str().to_string();
    if e.how == Some(migrate::How::Adopted) {
        s.push_str(" (adopted)");
    }
    if e.accepted.is_some() {
        s.push_str(" (accepted)");
    }
    s
}

/// What `db new-migration` wrote.
#[derive(Debug, serde::Serialize)]
struct NewMigration {
    version: String,
    name: String,
    up: String,
    down: String,
}

/// A version after every one in the folder: now, or a second after the newest.
fn fresh_version(folder: &Path) -> Result<Version, CliError> {
    let now = Version::at(Utc::now());
    if !folder.exists() {
        return Ok(now);
    }
    let newest = files::read_folder(folder)?
        .into_iter()
        .map(|m| m.version)
        .max();
    Ok(match newest {
        Some(v) if v >= now => {
            let next =
                chrono::DateTime::from_timestamp(v.seconds() + 1, 0).unwrap_or_else(Utc::now);
            Version::at(next)
        }
        _ => now,
    })
}

pub async fn new_migration_cmd(ctx: &Ctx, args: NewMigrationArgs) -> anyhow::Result<()> {
    let folder = match args.folder.located(ctx) {
        Ok(f) => f.path,
        Err(_) => ctx.project.new_migrations_folder(),
    };
    if folder.exists() && !folder.is_dir() {
        return Err(CliError::usage(format!(
            "the migrations folder {} is a file, not a folder",
            project::shown(&folder)
        ))
        .into());
    }
    let version = fresh_version(&folder)?;
    std::fs::create_dir_all(&folder).map_err(|e| {
        CliError::new(format!(
            "cannot make the migrations folder {}: {e}",
            project::shown(&folder)
        ))
    })?;
    let stem = format!("{}_{}", version.as_str(), args.name);
    let up = folder.join(format!("{stem}.up.sql"));
    let down = folder.join(format!("{stem}.down.sql"));
    let up_text = format!(
        "-- {stem}: the change. `cruddur db migrate` runs this file in one transaction\n-- together with its row in the ledger; a first line `{}`\n-- runs it outside one (for CREATE INDEX CONCURRENTLY).\n",
        files::NO_TRANSACTION
    );
    let down_text = format!(
        "-- {stem}: what undoes the up file. `cruddur db rollback` runs it in one\n-- transaction together with the removal of the migration's ledger row.\n"
    );
    write_new(&up, &up_text)?;
    if let Err(e) = write_new(&down, &down_text) {
        let _ = std::fs::remove_file(&up);
        return Err(e.into());
    }
    let report = NewMigration {
        version: version.as_str().to_string(),
        name: args.name,
        up: project::shown(&up),
        down: project::shown(&down),
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        output::print_line(&report.up)?;
        output::print_line(&report.down)?;
    }
    output::note(format!(
        "wrote migration {stem}: write the change in the up file and its undoing in the down file, then run `cruddur db migrate`"
    ));
    Ok(())
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", project::shown(path))))?;
    f.write_all(text.as_bytes())
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", project::shown(path))))
}

/// `text` with `{n}` as `n`, or nothing when `n` is 0: a summary's clause
/// that only counts what there is.
fn counted(n: usize, text: &str) -> String {
    if n == 0 {
        String::new()
    } else {
        text.replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_case_words() {
        assert!(migration_name("add_bio").is_ok());
        assert!(migration_name("add_bio_2").is_ok());
        for bad in ["", "AddBio", "add-bio", "add bio", "add.bio", "../x"] {
            assert!(migration_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_version_comes_after_every_version_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("29991231235959_future.up.sql"), "").unwrap();
        assert_eq!(
            fresh_version(dir.path()).unwrap().as_str(),
            "30000101000000"
        );
        let empty = tempfile::tempdir().unwrap();
        let v = fresh_version(empty.path()).unwrap();
        assert!((v.seconds() - Utc::now().timestamp()).abs() < 5);
    }
}
