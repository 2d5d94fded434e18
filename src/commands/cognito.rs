//! `cruddur cognito`: the Cognito user pool (always AWS, or whatever
//! AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER points at).

use clap::{Args, Subcommand};

use crate::app::context::Ctx;
use crate::app::output;
use crate::aws::cognito_pool::{list_all_users, PoolArgs};

#[derive(Debug, Subcommand)]
pub enum CognitoCommand {
    /// List every user of the pool, all pages (ListUsers)
    #[command(
        after_help = "Examples:\n  cruddur cognito list-users\n  cruddur cognito list-users --user-pool-id us-east-1_abc123\n  cruddur --output json cognito list-users"
    )]
    ListUsers(ListUsersArgs),
}

#[derive(Debug, Args)]
pub struct ListUsersArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
}

pub async fn run(ctx: &Ctx, cmd: CognitoCommand) -> anyhow::Result<()> {
    match cmd {
        CognitoCommand::ListUsers(args) => list_users(ctx, args).await,
    }
}

async fn list_users(ctx: &Ctx, args: ListUsersArgs) -> anyhow::Result<()> {
    let pool_id = args.pool.pool_id()?;
    let client = ctx.cognito().await?;
    let users = list_all_users(client, &pool_id).await?;
    if ctx.json() {
        output::print_json(&users)?;
        return Ok(());
    }
    if users.is_empty() {
        output::note(format!("no users in pool '{pool_id}'"));
        return Ok(());
    }
    let mut t = output::table(["username", "preferred_username", "sub", "status", "email"]);
    for u in &users {
        let cell = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
        t.add_row([
            u.username.clone(),
            cell(&u.preferred_username),
            cell(&u.sub),
            cell(&u.status),
            cell(&u.email),
        ]);
    }
    output::print_table(&t)?;
    output::note(format!("{} users in pool '{pool_id}'", users.len()));
    Ok(())
}
