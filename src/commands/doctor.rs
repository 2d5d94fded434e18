//! `cruddur doctor`: is every target of this run reachable and set up?
//! One row per target with what was found and the hint to fix it.

use std::future::Future;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::output;
use crate::aws::cognito_pool;
use crate::aws::rds_instance::InstanceOpts;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::local_server;
use crate::dynamo::tables::describe_table;
use crate::pg;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub instance: InstanceOpts,
}

/// How a target looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Missing,
    Unreachable,
    Misconfigured,
    Skipped,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::Unreachable => "unreachable",
            Status::Misconfigured => "misconfigured",
            Status::Skipped => "skipped",
        }
    }
}

/// One row of the report.
#[derive(Debug, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub target: String,
    pub status: Status,
    pub detail: String,
    /// Whether this run's workflow needs it (a failure makes doctor exit 1).
    pub needed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The server behind the endpoint, when cruddur can tell (DynamoDB
    /// Local and its version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}

impl Check {
    fn new(check: &'static str, target: impl Into<String>, needed: bool) -> Self {
        Check {
            check,
            target: target.into(),
            status: Status::Ok,
            detail: String::new(),
            needed,
            hint: None,
            server: None,
        }
    }

    fn set(mut self, status: Status, detail: impl Into<String>) -> Self {
        self.status = status;
        self.detail = detail.into();
        self
    }

    fn failed(self, e: CliError) -> Self {
        let status = if e.is_unreachable() {
            Status::Unreachable
        } else {
            Status::Misconfigured
        };
        let hint = e.hint.clone();
        let mut c = self.set(status, e.message);
        c.hint = hint;
        c
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn is_problem(&self) -> bool {
        self.needed && !matches!(self.status, Status::Ok | Status::Skipped)
    }
}

/// Bounds a check so one hanging service cannot stall the report.
async fn bounded<F: Future<Output = Check>>(
    check: &'static str,
    target: String,
    needed: bool,
    f: F,
) -> Check {
    match tokio::time::timeout(Duration::from_secs(15), f).await {
        Ok(c) => c,
        Err(_) => {
            Check::new(check, target, needed).set(Status::Unreachable, "no answer within 15s")
        }
    }
}

async fn dynamodb(ctx: &Ctx) -> Check {
    let row = Check::new(
        "dynamodb",
        format!("{} table '{}'", ctx.dynamodb_target(), ctx.table),
        true,
    );
    let client = match ctx.dynamodb().await {
        Ok(c) => c,
        Err(e) => return row.failed(e),
    };
    if let Err(e) = client.list_tables().limit(1).send().await {
        return row.failed(ddb_error(ctx, e, "listing tables", None));
    }
    let mut server = match ctx.dynamodb_endpoint() {
        Some(endpoint) => local_server::find(&endpoint).await,
        None => None,
    };
    let described = describe_table(ctx, &ctx.table).await;
    if let Ok(Some(desc)) = &described {
        if server.is_none() && desc.table_arn().is_some_and(local_server::is_local_arn) {
            server = Some(local_server::LocalServer {
                version: Err("it runs elsewhere than this machine's processes".to_string()),
            });
        }
    }
    let reachable = match &server {
        Some(s) => format!("reachable ({})", s.describe()),
        None => "reachable".to_string(),
    };
    let mut row = row;
    row.server = server.map(|s| s.describe());
    match described {
        Ok(Some(desc)) => {
            let stream = desc
                .stream_specification()
                .map(|s| s.stream_enabled())
                .unwrap_or(false);
            let detail = format!(
                "{reachable}; table {} with about {} items{}",
                desc.table_status().map(|s| s.as_str()).unwrap_or("?"),
                desc.item_count().unwrap_or(0),
                if stream { "" } else { ", no stream" }
            );
            let row = row.set(Status::Ok, detail);
            if stream {
                row
            } else {
                row.hint("stream-sync needs a stream: `cruddur ddb schema-load --recreate`")
            }
        }
        Ok(None) => row
            .set(
                Status::Missing,
                format!("{reachable}; the table does not exist"),
            )
            .hint("create it with `cruddur ddb schema-load` (or `cruddur setup`)"),
        Err(e) => row.failed(e),
    }
}

async fn postgres(ctx: &Ctx) -> Check {
    let var = ctx.target.database_url_var();
    let url = match pg::database_url(ctx, None) {
        Ok(u) => u,
        Err(e) => {
            let mut c = Check::new("postgres", format!("${var}"), true)
                .set(Status::Missing, format!("{var} is not set"));
            c.hint = e.hint;
            return c;
        }
    };
    let target = match pg::PgTarget::parse(&url) {
        Ok(t) => t,
        Err(e) => return Check::new("postgres", format!("${var}"), true).failed(e),
    };
    let row = Check::new("postgres", target.shown_url(), true);
    let options = target.options;
    let mut conn = match pg::connect_with(&options).await {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::NotFound => {
            return row
                .set(Status::Missing, e.message)
                .hint("create and seed it with `cruddur db setup` (or `cruddur setup`)")
        }
        Err(e) => return row.failed(e),
    };
    match pg::queries::users_count(&mut conn).await {
        Ok(Some(n)) => row.set(Status::Ok, format!("reachable; {n} users")),
        Ok(None) => row
            .set(Status::Missing, "reachable; no users table")
            .hint("load the schema and seed with `cruddur db setup`"),
        Err(e) => row.failed(e),
    }
}

async fn cognito_pool(ctx: &Ctx) -> Check {
    let Some(pool) = cognito_pool::pool_id_if_set(None) else {
        return Check::new(
            "cognito",
            format!("${}", cognito_pool::USER_POOL_ID_VAR),
            ctx.is_prod(),
        )
        .set(
            if ctx.is_prod() {
                Status::Missing
            } else {
                Status::Skipped
            },
            format!("{} is not set", cognito_pool::USER_POOL_ID_VAR),
        )
        .hint(format!(
            "export {}=<pool id> to link Cognito users",
            cognito_pool::USER_POOL_ID_VAR
        ));
    };
    let row = Check::new("cognito", format!("user pool {pool}"), ctx.is_prod());
    let client = match ctx.cognito().await {
        Ok(c) => c,
        Err(e) => return row.failed(e),
    };
    match client.describe_user_pool().user_pool_id(&pool).send().await {
        Ok(out) => {
            let name = out
                .user_pool()
                .and_then(|p| p.name())
                .unwrap_or("?")
                .to_string();
            row.set(Status::Ok, format!("reachable; pool '{name}'"))
        }
        Err(e) => row.failed(crate::aws::errors::aws_error(
            e,
            "describing the user pool",
            "Cognito",
            "check the pool id, the region and AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
        )),
    }
}

async fn rds_instance(ctx: &Ctx, id: &str) -> Check {
    let row = Check::new("rds", format!("instance {id}"), false);
    if !ctx.is_prod() && std::env::var_os("AWS_ENDPOINT_URL_RDS").is_none() {
        return row.set(Status::Skipped, "checked with --prod");
    }
    match crate::aws::rds_instance::describe_instance(ctx, id).await {
        Ok(db) => row.set(
            Status::Ok,
            format!(
                "{} ({} {})",
                db.db_instance_status().unwrap_or("?"),
                db.engine().unwrap_or("?"),
                db.db_instance_class().unwrap_or("?")
            ),
        ),
        Err(e) => row.failed(e),
    }
}

/// Where `--prod` takes AWS credentials from, for the doctor's table.
fn credentials_source() -> String {
    let profile = crate::aws::profile::name();
    if profile == "default" {
        "default chain".to_string()
    } else {
        format!("profile {profile}")
    }
}

async fn aws_identity(ctx: &Ctx) -> Check {
    let row = Check::new("aws credentials", credentials_source(), true);
    let client = match ctx.sts().await {
        Ok(client) => client,
        Err(e) => {
            let row = row.set(Status::Missing, "no region configured");
            return match e.hint {
                Some(hint) => row.hint(hint),
                None => row,
            };
        }
    };
    let region = client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    match client.get_caller_identity().send().await {
        Ok(out) => row.set(
            Status::Ok,
            format!(
                "account {} in {region} as {}",
                out.account().unwrap_or("?"),
                out.arn().unwrap_or("?")
            ),
        ),
        Err(e) => row.failed(crate::aws::errors::aws_error(
            e,
            "checking the credentials",
            "AWS STS",
            "check the network and AWS_ENDPOINT_URL_STS",
        )),
    }
}

/// The app's files of this run (see [`crate::project`]): one row each, with
/// where it comes from. The migrations row also says what is pending.
async fn project_files(ctx: &Ctx) -> Vec<Check> {
    let mut rows = Vec::new();
    for source in ctx.project.sources() {
        let status = if source.path == "(none)" {
            Status::Skipped
        } else {
            Status::Ok
        };
        let row = Check::new(source.what, source.path.clone(), false).set(status, source.origin);
        if source.what == "migrations" {
            rows.push(migrations(ctx, row).await);
        } else {
            rows.push(row);
        }
    }
    rows
}

/// The migrations row: the folder, and the database's pending migrations.
async fn migrations(ctx: &Ctx, row: Check) -> Check {
    let Some(folder) = ctx.project.migrations() else {
        return row.set(Status::Skipped, "no migrations folder");
    };
    if !folder.path.exists() {
        return row.set(
            Status::Skipped,
            format!("from {}; the folder does not exist yet", folder.origin),
        );
    }
    let target = match pg::target(ctx, None) {
        Ok(t) => t,
        Err(_) => {
            return row.set(
                Status::Skipped,
                format!("from {}; no database to compare with", folder.origin),
            )
        }
    };
    let mut row = row;
    row.needed = true;
    match pg::migrate::read_status(&target, &folder.path).await {
        Ok(report) => {
            let count =
                |s: pg::migrate::State| report.migrations.iter().filter(|e| e.state == s).count();
            let (pending, changed, missing) = (
                count(pg::migrate::State::Pending),
                count(pg::migrate::State::Changed),
                count(pg::migrate::State::Missing),
            );
            let detail = format!(
                "from {}; {} applied, {pending} pending, {changed} changed, {missing} missing",
                folder.origin,
                count(pg::migrate::State::Applied)
            );
            if changed + missing > 0 {
                row.set(Status::Misconfigured, detail)
                    .hint("`cruddur db migrations` names them: restore the files or accept them with `cruddur db migrate --accept-changed/--accept-missing`")
            } else if pending > 0 {
                row.set(Status::Missing, detail)
                    .hint("apply them with `cruddur db migrate`")
            } else {
                row.set(Status::Ok, detail)
            }
        }
        Err(e) if e.is_unreachable() || e.kind == ErrorKind::NotFound => {
            let mut row = row.set(
                Status::Skipped,
                format!("from {}; the database cannot be read", folder.origin),
            );
            row.needed = false;
            row
        }
        Err(e) => row.failed(e),
    }
}

pub async fn run(ctx: &Ctx, args: DoctorArgs) -> anyhow::Result<()> {
    let id = args.instance.db_instance_identifier.clone();
    let ddb_target = ctx.dynamodb_target();
    let (ddb, pg, cognito, rds) = tokio::join!(
        bounded("dynamodb", ddb_target, true, dynamodb(ctx)),
        bounded(
            "postgres",
            ctx.target.database_url_var().to_string(),
            true,
            postgres(ctx)
        ),
        bounded(
            "cognito",
            "user pool".to_string(),
            ctx.is_prod(),
            cognito_pool(ctx)
        ),
        bounded("rds", id.clone(), false, rds_instance(ctx, &id)),
    );
    let mut checks = vec![ddb, pg, cognito, rds];
    checks.extend(project_files(ctx).await);
    if ctx.is_prod() {
        checks.push(
            bounded(
                "aws credentials",
                credentials_source(),
                true,
                aws_identity(ctx),
            )
            .await,
        );
    }
    if ctx.json() {
        output::print_json(&checks)?;
    } else {
        let mut t = output::table(["check", "target", "status", "detail", "hint"]);
        for c in &checks {
            t.add_row([
                c.check.to_string(),
                c.target.clone(),
                c.status.as_str().to_string(),
                c.detail.clone(),
                c.hint.clone().unwrap_or_default(),
            ]);
        }
        output::print_table(&t)?;
    }
    let problems: Vec<&str> = checks
        .iter()
        .filter(|c| c.is_problem())
        .map(|c| c.check)
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(CliError::new(format!("not ready: {}", problems.join(", ")))
        .hint("see the hints above")
        .into())
}
