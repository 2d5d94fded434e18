//! Patterns C and D: a new message, a new conversation.

use aws_sdk_dynamodb::types::{Put, ReturnConsumedCapacity, TransactWriteItem};
use chrono::{DateTime, Utc};
use clap::Args;
use uuid::Uuid;

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::output;
use crate::dynamo::client::Writer;
use crate::dynamo::consumed::Consumed;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::guard::writer;
use crate::dynamo::rows::group_rows;
use crate::model::attr::Item;
use crate::model::items::check_message_text;
use crate::model::{MessageGroupRow, MessageRow, Participant};
use crate::pg;

#[derive(Debug, Args)]
pub struct CreateMessageArgs {
    /// The conversation to add to
    #[arg(long, value_name = "GROUP_UUID")]
    pub group: Uuid,

    /// The sender, a participant of the conversation
    #[arg(long)]
    pub handle: String,

    /// The message text (at most 1024 characters)
    pub text: String,
}

#[derive(Debug, Args)]
pub struct CreateMessageGroupArgs {
    /// The sender
    #[arg(long)]
    pub handle: String,

    /// The other participant
    #[arg(long, value_name = "OTHER_HANDLE")]
    pub to: String,

    /// The first message (at most 1024 characters)
    pub text: String,
}

fn checked_text(text: &str) -> Result<(), CliError> {
    check_message_text(text).map_err(|why| CliError::usage(why).hint("nothing was written"))
}

/// A Put that refuses to overwrite an existing row.
fn put_new(table: &str, item: Item) -> TransactWriteItem {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .expect("table and item are set");
    TransactWriteItem::builder().put(put).build()
}

/// The message a command wrote (`--output json`), in the fields the app's
/// own message views use.
#[derive(Debug, serde::Serialize)]
struct MessageReport<'a> {
    message_group_uuid: Uuid,
    uuid: Uuid,
    display_name: &'a str,
    handle: &'a str,
    message: &'a str,
    created_at: &'a str,
}

fn print_message(ctx: &Ctx, message: &MessageRow, what: &str) -> anyhow::Result<()> {
    if ctx.json() {
        output::print_json(&MessageReport {
            message_group_uuid: message.group_uuid,
            uuid: message.message_uuid,
            display_name: &message.sender.display_name,
            handle: &message.sender.handle,
            message: &message.message,
            created_at: &message.sk,
        })
    } else {
        output::note(format!(
            "{what}: message {} from '{}' in group {} at {}",
            message.message_uuid, message.sender.handle, message.group_uuid, message.sk
        ));
        Ok(())
    }
}

pub async fn create_message(ctx: &Ctx, args: CreateMessageArgs) -> anyhow::Result<()> {
    checked_text(&args.text)?;
    let client = writer(ctx, &format!("write a message into table '{}'", ctx.table)).await?;
    let sender = pg::queries::lookup_users(ctx, None, &[&args.handle])
        .await?
        .remove(0);
    // The sender must take part in the conversation: it has a group row.
    let rows = group_rows(ctx, args.group).await?;
    let member = rows
        .iter()
        .filter_map(|item| MessageGroupRow::from_item(item).ok())
        .any(|row| row.owner_uuid == sender.uuid);
    if !member {
        return Err(CliError::usage(format!(
            "'{}' is not a participant of conversation {} in table '{}'",
            sender.handle, args.group, ctx.table
        ))
        .hint(format!(
            "see their conversations with `cruddur patterns list-conversations {}`",
            sender.handle
        ))
        .into());
    }
    let message = MessageRow::new(args.group, Utc::now(), Uuid::new_v4(), &args.text, sender);
    put_message(ctx, &client, &message).await?;
    print_message(ctx, &message, "created")
}

/// Pattern C's write: the message row, never over an existing row; the
/// write units it consumed.
pub(super) async fn put_message(
    ctx: &Ctx,
    client: &Writer,
    message: &MessageRow,
) -> Result<Consumed, CliError> {
    let out = client
        .put_item()
        .table_name(&ctx.table)
        .set_item(Some(message.to_item()))
        .condition_expression("attribute_not_exists(pk)")
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
        .send()
        .await
        .map_err(|e| ddb_error(ctx, e, "writing the message", Some(&ctx.table)))?;
    Ok(out
        .consumed_capacity()
        .map(Consumed::of)
        .unwrap_or_default())
}

/// Pattern D's write: a new conversation `group` of `sender` and
/// `receiver`, its two group rows and first message (at `at`) in one
/// transaction, none over an existing row; the message and the write units
/// consumed.
pub(super) async fn start_conversation(
    ctx: &Ctx,
    client: &Writer,
    sender: &Participant,
    receiver: &Participant,
    text: &str,
    at: DateTime<Utc>,
    group: Uuid,
) -> Result<(MessageRow, Consumed), CliError> {
    let message = MessageRow::new(group, at, Uuid::new_v4(), text, sender.clone());
    let [sender_row, receiver_row] = MessageGroupRow::pair(&message, sender, receiver);
    let table = ctx.table.as_str();
    let out = client
        .transact_write_items()
        .transact_items(put_new(table, sender_row.to_item()))
        .transact_items(put_new(table, receiver_row.to_item()))
        .transact_items(put_new(table, message.to_item()))
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
        .send()
        .await
        .map_err(|e| ddb_error(ctx, e, "writing the new conversation", Some(table)))?;
    let mut consumed = Consumed::default();
    for c in out.consumed_capacity() {
        consumed.add(&Consumed::of(c));
    }
    Ok((message, consumed))
}

pub async fn create_message_group(ctx: &Ctx, args: CreateMessageGroupArgs) -> anyhow::Result<()> {
    checked_text(&args.text)?;
    if args.handle == args.to {
        return Err(CliError::usage(format!(
            "'{}' cannot start a conversation with themselves",
            args.handle
        ))
        .hint("pass another handle with --to")
        .into());
    }
    let client = writer(
        ctx,
        &format!("start a conversation in table '{}'", ctx.table),
    )
    .await?;
    let mut users = pg::queries::lookup_users(ctx, None, &[&args.handle, &args.to]).await?;
    let (sender, receiver) = (users.remove(0), users.remove(0));
    let (message, _) = start_conversation(
        ctx,
        &client,
        &sender,
        &receiver,
        &args.text,
        Utc::now(),
        Uuid::new_v4(),
    )
    .await?;
    print_message(ctx, &message, "started a conversation")
}
