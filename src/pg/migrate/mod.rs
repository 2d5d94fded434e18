//! Migrations: the folder's files beside the database's ledger.
//!
//! Each migration runs in its own transaction together with its ledger
//! row, so the ledger never says a migration ran that did not, or the
//! reverse; a failing statement rolls its migration back and stops the
//! run. One advisory lock per database serialises runs: a second run
//! waits (up to `--lock-timeout`) and finds nothing left to do. An applied
//! migration whose file changed or is gone stops `migrate` until the file
//! is restored or the change accepted. A database the app's own scripts
//! migrated (`schema_information`, no ledger) is taken over: the legacy
//! migrations its mark covers are recorded without running.

pub mod files;
pub mod ledger;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use sqlx::postgres::PgConnection;
use sqlx::Connection;

pub use files::{Format, Migration, Script, Version};
pub use ledger::{Applied, How};

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt::Shutdown;
use crate::app::output;
use crate::pg::admin::database_name;
use crate::pg::guard::{self, Destructive};
use crate::pg::script::{statement_error, Failure, Running};
use crate::pg::{connect_with, one_transaction, query_error, session, PgTarget};

/// The state of one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// In the ledger, and the file is as it was applied.
    Applied,
    /// A file not in the ledger.
    Pending,
    /// In the ledger, but the file differs from what was applied.
    Changed,
    /// In the ledger, but its file is gone.
    Missing,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Pending => "pending",
            State::Changed => "changed",
            State::Missing => "missing",
        }
    }
}

/// One version as `db migrations` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub version: String,
    pub name: String,
    pub state: State,
    pub applied_at: Option<String>,
    pub duration_ms: Option<i64>,
    /// `ran`, or `adopted` from the app's schema_information.
    pub how: Option<How>,
    pub file: Option<String>,
    pub format: Option<Format>,
    /// Whether it has down SQL (for `db rollback`).
    pub down: bool,
    /// A change or removal that was accepted.
    pub accepted: Option<String>,
    #[serde(skip)]
    order: Version,
    #[serde(skip)]
    missing_accepted: bool,
}

impl Entry {
    /// Whether it stops `db migrate` (a changed or missing file not accepted).
    fn blocks(&self) -> bool {
        match self.state {
            State::Changed => true,
            State::Missing => !self.missing_accepted,
            _ => false,
        }
    }

    fn label(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }
}

/// The order of a version known only from the ledger.
fn version_of(text: &str) -> Version {
    Version::from_time(text).unwrap_or_else(|_| Version::legacy(text))
}

/// Every version of the folder and the ledger, oldest first, with its state.
pub fn status(files: &[Migration], applied: &[Applied]) -> Vec<Entry> {
    let by_version: HashMap<&str, &Applied> =
        applied.iter().map(|a| (a.version.as_str(), a)).collect();
    let mut entries: Vec<Entry> = files
        .iter()
        .map(|m| {
            let row = by_version.get(m.version.as_str());
            let state = match row {
                None => State::Pending,
                Some(a) if a.checksum == m.checksum => State::Applied,
                Some(_) => State::Changed,
            };
            Entry {
                version: m.version.as_str().to_string(),
                name: m.name.clone(),
                state,
                applied_at: row.and_then(|a| a.applied_at.clone()),
                duration_ms: row.map(|a| a.duration_ms),
                how: row.map(|a| a.how),
                file: Some(m.up.label()),
                format: Some(m.format),
                down: m.down.is_some(),
                accepted: row.and_then(|a| a.accepted.clone()),
                order: m.version.clone(),
                missing_accepted: false,
            }
        })
        .collect();
    let in_files: std::collections::HashSet<&str> =
        files.iter().map(|m| m.version.as_str()).collect();
    for a in applied
        .iter()
        .filter(|a| !in_files.contains(a.version.as_str()))
    {
        entries.push(Entry {
            version: a.version.clone(),
            name: a.name.clone(),
            state: State::Missing,
            applied_at: a.applied_at.clone(),
            duration_ms: Some(a.duration_ms),
            how: Some(a.how),
            file: None,
            format: None,
            down: false,
            accepted: a.accepted.clone(),
            order: version_of(&a.version),
            missing_accepted: a.missing_accepted,
        });
    }
    entries.sort_by(|a, b| a.order.cmp(&b.order));
    entries
}

