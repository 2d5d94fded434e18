//! `cruddur ddb scan`: every item of the table, streamed out page by page,
//! optionally with several segments scanned in parallel.

use std::io::{self, Write};
use std::time::Instant;

use crate::dynamo::scan::segment_pages;
use clap::Args;
use futures::stream::{select_all, StreamExt};

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::output;
use crate::dynamo::errors::{ddb_error, unreadable_item};
use crate::model::attr::{self, get_s, Item};
use crate::model::schema::attrs;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Stop after this many items
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Scan with N parallel segments (1-64); item order then mixes segments
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=64))]
    pub segments: i32,

    /// Items per Scan request (DynamoDB also stops a page at 1 MB)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    pub page_size: Option<i32>,

    /// With --output json, print items in DynamoDB's typed form ({"S": "..."})
    #[arg(long, visible_alias = "typed")]
    pub raw: bool,
}

/// Writes items to stdout as they arrive.
struct ItemWriter {
    out: io::BufWriter<io::StdoutLock<'static>>,
    json: bool,
    raw: bool,
    written: u64,
}

const PK_WIDTH: usize = 41;
const SK_WIDTH: usize = 33;

impl ItemWriter {
    fn new(json: bool, raw: bool) -> Self {
        ItemWriter {
            out: io::BufWriter::new(io::stdout().lock()),
            json,
            raw,
            written: 0,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.json {
            write!(self.out, "[")
        } else {
            writeln!(
                self.out,
                "{:<PK_WIDTH$} {:<SK_WIDTH$} attributes",
                "pk", "sk"
            )
        }
    }

    fn item(&mut self, table: &str, item: &Item) -> anyhow::Result<()> {
        let unreadable = |e| unreadable_item(table, item, e);
        if self.json {
            let value = if self.raw {
                attr::item_to_typed(item)
            } else {
                attr::item_to_plain(item)
            }
            .map_err(unreadable)?;
            let sep = if self.written == 0 { "" } else { "," };
            write!(self.out, "{sep}\n  {value}")?;
        } else {
            // Cut and padded by terminal columns, so wide characters keep
            // the columns aligned.
            let cell = |name, width| {
                output::pad(
                    &output::truncate(get_s(item, name).unwrap_or("-"), width),
                    width,
                )
            };
            let (pk, sk) = (cell(attrs::PK, PK_WIDTH), cell(attrs::SK, SK_WIDTH));
            let rest =
                attr::item_summary(item, &[attrs::PK, attrs::SK], |t| output::truncate(t, 40))
                    .map_err(unreadable)?;
            writeln!(self.out, "{pk} {sk} {rest}")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.json {
            if self.written > 0 {
                writeln!(self.out)?;
            }
            writeln!(self.out, "]")?;
        }
        self.out.flush()
    }
}

pub async fn run(ctx: &Ctx, args: ScanArgs) -> anyhow::Result<()> {
    if args.raw && !ctx.json() {
        return Err(CliError::usage("--raw only applies to --output json")
            .hint("add --output json")
            .into());
    }
    if !crate::app::output::stdout_is_open() {
        return Err(
            CliError::usage("stdout is closed: the items would go nowhere")
                .hint("redirect stdout to a file or a pipe, or use `ddb export --file PATH`")
                .into(),
        );
    }
    let started = Instant::now();
    let client = ctx.dynamodb().await?;
    let table = ctx.table.clone();
    // With one segment and a limit, ask for no more than needed.
    let page_size = match (args.limit, args.segments) {
        (Some(limit), 1) => Some(
            args.page_size
                .unwrap_or(i32::MAX)
                .min(limit.clamp(1, i32::MAX as u64) as i32),
        ),
        _ => args.page_size,
    };
    let mut pages = select_all(
        (0..args.segments)
            .map(|s| segment_pages(client.clone(), table.clone(), s, args.segments, page_size)),
    );

    let mut writer = ItemWriter::new(ctx.json(), args.raw);
    let mut requests = 0u64;
    let limit = args.limit.unwrap_or(u64::MAX);
    let result: anyhow::Result<()> = async {
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                ddb_error(ctx, e, &format!("scanning table '{table}'"), Some(&table))
            })?;
            if requests == 0 {
                writer.start()?;
            }
            requests += 1;
            if writer.written >= limit {
                break;
            }
            for item in page.items() {
                writer.item(&table, item)?;
                if writer.written >= limit {
                    return Ok(());
                }
            }
            writer.out.flush()?;
        }
        Ok(())
    }
    .await;
    match result.and_then(|()| writer.finish().map_err(Into::into)) {
        Ok(()) => {}
        // A reader that went away (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => return Ok(()),
        Err(e) => {
            // What was printed stays on stdout, deliberately unterminated in
            // JSON mode, so a reader cannot mistake it for the whole table.
            let _ = writer.out.flush();
            return Err(e);
        }
    }
    output::note(format!(
        "{} item(s) from table '{table}' in {requests} request(s), {} segment(s), {:.2}s",
        writer.written,
        args.segments,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .map(|io| io.kind() == io::ErrorKind::BrokenPipe)
        .unwrap_or(false)
}
