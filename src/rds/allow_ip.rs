//! `cruddur rds allow-ip`: let this machine's address through the RDS
//! instance's security group, the chore of every new Gitpod workspace.
//!
//! The rule is found, in order: `--rule-id` / `DB_SG_RULE_ID`; else the
//! inbound rule on the port described `cruddur: ...` in `--group-id` /
//! `DB_SG_ID`, or in the instance's own security groups. Found, it is pointed
//! at the new address in place (ModifySecurityGroupRules); not found, one is
//! created. The same address twice is a success that says so.

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::security_groups::{self as sg, cidr_of, Rule};
use super::InstanceOpts;
use crate::aws_query::{self, QueryClient, QueryError};
use crate::confirm::{confirm, ConfirmOpts};
use crate::context::Ctx;
use crate::error::{CliError, ErrorKind};
use crate::output;

/// The IP echo service `--ip auto` asks unless `CRUDDUR_IP_ECHO_URL` names another.
pub const DEFAULT_IP_ECHO_URL: &str = "https://checkip.amazonaws.com";
/// The variable naming another IP echo service.
pub const IP_ECHO_VAR: &str = "CRUDDUR_IP_ECHO_URL";
const IP_ECHO_TIMEOUT: Duration = Duration::from_secs(10);

pub const AFTER_HELP: &str = "\
Which rule: --rule-id (DB_SG_RULE_ID) if given; else the inbound rule on --port
described 'cruddur: ...' in --group-id (DB_SG_ID), or in the security groups of
the RDS instance (RDS_DB_INSTANCE_IDENTIFIER). A rule found is updated in place;
none found, one is created, described 'cruddur: USER@HOST'. The same address
again changes nothing and exits 0. --revoke removes only a rule cruddur made.

--ip auto asks https://checkip.amazonaws.com (CRUDDUR_IP_ECHO_URL overrides it).
AWS_ENDPOINT_URL_EC2 redirects the EC2 calls (e.g. to moto).

Examples:
  cruddur rds allow-ip
  cruddur rds allow-ip --ip 203.0.113.7
  DB_SG_ID=sg-0123 DB_SG_RULE_ID=sgr-0456 cruddur rds allow-ip
  cruddur --output json rds allow-ip --group-id sg-0123
  cruddur rds allow-ip --revoke --yes";

#[derive(Debug, Args)]
pub struct AllowIpArgs {
    /// The address to let in: an IPv4 or IPv6 address, or `auto` to ask an
    /// IP echo service for this machine's public address
    #[arg(long, value_name = "IP|auto", default_value = "auto", value_parser = ip_choice)]
    pub ip: IpChoice,

    /// The database port the rule opens
    #[arg(long, default_value_t = 5432, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,

    /// The security group holding the rule (default: the instance's groups)
    #[arg(long, env = "DB_SG_ID", value_name = "SG", value_parser = group_id)]
    pub group_id: Option<String>,

    /// The rule to update (default: the rule on the port described as cruddur's)
    #[arg(long, env = "DB_SG_RULE_ID", value_name = "RULE", value_parser = rule_id)]
    pub rule_id: Option<String>,

    /// Remove cruddur's rule instead (asks first; --yes without a terminal)
    #[arg(long)]
    pub revoke: bool,

    #[command(flatten)]
    pub confirm: ConfirmOpts,

    #[command(flatten)]
    pub instance: InstanceOpts,
}

/// `--ip`: an address or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpChoice {
    Auto,
    Given(IpAddr),
}

fn ip_choice(s: &str) -> Result<IpChoice, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("auto") {
        return Ok(IpChoice::Auto);
    }
    s.parse::<IpAddr>().map(IpChoice::Given).map_err(|_| {
        if s.contains('/') {
            "give one address without a prefix length, e.g. 203.0.113.7 (the rule is /32)"
                .to_string()
        } else {
            "expected an IPv4 or IPv6 address such as 203.0.113.7, or `auto`".to_string()
        }
    })
}