/// What a take-over from the app's `schema_information` records.
#[derive(Debug, Clone, Serialize)]
pub struct Adoption {
    /// The app's `last_successful_run`.
    pub mark: String,
    /// The legacy versions recorded as applied.
    pub versions: Vec<String>,
    /// Versions on which the app's numeric order and time order disagree:
    /// whether they ran cannot be told from the mark.
    pub unclear: Vec<String>,
}

impl Adoption {
    /// The one line that states the take-over.
    pub fn line(&self, done: bool) -> String {
        let verb = if done { "took" } else { "would take" };
        let mut line = if self.versions.is_empty() {
            format!(
                "{verb} over from the app's schema_information (last_successful_run {}): it marks no migration as run",
                self.mark
            )
        } else {
            format!(
                "{verb} over from the app's schema_information (last_successful_run {}): {} legacy migration(s) recorded as applied without running them ({})",
                self.mark,
                self.versions.len(),
                self.versions.join(", ")
            )
        };
        if !self.unclear.is_empty() {
            line.push_str(&format!(
                "; check {}: versions of other lengths than the mark's do not sort by time as numbers, so the app may have run or skipped them wrongly",
                self.unclear.join(", ")
            ));
        }
        line
    }
}

/// Digits compared as the numbers they are (`int()` in the app's scripts).
fn numeric_le(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    (a.len(), a) <= (b.len(), b)
}

/// The legacy migrations the app's own `migrate` treats as done: those
/// whose version is at most its mark, compared as numbers as it compares
/// them.
pub fn adoption(files: &[Migration], mark: &str) -> Adoption {
    let digits = !mark.is_empty() && mark.bytes().all(|b| b.is_ascii_digit());
    let mark_version = Version::legacy(mark);
    let mut versions = Vec::new();
    let mut unclear = Vec::new();
    for m in files.iter().filter(|m| m.format == Format::Python) {
        let v = m.version.as_str();
        let by_number = digits && numeric_le(v, mark);
        let by_time = digits && m.version <= mark_version;
        if by_number {
            versions.push(v.to_string());
        }
        if by_number != by_time {
            unclear.push(v.to_string());
        }
    }
    Adoption {
        mark: mark.to_string(),
        versions,
        unclear,
    }
}

/// The ledger of a database as a command sees it.
struct Ledger {
    applied: Vec<Applied>,
    adoption: Option<Adoption>,
}

/// Reads the ledger. Without one, a database with the app's
/// `schema_information` is taken over: with `write`, the ledger is created
/// and the adopted rows written in one transaction; without, they are only
/// shown.
async fn load(
    conn: &mut PgConnection,
    files: &[Migration],
    write: bool,
    database: &str,
) -> Result<Ledger, CliError> {
    if ledger::exists(conn).await? {
        return Ok(Ledger {
            applied: ledger::read(conn).await?,
            adoption: None,
        });
    }
    let adoption = ledger::app_mark(conn)
        .await?
        .map(|mark| adoption(files, &mark));
    if !write {
        let adopted = adoption.as_ref().map_or_else(Vec::new, |a| {
            files
                .iter()
                .filter(|m| a.versions.iter().any(|v| v == m.version.as_str()))
                .map(|m| Applied {
                    version: m.version.as_str().to_string(),
                    name: m.name.clone(),
                    checksum: m.checksum.clone(),
                    applied_at: None,
                    duration_ms: 0,
                    how: How::Adopted,
                    accepted: None,
                    missing_accepted: false,
                })
                .collect()
        });
        return Ok(Ledger {
            applied: adopted,
            adoption,
        });
    }
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| query_error("starting a transaction", e))?;
    ledger::create(&mut tx, database).await?;
    if let Some(a) = &adoption {
        for m in files
            .iter()
            .filter(|m| a.versions.iter().any(|v| v == m.version.as_str()))
        {
            ledger::insert(&mut tx, m, 0, How::Adopted)
                .await
                .map_err(|e| query_error("recording the adopted migrations", e))?;
        }
    }
    tx.commit()
        .await
        .map_err(|e| query_error("creating the migrations ledger", e))?;
    if let Some(a) = &adoption {
        output::note(a.line(true));
    }
    Ok(Ledger {
        applied: ledger::read(conn).await?,
        adoption,
    })
}

