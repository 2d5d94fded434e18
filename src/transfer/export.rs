//! Exporting (`ddb export`): every item of the table, one line each, in AWS's
//! DynamoDB JSON export format or plain JSON, from parallel scan segments
//! streamed to one writer (memory stays flat whatever the table's size).
//! A file is written under a temporary name beside it and renamed at the
//! end, so an interrupted export never leaves a partial file behind.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use flate2::write::GzEncoder;
use flate2::Compression;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use tempfile::NamedTempFile;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::destination::{self, Destination};
use super::s3::{self, S3Uri};
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt;
use crate::app::output;
use crate::dynamo::errors::{ddb_error, unreadable_item};
use crate::dynamo::scan::{segment_pages, ScanResult};
use crate::model::item_lines::{line_value, write_value, LineFormat};

/// The line format of `ddb export` (and of `ddb import`, which also detects it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// `{"Item":{"pk":{"S":"..."}}}` per line: AWS's DynamoDB JSON export format, every type kept
    DdbJson,
    /// One plain JSON object per line (sets become arrays, binary becomes base64 text)
    Json,
}

impl From<ExportFormat> for LineFormat {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::DdbJson => LineFormat::DdbJson,
            ExportFormat::Json => LineFormat::Json,
        }
    }
}

/// What an export writes (`ddb export`'s flags).
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Where the items go: a file, or `-` for stdout
    pub file: PathBuf,

    /// Line format
    pub format: ExportFormat,

    /// Scan with N parallel segments (1-64)
    pub segments: i32,

    /// Compress with gzip (implied by a --file ending in .gz)
    pub gzip: bool,

    /// Export with DynamoDB's own engine to S3 instead of scanning
    /// (ExportTableToPointInTime: no read capacity used, any table size;
    /// needs point-in-time recovery on the table)
    pub s3: Option<S3Uri>,

    /// With --s3: print the export's ARN and return without waiting
    pub no_wait: bool,

    /// With --s3: seconds to wait for the export to complete
    pub timeout: u64,
}

/// Counts the bytes that reach the destination.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Base = Counting<BufWriter<Box<dyn Write>>>;

/// The destination: stdout or a temporary file beside the final one, plain
/// or gzip-compressed.
struct Output {
    writer: Writer,
    /// The temporary file and the name it gets when the export is complete.
    file: Option<(NamedTempFile, PathBuf)>,
}

enum Writer {
    Plain(Base),
    Gzip(GzEncoder<Base>),
}

impl Output {
    fn open(destination: &Destination, gzip: bool) -> Result<Self, CliError> {
        let (inner, file): (Box<dyn Write>, _) = match destination {
            Destination::Stdout => {
                if !output::stdout_is_open() {
                    return Err(
                        CliError::usage("stdout is closed: the export would go nowhere")
                            .hint("redirect stdout to a file or a pipe, or pass --file PATH"),
                    );
                }
                (Box::new(io::stdout().lock()), None)
            }
            Destination::WriteThrough { path, what } => {
                output::note(format!(
                    "{} is {what}: writing into it as it is (no temporary file, nothing replaced)",
                    path.display()
                ));
                let handle = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| CliError::usage(format!("cannot open {}: {e}", path.display())))?;
                (Box::new(handle), None)
            }
            Destination::Replace { path, via } => {
                if let Some(link) = via {
                    output::note(format!(
                        "{} is a symbolic link: writing {} (the link stays)",
                        link.display(),
                        path.display()
                    ));
                }
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let tmp = tempfile::Builder::new()
                    .prefix(&format!(".{name}."))
                    .suffix(".partial")
                    .tempfile_in(dir)
                    .map_err(|e| {
                        let why = without_temp_path(&e);
                        CliError::usage(format!("cannot create a file in {}: {why}", dir.display()))
                            .hint("choose a --file in a directory that exists and is writable")
                    })?;
                let handle = tmp.reopen().map_err(|e| {
                    CliError::new(format!("cannot open {}: {e}", tmp.path().display()))
                })?;
                (Box::new(handle), Some((tmp, path.clone())))
            }
        };
        let base = Counting {
            inner: BufWriter::with_capacity(256 * 1024, inner),
            bytes: 0,
        };
        let writer = if gzip {
            Writer::Gzip(GzEncoder::new(base, Compression::default()))
        } else {
            Writer::Plain(base)
        };
        Ok(Output { writer, file })
    }

    fn lines(&mut self) -> &mut dyn Write {
        match &mut self.writer {
            Writer::Plain(w) => w,
            Writer::Gzip(w) => w,
        }
    }

    /// Flushes everything, gives the file its final name; returns the bytes written.
    fn finish(self) -> io::Result<u64> {
        let mut base = match self.writer {
            Writer::Plain(w) => w,
            Writer::Gzip(w) => w.finish()?,
        };
        base.flush()?;
        if let Some((tmp, path)) = self.file {
            tmp.as_file().sync_all()?;
            tmp.persist(&path).map_err(|e| e.error)?;
        }
        Ok(base.bytes)
    }
}

