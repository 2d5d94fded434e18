//! Patterns A and B: reading a conversation and a user's conversation list.

use clap::Args;
use serde::Serialize;
use uuid::Uuid;

use crate::app::context::Ctx;
use crate::app::output;
use crate::dynamo::rows::PartitionPages;
use crate::model::time::display_short;
use crate::model::{defaults, MessageGroupRow, MessageRow, PartitionKey};
use crate::pg;

#[derive(Debug, Args)]
pub struct GetConversationsArgs {
    /// The conversation's message group
    #[arg(default_value = defaults::GROUP_UUID)]
    pub group_uuid: Uuid,

    /// How many of the newest messages to show, read page after page until
    /// there are that many; how many older ones there are is counted and said
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(1..))]
    pub limit: i32,

    /// Every message of the conversation, oldest first, page after page
    /// straight to stdout (overrides --limit)
    #[arg(long)]
    pub all: bool,

    /// Characters of each message shown in the table
    #[arg(long, default_value_t = 60)]
    pub width: usize,
}

/// A message, or a conversation of a user's list, as the app returns it.
#[derive(Debug, Serialize)]
struct RowView {
    uuid: Uuid,
    display_name: String,
    handle: String,
    message: String,
    created_at: String,
}

/// Skips rows that do not have the message shape, with a warning.
fn rows_of<T>(
    items: &[crate::model::attr::Item],
    parse: impl Fn(&crate::model::attr::Item) -> Result<T, crate::model::ModelError>,
) -> Vec<T> {
    items
        .iter()
        .filter_map(|item| match parse(item) {
            Ok(row) => Some(row),
            Err(e) => {
                output::note(format!("warning: skipping a row: {e}"));
                None
            }
        })
        .collect()
}

