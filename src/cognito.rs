//! `cruddur cognito`: the Cognito user pool (always AWS, or whatever
//! AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER points at).

use aws_sdk_cognitoidentityprovider::types::UserType;
use aws_sdk_cognitoidentityprovider::Client;
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::context::Ctx;
use crate::error::{aws_error, service_code, CliError, ErrorKind};
use crate::output;

/// The environment variable naming the user pool.
pub const USER_POOL_ID_VAR: &str = "AWS_COGNITO_USER_POOL_ID";

/// Users asked for per ListUsers request (the API's maximum).
const PAGE_SIZE: i32 = 60;

#[derive(Debug, Subcommand)]
pub enum CognitoCommand {
    /// List every user of the pool, all pages (ListUsers)
    #[command(
        after_help = "Examples:\n  cruddur cognito list-users\n  cruddur cognito list-users --user-pool-id us-east-1_abc123\n  cruddur --output json cognito list-users"
    )]
    ListUsers(ListUsersArgs),
}

/// Which user pool a command reads.
#[derive(Debug, Clone, Args)]
pub struct PoolArgs {
    /// Cognito user pool id (default: $AWS_COGNITO_USER_POOL_ID)
    #[arg(long, value_name = "ID")]
    pub user_pool_id: Option<String>,
}

impl PoolArgs {
    pub fn pool_id(&self) -> Result<String, CliError> {
        pool_id(self.user_pool_id.as_deref())
    }
}

#[derive(Debug, Args)]
pub struct ListUsersArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
}

/// The pool id from the flag, else from the environment, if either is set.
pub fn pool_id_if_set(flag: Option<&str>) -> Option<String> {
    flag.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .or_else(|| {
            std::env::var(USER_POOL_ID_VAR)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
}

/// The pool id from the flag or the environment, or an error naming both.
pub fn pool_id(flag: Option<&str>) -> Result<String, CliError> {
    pool_id_if_set(flag).ok_or_else(|| {
        CliError::usage(format!(
            "no Cognito user pool id: {USER_POOL_ID_VAR} is not set"
        ))
        .hint(format!(
            "export {USER_POOL_ID_VAR}=us-east-1_XXXXXXXXX or pass --user-pool-id"
        ))
    })
}

/// A Cognito user as cruddur shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CognitoUser {
    pub username: String,
    /// `preferred_username`: the Cruddur handle.
    pub preferred_username: Option<String>,
    pub sub: Option<String>,
    pub status: Option<String>,
    pub email: Option<String>,
}

impl CognitoUser {
    fn from_sdk(user: &UserType) -> Self {
        let attr = |name: &str| {
            user.attributes()
                .iter()
                .find(|a| a.name() == name)
                .and_then(|a| a.value())
                .map(str::to_string)
        };
        CognitoUser {
            username: user.username().unwrap_or_default().to_string(),
            preferred_username: attr("preferred_username"),
            sub: attr("sub"),
            status: user.user_status().map(|s| s.as_str().to_string()),
            email: attr("email"),
        }
    }
}

/// Every user of the pool, page after page (the SDK's paginator follows
/// PaginationToken to the last page).
pub async fn list_all_users(client: &Client, pool_id: &str) -> Result<Vec<CognitoUser>, CliError> {
    let mut pages = client
        .list_users()
        .user_pool_id(pool_id)
        .limit(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut users = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            if service_code(&e) == Some("ResourceNotFoundException") {
                return CliError::new(format!("Cognito user pool '{pool_id}' does not exist"))
                    .kind(ErrorKind::NotFound)
                    .hint(format!(
                        "check {USER_POOL_ID_VAR} / --user-pool-id and the region"
                    ));
            }
            aws_error(
                e,
                &format!("listing the users of pool '{pool_id}'"),
                "Cognito",
                "check the network and the region; AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER redirects Cognito",
            )
        })?;
        users.extend(page.users().iter().map(CognitoUser::from_sdk));
    }
    Ok(users)
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
    output::print_table(&t);
    output::note(format!("{} users in pool '{pool_id}'", users.len()));
    Ok(())
}
