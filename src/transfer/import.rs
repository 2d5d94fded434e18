//! Importing items (`ddb import`): from `ddb export` files, the `data/*.json.gz`
//! files of AWS's export to S3, plain JSON lines, or directories of them.
//! Every line is checked before the first write (a bad one is reported as
//! `FILE:LINE: what is wrong` and nothing is written); then the items go
//! through the bulk writer. Puts by key, so importing twice changes nothing.

use std::io;
use std::time::Instant;

use aws_sdk_dynamodb::types::{
    AttributeValue, KeyType, ScalarAttributeType, TableDescription, WriteRequest,
};
use clap::ValueEnum;
use serde::Serialize;

use super::source::{
    line_text, lines_of, tell, Changed, Digests, Fingerprint, Input, LineError, Verifier,
    INPUT_HINT, MAX_LINE_BYTES,
};
use crate::app::confirm::confirm;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt;
use crate::app::output;
use crate::dynamo::batch::{put_request, write_fed, DynamoSink, WriterOptions};
use crate::dynamo::client::Writer;
use crate::dynamo::load_plan::{self, LoadPlan, MaxWcu, TableCapacity};
use crate::dynamo::tables::confirm_text;
use crate::dynamo::tables::describe_table;
use crate::model::attr::Item;
use crate::model::capacity::{put_units, IndexKeys, Tally};
use crate::model::item_lines::{read_line, LineFormat};
use crate::model::item_rules::{self, KeyRule};

/// The line format `ddb import` expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Detect it from each file's first line
    Auto,
    /// `{"Item":{"pk":{"S":"..."}}}` per line, as `ddb export` and AWS's export to S3 write it
    DdbJson,
    /// One plain JSON object per line
    Json,
}

impl ImportFormat {
    pub fn line_format(self) -> Option<LineFormat> {
        match self {
            ImportFormat::Auto => None,
            ImportFormat::DdbJson => Some(LineFormat::DdbJson),
            ImportFormat::Json => Some(LineFormat::Json),
        }
    }
}

/// Where a line is: its input's index and its line number, in one number
/// that grows in reading order.
fn position(input: usize, line: usize) -> u64 {
    ((input as u64) << 40) | line as u64
}

/// A 128-bit digest of an item's typed key: one per item is all the first
/// pass keeps to find repeated keys (two SipHash digests of the key).
fn key_digest(key: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// The table's key attributes and their types.
pub struct TableKeys {
    keys: Vec<(String, ScalarAttributeType, KeyType)>,
    /// The key attributes of the table's indexes: index, attribute, type, kind.
    index_keys: Vec<(String, String, ScalarAttributeType, KeyType)>,
    /// DynamoDB's size limits of every key attribute, the indexes' included.
    rules: Vec<KeyRule>,
    /// The indexes, for the write units an item costs.
    indexes: Vec<IndexKeys>,
}

fn type_name(v: &AttributeValue) -> &'static str {
    match v {
        AttributeValue::S(_) => "S",
        AttributeValue::N(_) => "N",
        AttributeValue::B(_) => "B",
        AttributeValue::Ss(_) => "SS",
        AttributeValue::Ns(_) => "NS",
        AttributeValue::Bs(_) => "BS",
        AttributeValue::Bool(_) => "BOOL",
        AttributeValue::Null(_) => "NULL",
        AttributeValue::L(_) => "L",
        AttributeValue::M(_) => "M",
        _ => "unknown",
    }
}

/// Why a line was refused.
enum Refusal {
    /// The item lacks one of the table's key attributes.
    MissingKey(String),
    Other(String),
}

/// `pk (S, HASH), sk (S, RANGE)`.
impl std::fmt::Display for TableKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|(name, ty, kind)| format!("{name} ({}, {})", ty.as_str(), kind.as_str()))
            .collect();
        f.write_str(&keys.join(", "))
    }
}