/// The error that stops `migrate` while applied migrations are changed or
/// missing.
fn blocked(entries: &[Entry]) -> Result<(), CliError> {
    let blocking: Vec<&Entry> = entries.iter().filter(|e| e.blocks()).collect();
    let Some(first) = blocking.first() else {
        return Ok(());
    };
    let describe = |e: &Entry| match e.state {
        State::Changed => format!(
            "{} was changed after it was applied ({})",
            e.label(),
            e.file.as_deref().unwrap_or("")
        ),
        _ => format!("{} was applied but its file is gone", e.label()),
    };
    let mut message = describe(first);
    if blocking.len() > 1 {
        message.push_str(&format!(
            " (and {} more: {})",
            blocking.len() - 1,
            blocking[1..]
                .iter()
                .map(|e| e.label())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let hint = match first.state {
        State::Changed => format!(
            "restore the file as it was applied, or accept it as it is now with `cruddur db migrate --accept-changed {}`",
            first.version
        ),
        _ => format!(
            "restore the file, or accept its removal with `cruddur db migrate --accept-missing {}`",
            first.version
        ),
    };
    Err(CliError::new(format!("{message}; nothing was applied"))
        .hint(hint)
        .kind(ErrorKind::Conflict))
}

/// The version `--to` names: a migration's version, or `VERSION_name`.
fn find_target<'a>(entries: &'a [Entry], to: &str) -> Result<&'a Entry, CliError> {
    entries
        .iter()
        .find(|e| e.version == to || e.label() == to)
        .ok_or_else(|| {
            CliError::usage(format!("no migration has the version {to}"))
                .hint("`cruddur db migrations` lists the versions")
        })
}

/// What `db migrate` should do.
#[derive(Debug, Clone, Default)]
pub struct MigrateOptions {
    /// Show what would run; change nothing.
    pub dry_run: bool,
    /// Like `dry_run`, for CI: the caller fails when anything is pending.
    pub check: bool,
    /// Apply up to and including this version.
    pub to: Option<String>,
    pub accept_changed: Vec<String>,
    pub accept_missing: Vec<String>,
    /// Confirmed beforehand (`--yes`).
    pub yes: bool,
}

/// One migration applied (or to apply, in a dry run).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub version: String,
    pub name: String,
    pub file: String,
    pub statements: usize,
    /// Whether it ran in a transaction (a `-- cruddur: no-transaction` file does not).
    pub transaction: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
}

/// What `db migrate` did, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub database: String,
    pub folder: String,
    pub dry_run: bool,
    /// The take-over from the app's schema_information, if one happened (or would).
    pub adoption: Option<Adoption>,
    /// Applied by this run (or, in a dry run, what would be).
    pub migrations: Vec<Step>,
    /// Versions still pending afterwards (those after `--to`, say).
    pub pending_after: Vec<String>,
    /// Migrations recorded as applied.
    pub applied_total: usize,
    /// Changed or missing migrations (a dry run or `--check` lists them).
    pub blocking: Vec<Entry>,
}

/// Checks, before anything runs, that every script can be run as marked.
fn check_scripts<'a>(scripts: impl Iterator<Item = &'a Script>) -> Result<(), CliError> {
    for s in scripts {
        let statements = s.statements();
        if s.no_transaction {
            one_transaction::check_outside(&s.label(), &statements)?;
        } else {
            one_transaction::check(&s.label(), &statements)?;
        }
    }
    Ok(())
}

/// The pending migrations `db migrate` applies, oldest first, up to `to`.
fn pending<'a>(
    files: &'a [Migration],
    entries: &[Entry],
    to: Option<&Entry>,
) -> (Vec<&'a Migration>, Vec<String>) {
    let pending: Vec<&Migration> = entries
        .iter()
        .filter(|e| e.state == State::Pending)
        .filter_map(|e| files.iter().find(|m| m.version.as_str() == e.version))
        .collect();
    match to {
        Some(t) => {
            let (now, later): (Vec<&Migration>, Vec<&Migration>) =
                pending.into_iter().partition(|m| m.version <= t.order);
            (
                now,
                later
                    .iter()
                    .map(|m| m.version.as_str().to_string())
                    .collect(),
            )
        }
        None => (pending, Vec::new()),
    }
}

