//! `db update-cognito-user-ids`: link `users.cognito_user_id` to the Cognito
//! `sub` of the user whose `preferred_username` is the handle.

use clap::Args;

use crate::app::context::Ctx;
use crate::app::output;
use crate::aws::cognito_pool::PoolArgs;
use crate::pg::cognito_link::{link, LinkReport};
use crate::pg::DbUrlArgs;

#[derive(Debug, Args)]
pub struct UpdateCognitoUserIdsArgs {
    #[command(flatten)]
    pub db: DbUrlArgs,

    #[command(flatten)]
    pub pool: PoolArgs,

    /// Show the changes and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Replace the sub of this handle's row although it is linked to another
    /// Cognito user (repeatable); without it such rows are reported as conflicts
    #[arg(long, value_name = "HANDLE")]
    pub relink: Vec<String>,
}

pub async fn run(ctx: &Ctx, args: UpdateCognitoUserIdsArgs) -> anyhow::Result<()> {
    let options = args.db.target(ctx)?.options;
    let pool_id = args.pool.pool_id()?;
    let report = link(ctx, &options, &pool_id, &args.relink, args.dry_run).await?;
    for handle in &args.relink {
        if !report.linked.iter().any(|c| &c.handle == handle) {
            output::note(format!(
                "warning: --relink {handle}: no Cognito user's preferred_username links that row to another sub, nothing relinked"
            ));
        }
    }
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        print_tables(&report)?;
    }
    output::note(if args.dry_run {
        format!("dry run, nothing written: {}", report.summary())
    } else {
        report.summary()
    });
    Ok(())
}

fn print_tables(r: &LinkReport) -> anyhow::Result<()> {
    let status = if r.dry_run { "would link" } else { "linked" };
    let mut t = output::table(["handle", "status", "cognito user", "sub", "previous"]);
    for c in &r.linked {
        t.add_row([
            c.handle.as_str(),
            status,
            c.cognito_username.as_str(),
            c.sub.as_str(),
            c.previous.as_str(),
        ]);
    }
    for h in &r.already_linked {
        t.add_row([h.as_str(), "already linked", "", "", ""]);
    }
    for c in &r.conflicts {
        let why = format!("conflict: {}", c.reason);
        t.add_row([
            c.handle.as_str(),
            why.as_str(),
            c.cognito_username.as_str(),
            c.sub.as_str(),
            c.current.as_str(),
        ]);
    }
    for d in &r.duplicate_subs {
        let why = format!("sub on {} rows", d.handles.len());
        t.add_row([
            d.handles.join(", ").as_str(),
            why.as_str(),
            "",
            d.sub.as_str(),
            "",
        ]);
    }
    for u in &r.unmatched_cognito_users {
        t.add_row([
            u.preferred_username.as_deref().unwrap_or(""),
            "no such handle",
            u.username.as_str(),
            u.sub.as_deref().unwrap_or(""),
            "",
        ]);
    }
    for u in &r.cognito_users_without_handle {
        t.add_row([
            "",
            "no preferred_username",
            u.username.as_str(),
            u.sub.as_deref().unwrap_or(""),
            "",
        ]);
    }
    for a in &r.ambiguous_handles {
        let why = format!(
            "ambiguous: {} rows, {} Cognito users",
            a.rows, a.cognito_users
        );
        t.add_row([a.handle.as_str(), why.as_str(), "", "", ""]);
    }
    output::print_table(&t)
}
