//! `cruddur patterns`: the app's access patterns on the single table, run
//! from the command line (A: messages of a group, B: a user's groups,
//! C: a new message, D: a new conversation).

mod read;
mod write;

use clap::Subcommand;

use crate::context::Ctx;

pub use read::{GetConversationsArgs, ListConversationsArgs};
pub use write::{CreateMessageArgs, CreateMessageGroupArgs};

#[derive(Debug, Subcommand)]
pub enum PatternsCommand {
    /// Pattern A: the messages of a conversation, newest N shown oldest first (Query MSG#<group>)
    #[command(
        after_help = "Examples:\n  cruddur patterns get-conversations\n  cruddur patterns get-conversations 5ae290ed-55d1-47a0-bc6d-fe2bc2700399 --limit 50\n  cruddur --output json patterns get-conversations --all"
    )]
    GetConversations(GetConversationsArgs),

    /// Pattern B: a user's conversations, newest first (Postgres, then Query GRP#<user>)
    #[command(
        after_help = "Examples:\n  cruddur patterns list-conversations\n  cruddur patterns list-conversations bayko\n  cruddur --output json patterns list-conversations andrewbrown"
    )]
    ListConversations(ListConversationsArgs),

    /// Pattern C: add a message to a conversation (PutItem)
    #[command(
        after_help = "Examples:\n  cruddur patterns create-message --group 5ae290ed-55d1-47a0-bc6d-fe2bc2700399 --handle bayko 'See you at seven'"
    )]
    CreateMessage(CreateMessageArgs),

    /// Pattern D: start a conversation: two group rows and the first message (TransactWriteItems)
    #[command(
        after_help = "Examples:\n  cruddur patterns create-message-group --handle andrewbrown --to londo 'Are you coming on Saturday?'"
    )]
    CreateMessageGroup(CreateMessageGroupArgs),
}

pub async fn run(ctx: &Ctx, cmd: PatternsCommand) -> anyhow::Result<()> {
    match cmd {
        PatternsCommand::GetConversations(args) => read::get_conversations(ctx, args).await,
        PatternsCommand::ListConversations(args) => read::list_conversations(ctx, args).await,
        PatternsCommand::CreateMessage(args) => write::create_message(ctx, args).await,
        PatternsCommand::CreateMessageGroup(args) => write::create_message_group(ctx, args).await,
    }
}
