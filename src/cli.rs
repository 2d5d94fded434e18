//! The command tree. Each group's subcommands live in the group's module;
//! this file holds the top level and the options every command shares,
//! turned into plain [`Settings`] before any command runs.

use clap::{Args, Parser, Subcommand};

use crate::app::context::Settings;
use crate::app::error::CliError;
use crate::app::output::{ColorChoice, OutputFormat};
use crate::app::project::Project;
use crate::aws::retry::RetrySettings;
use crate::commands::cognito::CognitoCommand;
use crate::commands::completions::CompletionsArgs;
use crate::commands::db::DbCommand;
use crate::commands::ddb::DdbCommand;
use crate::commands::rds::RdsCommand;
use crate::model::DEFAULT_TABLE;

const AFTER_HELP: &str = "\
Targets:
  local (default)  DynamoDB Local at http://localhost:8000, Postgres at $CONNECTION_URL
  --prod           AWS (credential chain or --profile), Postgres at $PROD_CONNECTION_URL

Examples:
  cruddur ddb schema-load && cruddur ddb seed
  cruddur --output json ddb scan --limit 10
  cruddur --prod ddb list-tables
  cruddur --prod --profile dev doctor";

/// Operator CLI for the Cruddur app: DynamoDB messages, Postgres, Cognito and RDS.
#[derive(Debug, Parser)]
#[command(name = "cruddur", version, after_help = AFTER_HELP)]
#[command(propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every command, before or after the subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Act on AWS and $PROD_CONNECTION_URL instead of the local services
    #[arg(long, global = true)]
    pub prod: bool,

    /// Output format for data written to stdout
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// DynamoDB table holding the messages (default: [dynamodb] table of
    /// cruddur.toml, else cruddur-messages)
    #[arg(long, global = true, env = "DDB_MESSAGE_TABLE", value_parser = table_name)]
    pub table: Option<String>,

    /// The project file naming the app's files (default: the nearest
    /// cruddur.toml in this folder or above)
    #[arg(long, global = true, env = "CRUDDUR_PROJECT", value_name = "FILE")]
    pub project: Option<std::path::PathBuf>,

    /// AWS region (default: us-east-1 locally, the AWS chain with --prod)
    #[arg(long, global = true, value_parser = region_name)]
    pub region: Option<String>,

    /// AWS profile of the shared config and credentials files, as in the AWS CLI
    /// (default: $AWS_PROFILE, else `default`); its credentials take precedence
    /// over AWS_ACCESS_KEY_ID and the like
    #[arg(long, global = true, value_name = "NAME", value_parser = profile_name)]
    pub profile: Option<String>,

    /// DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod);
    /// AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given
    #[arg(long, global = true, value_name = "URL", value_parser = endpoint_url)]
    pub endpoint_url: Option<String>,

    /// Attempts per AWS request, the first included (1-100; default 10 for
    /// DynamoDB, 3 for Cognito and RDS); overrides AWS_MAX_ATTEMPTS
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: Option<u32>,

    /// When to use colour: auto (a terminal, unless NO_COLOR is set to a
    /// non-empty value), always or never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Show details (the full error chain) on failure; repeat for more
    #[arg(long, short = 'v', global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl GlobalOpts {
    /// The plain settings the rest of the crate works with: the table is
    /// the flag's (or `DDB_MESSAGE_TABLE`), else the project file's, else
    /// the default. Fails on a bad `AWS_MAX_ATTEMPTS` or `AWS_RETRY_MODE`.
    pub fn settings(self, project: &Project) -> Result<Settings, CliError> {
        if let Some(url) = &self.endpoint_url {
            crate::app::redact::remember_url(url);
        }
        let table = self
            .table
            .or_else(|| project.table().map(|(t, _)| t))
            .unwrap_or_else(|| DEFAULT_TABLE.to_string());
        Ok(Settings {
            prod: self.prod,
            output: self.output,
            table,
            verbose: self.verbose,
            region: self.region,
            endpoint_url: self.endpoint_url,
            retry: RetrySettings::resolve(self.max_attempts, |v| std::env::var(v).ok())?,
            profile: self.profile,
        })
    }
}

/// A DynamoDB table name: 3-255 of letters, digits, `_`, `-` and `.`.
fn table_name(s: &str) -> Result<String, String> {
    crate::model::schema::check_table_name(s).map(|()| s.to_string())
}