/// A session on the target for migrating: connected, with its backend pid.
struct Session {
    conn: PgConnection,
    pid: i32,
    database: String,
}

async fn open(target: &PgTarget) -> Result<Session, CliError> {
    let database = database_name(&target.options)?;
    let mut conn = connect_with(&target.options).await?;
    let pid = session::backend_pid(&mut conn).await?;
    Ok(Session {
        conn,
        pid,
        database,
    })
}

/// Applies the pending migrations of `folder` (see [`MigrateOptions`]).
pub async fn migrate(
    ctx: &Ctx,
    target: &PgTarget,
    folder: &Path,
    opts: &MigrateOptions,
    shutdown: &Shutdown,
) -> Result<MigrateReport, CliError> {
    let files = files::read_folder(folder)?;
    let mut s = open(target).await?;
    let read_only = opts.dry_run || opts.check;
    let mut report = MigrateReport {
        database: s.database.clone(),
        folder: crate::app::project::shown(folder),
        dry_run: read_only,
        adoption: None,
        migrations: Vec::new(),
        pending_after: Vec::new(),
        applied_total: 0,
        blocking: Vec::new(),
    };
    // What the run would do, read without the lock: all a dry run needs,
    // and what a production run shows before it asks.
    let seen = load(&mut s.conn, &files, false, &s.database).await?;
    let entries = status(&files, &seen.applied);
    let accepted_entries = accept_virtually(&entries, opts)?;
    let to = opts
        .to
        .as_deref()
        .map(|t| find_target(&entries, t))
        .transpose()?;
    let (todo, later) = pending(&files, &accepted_entries, to);
    if read_only {
        report.adoption = seen.adoption;
        report.blocking = accepted_entries
            .iter()
            .filter(|e| e.blocks())
            .cloned()
            .collect();
        report.migrations = todo.iter().map(|m| Direction::Up.step(m, None)).collect();
        report.pending_after = later;
        report.applied_total = accepted_entries
            .iter()
            .filter(|e| e.state != State::Pending)
            .count();
        if opts.dry_run && !opts.check {
            blocked(&accepted_entries)?;
            check_scripts(todo.iter().map(|m| &m.up))?;
        }
        return Ok(report);
    }
    blocked(&accepted_entries)?;
    check_scripts(todo.iter().map(|m| &m.up))?;
    let standing = guard::standing(target).await?;
    let asked = if !todo.is_empty() && (ctx.is_prod() || standing.is_production()) {
        Direction::Up.announce(&todo);
        guard::check(
            ctx,
            target,
            Destructive {
                action: "apply migrations",
                question: format!("Apply {} migration(s) to '{}'?", todo.len(), s.database),
                always_ask: false,
                yes: opts.yes,
            },
        )
        .await?;
        Some(
            todo.iter()
                .map(|m| m.version.as_str().to_string())
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };

    ledger::lock(&mut s.conn, &target.options, s.pid, shutdown, &s.database).await?;
    let mut loaded = load(&mut s.conn, &files, true, &s.database).await?;
    report.adoption = loaded.adoption.take();
    accept(&mut s.conn, &files, &loaded.applied, opts).await?;
    let applied = if opts.accept_changed.is_empty() && opts.accept_missing.is_empty() {
        loaded.applied
    } else {
        ledger::read(&mut s.conn).await?
    };
    let entries = status(&files, &applied);
    blocked(&entries)?;
    let to = opts
        .to
        .as_deref()
        .map(|t| find_target(&entries, t))
        .transpose()?;
    let (todo, later) = pending(&files, &entries, to);
    if let Some(asked) = asked {
        if let Some(m) = todo
            .iter()
            .find(|m| !asked.iter().any(|v| v == m.version.as_str()))
        {
            return Err(CliError::new(format!(
                "{}_{} became pending while the question was open; nothing was applied",
                m.version.as_str(),
                m.name
            ))
            .hint("run the command again to see the new list")
            .kind(ErrorKind::Conflict));
        }
    }
    if let Some(newest) = entries
        .iter()
        .filter(|e| e.state != State::Pending)
        .map(|e| &e.order)
        .max()
    {
        for m in todo.iter().filter(|m| &m.version < newest) {
            output::note(format!(
                "note: {}_{} is older than the newest applied migration; applying it now",
                m.version.as_str(),
                m.name
            ));
        }
    }
    report.migrations = run_all(&mut s, target, shutdown, &todo, Direction::Up).await?;
    let total = todo.len();
    report.pending_after = later;
    report.applied_total = entries.iter().filter(|e| e.state != State::Pending).count() + total;
    let _ = s.conn.close().await;
    Ok(report)
}

/// The entries as they would be with the `--accept-*` flags applied; a
/// flag that names no changed (or missing) migration is a usage error.
fn accept_virtually(entries: &[Entry], opts: &MigrateOptions) -> Result<Vec<Entry>, CliError> {
    let mut out = entries.to_vec();
    for (versions, want) in [
        (&opts.accept_changed, State::Changed),
        (&opts.accept_missing, State::Missing),
    ] {
        for v in versions {
            let e = out
                .iter_mut()
                .find(|e| &e.version == v || &e.label() == v)
                .filter(|e| e.state == want)
                .ok_or_else(|| {
                    CliError::usage(format!("{v} is not a {} migration", want.as_str()))
                        .hint("`cruddur db migrations` shows each version's state")
                })?;
            if want == State::Changed {
                e.state = State::Applied;
            } else {
                e.missing_accepted = true;
            }
        }
    }
    Ok(out)
}

/// Records the `--accept-*` flags in the ledger.
async fn accept(
    conn: &mut PgConnection,
    files: &[Migration],
    applied: &[Applied],
    opts: &MigrateOptions,
) -> Result<(), CliError> {
    let entries = status(files, applied);
    accept_virtually(&entries, opts)?;
    let find = |v: &String| entries.iter().find(|e| &e.version == v || &e.label() == v);
    for e in opts.accept_changed.iter().filter_map(find) {
        let (Some(m), Some(a)) = (
            files.iter().find(|m| m.version.as_str() == e.version),
            applied.iter().find(|a| a.version == e.version),
        ) else {
            continue;
        };
        ledger::accept_change(conn, &e.version, &m.checksum, &a.checksum).await?;
        output::note(format!(
            "accepted the changed file of {} (recorded in the ledger)",
            e.label()
        ));
    }
    for e in opts.accept_missing.iter().filter_map(find) {
        ledger::accept_missing(conn, &e.version).await?;
        output::note(format!(
            "accepted that the file of {} is gone (recorded in the ledger)",
            e.label()
        ));
    }
    Ok(())
}

/// Which way a run goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// `db migrate`: the up SQL, recorded.
    Up,
    /// `db rollback`: the down SQL, forgotten.
    Down,
}

