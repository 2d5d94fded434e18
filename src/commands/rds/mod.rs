//! `cruddur rds`: start, stop and describe the app's RDS instance, and let
//! this machine through its security group (`allow-ip`).
//!
//! Always AWS (there is no local RDS): the client comes from the default
//! chain, and only `AWS_ENDPOINT_URL_RDS` redirects it. Starting an available
//! instance or stopping a stopped one is a success that says so, and `--wait`
//! polls DescribeDBInstances until the target state (the SDK has no "stopped"
//! waiter).

use std::time::{Duration, Instant};

use aws_sdk_rds::types::DbInstance;
use clap::{Args, Subcommand};
use serde::Serialize;

mod allow_ip;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::output;
use crate::app::wait::{Backoff, Deadline};
use crate::aws::rds_instance::InstanceOpts;
use crate::aws::rds_instance::{describe_instance, rds_error, rds_target};

#[derive(Debug, Subcommand)]
pub enum RdsCommand {
    /// Start the instance (StartDBInstance); an available instance is left alone
    #[command(
        after_help = "Examples:\n  cruddur rds start\n  cruddur rds start --wait\n  cruddur rds start --db-instance-identifier my-db --wait --timeout 1200\n  RDS_DB_INSTANCE_IDENTIFIER=my-db cruddur --output json rds start"
    )]
    Start(ChangeArgs),

    /// Stop the instance (StopDBInstance); a stopped instance is left alone
    #[command(
        after_help = "Note: AWS starts a stopped instance again automatically after seven days;\nrun `cruddur rds stop` again after that to keep it stopped.\n\nExamples:\n  cruddur rds stop\n  cruddur rds stop --wait\n  cruddur rds stop --db-instance-identifier my-db"
    )]
    Stop(ChangeArgs),

    /// Show the instance's state, class, engine and endpoint (DescribeDBInstances)
    #[command(
        after_help = "Examples:\n  cruddur rds status\n  cruddur --output json rds status\n  cruddur rds status --db-instance-identifier my-db"
    )]
    Status(StatusArgs),

    /// Let this machine's IP reach the database: update (or create) the
    /// security group rule on port 5432
    #[command(after_help = allow_ip::AFTER_HELP)]
    AllowIp(allow_ip::AllowIpArgs),
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    #[command(flatten)]
    pub instance: InstanceOpts,

    /// Wait until the instance reaches the target state (available / stopped)
    #[arg(long)]
    pub wait: bool,

    /// Seconds to wait with --wait before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 900, requires = "wait")]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub instance: InstanceOpts,
}

pub async fn run(ctx: &Ctx, cmd: RdsCommand) -> anyhow::Result<()> {
    match cmd {
        RdsCommand::Start(args) => change(ctx, Action::Start, args).await,
        RdsCommand::Stop(args) => change(ctx, Action::Stop, args).await,
        RdsCommand::Status(args) => status(ctx, args).await,
        RdsCommand::AllowIp(args) => allow_ip::run(ctx, args).await,
    }
}

/// Start or stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Stop,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
        }
    }

    /// The state the action leads to.
    pub fn goal_state(self) -> &'static str {
        match self {
            Action::Start => "available",
            Action::Stop => "stopped",
        }
    }

    /// The state on the way there.
    pub fn transitional(self) -> &'static str {
        match self {
            Action::Start => "starting",
            Action::Stop => "stopping",
        }
    }
}

/// What to do about an instance in a given state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Already in the target state: nothing to do.
    Already,
    /// On its way to the target state: nothing to request.
    InProgress,
    /// Ask AWS (which refuses if the state does not allow it).
    Request,
}

pub fn change_plan(action: Action, state: &str) -> Plan {
    if state == action.goal_state() {
        Plan::Already
    } else if state == action.transitional() {
        Plan::InProgress
    } else {
        Plan::Request
    }
}

/// States from which an instance does not reach available or stopped by itself.
pub fn is_stuck(state: &str) -> bool {
    state == "failed"
        || state == "deleting"
        || state == "deleted"
        || state.starts_with("incompatible-")
        || state.starts_with("inaccessible-")
}

fn state_of(d: &DbInstance) -> String {
    d.db_instance_status().unwrap_or("unknown").to_string()
}

/// `postgres 15.3, db.t3.micro`: what the instance is, for messages.
fn instance_summary(d: &DbInstance) -> String {
    let engine = match (d.engine(), d.engine_version()) {
        (Some(e), Some(v)) => format!("{e} {v}"),
        (Some(e), None) => e.to_string(),
        _ => "unknown engine".to_string(),
    };
    format!(
        "{engine}, {}, state {}",
        d.db_instance_class().unwrap_or("unknown class"),
        state_of(d)
    )
}

#[derive(Debug, Serialize)]
struct ChangeReport<'a> {
    instance: &'a str,
    action: &'static str,
    /// False when the instance was already there (or on its way).
    requested: bool,
    state: String,
}