/// The message columns of the table: handle, time, message.
fn message_columns(width: usize) -> [(&'static str, usize); 3] {
    [("handle", 32), ("time", 16), ("message", width)]
}

fn message_cells(m: &RowView) -> Vec<String> {
    vec![
        m.handle.clone(),
        display_short(&m.created_at),
        m.message.clone(),
    ]
}

fn message_view(m: MessageRow) -> RowView {
    RowView {
        uuid: m.message_uuid,
        display_name: m.sender.display_name,
        handle: m.sender.handle,
        message: m.message,
        created_at: m.sk,
    }
}

/// Where rows go as they are read: a table, or a JSON list streamed
/// between a head and a tail.
enum Listing {
    Table(output::StreamTable),
    Json(output::JsonList),
}

impl Listing {
    /// A table of `columns`, or (with `--output json`) a JSON list after
    /// `json_head`, its items indented by `indent`.
    fn start(
        ctx: &Ctx,
        columns: &[(&'static str, usize)],
        json_head: &str,
        indent: usize,
    ) -> anyhow::Result<Self> {
        Ok(if ctx.json() {
            Listing::Json(output::JsonList::start(json_head, indent)?)
        } else {
            Listing::Table(output::StreamTable::new(columns))
        })
    }

    /// The JSON object `{group_uuid, messages: [...], consumed_capacity,
    /// more, counting_capacity}` of a conversation, or its table.
    fn messages(ctx: &Ctx, group: Uuid, width: usize) -> anyhow::Result<Self> {
        let head = format!("{{\n  \"group_uuid\": \"{group}\",\n  \"messages\": [");
        Self::start(ctx, &message_columns(width), &head, 4)
    }

    /// A page of rows, in the order shown; `cells` makes a table row.
    fn page(
        &mut self,
        rows: impl Iterator<Item = RowView>,
        cells: fn(&RowView) -> Vec<String>,
    ) -> anyhow::Result<()> {
        match self {
            Listing::Table(t) => t.page(&rows.map(|r| cells(&r)).collect::<Vec<_>>()),
            Listing::Json(l) => {
                for r in rows {
                    l.item(&r)?;
                }
                l.flush()
            }
        }
    }

    /// Ends the table, or the JSON with `json_tail` after the list.
    fn finish(self, json_tail: &str) -> anyhow::Result<()> {
        match self {
            Listing::Table(t) => t.finish(),
            Listing::Json(l) => l.finish(json_tail),
        }
    }
}

/// What follows a conversation's messages in its JSON.
fn messages_tail(reading: f64, more: u64, counting: f64) -> String {
    format!(
        ",\n  \"consumed_capacity\": {},\n  \"more\": {more},\n  \"counting_capacity\": {}\n}}",
        json_number(reading),
        json_number(counting)
    )
}

/// A capacity figure as JSON writes it.
fn json_number(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_else(|_| "0".to_string())
}

pub async fn get_conversations(ctx: &Ctx, args: GetConversationsArgs) -> anyhow::Result<()> {
    let pk = PartitionKey::messages_of(args.group_uuid);
    let width = args.width;
    if args.all {
        // Every message, oldest first: page after page straight to stdout.
        let mut pages = PartitionPages::new(ctx, pk, false);
        let mut out: Option<Listing> = None;
        let mut shown = 0u64;
        while let Some(page) = pages.next_page(None).await? {
            if out.is_none() && (!page.is_empty() || ctx.json()) {
                out = Some(Listing::messages(ctx, args.group_uuid, width)?);
            }
            let rows = rows_of(&page, MessageRow::from_item);
            shown += rows.len() as u64;
            if let Some(out) = out.as_mut() {
                out.page(rows.into_iter().map(message_view), message_cells)?;
            }
        }
        let reading = pages.consumed.total;
        if let Some(out) = out {
            out.finish(&messages_tail(reading, 0, 0.0))?;
        }
        return read_note(
            ctx,
            args.group_uuid,
            shown,
            reading,
            0,
            0.0,
            pages.requests,
            args.limit,
            true,
        );
    }
    // The newest N: page until N or the conversation's first message.
    let want = u64::from(args.limit.unsigned_abs());
    let mut pages = PartitionPages::new(ctx, pk, true);
    let mut newest: Vec<MessageRow> = Vec::new();
    let mut read = 0u64;
    while read < want {
        let ask = i32::try_from(want - read).unwrap_or(i32::MAX);
        let Some(page) = pages.next_page(Some(ask)).await? else {
            break;
        };
        read += page.len() as u64;
        newest.extend(rows_of(&page, MessageRow::from_item));
    }
    let reading = pages.consumed.total;
    let more = if pages.has_more() {
        pages.count_rest().await?
    } else {
        0
    };
    let counting = pages.consumed.total - reading;
    let shown = newest.len() as u64;
    if !newest.is_empty() || ctx.json() {
        let mut out = Listing::messages(ctx, args.group_uuid, width)?;
        // Oldest first, as a conversation reads.
        out.page(newest.into_iter().rev().map(message_view), message_cells)?;
        out.finish(&messages_tail(reading, more, counting))?;
    }
    read_note(
        ctx,
        args.group_uuid,
        shown,
        reading,
        more,
        counting,
        pages.requests,
        args.limit,
        false,
    )
}

/// The lines on stderr after a conversation: how many, what they cost,
/// and how many older messages were left out.
#[allow(clippy::too_many_arguments)]
fn read_note(
    ctx: &Ctx,
    group: Uuid,
    shown: u64,
    reading: f64,
    more: u64,
    counting: f64,
    requests: u32,
    limit: i32,
    all: bool,
) -> anyhow::Result<()> {
    if shown == 0 && more == 0 && !ctx.json() {
        output::note(format!(
            "no messages in group {group} of table '{}'",
            ctx.table
        ));
    }
    output::note(format!(
        "{} message(s), consumed capacity: {reading} read units ({requests} request(s){})",
        output::thousands(shown),
        if all { ", every page" } else { "" }
    ));
    if more > 0 {
        output::note(format!(
            "{} older message(s) not shown (--limit {limit} shows the newest {limit}; --all shows every one); counting them took {counting} read units",
            output::thousands(more)
        ));
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct ListConversationsArgs {
    /// Whose conversations, looked up in Postgres (default: [seed]
    /// my_handle of cruddur.toml, else andrewbrown)
    #[arg(env = "CRUDDUR_MY_HANDLE")]
    pub handle: Option<String>,

    /// How many of the newest conversations to show (the app's list shows 20);
    /// how many more there are is counted and said
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(1..))]
    pub limit: i32,

    /// Every conversation, page after page (overrides --limit)
    #[arg(long)]
    pub all: bool,
}

/// The conversation columns of the table.
const GROUP_COLUMNS: [(&str, usize); 5] = [
    ("with", 32),
    ("name", 64),
    ("last message", 50),
    ("time", 16),
    ("group", 36),
];

fn group_view(g: MessageGroupRow) -> RowView {
    RowView {
        uuid: g.group_uuid,
        display_name: g.other.display_name,
        handle: g.other.handle,
        message: g.message,
        created_at: g.sk,
    }
}

fn group_cells(g: &RowView) -> Vec<String> {
    vec![
        g.handle.clone(),
        g.display_name.clone(),
        g.message.clone(),
        display_short(&g.created_at),
        g.uuid.to_string(),
    ]
}

pub async fn list_conversations(ctx: &Ctx, args: ListConversationsArgs) -> anyhow::Result<()> {
    let handle = args
        .handle
        .or_else(|| ctx.project.my_handle().map(|(h, _)| h))
        .unwrap_or_else(|| defaults::MY_HANDLE.to_string());
    let user = pg::queries::lookup_users(ctx, None, &[&handle])
        .await?
        .remove(0);
    // Newest first, as the app lists them; each page printed as it comes.
    let want = if args.all {
        u64::MAX
    } else {
        u64::from(args.limit.unsigned_abs())
    };
    let mut pages = PartitionPages::new(ctx, PartitionKey::groups_of(user.uuid), true);
    let mut out: Option<Listing> = None;
    let (mut read, mut shown) = (0u64, 0u64);
    while read < want {
        let ask = (!args.all).then(|| i32::try_from(want - read).unwrap_or(i32::MAX));
        let Some(page) = pages.next_page(ask).await? else {
            break;
        };
        read += page.len() as u64;
        if out.is_none() && (!page.is_empty() || ctx.json()) {
            out = Some(Listing::start(ctx, &GROUP_COLUMNS, "[", 2)?);
        }
        let rows = rows_of(&page, MessageGroupRow::from_item);
        shown += rows.len() as u64;
        if let Some(out) = out.as_mut() {
            out.page(rows.into_iter().map(group_view), group_cells)?;
        }
    }
    let reading = pages.consumed.total;
    let more = if pages.has_more() {
        pages.count_rest().await?
    } else {
        0
    };
    let counting = pages.consumed.total - reading;
    match out {
        Some(out) => out.finish("")?,
        None if ctx.json() => output::print_line("[]")?,
        None => {}
    }
    if shown == 0 && more == 0 {
        if !ctx.json() {
            output::note(format!(
                "'{}' has no conversations in table '{}' (seed one with `cruddur ddb seed`)",
                user.handle, ctx.table
            ));
        }
        return Ok(());
    }
    output::note(format!(
        "{} conversation(s) of '{}', newest first, consumed capacity: {reading} read units ({} request(s))",
        output::thousands(shown),
        user.handle,
        pages.requests
    ));
    if more > 0 {
        output::note(format!(
            "{} older conversation(s) not shown (--limit N shows more, --all every one); counting them took {counting} read units",
            output::thousands(more)
        ));
    }
    Ok(())
}