impl TableKeys {
    pub fn of(desc: &TableDescription) -> Self {
        let type_of = |name: &str| {
            desc.attribute_definitions()
                .iter()
                .find(|d| d.attribute_name() == name)
                .map(|d| d.attribute_type().clone())
                .unwrap_or(ScalarAttributeType::S)
        };
        let keys: Vec<_> = desc
            .key_schema()
            .iter()
            .map(|k| {
                (
                    k.attribute_name().to_string(),
                    type_of(k.attribute_name()),
                    k.key_type().clone(),
                )
            })
            .collect();
        let gsi = desc
            .global_secondary_indexes()
            .iter()
            .map(|i| (i.index_name().unwrap_or_default(), i.key_schema()));
        let lsi = desc
            .local_secondary_indexes()
            .iter()
            .map(|i| (i.index_name().unwrap_or_default(), i.key_schema()));
        let index_keys: Vec<_> = gsi
            .chain(lsi)
            .flat_map(|(index, schema)| {
                schema.iter().map(move |k| {
                    (
                        index.to_string(),
                        k.attribute_name().to_string(),
                        type_of(k.attribute_name()),
                        k.key_type().clone(),
                    )
                })
            })
            .collect();
        let rule = |attribute: &str, kind: &KeyType, index: Option<&str>| KeyRule {
            attribute: attribute.to_string(),
            partition: *kind == KeyType::Hash,
            index: index.map(str::to_string),
        };
        let rules = keys
            .iter()
            .map(|(name, _, kind)| rule(name, kind, None))
            .chain(
                index_keys
                    .iter()
                    .map(|(index, name, _, kind)| rule(name, kind, Some(index))),
            )
            .collect();
        TableKeys {
            keys,
            index_keys,
            rules,
            indexes: TableCapacity::of(desc).indexes,
        }
    }

    /// Why an index would refuse the item: an index key attribute of the
    /// wrong type, or an empty one (an item without it is simply not indexed).
    fn index_refusal(&self, item: &Item) -> Option<String> {
        self.index_keys.iter().find_map(|(index, name, ty, _)| {
            let value = item.get(name)?;
            let fits = match (ty, value) {
                (ScalarAttributeType::S, AttributeValue::S(s)) => !s.is_empty(),
                (ScalarAttributeType::N, AttributeValue::N(_)) => true,
                (ScalarAttributeType::B, AttributeValue::B(b)) => !b.as_ref().is_empty(),
                _ => {
                    return Some(format!(
                        "attribute '{name}' is {}, but index '{index}' keys it as {}",
                        type_name(value),
                        ty.as_str()
                    ))
                }
            };
            (!fits)
                .then(|| format!("attribute '{name}' is empty, and it is a key of index '{index}'"))
        })
    }

    /// The item's key as text (to find duplicates), or why it has none.
    fn key_of(&self, item: &Item) -> Result<String, Refusal> {
        let mut key = String::new();
        for (name, ty, _) in &self.keys {
            let Some(value) = item.get(name) else {
                return Err(Refusal::MissingKey(format!(
                    "no key attribute '{name}' (the table's keys: {self})"
                )));
            };
            let ok = match (ty, value) {
                (ScalarAttributeType::S, AttributeValue::S(s)) => !s.is_empty(),
                (ScalarAttributeType::N, AttributeValue::N(_)) => true,
                (ScalarAttributeType::B, AttributeValue::B(b)) => !b.as_ref().is_empty(),
                _ => {
                    return Err(Refusal::Other(format!(
                        "key attribute '{name}' is {}, the table wants {}",
                        type_name(value),
                        ty.as_str()
                    )))
                }
            };
            if !ok {
                return Err(Refusal::Other(format!("key attribute '{name}' is empty")));
            }
            key.push_str(&format!("{value:?}\u{0}"));
        }
        Ok(key)
    }
}

/// What the whole input holds, checked: counts and where the bad lines
/// are, but no items (the second pass reads them again), so memory stays
/// flat whatever the input's size.
#[derive(Default)]
pub struct Loaded {
    /// Distinct keys: the items the second pass writes.
    pub items: usize,
    pub files: usize,
    pub lines: usize,
    /// Lines whose key a later line has too (the last one is written).
    pub duplicates: usize,
    /// The format each input's lines were read in.
    formats: Vec<Option<LineFormat>>,
    /// Positions of the lines a later line of the same key replaces, in order.
    superseded: Vec<u64>,
    /// What the check read of each input, for the write to compare.
    fingerprints: Vec<Fingerprint>,
    /// The first few bad lines.
    errors: Vec<BadLine>,
    bad_lines: usize,
    /// Bad lines for want of a key attribute.
    missing_key_lines: usize,
    /// Where the first item was and what it holds, to name its schema.
    first_item: Option<(String, Item)>,
    /// The first input with a line that opens a JSON array, as `ddb scan --output json` writes.
    array_input: Option<String>,
    /// Write units of the valid lines (a repeated key's every line).
    pub units: Tally,
}

