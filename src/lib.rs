//! `cruddur`: the operator CLI of the Cruddur app. It runs on Linux and
//! macOS: signals, the terminal, `exec` of psql and file types are used
//! through their Unix interfaces.
//!
//! `main` parses the command line, builds one [`context::Ctx`] (target,
//! SDK configuration, lazily created clients, output mode), dispatches to the
//! module of the command group and turns every error into one `error:` line.

#[cfg(not(unix))]
compile_error!(
    "cruddur is built for Linux and macOS only (it uses Unix signals, terminals and exec)"
);

pub(crate) mod app;
pub(crate) mod aws;
pub mod cli;
pub mod commands;
pub(crate) mod dynamo;
pub(crate) mod infra;
pub mod model;
pub(crate) mod pg;
pub(crate) mod seeding;
pub(crate) mod stream;
pub(crate) mod transfer;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::app::context::{self, Ctx};
use crate::app::{error, output, project, redact};
use crate::cli::{Cli, Command};
use crate::commands::{cognito, completions, db, ddb, doctor, init, patterns, rds, setup};

/// Entry point of the binary.
pub fn main() -> ExitCode {
    // Secrets of every URL given in the environment are hidden in every line.
    redact::capture_env();
    // The app's own AWS_ENDPOINT_URL (e.g. http://dynamodb-local:8000) must
    // only ever reroute DynamoDB, never Cognito or RDS: take it out of the
    // environment before any SDK configuration reads it.
    context::capture_global_endpoint();
    // The database URL alone decides the Postgres target: no PGHOST,
    // PGUSER, ... may fill in or override its parts (PGPASSWORD is kept
    // aside for URLs without a password).
    pg::target::capture_env();

    // Started by Lambda's custom runtime as `bootstrap`: the stream handler.
    if stream::lambda::started_as_bootstrap() {
        return serve_stream_handler();
    }

    // Help and usage errors are printed while parsing, so clap learns
    // `--color` from a look at the arguments first.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::command()
        .color(output::clap_color(&args))
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return error::report_usage(e, output::json_requested(&args)),
    };
    output::init_color(cli.global.color);
    output::init_json_stderr(cli.global.output == output::OutputFormat::Json);
    let verbose = cli.global.verbose;
    let json = cli.global.output == output::OutputFormat::Json;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return error::report(&anyhow::Error::new(e), verbose, json),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => error::report(&e, verbose, json),
    }
}

/// The stream handler's runtime loop (see [`stream::lambda`]).
fn serve_stream_handler() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let result = match runtime {
        Ok(rt) => rt.block_on(stream::lambda::serve()),
        Err(e) => Err(anyhow::Error::new(e)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => error::report(&e, 0, true),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Completion scripts read no project: they work in any folder.
    let project = match cli.command {
        Command::Completions(_) => project::Project::built_in(),
        _ => project::Project::load(cli.global.project.as_deref())?,
    };
    let mut settings = cli.global.settings(&project)?;
    if settings.prod {
        settings.retry =
            context::with_profile_retry(settings.retry, settings.profile.as_deref()).await?;
    }
    let ctx = Ctx::new(settings, project);
    match cli.command {
        Command::Ddb(cmd) => ddb::run(&ctx, cmd).await,
        Command::Patterns(cmd) => patterns::run(&ctx, cmd).await,
        Command::Cognito(cmd) => cognito::run(&ctx, cmd).await,
        Command::Db(cmd) => db::run(&ctx, cmd).await,
        Command::Rds(cmd) => rds::run(&ctx, cmd).await,
        Command::Setup(args) => setup::run(&ctx, args).await,
        Command::Doctor(args) => doctor::run(&ctx, args).await,
        Command::Init(args) => init::run(&ctx, args).await,
        Command::Completions(args) => completions::run(args),
    }
}

/// The whole command tree (for completion scripts and help tests).
pub fn command_tree() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