impl Direction {
    /// The script this direction runs of `m` (a rollback without down SQL
    /// is refused before anything runs; see [`undo_list`]).
    fn script(self, m: &Migration) -> &Script {
        match self {
            Direction::Up => &m.up,
            Direction::Down => m.down.as_ref().unwrap_or(&m.up),
        }
    }

    /// The step `m` is (or would be) in this direction.
    fn step(self, m: &Migration, duration_ms: Option<i64>) -> Step {
        let script = self.script(m);
        Step {
            version: m.version.as_str().to_string(),
            name: m.name.clone(),
            file: script.label(),
            statements: script.statements().len(),
            transaction: !script.no_transaction,
            duration_ms,
        }
    }

    /// Lists on stderr what a confirmation is about to be asked for.
    fn announce(self, list: &[&Migration]) {
        let verb = match self {
            Direction::Up => "to apply",
            Direction::Down => "to roll back",
        };
        for m in list {
            output::note(format!(
                "{verb}: {}_{} ({})",
                m.version.as_str(),
                m.name,
                self.script(m).label()
            ));
        }
    }

    /// Runs `m` in this direction with its ledger change (see
    /// [`run_script`]); `done` of `total` of the run came before it.
    async fn run_one(
        self,
        conn: &mut PgConnection,
        run: &Running<'_>,
        m: &Migration,
        done: usize,
        total: usize,
    ) -> Result<Step, CliError> {
        if self == Direction::Down && m.down.is_none() {
            return Err(CliError::new(format!(
                "{}_{} has no down SQL; nothing of it was rolled back",
                m.version.as_str(),
                m.name
            )));
        }
        let script = self.script(m);
        let statements = script.statements();
        let label = format!("{}_{}", m.version.as_str(), m.name);
        let change = match self {
            Direction::Up => LedgerChange::Record(m),
            Direction::Down => LedgerChange::Forget(m),
        };
        let outside = script.no_transaction;
        let failure = match run_script(conn, run, script, &statements, change).await {
            Ok(ms) => return Ok(self.step(m, Some(ms))),
            Err(ScriptError::Failed(e)) => return Err(e),
            Err(ScriptError::Stopped(failure)) => failure,
        };
        match failure {
            Failure::Interrupted { signal, cancelled } => {
                let cancel = if cancelled {
                    "cancelled"
                } else {
                    "could not cancel"
                };
                let said = match self {
                    Direction::Up => format!(
                        "interrupted: {cancel} {label}'s running statement; {}; {done} of {total} migration(s) applied and recorded; run `cruddur db migrate` again to finish",
                        if outside { format!("{label} runs outside a transaction and is not recorded") } else { format!("{label} was rolled back") }
                    ),
                    Direction::Down => format!(
                        "interrupted: {cancel} the running statement of {label}'s rollback, which {}; {done} of {total} migration(s) rolled back",
                        if outside { "runs outside a transaction; it stays applied in the ledger" } else { "was itself rolled back; it stays applied" }
                    ),
                };
                Err(CliError::interrupted(signal, said))
            }
            Failure::Statement { index, error } => {
                let stmt = &statements[index];
                let count = statements.len();
                let (what, outcome) = match self {
                    Direction::Up => {
                        let earlier = match done {
                            0 => String::new(),
                            1 => {
                                "; the 1 migration before it in this run stays applied".to_string()
                            }
                            n => format!("; the {n} migrations before it in this run stay applied"),
                        };
                        let outcome = if outside {
                            format!("it runs outside a transaction, so {index} of its {count} statement(s) stay done; it is not recorded as applied: make it safe to run again (IF NOT EXISTS) before `cruddur db migrate`{earlier}")
                        } else {
                            format!("{label} was rolled back and is not recorded{earlier}")
                        };
                        (format!("migration {label}"), outcome)
                    }
                    Direction::Down => {
                        let outcome = if outside {
                            format!("{index} statement(s) of it stay done (no transaction); {label} stays applied in the ledger; {done} of {total} rolled back")
                        } else {
                            format!("{label} stays applied (its rollback was undone); {done} of {total} rolled back")
                        };
                        (format!("rollback of {label}"), outcome)
                    }
                };
                let what = format!(
                    "{}:{}: {what} (statement {} of {count})",
                    script.label(),
                    stmt.line,
                    index + 1
                );
                Err(statement_error(run.options, what, stmt, error, &outcome).await)
            }
        }
    }
}

