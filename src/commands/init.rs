//! `cruddur init`: writes a commented `cruddur.toml` naming the app files
//! found from here (see [`crate::project`]); never overwrites one.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::output;
use crate::app::project::{self, Located, PROJECT_FILE};
use crate::model::defaults;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write cruddur.toml into (default: the current one)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// A TOML string holding `s`.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `path` relative to `dir` where it can be, as the file spells it.
fn relative(path: &Path, dir: &Path) -> String {
    pathdiff::diff_paths(path, dir)
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// One key of the file: set to what was found, or commented out with the
/// default it stands for.
fn key(name: &str, found: Option<String>, default: &str, why_unset: &str) -> String {
    match found {
        Some(value) => format!("{name} = {}\n", quoted(&value)),
        None => format!("# {name} = {}   # {why_unset}\n", quoted(default)),
    }
}

/// The text of a new project file in `dir`.
fn text(ctx: &Ctx, dir: &Path) -> String {
    let path = |l: Option<Located>| l.map(|l| relative(&l.path, dir));
    let migrations = ctx.project.migrations().map(|l| relative(&l.path, dir));
    let table = (ctx.table != defaults_table()).then(|| ctx.table.clone());
    let mut t = String::new();
    t.push_str("# cruddur's project file: the app's files and settings for cruddur run in this\n");
    t.push_str("# folder or below. Paths are relative to this file's folder. A flag or an\n");
    t.push_str("# environment variable wins over a key here; a key left out falls back to the\n");
    t.push_str("# app's layout (db/schema.sql, db/seed.sql, db/migrations/ here or above), then\n");
    t.push_str(
        "# to cruddur's built-in copy. `cruddur doctor` shows where each one comes from.\n\n",
    );
    t.push_str("[postgres]\n");
    t.push_str("# Loaded by `db setup` into a database without tables; `db schema-load` recreates the tables from it.\n");
    t.push_str(&key(
        "schema",
        path(ctx.project.schema()),
        "db/schema.sql",
        "not found: the built-in schema is used",
    ));
    t.push_str("# Inserted by `db seed`, and by `db setup` into an empty users table.\n");
    t.push_str(&key(
        "seed",
        path(ctx.project.seed()),
        "db/seed.sql",
        "not found: the built-in seed is used",
    ));
    t.push_str("# VERSION_name.up.sql/.down.sql pairs and the app's DIGITS_name.py files (`db migrate`).\n");
    t.push_str(&key(
        "migrations",
        migrations,
        "db/migrations",
        "not found: `db new-migration NAME` makes one",
    ));
    t.push_str("\n[dynamodb]\n");
    t.push_str("# The messages table (--table and DDB_MESSAGE_TABLE win over it).\n");
    t.push_str(&key("table", table, &defaults_table(), "the default"));
    t.push_str("# The conversation `ddb seed` writes: one `Person 1: ...` or `Person 2: ...` line per message.\n");
    t.push_str(&key(
        "conversation",
        path(ctx.project.conversation()),
        "seeds/conversation.txt",
        "unset: the built-in conversation is used",
    ));
    t.push_str("\n[seed]\n");
    t.push_str(
        "# The two participants of the seed conversation, by their handle in the users table.\n",
    );
    t.push_str(&key(
        "my_handle",
        ctx.project.my_handle().map(|(h, _)| h),
        defaults::MY_HANDLE,
        "the default",
    ));
    t.push_str(&key(
        "other_handle",
        ctx.project.other_handle().map(|(h, _)| h),
        defaults::OTHER_HANDLE,
        "the default",
    ));
    t
}

fn defaults_table() -> String {
    crate::model::DEFAULT_TABLE.to_string()
}

pub async fn run(ctx: &Ctx, args: InitArgs) -> anyhow::Result<()> {
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::usage(format!("cannot read the current directory: {e}")))?;
    let dir = cwd.join(args.dir.unwrap_or_default());
    if !dir.is_dir() {
        return Err(
            CliError::usage(format!("{} is not a folder", dir.display()))
                .hint("name an existing folder with --dir")
                .into(),
        );
    }
    let path = dir.join(PROJECT_FILE);
    let shown = project::shown(&path);
    let exists = || {
        CliError::new(format!("refusing to overwrite {shown}: it exists"))
            .hint("edit it, or remove it and run `cruddur init` again")
            .kind(ErrorKind::Conflict)
    };
    if path.exists() {
        return Err(exists().into());
    }
    let text = text(ctx, &dir);
    let write = || -> std::io::Result<tempfile::NamedTempFile> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".cruddur.toml.")
            .tempfile_in(&dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        Ok(tmp)
    };
    let tmp = write().map_err(|e| CliError::new(format!("cannot write {shown}: {e}")))?;
    // Written whole, then linked into place only if no file got there first.
    tmp.persist_noclobber(&path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            CliError::new(format!("cannot write {shown}: {}", e.error))
        }
    })?;
    output::print_line(&shown)?;
    let found: Vec<String> = ctx
        .project
        .sources()
        .into_iter()
        .filter(|s| s.what != "project" && s.origin != "built in" && s.path != "(none)")
        .map(|s| format!("{} {}", s.what, s.path))
        .collect();
    output::note(format!(
        "wrote {shown}{}; edit it, and check it with `cruddur doctor`",
        if found.is_empty() {
            ": no app files found, every key commented out".to_string()
        } else {
            format!(" naming {}", found.join(", "))
        }
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_quoted_or_commented_with_their_default() {
        assert_eq!(
            key("schema", Some("db/a \"b\".sql".into()), "x", "y"),
            "schema = 'db/a \"b\".sql'\n"
        );
        assert_eq!(
            key("table", None, "cruddur-messages", "the default"),
            "# table = \"cruddur-messages\"   # the default\n"
        );
        assert_eq!(
            relative(Path::new("/a/b/db/schema.sql"), Path::new("/a/b")),
            "db/schema.sql"
        );
        assert_eq!(
            relative(Path::new("/a/db/schema.sql"), Path::new("/a/b")),
            "../db/schema.sql"
        );
    }
}