/// Bad lines listed before giving up.
const ERRORS_SHOWN: usize = 20;

/// A line that cannot be imported: where it is and why.
#[derive(Debug, Serialize)]
struct BadLine {
    file: String,
    line: usize,
    reason: String,
}

/// `FILE:LINE: reason`.
impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl Loaded {
    fn refuse(&mut self, file: &str, n: usize, reason: impl std::fmt::Display) {
        self.bad_lines += 1;
        if self.errors.len() < ERRORS_SHOWN {
            self.errors.push(BadLine {
                file: file.to_string(),
                line: n + 1,
                reason: reason.to_string(),
            });
        }
    }
}

/// The first pass: reads and checks every line of every input, keeping per
/// line only a digest of its key and where it is (24 bytes), and per input
/// what the write must read again (see [`Fingerprint`]). What cannot be read
/// twice (stdin, a FIFO) is copied to a temporary file on the way, for the
/// second pass; the inputs come back with the copies in their place.
pub fn load(
    inputs: Vec<Input>,
    format: Option<LineFormat>,
    keys: &TableKeys,
) -> Result<(Loaded, Vec<Input>), CliError> {
    let mut loaded = Loaded {
        files: inputs.len(),
        ..Loaded::default()
    };
    let mut seen: Vec<(u128, u64)> = Vec::new();
    let mut out = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.into_iter().enumerate() {
        let name = input.name();
        let read_error =
            |e: io::Error| CliError::usage(format!("reading {name}: {e}")).hint(INPUT_HINT);
        let mut first = input.first_read()?;
        let mut lines = lines_of(Box::new(&mut first.reader)).map_err(read_error)?;
        let mut digests = Digests::default();
        let mut file_format = format;
        for n in 0.. {
            let raw = match lines.next_line() {
                Ok(Some(raw)) => raw,
                Ok(None) => break,
                Err(LineError::Io(e)) => return Err(read_error(e)),
                Err(LineError::TooLong { bytes }) => return Err(too_long(&name, n, bytes)),
            };
            digests.add(raw);
            match line_text(raw, n == 0) {
                Ok(text) => check_line(
                    &mut loaded,
                    &mut seen,
                    keys,
                    &name,
                    index,
                    n,
                    text,
                    &mut file_format,
                ),
                Err(reason) => {
                    loaded.lines += 1;
                    loaded.refuse(&name, n, reason);
                }
            }
        }
        drop(lines);
        let (input, state) = first.done().map_err(read_error)?;
        loaded.fingerprints.push(digests.finish(state));
        loaded.formats.push(file_format);
        out.push(input);
    }
    // Repeated keys: every line of a key but its last is superseded.
    seen.sort_unstable();
    for pair in seen.windows(2) {
        if pair[0].0 == pair[1].0 {
            loaded.duplicates += 1;
            loaded.superseded.push(pair[0].1);
        }
    }
    loaded.items = seen.len() - loaded.duplicates;
    loaded.superseded.sort_unstable();
    Ok((loaded, out))
}

/// A line with no end within [`MAX_LINE_BYTES`]: refused as it streams,
/// before the rest of it is read.
fn too_long(name: &str, n: usize, bytes: usize) -> CliError {
    CliError::usage(format!(
        "{name}:{}: the line is longer than any item can be: {} bytes read and no line end yet, over the limit of {} bytes ({} MiB) for one item's line; nothing was written",
        n + 1,
        output::thousands(bytes as u64),
        output::thousands(MAX_LINE_BYTES as u64),
        MAX_LINE_BYTES >> 20
    ))
    .hint("DynamoDB takes items of at most 400 KB; import files written by `cruddur ddb export` or an export to S3, one item per line")
}