fn group_id(s: &str) -> Result<String, String> {
    aws_id(
        s,
        "sg-",
        "a security group id looks like sg-0123456789abcdef0",
    )
}

fn rule_id(s: &str) -> Result<String, String> {
    aws_id(
        s,
        "sgr-",
        "a security group rule id looks like sgr-0123456789abcdef0",
    )
}

fn aws_id(s: &str, prefix: &str, example: &str) -> Result<String, String> {
    let s = s.trim();
    match s.strip_prefix(prefix) {
        Some(rest) if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Ok(s.to_string())
        }
        _ => Err(example.to_string()),
    }
}

/// What the command did to the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Created,
    Updated,
    Unchanged,
    Revoked,
    /// `--revoke` found no rule of cruddur's: nothing to remove.
    Absent,
}

impl Change {
    fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
            Change::Revoked => "revoked",
            Change::Absent => "absent",
        }
    }
}

#[derive(Debug, Serialize)]
struct Report {
    change: Change,
    group_id: Option<String>,
    rule_id: Option<String>,
    port: u16,
    old_cidr: Option<String>,
    new_cidr: Option<String>,
}

pub async fn run(ctx: &Ctx, args: AllowIpArgs) -> anyhow::Result<()> {
    let ec2 = ctx.ec2().await?;
    let found = find_rule(ctx, ec2, &args).await?;
    let report = if args.revoke {
        revoke(ec2, &args, found).await?
    } else {
        let ip = match args.ip {
            IpChoice::Given(ip) => ip,
            IpChoice::Auto => public_ip().await?,
        };
        allow(ec2, &args, found, ip).await?
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        let dash = || "-".to_string();
        let mut t = output::table(["group", "rule", "port", "old", "new", "change"]);
        t.add_row([
            report.group_id.clone().unwrap_or_else(dash),
            report.rule_id.clone().unwrap_or_else(dash),
            report.port.to_string(),
            report.old_cidr.clone().unwrap_or_else(dash),
            report.new_cidr.clone().unwrap_or_else(dash),
            report.change.as_str().to_string(),
        ]);
        output::print_table(&t)?;
    }
    Ok(())
}

/// Where to look, and what was found there.
struct Found {
    /// The groups searched (the first is where a new rule goes).
    groups: Vec<String>,
    rule: Option<Rule>,
}

async fn find_rule(ctx: &Ctx, ec2: &QueryClient, args: &AllowIpArgs) -> Result<Found, CliError> {
    if let Some(rule_id) = &args.rule_id {
        let rule = sg::rule(ec2, rule_id).await?;
        if let Some(group) = args.group_id.as_deref().filter(|g| *g != rule.group_id) {
            return Err(CliError::usage(format!(
                "security group rule '{rule_id}' belongs to group '{}', not '{group}'",
                rule.group_id
            ))
            .hint("check DB_SG_ID and DB_SG_RULE_ID (or --group-id and --rule-id)"));
        }
        if rule.is_egress {
            return Err(CliError::usage(format!(
                "security group rule '{rule_id}' is an outbound rule; allow-ip updates an inbound one"
            ))
            .hint("name the inbound rule on the database port with --rule-id or DB_SG_RULE_ID"));
        }
        return Ok(Found {
            groups: vec![rule.group_id.clone()],
            rule: Some(rule),
        });
    }
    let groups = match &args.group_id {
        Some(group) => {
            sg::group_name(ec2, group).await?;
            vec![group.clone()]
        }
        None => instance_groups(ctx, &args.instance.db_instance_identifier).await?,
    };
    for group in &groups {
        let rules = sg::rules_of_group(ec2, group).await?;
        if let Some(rule) = rules
            .into_iter()
            .find(|r| r.admits_port(args.port) && r.is_cruddurs())
        {
            return Ok(Found {
                groups,
                rule: Some(rule),
            });
        }
    }
    Ok(Found { groups, rule: None })
}

