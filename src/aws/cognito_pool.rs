//! The Cognito user pool, for every command that reads it (`cognito`,
//! `db update-cognito-user-ids`, `db setup`, `doctor`): which pool, and its
//! users, all pages.

use aws_sdk_cognitoidentityprovider::types::UserType;
use aws_sdk_cognitoidentityprovider::Client;
use clap::Args;
use serde::Serialize;

use crate::app::error::{CliError, ErrorKind};
use crate::aws::errors::{aws_error, service_code};

/// The environment variable naming the user pool.
pub const USER_POOL_ID_VAR: &str = "AWS_COGNITO_USER_POOL_ID";

/// Users asked for per ListUsers request (the API's maximum).
const PAGE_SIZE: i32 = 60;

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
