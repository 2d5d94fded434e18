//! `cruddur patterns`: the app's access patterns on the single table, run
//! from the command line (A: messages of a group, B: a user's groups,
//! C: a new message, D: a new conversation), and their report (what each
//! costs, and what a mix of them costs a month).

mod read;
mod report;
mod write;

use clap::Subcommand;

use crate::app::context::Ctx;

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

    /// Run every access pattern on a sample of the table's keys: capacity
    /// per call as DynamoDB reports it, latency, and the monthly cost of a mix
    #[command(after_help = report_help())]
    Report(report::ReportArgs),
}

fn report_help() -> String {
    format!(
        "Patterns: A a conversation's messages (the app's page of 20), B a user's conversations (one page, and every page as B*), C a message in a conversation (PutItem), D a new conversation (TransactWriteItems), E the group rows a new message moves (the stream handler's queries and transactions). The writes go into copies of sampled conversations that the report removes afterwards; with --prod they need --yes (or --read-only).\n\n{}\n\nExamples:\n  cruddur patterns report\n  cruddur patterns report --samples 20 --read-only\n  cruddur patterns report --rate B=50/s,A=200/s,C=20/s\n  cruddur --output json patterns report > report.json\n  cruddur --prod patterns report --read-only",
        crate::model::capacity::prices_note()
    )
}

pub async fn run(ctx: &Ctx, cmd: PatternsCommand) -> anyhow::Result<()> {
    match cmd {
        PatternsCommand::GetConversations(args) => read::get_conversations(ctx, args).await,
        PatternsCommand::ListConversations(args) => read::list_conversations(ctx, args).await,
        PatternsCommand::CreateMessage(args) => write::create_message(ctx, args).await,
        PatternsCommand::CreateMessageGroup(args) => write::create_message_group(ctx, args).await,
        PatternsCommand::Report(args) => report::run(ctx, args).await,
    }
}