/// The VPC security groups of the RDS instance.
async fn instance_groups(ctx: &Ctx, id: &str) -> Result<Vec<String>, CliError> {
    let instance = super::describe_instance(ctx, id).await?;
    let groups: Vec<String> = instance
        .vpc_security_groups()
        .iter()
        .filter(|g| g.status() != Some("removing"))
        .filter_map(|g| g.vpc_security_group_id().map(str::to_string))
        .collect();
    if groups.is_empty() {
        return Err(CliError::new(format!(
            "RDS instance '{id}' has no VPC security group to add a rule to"
        ))
        .kind(ErrorKind::NotFound)
        .hint("name the group with --group-id or DB_SG_ID (sg-...)"));
    }
    Ok(groups)
}

async fn allow(
    ec2: &QueryClient,
    args: &AllowIpArgs,
    found: Found,
    ip: IpAddr,
) -> Result<Report, CliError> {
    let new_cidr = cidr_of(ip);
    let Some(rule) = found.rule else {
        let group = found.groups[0].clone();
        let id = sg::authorize(ec2, &group, ip, args.port, &our_description()).await?;
        output::note(format!(
            "added rule {id} to security group {group}: {new_cidr} may reach port {}",
            args.port
        ));
        output::note(format!(
            "next time: export DB_SG_ID={group} DB_SG_RULE_ID={id} (or leave them unset: cruddur finds its rule)"
        ));
        return Ok(Report {
            change: Change::Created,
            group_id: Some(group),
            rule_id: Some(id),
            port: args.port,
            old_cidr: None,
            new_cidr: Some(new_cidr),
        });
    };
    let port = port_label(&rule);
    let mut report = Report {
        change: Change::Unchanged,
        group_id: Some(rule.group_id.clone()),
        rule_id: Some(rule.id.clone()),
        port: args.port,
        old_cidr: rule.cidr.clone(),
        new_cidr: Some(new_cidr.clone()),
    };
    if rule.cidr.as_deref() == Some(new_cidr.as_str()) {
        output::note(format!(
            "rule {} of security group {} already admits {new_cidr} on {port}; nothing to do",
            rule.id, rule.group_id
        ));
        return Ok(report);
    }
    let description = rule.description.clone().unwrap_or_else(our_description);
    sg::modify(ec2, &rule, ip, &description).await?;
    output::note(format!(
        "rule {} of security group {} now admits {new_cidr} on {port} (was {})",
        rule.id,
        rule.group_id,
        rule.cidr.as_deref().unwrap_or("no address")
    ));
    report.change = Change::Updated;
    Ok(report)
}

async fn revoke(ec2: &QueryClient, args: &AllowIpArgs, found: Found) -> Result<Report, CliError> {
    let Some(rule) = found.rule else {
        output::note(format!(
            "no rule described 'cruddur: ...' on port {} in security group {}; nothing to remove",
            args.port,
            found.groups.join(", ")
        ));
        return Ok(Report {
            change: Change::Absent,
            group_id: found.groups.first().cloned(),
            rule_id: None,
            port: args.port,
            old_cidr: None,
            new_cidr: None,
        });
    };
    if !rule.is_cruddurs() {
        return Err(CliError::new(format!(
            "security group rule '{}' was not made by cruddur (its description is '{}'); --revoke removes only cruddur's rules",
            rule.id,
            rule.description.as_deref().unwrap_or("")
        ))
        .kind(ErrorKind::Conflict)
        .hint("remove it in the EC2 console or with `aws ec2 revoke-security-group-ingress`"));
    }
    let target = format!(
        "security group rule {} of {}: {} on {}, '{}'",
        rule.id,
        rule.group_id,
        rule.cidr.as_deref().unwrap_or("-"),
        port_label(&rule),
        rule.description.as_deref().unwrap_or("")
    );
    confirm(&target, "Remove this rule?", args.confirm.yes)?;
    sg::revoke(ec2, &rule).await?;
    output::note(format!(
        "removed rule {} from security group {}",
        rule.id, rule.group_id
    ));
    Ok(Report {
        change: Change::Revoked,
        group_id: Some(rule.group_id.clone()),
        rule_id: Some(rule.id.clone()),
        port: args.port,
        old_cidr: rule.cidr.clone(),
        new_cidr: None,
    })
}