async fn change(ctx: &Ctx, action: Action, args: ChangeArgs) -> anyhow::Result<()> {
    let id = args.instance.db_instance_identifier.as_str();
    let desc = describe_instance(ctx, id).await?;
    let target = rds_target(ctx).await;
    let mut state = state_of(&desc);
    let mut requested = false;

    let mut p = change_plan(action, &state);
    if p == Plan::Request {
        output::note(format!(
            "{} RDS instance '{id}' ({}) in {target}",
            action.transitional(),
            instance_summary(&desc)
        ));
        match request(ctx, action, id, &target).await {
            Ok(new_state) => {
                requested = true;
                state = new_state.unwrap_or_else(|| action.transitional().to_string());
            }
            Err(e) if e.kind == ErrorKind::Conflict => {
                // The state changed between DescribeDBInstances and the
                // request (or AWS refuses this state): look again.
                let now = state_of(&describe_instance(ctx, id).await?);
                p = after_refusal(action, id, &now, Some(&e.message))?;
                state = now;
            }
            Err(e) => return Err(e.into()),
        }
    }

    match p {
        Plan::Already => output::note(format!(
            "RDS instance '{id}' is already {state}; nothing to do"
        )),
        Plan::InProgress => output::note(format!("RDS instance '{id}' is already {state}")),
        Plan::Request => {}
    }

    if args.wait && p != Plan::Already {
        let started = Instant::now();
        state = wait_for_instance(ctx, action, id, Duration::from_secs(args.timeout)).await?;
        output::note(format!(
            "RDS instance '{id}' is {state} (waited {}s)",
            started.elapsed().as_secs()
        ));
    } else if p != Plan::Already && state == action.goal_state() {
        output::note(format!("RDS instance '{id}' is {state}"));
    } else if p != Plan::Already {
        output::note(format!(
            "RDS instance '{id}' is {state}; it takes a few minutes: `cruddur rds status` shows the state, `--wait` waits for {}",
            action.goal_state()
        ));
    }
    if action == Action::Stop && p != Plan::Already {
        output::note("note: AWS starts a stopped instance again automatically after seven days");
    }

    if ctx.json() {
        output::print_json(&ChangeReport {
            instance: id,
            action: action.verb(),
            requested,
            state,
        })?;
    }
    Ok(())
}

/// AWS refused the request as InvalidDBInstanceState and the instance is now
/// in state `now`: a race with another start/stop is success, anything else
/// is an error that says why (with AWS's own words, e.g. for read replicas).
pub fn after_refusal(
    action: Action,
    id: &str,
    now: &str,
    aws_message: Option<&str>,
) -> Result<Plan, CliError> {
    match change_plan(action, now) {
        Plan::Request => {
            let why = aws_message
                .filter(|m| !m.trim().is_empty())
                .map(|m| format!(" (AWS: {})", m.trim()))
                .unwrap_or_default();
            let needed = match action {
                Action::Start => "stopped",
                Action::Stop => "available",
            };
            Err(CliError::new(format!(
                "cannot {} RDS instance '{id}' while it is {now}{why}",
                action.verb()
            ))
            .hint(format!(
                "RDS can {} an instance only when it is {needed}; check with `cruddur rds status`",
                action.verb()
            )))
        }
        settled => Ok(settled),
    }
}

/// Sends StartDBInstance or StopDBInstance; returns the state AWS answered with.
async fn request(
    ctx: &Ctx,
    action: Action,
    id: &str,
    target: &str,
) -> Result<Option<String>, CliError> {
    let client = ctx.rds().await?;
    let doing = format!("{} RDS instance '{id}'", action.transitional());
    let instance = match action {
        Action::Start => {
            let sent = client
                .start_db_instance()
                .db_instance_identifier(id)
                .send()
                .await;
            sent.map_err(|e| rds_error(e, &doing, id, target))?
                .db_instance
        }
        Action::Stop => {
            let sent = client
                .stop_db_instance()
                .db_instance_identifier(id)
                .send()
                .await;
            sent.map_err(|e| rds_error(e, &doing, id, target))?
                .db_instance
        }
    };
    Ok(instance.and_then(|d| d.db_instance_status().map(str::to_string)))
}

/// Failed DescribeDBInstances calls in a row (the endpoint not answering)
/// that `--wait` rides out before giving up.
const TRANSIENT_FAILURES_TOLERATED: u32 = 3;

