//! `--database-url`: which database a command acts on.

use clap::Args;

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::pg;

/// Which database a command acts on.
#[derive(Debug, Clone, Args)]
pub struct DbUrlArgs {
    /// Postgres URL to use instead of $CONNECTION_URL ($PROD_CONNECTION_URL with --prod)
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,

    #[command(flatten)]
    pub limits: pg::session::SessionLimits,
}

impl DbUrlArgs {
    /// The parsed target of this run. A password given on the command line
    /// is visible to every user of the machine: that earns a warning.
    pub fn target(&self, ctx: &Ctx) -> Result<pg::PgTarget, CliError> {
        let target = pg::target(ctx, self.database_url.as_deref())?.with_limits(&self.limits);
        if self.database_url.is_some() && target.has_password_in_url() {
            crate::app::output::note(format!(
                "warning: the password in --database-url is visible to other users of this machine in the process list; put the URL in {} instead",
                ctx.target.database_url_var()
            ));
        }
        Ok(target)
    }
}