/// Checks one line of the first pass and notes its key.
#[allow(clippy::too_many_arguments)]
fn check_line(
    loaded: &mut Loaded,
    seen: &mut Vec<(u128, u64)>,
    keys: &TableKeys,
    name: &str,
    input: usize,
    n: usize,
    line: &str,
    file_format: &mut Option<LineFormat>,
) {
    if line.trim().is_empty() {
        return;
    }
    if loaded.array_input.is_none() && line.trim_start().starts_with('[') {
        loaded.array_input = Some(name.to_string());
    }
    loaded.lines += 1;
    let item = match read_line(line, *file_format) {
        Ok((item, detected)) => {
            file_format.get_or_insert(detected);
            item
        }
        Err(e) => return loaded.refuse(name, n, e),
    };
    if loaded.first_item.is_none() {
        loaded.first_item = Some((format!("{name}:{}", n + 1), item.clone()));
    }
    let key = keys.key_of(&item).and_then(|key| {
        match item_rules::check(&item, &keys.rules).or_else(|| keys.index_refusal(&item)) {
            Some(reason) => Err(Refusal::Other(reason)),
            None => Ok(key),
        }
    });
    match key {
        Ok(key) => {
            loaded.units.add(&put_units(&item, &keys.indexes));
            seen.push((key_digest(&key), position(input, n)));
        }
        Err(Refusal::MissingKey(reason)) => {
            loaded.missing_key_lines += 1;
            loaded.refuse(name, n, reason);
        }
        Err(Refusal::Other(reason)) => loaded.refuse(name, n, reason),
    }
}

/// Items of a second pass in each chunk sent to the writer.
const CHUNK: usize = 500;

/// The second pass, on a thread of its own: reads the inputs again and
/// sends their puts to the writer in chunks, skipping the lines a later
/// line of the same key replaces. Only what reads as it did in the first
/// pass is sent (see [`Verifier`]): an input that changed ends it with an
/// error naming it.
fn feed(inputs: Vec<Input>, loaded: &Loaded) -> crate::dynamo::batch::Feed {
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    let pass = SecondPass {
        formats: loaded.formats.clone(),
        superseded: loaded.superseded.clone(),
        fingerprints: loaded.fingerprints.clone(),
        tx,
        sent: 0,
    };
    std::thread::spawn(move || pass.run(&inputs));
    rx
}

/// What the second pass needs of the first, and where it sends the items.
struct SecondPass {
    formats: Vec<Option<LineFormat>>,
    superseded: Vec<u64>,
    fingerprints: Vec<Fingerprint>,
    tx: tokio::sync::mpsc::Sender<Result<Vec<WriteRequest>, CliError>>,
    /// Items handed to the writer so far.
    sent: usize,
}

/// Why the second pass stopped early.
enum Halt {
    /// The writer stopped taking items (it failed or was interrupted).
    WriterGone,
    Changed(String, Changed),
}

impl SecondPass {
    fn run(mut self, inputs: &[Input]) {
        if let Err(Halt::Changed(name, Changed(what))) = self.read(inputs) {
            let error = if self.sent == 0 {
                CliError::new(format!(
                    "{name} changed after it was checked: {what}; nothing was written"
                ))
                .hint(format!("import a file that nothing writes to meanwhile (a copy of {name}, say); the same command checks it again"))
            } else {
                CliError::new(format!("{name} changed while it was imported: {what}"))
                    .hint(format!("the items written came from lines read as they had been checked; once nothing writes to {name}, run the same command again: it checks the input anew, and its puts replace items by key"))
            };
            let _ = self.tx.blocking_send(Err(error));
        }
    }

    fn read(&mut self, inputs: &[Input]) -> Result<(), Halt> {
        let changed = |input: &Input, what: Changed| Halt::Changed(input.name(), what);
        // Before the first write: every input is still the file it was.
        for (input, checked) in inputs.iter().zip(&self.fingerprints) {
            input
                .unchanged(&checked.state)
                .map_err(|what| changed(input, what))?;
        }
        let superseded = std::mem::take(&mut self.superseded);
        let mut skip = superseded.iter().peekable();
        let mut chunk = Vec::with_capacity(CHUNK);
        let fingerprints = std::mem::take(&mut self.fingerprints);
        for (index, (input, checked)) in inputs.iter().zip(&fingerprints).enumerate() {
            let raw = input
                .second_read(&checked.state)
                .map_err(|what| changed(input, what))?;
            let mut lines =
                lines_of(raw).map_err(|e| changed(input, Changed(format!("reading it: {e}"))))?;
            let mut verifier = Verifier::new(checked);
            loop {
                let raw = match lines.next_line() {
                    Ok(Some(raw)) => raw,
                    Ok(None) => break,
                    Err(LineError::Io(e)) => {
                        return Err(changed(input, Changed(format!("reading it: {e}"))))
                    }
                    Err(LineError::TooLong { .. }) => {
                        return Err(changed(
                            input,
                            Changed(format!(
                                "it now has a line of more than {} bytes",
                                output::thousands(MAX_LINE_BYTES as u64)
                            )),
                        ))
                    }
                };
                for (n, raw) in verifier.add(raw).map_err(|what| changed(input, what))? {
                    // Read as checked, so text, and an item unless blank
                    // (were one skipped, the count of items written would
                    // not match the count checked, and the import fails).
                    let Ok(line) = line_text(&raw, n == 0) else {
                        continue;
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    let at = position(index, n);
                    while skip.next_if(|&&p| p < at).is_some() {}
                    if skip.next_if(|&&p| p == at).is_some() {
                        continue;
                    }
                    let Ok((item, _)) = read_line(line, self.formats[index]) else {
                        continue;
                    };
                    chunk.push(put_request(item));
                    if chunk.len() == CHUNK {
                        self.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))?;
                    }
                }
            }
            verifier.end().map_err(|what| changed(input, what))?;
        }
        if !chunk.is_empty() {
            self.send(chunk)?;
        }
        Ok(())
    }

    fn send(&mut self, chunk: Vec<WriteRequest>) -> Result<(), Halt> {
        let items = chunk.len();
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| Halt::WriterGone)?;
        self.sent += items;
        Ok(())
    }
}