/// A region name: a word such as `eu-west-1`, not empty.
fn region_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(s.to_string())
    } else {
        Err("a region is a name such as us-east-1 or eu-west-1".to_string())
    }
}

/// A profile name: not empty, no spaces or brackets (they cannot appear in a
/// `[profile NAME]` section header).
fn profile_name(s: &str) -> Result<String, String> {
    if !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '[' | ']'))
    {
        Ok(s.to_string())
    } else {
        Err("a profile name is a non-empty word such as `dev` (see ~/.aws/config)".to_string())
    }
}

/// An endpoint URL: http:// or https:// and a host.
fn endpoint_url(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => {
            Ok(s.trim_end_matches('/').to_string())
        }
        _ => Err("expected a URL such as http://localhost:8000".to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// DynamoDB: the messages table, its items, its stream and its stacks
    #[command(subcommand)]
    Ddb(DdbCommand),

    /// The app's access patterns on the messages table, and what they cost
    #[command(subcommand)]
    Patterns(crate::commands::patterns::PatternsCommand),

    /// Cognito: the users of the app's user pool
    #[command(subcommand)]
    Cognito(CognitoCommand),

    /// Postgres: the app's database, its schema, seed, migrations and sessions
    #[command(subcommand)]
    Db(DbCommand),

    /// RDS: the database instance and this machine's way in
    #[command(subcommand)]
    Rds(RdsCommand),

    /// Bootstrap everything, idempotently: wait for the services, then the
    /// database, the DynamoDB table and the seed conversation
    #[command(
        after_help = "Non-interactive and safe to run again: what exists is left as it is (--reseed rewrites the seed conversation).\n\nExamples:\n  cruddur setup\n  cruddur setup --timeout 120 --my-handle alice --other-handle bob\n  cruddur --output json setup"
    )]
    Setup(crate::commands::setup::SetupArgs),

    /// Check every target: DynamoDB, Postgres, Cognito, RDS (and AWS credentials with --prod)
    #[command(
        after_help = "Exits 1 when something the workflow needs is missing or unreachable. When DynamoDB Local answers, the dynamodb row names it and its version, which its jar prints (the server sends none): for an endpoint on this machine, the jar of the process listening on its port.\n\nExamples:\n  cruddur doctor\n  cruddur --output json doctor\n  cruddur --prod doctor"
    )]
    Doctor(crate::commands::doctor::DoctorArgs),

    /// Write a commented cruddur.toml naming the app files found from here
    #[command(
        after_help = "Never overwrites an existing cruddur.toml.\n\nExamples:\n  cruddur init\n  cruddur init --dir ~/src/aws-bootcamp-cruddur-2023"
    )]
    Init(crate::commands::init::InitArgs),

    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  cruddur completions bash > ~/.local/share/bash-completion/completions/cruddur\n  cruddur completions zsh > ~/.zfunc/_cruddur\n  cruddur completions fish > ~/.config/fish/completions/cruddur.fish"
    )]
    Completions(CompletionsArgs),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table names follow DynamoDB's rules, regions are lower-case words,
    /// profiles single words.
    #[test]
    fn names_are_checked_as_they_are_parsed() {
        type Check = fn(&str) -> Result<String, String>;
        let cases: [(Check, &[&str], &[&str]); 3] = [
            (
                table_name,
                &["cruddur-messages", "a.b_c-1"],
                &["", "ab", "bad name"],
            ),
            (
                region_name,
                &["us-east-1"],
                &["", " ", "US-EAST-1", "eu west 1", "us-east-1\n"],
            ),
            (
                profile_name,
                &["dev", "team-admin_1"],
                &["", "two words", "[dev]"],
            ),
        ];
        let mut checked = 0;
        for (check, good, bad) in cases {
            for name in good {
                assert_eq!(check(name).as_deref(), Ok(*name));
                checked += 1;
            }
            for name in bad {
                assert!(check(name).is_err(), "{name:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 16);
    }

    #[test]
    fn endpoint_urls_need_a_scheme_and_host() {
        assert_eq!(
            endpoint_url("http://localhost:8000/").unwrap(),
            "http://localhost:8000"
        );
        assert!(endpoint_url("https://dynamodb.eu-west-1.amazonaws.com").is_ok());
        assert!(endpoint_url("localhost:8000").is_err());
        assert!(endpoint_url("http://").is_err());
    }
}
