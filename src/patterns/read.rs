//! Patterns A and B: reading a conversation and a user's conversation list.

use clap::Args;
use serde::Serialize;
use uuid::Uuid;

use crate::context::Ctx;
use crate::dynamo::rows::{query_partition, PartitionQuery};
use crate::model::time::display_short;
use crate::model::{defaults, MessageGroupRow, MessageRow, PartitionKey};
use crate::output;
use crate::pg;

#[derive(Debug, Args)]
pub struct GetConversationsArgs {
    /// The conversation's message group
    #[arg(default_value = defaults::GROUP_UUID)]
    pub group_uuid: Uuid,

    /// How many of the newest messages to show
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(1..))]
    pub limit: i32,

    /// Every message of the conversation, all pages (overrides --limit)
    #[arg(long)]
    pub all: bool,

    /// Characters of each message shown in the table
    #[arg(long, default_value_t = 60)]
    pub width: usize,
}

/// One conversation's messages (`--output json`).
#[derive(Debug, Serialize)]
struct Conversation {
    group_uuid: Uuid,
    messages: Vec<MessageView>,
    consumed_capacity: f64,
}

/// A message as the app returns it.
#[derive(Debug, Serialize)]
struct MessageView {
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

pub async fn get_conversations(ctx: &Ctx, args: GetConversationsArgs) -> anyhow::Result<()> {
    let result = query_partition(
        ctx,
        PartitionKey::messages_of(args.group_uuid),
        PartitionQuery {
            newest_first: true,
            limit: (!args.all).then_some(args.limit),
            all_pages: args.all,
        },
    )
    .await?;
    let mut messages = rows_of(&result.items, MessageRow::from_item);
    messages.reverse(); // oldest first, as a conversation reads
    if ctx.json() {
        let views: Vec<MessageView> = messages
            .into_iter()
            .map(|m| MessageView {
                uuid: m.message_uuid,
                display_name: m.sender.display_name,
                handle: m.sender.handle,
                message: m.message,
                created_at: m.sk,
            })
            .collect();
        output::print_json(&Conversation {
            group_uuid: args.group_uuid,
            messages: views,
            consumed_capacity: result.consumed_capacity,
        })?;
        return Ok(());
    }
    if messages.is_empty() {
        output::note(format!(
            "no messages in group {} of table '{}'",
            args.group_uuid, ctx.table
        ));
    } else {
        let mut t = output::table(["handle", "time", "message"]);
        for m in &messages {
            t.add_row([
                m.sender.handle.clone(),
                display_short(&m.sk),
                output::truncate(&m.message, args.width),
            ]);
        }
        output::print_table(&t)?;
    }
    output::note(format!(
        "{} message(s), consumed capacity: {} read units",
        messages.len(),
        result.consumed_capacity
    ));
    Ok(())
}

#[derive(Debug, Args)]
pub struct ListConversationsArgs {
    /// Whose conversations, looked up in Postgres (default: [seed]
    /// my_handle of cruddur.toml, else andrewbrown)
    #[arg(env = "CRUDDUR_MY_HANDLE")]
    pub handle: Option<String>,
}

/// A conversation as the app's list returns it.
#[derive(Debug, Serialize)]
struct GroupView {
    uuid: Uuid,
    display_name: String,
    handle: String,
    message: String,
    created_at: String,
}

pub async fn list_conversations(ctx: &Ctx, args: ListConversationsArgs) -> anyhow::Result<()> {
    let handle = args
        .handle
        .or_else(|| ctx.project.my_handle().map(|(h, _)| h))
        .unwrap_or_else(|| defaults::MY_HANDLE.to_string());
    let user = pg::queries::lookup_users(ctx, None, &[&handle])
        .await?
        .remove(0);
    let result = query_partition(
        ctx,
        PartitionKey::groups_of(user.uuid),
        PartitionQuery {
            newest_first: true,
            limit: None,
            all_pages: true,
        },
    )
    .await?;
    let groups = rows_of(&result.items, MessageGroupRow::from_item);
    if ctx.json() {
        let views: Vec<GroupView> = groups
            .into_iter()
            .map(|g| GroupView {
                uuid: g.group_uuid,
                display_name: g.other.display_name,
                handle: g.other.handle,
                message: g.message,
                created_at: g.sk,
            })
            .collect();
        output::print_json(&views)?;
        return Ok(());
    }
    if groups.is_empty() {
        output::note(format!(
            "'{}' has no conversations in table '{}' (seed one with `cruddur ddb seed`)",
            user.handle, ctx.table
        ));
        return Ok(());
    }
    let mut t = output::table(["with", "name", "last message", "time", "group"]);
    for g in &groups {
        t.add_row([
            g.other.handle.clone(),
            g.other.display_name.clone(),
            output::truncate(&g.message, 50),
            display_short(&g.sk),
            g.group_uuid.to_string(),
        ]);
    }
    output::print_table(&t)?;
    Ok(())
}