/// Fails when any line was bad: the items do not fit the table at all (both
/// key schemas named), or the bad lines are listed on stderr (one JSON
/// object a line with `--output json`).
pub fn check_lines(loaded: &Loaded, table: &str, keys: &TableKeys) -> Result<(), CliError> {
    if loaded.lines == 0 {
        return Err(CliError::usage(format!(
            "nothing to import: the input ({} file(s)) holds no items",
            loaded.files
        ))
        .hint("check that the file is the export you meant (and that stdin was not empty); nothing was written"));
    }
    if loaded.bad_lines == 0 {
        return Ok(());
    }
    if let Some((at, item)) = &loaded.first_item {
        if loaded.missing_key_lines == loaded.lines {
            let mut attrs: Vec<String> = item
                .iter()
                .filter(|(_, v)| {
                    matches!(
                        v,
                        AttributeValue::S(_) | AttributeValue::N(_) | AttributeValue::B(_)
                    )
                })
                .map(|(k, v)| format!("{k} ({})", type_name(v)))
                .collect();
            attrs.sort();
            return Err(CliError::usage(format!(
                "the items do not fit table '{table}': its key schema is {}, but no item has those attributes (the item at {at} has {})",
                keys,
                if attrs.is_empty() { "no scalar attributes".to_string() } else { attrs.join(", ") }
            ))
            .hint("import into a table with the items' key schema (--table), or export from the matching table; nothing was written"));
        }
    }
    for e in &loaded.errors {
        tell("bad_line", e, e);
    }
    let unlisted = loaded.bad_lines - loaded.errors.len();
    if unlisted > 0 {
        tell(
            "bad_lines_not_listed",
            serde_json::json!({ "count": unlisted }),
            format!("... and {unlisted} more bad line(s)"),
        );
    }
    Err(CliError::usage(format!(
        "{} of {} line(s) cannot be imported (first: {}); nothing was written",
        loaded.bad_lines,
        loaded.lines,
        loaded
            .errors
            .first()
            .map(BadLine::to_string)
            .unwrap_or_default()
    ))
    .hint(match &loaded.array_input {
        Some(name) => format!(
            "{name} looks like `ddb scan --output json` output (one JSON array); import reads one item per line: write the file with `ddb export --format json` (or `--format ddb-json`)"
        ),
        None => "fix or remove the lines listed above and run the command again".to_string(),
    }))
}

/// What an import did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub struct ImportSummary {
    pub table: String,
    pub endpoint: String,
    pub files: usize,
    pub lines: usize,
    pub items: usize,
    pub duplicates: usize,
    pub written: usize,
    pub requests: u64,
    pub retries: u64,
    pub throttled: u64,
    /// Write units consumed, table and indexes, as DynamoDB reported them.
    pub consumed_write_units: f64,
    pub dry_run: bool,
    pub seconds: f64,
    /// What the load was planned to cost and take.
    pub plan: LoadPlan,
}

impl ImportSummary {
    pub fn line(&self) -> String {
        let dups = if self.duplicates > 0 {
            format!(
                " ({} line(s) repeated a key: the last one was kept)",
                self.duplicates
            )
        } else {
            String::new()
        };
        if self.dry_run {
            format!(
                "dry run: {} line(s) of {} file(s) are valid; {} item(s) would be written to table '{}'{dups}; nothing was written",
                self.lines, self.files, self.items, self.table
            )
        } else {
            format!(
                "imported {} item(s) from {} file(s) into table '{}' at {}{dups} in {:.2}s ({} requests, {} retries)",
                self.written, self.files, self.table, self.endpoint, self.seconds, self.requests, self.retries
            )
        }
    }
}