fn progress() -> ProgressBar {
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template("{spinner} exporting: {human_pos} items, {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Scans every segment in its own task; pages arrive on the returned channel
/// (a few pages at most wait there, so memory stays bounded).
/// Items a Scan page of an export asks for. A page without a Limit is 1 MB:
/// DynamoDB Local takes over ten seconds (its read timeout) to answer one
/// on a table of a million items, where a page of 1,000 takes milliseconds;
/// on AWS it only means more, smaller pages (read units count bytes, not pages).
const PAGE_ITEMS: i32 = 1000;

fn scan_all(
    client: crate::dynamo::client::Reader,
    table: &str,
    segments: i32,
) -> (mpsc::Receiver<ScanResult>, JoinSet<()>) {
    let (tx, rx) = mpsc::channel(segments as usize * 2);
    let mut tasks = JoinSet::new();
    for segment in 0..segments {
        let tx = tx.clone();
        let mut pages = segment_pages(
            client.clone(),
            table.to_string(),
            segment,
            segments,
            Some(PAGE_ITEMS),
        );
        tasks.spawn(async move {
            while let Some(page) = pages.next().await {
                let failed = page.is_err();
                if tx.send(page).await.is_err() || failed {
                    break;
                }
            }
        });
    }
    (rx, tasks)
}

/// Writes every item of the run's table where `args` says.
pub async fn export(ctx: &Ctx, args: ExportOptions) -> anyhow::Result<()> {
    if let Some(uri) = &args.s3 {
        return s3::export(ctx, uri, args.no_wait, Duration::from_secs(args.timeout)).await;
    }
    let started = Instant::now();
    let table = ctx.table.clone();
    let to_stdout = args.file == Path::new("-");
    let gzip = args.gzip || (!to_stdout && args.file.extension().is_some_and(|e| e == "gz"));
    if gzip && to_stdout && io::stdout().is_terminal() {
        return Err(CliError::usage("refusing to write gzip data to a terminal")
            .hint("pass --file PATH or redirect stdout")
            .into());
    }
    let format = LineFormat::from(args.format);
    let client = ctx.dynamodb().await?;
    let destination = destination::resolve(&args.file)?;
    let mut out = Output::open(&destination, gzip)?;
    let (mut pages, _tasks) = scan_all(client, &table, args.segments);
    let bar = progress();
    let mut items = 0u64;
    let shutdown = interrupt::listen();
    let interrupted = shutdown.received();
    tokio::pin!(interrupted);
    loop {
        tokio::select! {
            page = pages.recv() => match page {
                None => break,
                Some(Err(e)) => {
                    bar.finish_and_clear();
                    return Err(ddb_error(ctx, e, &format!("scanning table '{table}'"), Some(&table)).into());
                }
                Some(Ok(page)) => {
                    let lines = out.lines();
                    // Encoding, gzip and the file write block: off the async workers.
                    tokio::task::block_in_place(|| -> Result<(), CliError> {
                        for item in page.items() {
                            let line = line_value(item, format)
                                .map_err(|e| unreadable_item(&table, item, e))?;
                            write_value(lines, &line)
                                .map_err(|e| write_error(&args.file, &destination, e))?;
                        }
                        Ok(())
                    })?;
                    items += page.items().len() as u64;
                    bar.set_position(items);
                }
            },
            signal = &mut interrupted => {
                bar.finish_and_clear();
                drop(out); // removes the temporary file
                let what = match &destination {
                    Destination::Stdout => "the output on stdout is incomplete".to_string(),
                    Destination::WriteThrough { path, .. } => {
                        format!("what was written into {} is incomplete", path.display())
                    }
                    Destination::Replace { .. } => format!("{} was not written", args.file.display()),
                };
                return Err(CliError::interrupted(signal, format!(
                    "interrupted after {items} item(s) of table '{table}': {what}; run the same command again to export the whole table"
                ))
                .into());
            }
        }
    }
    bar.finish_and_clear();
    let bytes = out
        .finish()
        .map_err(|e| write_error(&args.file, &destination, e))?;
    let seconds = started.elapsed().as_secs_f64();
    let dest = if to_stdout {
        "stdout".to_string()
    } else {
        args.file.display().to_string()
    };
    output::note(format!(
        "exported {items} item(s) from table '{table}' to {dest}: {bytes} bytes{} in {seconds:.2}s ({} segment(s))",
        if gzip { " gzip" } else { "" },
        args.segments,
    ));
    if ctx.json() && !to_stdout {
        output::print_json(&ExportSummary {
            table: &table,
            file: &dest,
            format: args.format,
            gzip,
            items,
            bytes,
            seconds: (seconds * 1000.0).round() / 1000.0,
            segments: args.segments,
        })?;
    }
    Ok(())
}

/// What `ddb export --file` reports (`--output json`).
#[derive(Debug, serde::Serialize)]
struct ExportSummary<'a> {
    table: &'a str,
    file: &'a str,
    format: ExportFormat,
    gzip: bool,
    items: u64,
    bytes: u64,
    seconds: f64,
    segments: i32,
}

fn write_error(path: &Path, destination: &Destination, e: io::Error) -> CliError {
    let dest = if path == Path::new("-") {
        "stdout".to_string()
    } else {
        path.display().to_string()
    };
    let hint = match destination {
        Destination::Replace { .. } if e.raw_os_error() == Some(libc::ENOSPC) => {
            "nothing is left under that name; free some space or choose another --file and run again"
        }
        Destination::Replace { .. } => {
            "nothing is left under that name; fix the cause or choose another --file, and run again"
        }
        Destination::Stdout if e.kind() == io::ErrorKind::BrokenPipe => {
            "the reader of stdout went away before the end; what it read is incomplete"
        }
        _ => "what was written there is incomplete; fix the cause and run again",
    };
    CliError::new(format!("writing {dest}: {e}")).hint(hint)
}

/// The cause of a failed temporary file, without the generated name that
/// tempfile appends (`at path ".items.json.KDU6fN.partial"`): the user never
/// asked for that file, and the name changes every run.
fn without_temp_path(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