/// Runs each migration of `list` in order (see [`Direction::run_one`]),
/// one stderr line each; a signal stops before the next.
async fn run_all(
    s: &mut Session,
    target: &PgTarget,
    shutdown: &Shutdown,
    list: &[&Migration],
    direction: Direction,
) -> Result<Vec<Step>, CliError> {
    let run = Running {
        options: &target.options,
        pid: s.pid,
        shutdown,
    };
    let total = list.len();
    let mut steps = Vec::with_capacity(total);
    for (done, m) in list.iter().enumerate() {
        if let Some(signal) = shutdown.requested() {
            let said = match direction {
                Direction::Up => format!("interrupted: {done} of {total} migration(s) applied and recorded; run `cruddur db migrate` again to apply the rest"),
                Direction::Down => format!("interrupted: {done} of {total} migration(s) rolled back; the ledger holds the rest as applied"),
            };
            return Err(CliError::interrupted(signal, said));
        }
        let step = direction.run_one(&mut s.conn, &run, m, done, total).await?;
        output::note(format!(
            "{} {}_{} ({} statement(s){}, {} ms)",
            if direction == Direction::Up {
                "applied"
            } else {
                "rolled back"
            },
            step.version,
            step.name,
            step.statements,
            if direction == Direction::Up && !step.transaction {
                ", no transaction"
            } else {
                ""
            },
            step.duration_ms.unwrap_or(0)
        ));
        steps.push(step);
    }
    Ok(steps)
}