/// The table to import into, which must exist.
pub async fn target_table(ctx: &Ctx) -> Result<TableDescription, CliError> {
    let table = ctx.table.as_str();
    describe_table(ctx, table).await?.ok_or_else(|| {
        let missing = crate::dynamo::errors::table_missing(ctx, table);
        let hint = format!(
            "{} (or name another with --table)",
            missing.hint.clone().unwrap_or_default()
        );
        missing.hint(hint)
    })
}

/// Checks the inputs against the table, asks with `--prod` (unless `yes`),
/// and writes through the bulk writer with `client` (nothing without one:
/// `--dry-run`).
pub async fn import(
    ctx: &Ctx,
    client: Option<Writer>,
    inputs: Vec<Input>,
    format: Option<LineFormat>,
    yes: bool,
    mut writer: WriterOptions,
    max_wcu: Option<MaxWcu>,
) -> Result<ImportSummary, CliError> {
    let started = Instant::now();
    let dry_run = client.is_none();
    let table = ctx.table.clone();
    let desc = target_table(ctx).await?;
    let keys = TableKeys::of(&desc);
    // Reading files (and gzip) blocks: off the async workers.
    let (loaded, inputs) = tokio::task::block_in_place(|| load(inputs, format, &keys))?;
    check_lines(&loaded, &table, &keys)?;
    let capacity = TableCapacity::of(&desc);
    let tally = Tally {
        items: loaded.items as u64,
        ..loaded.units.clone()
    };
    let plan = LoadPlan::new(
        &tally,
        &capacity,
        load_plan::cap_for(max_wcu, ctx.is_prod(), &capacity),
        ctx.is_prod(),
    );
    plan.apply(&mut writer);
    let mut summary = ImportSummary {
        table: table.clone(),
        endpoint: ctx.dynamodb_target(),
        files: loaded.files,
        lines: loaded.lines,
        items: loaded.items,
        duplicates: loaded.duplicates,
        written: 0,
        requests: 0,
        retries: 0,
        throttled: 0,
        consumed_write_units: 0.0,
        dry_run,
        seconds: 0.0,
        plan,
    };
    if dry_run && !ctx.json() {
        for line in summary.plan.lines() {
            output::note(line);
        }
    }
    if let Some(what) = summary.plan.over_cap() {
        tell("warning", &what, format!("warning: {what}"));
    }
    if let Some(client) = client {
        if ctx.is_prod() {
            confirm(
                &format!(
                    "{}\n  import:   {} item(s) from {} file(s), replacing items with the same keys\n  {}",
                    confirm_text(ctx, &table, &desc),
                    summary.items,
                    summary.files,
                    summary.plan.lines().join("\n  ")
                ),
                &format!("Write {} item(s) into table '{table}'?", summary.items),
                yes,
            )?;
        }
        let stats = write(ctx, &client, inputs, &loaded, writer).await?;
        // The second pass sends only what the first checked, item for
        // item; a summary whose counts disagree would hide a defect.
        if stats.written != summary.items {
            return Err(CliError::new(format!(
                "{} item(s) were checked but {} written into table '{table}'",
                summary.items, stats.written
            ))
            .hint("run the same command again: its puts replace items by key"));
        }
        summary.written = stats.written;
        summary.requests = stats.requests;
        summary.retries = stats.retries;
        summary.throttled = stats.throttled;
        summary.consumed_write_units = stats.consumed_write_units;
    }
    summary.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    Ok(summary)
}

/// The second pass: every item through the bulk writer, read again as it goes.
async fn write(
    ctx: &Ctx,
    client: &crate::dynamo::client::Writer,
    inputs: Vec<Input>,
    loaded: &Loaded,
    writer: WriterOptions,
) -> Result<crate::dynamo::batch::WriteStats, CliError> {
    let total = loaded.items;
    let sink = DynamoSink {
        ctx,
        client: client.clone(),
    };
    let shutdown = interrupt::listen();
    let bar = output::write_bar(total as u64, "importing");
    let feed = feed(inputs, loaded);
    let result = write_fed(&sink, &ctx.table, total, feed, writer, &shutdown, &bar).await;
    bar.finish_and_clear();
    result.map_err(|failure| failure.into_error("importing", "items written", total))
}