/// Waits until the instance is in the action's goal state.
async fn wait_for_instance(
    ctx: &Ctx,
    action: Action,
    id: &str,
    timeout: Duration,
) -> Result<String, CliError> {
    let goal = action.goal_state();
    let bar = output::spinner(format!("waiting for RDS instance '{id}' to be {goal}"));
    let deadline = Deadline::after(timeout);
    let backoff = Backoff {
        first: Duration::from_secs(2),
        cap: Duration::from_secs(20),
    };
    let mut last = String::from("unknown");
    let mut failures = 0u32;
    let mut attempt = 0;
    let result = loop {
        match describe_instance(ctx, id).await {
            Ok(d) => {
                failures = 0;
                let state = state_of(&d);
                bar.set_message(format!(
                    "waiting for RDS instance '{id}' to be {goal} (now {state})"
                ));
                if state == goal {
                    break Ok(state);
                }
                if is_stuck(&state) {
                    break Err(CliError::new(format!(
                        "RDS instance '{id}' is {state}; it will not become {goal}"
                    ))
                    .hint("see the instance's events in the RDS console"));
                }
                last = state;
            }
            // A network blip between polls is no reason to give up.
            Err(e)
                if e.kind == ErrorKind::Unreachable && failures < TRANSIENT_FAILURES_TOLERATED =>
            {
                failures += 1;
                bar.set_message(format!(
                    "waiting for RDS instance '{id}' to be {goal} (describing it failed, trying again: {})",
                    e.message
                ));
            }
            Err(e) => break Err(e),
        }
        if deadline.passed() {
            break Err(CliError::new(format!(
                "timed out after {}s waiting for RDS instance '{id}' to be {goal} (it is {last})",
                deadline.elapsed().as_secs(),
            ))
            .hint(format!(
                "it may still get there: check with `cruddur rds status`, or wait longer with --timeout (now {}s)",
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(backoff.ceiling(attempt).min(deadline.left())).await;
        attempt += 1;
    };
    bar.finish_and_clear();
    result
}

#[derive(Debug, Serialize)]
struct StatusReport {
    instance: String,
    state: String,
    class: Option<String>,
    engine: Option<String>,
    engine_version: Option<String>,
    /// `address:port`, when the instance has one.
    endpoint: Option<String>,
    address: Option<String>,
    port: Option<i32>,
}

impl StatusReport {
    fn of(id: &str, d: &DbInstance) -> Self {
        let address = d.endpoint().and_then(|e| e.address()).map(str::to_string);
        let port = d.endpoint().and_then(|e| e.port());
        let endpoint = match (&address, port) {
            (Some(a), Some(p)) => Some(format!("{a}:{p}")),
            (Some(a), None) => Some(a.clone()),
            _ => None,
        };
        StatusReport {
            instance: id.to_string(),
            state: state_of(d),
            class: d.db_instance_class().map(str::to_string),
            engine: d.engine().map(str::to_string),
            engine_version: d.engine_version().map(str::to_string),
            endpoint,
            address,
            port,
        }
    }
}

async fn status(ctx: &Ctx, args: StatusArgs) -> anyhow::Result<()> {
    let id = args.instance.db_instance_identifier.as_str();
    let desc = describe_instance(ctx, id).await?;
    let report = StatusReport::of(id, &desc);
    if ctx.json() {
        output::print_json(&report)?;
        return Ok(());
    }
    let dash = || "-".to_string();
    let engine = match (&report.engine, &report.engine_version) {
        (Some(e), Some(v)) => format!("{e} {v}"),
        (Some(e), None) => e.clone(),
        _ => dash(),
    };
    let mut t = output::table(["instance", "state", "class", "engine", "endpoint"]);
    t.add_row([
        report.instance.clone(),
        report.state.clone(),
        report.class.clone().unwrap_or_else(dash),
        engine,
        report.endpoint.clone().unwrap_or_else(dash),
    ]);
    output::print_table(&t)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_follows_the_state() {
        assert_eq!(change_plan(Action::Stop, "stopped"), Plan::Already);
        assert_eq!(change_plan(Action::Stop, "stopping"), Plan::InProgress);
        assert_eq!(change_plan(Action::Stop, "available"), Plan::Request);
        assert_eq!(change_plan(Action::Stop, "backing-up"), Plan::Request);
        assert_eq!(change_plan(Action::Start, "available"), Plan::Already);
        assert_eq!(change_plan(Action::Start, "starting"), Plan::InProgress);
        assert_eq!(change_plan(Action::Start, "stopped"), Plan::Request);
    }

    #[test]
    fn a_refusal_after_a_race_is_success() {
        let msg = Some("Instance db is not in available state.");
        assert_eq!(
            after_refusal(Action::Stop, "db", "stopped", msg).ok(),
            Some(Plan::Already)
        );
        assert_eq!(
            after_refusal(Action::Stop, "db", "stopping", msg).ok(),
            Some(Plan::InProgress)
        );
        assert_eq!(
            after_refusal(Action::Start, "db", "starting", None).ok(),
            Some(Plan::InProgress)
        );
    }

    #[test]
    fn a_refusal_in_another_state_says_why() {
        let e = after_refusal(Action::Stop, "db", "backing-up", Some("busy ")).unwrap_err();
        assert_eq!(
            e.message,
            "cannot stop RDS instance 'db' while it is backing-up (AWS: busy)"
        );
        assert!(e
            .hint
            .unwrap_or_default()
            .contains("only when it is available"));
        let e = after_refusal(Action::Start, "db", "modifying", None).unwrap_err();
        assert_eq!(
            e.message,
            "cannot start RDS instance 'db' while it is modifying"
        );
    }

    #[test]
    fn stuck_states() {
        assert!(is_stuck("failed"));
        assert!(is_stuck("incompatible-network"));
        assert!(is_stuck("inaccessible-encryption-credentials"));
        assert!(!is_stuck("starting"));
        assert!(!is_stuck("stopped"));
        assert!(!is_stuck("modifying"));
    }
}