/// What running a script does to the ledger, in the same transaction.
enum LedgerChange<'a> {
    /// The migration is recorded as applied.
    Record(&'a Migration),
    /// The migration's row is removed (it was rolled back).
    Forget(&'a Migration),
}

/// Why a script did not finish.
enum ScriptError {
    /// A statement failed, or a signal came.
    Stopped(Failure),
    /// The ledger or the transaction failed.
    Failed(CliError),
}

/// Runs `script` and changes the ledger: in one transaction, or (for a
/// `-- cruddur: no-transaction` file) statement by statement, then the
/// ledger. Returns how long it took, in milliseconds.
async fn run_script(
    conn: &mut PgConnection,
    run: &Running<'_>,
    script: &Script,
    statements: &[crate::pg::split::Statement],
    change: LedgerChange<'_>,
) -> Result<i64, ScriptError> {
    let started = Instant::now();
    let failed = ScriptError::Failed;
    async fn write(
        conn: &mut PgConnection,
        change: &LedgerChange<'_>,
        ms: i64,
    ) -> Result<(), CliError> {
        let (result, doing) = match change {
            LedgerChange::Record(m) => (
                ledger::insert(conn, m, ms, How::Ran).await,
                format!("recording {}_{} in the ledger", m.version.as_str(), m.name),
            ),
            LedgerChange::Forget(m) => (
                ledger::delete(conn, m.version.as_str()).await,
                format!("removing {}_{} from the ledger", m.version.as_str(), m.name),
            ),
        };
        result.map_err(|e| query_error(&doing, e))
    }
    if script.no_transaction {
        run.execute(conn, statements)
            .await
            .map_err(ScriptError::Stopped)?;
        let ms = started.elapsed().as_millis() as i64;
        write(conn, &change, ms).await.map_err(failed)?;
        return Ok(ms);
    }
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| failed(query_error("starting a transaction", e)))?;
    if let Err(f) = run.execute(&mut tx, statements).await {
        let _ = tx.rollback().await;
        return Err(ScriptError::Stopped(f));
    }
    let ms = started.elapsed().as_millis() as i64;
    write(&mut tx, &change, ms).await.map_err(failed)?;
    tx.commit()
        .await
        .map_err(|e| failed(query_error("committing", e)))?;
    Ok(ms)
}

/// What `db migrations` shows.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub migrations: Vec<Entry>,
    #[serde(skip)]
    pub adoption: Option<Adoption>,
}

/// Every version and its state, read without changing anything.
pub async fn read_status(target: &PgTarget, folder: &Path) -> Result<StatusReport, CliError> {
    let files = files::read_folder(folder)?;
    let mut s = open(target).await?;
    let seen = load(&mut s.conn, &files, false, &s.database).await?;
    let _ = s.conn.close().await;
    Ok(StatusReport {
        migrations: status(&files, &seen.applied),
        adoption: seen.adoption,
    })
}

/// What `db rollback` should undo.
#[derive(Debug, Clone, Default)]
pub struct RollbackOptions {
    /// How many of the newest applied migrations (default 1).
    pub steps: Option<usize>,
    /// Undo every migration applied after this version (`0`: all).
    pub to: Option<String>,
    pub dry_run: bool,
    pub yes: bool,
}

/// What `db rollback` did, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    pub database: String,
    pub dry_run: bool,
    pub migrations: Vec<Step>,
}