fn port_label(rule: &Rule) -> String {
    match (rule.from_port, rule.to_port) {
        (-1, _) => "every port".to_string(),
        (a, b) if a == b => format!("port {a}"),
        (a, b) => format!("ports {a}-{b}"),
    }
}

/// `cruddur: USER@HOST`, in the characters EC2 accepts in a description.
fn our_description() -> String {
    let user = ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "user".to_string());
    let host = hostname().unwrap_or_else(|| "host".to_string());
    description_text(&format!("{} {user}@{host}", sg::RULE_DESCRIPTION_PREFIX))
}

/// `text` with every character EC2 refuses in a rule description replaced
/// by `_`, cut to its 255-character limit.
pub fn description_text(text: &str) -> String {
    const ALLOWED: &str = " ._-:/()#,@[]+=&;{}!$*";
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ALLOWED.contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(255)
        .collect()
}

fn hostname() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is writable for its whole length.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(&buf[..end]).trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// This machine's public address, as the IP echo service sees it.
async fn public_ip() -> Result<IpAddr, CliError> {
    let url = std::env::var(IP_ECHO_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_IP_ECHO_URL.to_string());
    let hint = format!("pass the address with --ip, or name another echo service in {IP_ECHO_VAR}");
    let (status, body) = aws_query::get_text(&url, IP_ECHO_TIMEOUT, 512)
        .await
        .map_err(|e| {
            let kind = match e {
                QueryError::Unreachable(_) => ErrorKind::Unreachable,
                _ => ErrorKind::Failed,
            };
            CliError::new(format!(
                "could not learn this machine's public address from {url}: {e}"
            ))
            .kind(kind)
            .hint(hint.clone())
        })?;
    let text = body.trim();
    if status != 200 {
        return Err(CliError::new(format!(
            "{url} answered HTTP {status} instead of this machine's address"
        ))
        .kind(ErrorKind::Unreachable)
        .hint(hint));
    }
    text.parse::<IpAddr>().map_err(|_| {
        CliError::new(format!(
            "{url} answered '{}', which is not an IP address",
            output::truncate(text, 60)
        ))
        .hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_choices() {
        assert_eq!(ip_choice("auto"), Ok(IpChoice::Auto));
        assert_eq!(ip_choice(" AUTO "), Ok(IpChoice::Auto));
        assert_eq!(
            ip_choice("203.0.113.7"),
            Ok(IpChoice::Given("203.0.113.7".parse().unwrap()))
        );
        assert!(matches!(ip_choice("2001:db8::1"), Ok(IpChoice::Given(_))));
        assert!(ip_choice("203.0.113.7/32")
            .unwrap_err()
            .contains("without a prefix"));
        assert!(ip_choice("203.0.113").is_err());
        assert!(ip_choice("").is_err());
    }

    #[test]
    fn ids_have_their_prefix() {
        assert!(group_id("sg-0a1b").is_ok());
        assert!(group_id("sgr-0a1b").is_err());
        assert!(group_id("sg-").is_err());
        assert!(rule_id("sgr-0a1b").is_ok());
        assert!(rule_id("sg-0a1b").is_err());
    }

    #[test]
    fn descriptions_keep_to_ec2s_characters() {
        assert_eq!(
            description_text("cruddur: gitpod@ws-1.x"),
            "cruddur: gitpod@ws-1.x"
        );
        assert_eq!(description_text("cruddur: jö\"x"), "cruddur: j__x");
        assert_eq!(description_text(&"a".repeat(300)).len(), 255);
    }
}