/// The applied migrations to undo, newest first, each with its down SQL;
/// any that cannot be undone is refused by name.
fn undo_list<'a>(
    files: &'a [Migration],
    entries: &[Entry],
    opts: &RollbackOptions,
) -> Result<Vec<&'a Migration>, CliError> {
    let mut applied: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.state != State::Pending)
        .collect();
    applied.reverse();
    let chosen: Vec<&Entry> = match &opts.to {
        Some(to) if to == "0" => applied,
        Some(to) => {
            let t = find_target(entries, to)?;
            applied.into_iter().filter(|e| e.order > t.order).collect()
        }
        None => {
            let n = opts.steps.unwrap_or(1);
            if n > applied.len() {
                return Err(CliError::usage(format!(
                    "--steps {n} asks for more than the {} applied migration(s)",
                    applied.len()
                ))
                .hint("`cruddur db migrations` shows what is applied; `--to 0` undoes them all"));
            }
            applied.into_iter().take(n).collect()
        }
    };
    chosen
        .into_iter()
        .map(|e| {
            let refuse = |why: String, hint: String| {
                Err(CliError::usage(format!("cannot roll back {}: {why}; nothing was rolled back", e.label())).hint(hint))
            };
            let m = match files.iter().find(|m| m.version.as_str() == e.version) {
                Some(m) => m,
                None => return refuse("its file is gone".into(), "restore the file to roll it back".into()),
            };
            if e.state == State::Changed {
                return refuse(
                    format!("its file ({}) changed after it was applied, so its down SQL may not undo what ran", m.up.label()),
                    format!("restore the file, or accept it first with `cruddur db migrate --accept-changed {}`", e.version),
                );
            }
            if m.down.is_none() {
                let hint = match m.format {
                    Format::Sql => format!("write {}_{}.down.sql beside it", m.version.as_str(), m.name),
                    Format::Python => "give it a rollback_sql() returning the SQL that undoes it".to_string(),
                };
                return refuse("it has no down SQL".into(), hint);
            }
            Ok(m)
        })
        .collect()
}

/// Undoes the newest applied migrations with their down SQL, each in a
/// transaction with the removal of its ledger row. Always asks first.
pub async fn rollback(
    ctx: &Ctx,
    target: &PgTarget,
    folder: &Path,
    opts: &RollbackOptions,
    shutdown: &Shutdown,
) -> Result<RollbackReport, CliError> {
    let files = files::read_folder(folder)?;
    let mut s = open(target).await?;
    let seen = load(&mut s.conn, &files, false, &s.database).await?;
    let entries = status(&files, &seen.applied);
    let undo = undo_list(&files, &entries, opts)?;
    check_scripts(undo.iter().filter_map(|m| m.down.as_ref()))?;
    let mut report = RollbackReport {
        database: s.database.clone(),
        dry_run: opts.dry_run,
        migrations: Vec::new(),
    };
    if opts.dry_run || undo.is_empty() {
        report.migrations = undo.iter().map(|m| Direction::Down.step(m, None)).collect();
        return Ok(report);
    }
    Direction::Down.announce(&undo);
    guard::check(
        ctx,
        target,
        Destructive {
            action: "roll back migrations",
            question: format!(
                "Roll back {} migration(s) of '{}' (their down SQL may drop columns and data)?",
                undo.len(),
                s.database
            ),
            always_ask: true,
            yes: opts.yes,
        },
    )
    .await?;
    ledger::lock(&mut s.conn, &target.options, s.pid, shutdown, &s.database).await?;
    let loaded = load(&mut s.conn, &files, true, &s.database).await?;
    let now = undo_list(&files, &status(&files, &loaded.applied), opts)?;
    let same =
        now.len() == undo.len() && now.iter().zip(&undo).all(|(a, b)| a.version == b.version);
    if !same {
        return Err(CliError::new(format!(
            "the applied migrations of '{}' changed while the question was open; nothing was rolled back",
            s.database
        ))
        .hint("run the command again to see the new list")
        .kind(ErrorKind::Conflict));
    }
    report.migrations = run_all(&mut s, target, shutdown, &undo, Direction::Down).await?;
    let _ = s.conn.close().await;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_takeover_follows_the_apps_numeric_comparison_and_names_the_unclear_ones() {
        let legacy = |v: &str| Migration {
            version: Version::legacy(v),
            name: format!("m{v}"),
            format: Format::Python,
            up: Script {
                path: "x.py".into(),
                sql: String::new(),
                first_line: 1,
                no_transaction: false,
            },
            down: None,
            checksum: String::new(),
        };
        let files = [
            legacy("16812294605993273"),
            legacy("1683578209210722"),
            legacy("16844665640237772"),
        ];
        // The app ran April (17 digits) and then skipped May (16 digits, a smaller number).
        let a = adoption(&files, "16812294605993273");
        assert_eq!(a.versions, ["16812294605993273", "1683578209210722"]);
        assert_eq!(a.unclear, ["1683578209210722"]);
        let none = adoption(&files, "0");
        assert!(none.versions.is_empty() && none.unclear.is_empty());
        let all = adoption(&files, "16844665640237772");
        assert_eq!(all.versions.len(), 3);
        assert!(adoption(&files, "garbage").versions.is_empty());
    }
}
