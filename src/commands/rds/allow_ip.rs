//! `cruddur rds allow-ip`: let this machine's address through the RDS
//! instance's security group, the chore of every new Gitpod workspace.
//!
//! The rule is found, in order: `--rule-id` / `DB_SG_RULE_ID`, which must
//! be an inbound TCP rule on `--port` for an address of the new address's
//! family, and this user's own (described `cruddur: USER@HOST`) unless
//! `--take-over-rule` says otherwise; else this user's rule on the port in
//! `--group-id` / `DB_SG_ID`, or in the instance's own security groups.
//! Found, it is pointed at the new address in place
//! (ModifySecurityGroupRules); found for the other address family, a rule
//! for the new address replaces it (a rule cannot change family); not
//! found, one is created. The same address twice is a success that says so.
//! `--ip auto` takes only a public address from the echo service.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::InstanceOpts;
use crate::app::confirm::{confirm, ConfirmOpts};
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::output;
use crate::aws::query::{self, QueryClient, QueryError};
use crate::aws::security_groups::{self as sg, cidr_of, Family, Rule};

/// The IP echo service `--ip auto` asks unless `CRUDDUR_IP_ECHO_URL` names another.
pub const DEFAULT_IP_ECHO_URL: &str = "https://checkip.amazonaws.com";
/// The variable naming another IP echo service.
pub const IP_ECHO_VAR: &str = "CRUDDUR_IP_ECHO_URL";
const IP_ECHO_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest answer of the echo service read: an address and a line end
/// need 40 bytes at most.
const IP_ECHO_LIMIT: usize = 512;

pub const AFTER_HELP: &str = "\
Which rule: --rule-id (DB_SG_RULE_ID) if given; else this user's inbound rule
on --port, described 'cruddur: USER@HOST', in --group-id (DB_SG_ID), or in the
security groups of the RDS instance (RDS_DB_INSTANCE_IDENTIFIER). A rule found
is updated in place; none found, one is created, described 'cruddur: USER@HOST'.
The same address again changes nothing and exits 0. A rule cannot change its
address family: for an IPv6 address, this user's IPv4 rule is replaced by a new
rule (and the other way round).

--rule-id must name an inbound TCP rule on --port for an address of the same
family. A rule that is not this user's (another description, or another
USER@HOST's) is changed only with --take-over-rule, and is then described as
this user's. --revoke removes only a rule cruddur made, and another USER@HOST's
only with --take-over-rule.

--ip auto asks https://checkip.amazonaws.com (CRUDDUR_IP_ECHO_URL overrides it)
and takes only a public address from it. AWS_ENDPOINT_URL_EC2 redirects the EC2
calls (e.g. to moto).

Examples:
  cruddur rds allow-ip
  cruddur rds allow-ip --ip 203.0.113.7
  DB_SG_ID=sg-0123 DB_SG_RULE_ID=sgr-0456 cruddur rds allow-ip
  DB_SG_RULE_ID=sgr-0456 cruddur rds allow-ip --take-over-rule
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

    /// The rule to update (default: this user's rule on the port, described
    /// 'cruddur: USER@HOST')
    #[arg(long, env = "DB_SG_RULE_ID", value_name = "RULE", value_parser = rule_id)]
    pub rule_id: Option<String>,

    /// Let --rule-id name a rule that is not this user's (made by hand, by
    /// another tool, or by cruddur for another USER@HOST): it is pointed at
    /// the address and described as this user's
    #[arg(long)]
    pub take_over_rule: bool,

    /// Remove this user's rule instead (asks first; --yes without a terminal)
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
    let ip = s.parse::<IpAddr>().map_err(|_| {
        if s.contains('/') {
            "give one address without a prefix length, e.g. 203.0.113.7 (the rule is /32)"
                .to_string()
        } else {
            "expected an IPv4 or IPv6 address such as 203.0.113.7, or `auto`".to_string()
        }
    })?;
    let ip = ip.to_canonical();
    match scope(ip) {
        Scope::Unusable(what) => Err(format!(
            "{ip} is {what}, which no client reaches the database from; give this machine's public address, or `auto`"
        )),
        // A private address is what the database sees through a VPN or a
        // peered network: given by hand, it is taken.
        Scope::Private(_) | Scope::Public => Ok(IpChoice::Given(ip)),
    }
}

/// Where an address can be a client of the database from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Anywhere: a globally routed address. The documentation ranges
    /// (RFC 5737, RFC 3849) count as public: they are the addresses of
    /// examples, and no echo service answers one.
    Public,
    /// Only through a VPN or a peered network (what the address is).
    Private(&'static str),
    /// Never (what the address is).
    Unusable(&'static str),
}

fn scope(ip: IpAddr) -> Scope {
    match ip.to_canonical() {
        IpAddr::V4(v4) => scope_v4(v4),
        IpAddr::V6(v6) => scope_v6(v6),
    }
}

fn scope_v4(ip: Ipv4Addr) -> Scope {
    let [a, b, ..] = ip.octets();
    if ip.is_unspecified() {
        Scope::Unusable("the unspecified address")
    } else if a == 0 {
        Scope::Unusable("a 'this network' address")
    } else if ip.is_loopback() {
        Scope::Unusable("a loopback address")
    } else if ip.is_link_local() {
        Scope::Unusable("a link-local address")
    } else if ip.is_broadcast() {
        Scope::Unusable("the broadcast address")
    } else if ip.is_multicast() {
        Scope::Unusable("a multicast address")
    } else if a >= 240 {
        Scope::Unusable("a reserved address")
    } else if ip.is_private() {
        Scope::Private("a private network address")
    } else if a == 100 && (64..128).contains(&b) {
        Scope::Private("a shared (carrier-grade NAT) address")
    } else if a == 198 && (b == 18 || b == 19) {
        Scope::Private("a benchmarking network address")
    } else {
        Scope::Public
    }
}

fn scope_v6(ip: Ipv6Addr) -> Scope {
    let first = ip.segments()[0];
    if ip.is_unspecified() {
        Scope::Unusable("the unspecified address")
    } else if ip.is_loopback() {
        Scope::Unusable("a loopback address")
    } else if first & 0xffc0 == 0xfe80 {
        Scope::Unusable("a link-local address")
    } else if ip.is_multicast() {
        Scope::Unusable("a multicast address")
    } else if ip.segments()[..4] == [0x100, 0, 0, 0] {
        Scope::Unusable("a discard-only address")
    } else if first & 0xfe00 == 0xfc00 {
        Scope::Private("a unique local (private) address")
    } else if first & 0xffc0 == 0xfec0 {
        Scope::Private("a site-local address")
    } else {
        Scope::Public
    }
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
    /// A rule of the other address family was replaced by a new one.
    Replaced,
    Unchanged,
    Revoked,
    /// `--revoke` found no rule of this user's: nothing to remove.
    Absent,
}

impl Change {
    fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Replaced => "replaced",
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
    /// The rule removed for one of the other address family (`replaced`).
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_rule_id: Option<String>,
    /// The description of a rule taken over with `--take-over-rule`.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_description: Option<String>,
}

impl Report {
    fn of(change: Change, rule: &Rule, port: u16) -> Report {
        Report {
            change,
            group_id: Some(rule.group_id.clone()),
            rule_id: Some(rule.id.clone()),
            port,
            old_cidr: rule.cidr.clone(),
            new_cidr: None,
            replaced_rule_id: None,
            previous_description: None,
        }
    }
}

pub async fn run(ctx: &Ctx, args: AllowIpArgs) -> anyhow::Result<()> {
    if args.take_over_rule && args.rule_id.is_none() {
        return Err(
            CliError::usage("--take-over-rule needs the rule to take over")
                .hint("name it with --rule-id or DB_SG_RULE_ID (sgr-...)")
                .into(),
        );
    }
    let me = our_description();
    let report = if args.revoke {
        let ec2 = ctx.ec2().await?;
        let target = find_rule(ctx, ec2, &args, &me, None).await?;
        revoke(ec2, &args, target, &me).await?
    } else {
        let ip = match args.ip {
            IpChoice::Given(ip) => ip,
            IpChoice::Auto => public_ip().await?,
        };
        let ec2 = ctx.ec2().await?;
        let target = find_rule(ctx, ec2, &args, &me, Some(ip)).await?;
        allow(ec2, &args, target, ip, &me).await?
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

/// The rule to act on.
enum Target {
    /// The rule `--rule-id` names, checked against the flags.
    Named(Rule),
    /// This user's rules on the port in the groups searched (the first
    /// group is where a new rule goes).
    Own {
        groups: Vec<String>,
        rules: Vec<Rule>,
    },
}

/// The rule to act on: the one `--rule-id` names, checked (before anything
/// changes) against `--port`, the address family of `ip` (None for
/// `--revoke`) and its owner; else this user's rules.
async fn find_rule(
    ctx: &Ctx,
    ec2: &QueryClient,
    args: &AllowIpArgs,
    me: &str,
    ip: Option<IpAddr>,
) -> Result<Target, CliError> {
    if let Some(rule_id) = &args.rule_id {
        let rule = sg::rule(ec2, rule_id).await?;
        check_named(&rule, args, me, ip)?;
        return Ok(Target::Named(rule));
    }
    let groups = match &args.group_id {
        Some(group) => {
            sg::group_name(ec2, group).await?;
            vec![group.clone()]
        }
        None => instance_groups(ctx, &args.instance.db_instance_identifier).await?,
    };
    let mut rules = Vec::new();
    for group in &groups {
        rules.extend(
            sg::rules_of_group(ec2, group)
                .await?
                .into_iter()
                .filter(|r| r.is_on_port(args.port) && r.is_described(me)),
        );
    }
    Ok(Target::Own { groups, rules })
}

/// The rule `--rule-id` names is one allow-ip may change: in `--group-id`,
/// inbound, TCP on exactly `--port`, for an address (of `ip`'s family), and
/// this user's unless `--take-over-rule` says otherwise.
fn check_named(
    rule: &Rule,
    args: &AllowIpArgs,
    me: &str,
    ip: Option<IpAddr>,
) -> Result<(), CliError> {
    let id = &rule.id;
    if let Some(group) = args.group_id.as_deref().filter(|g| *g != rule.group_id) {
        return Err(CliError::usage(format!(
            "security group rule '{id}' belongs to group '{}', not '{group}'",
            rule.group_id
        ))
        .hint("check DB_SG_ID and DB_SG_RULE_ID (or --group-id and --rule-id)"));
    }
    if rule.is_egress {
        return Err(CliError::usage(format!(
            "security group rule '{id}' is an outbound rule; allow-ip updates an inbound one"
        ))
        .hint("name the inbound rule on the database port with --rule-id or DB_SG_RULE_ID"));
    }
    if !rule.is_on_port(args.port) {
        return Err(CliError::usage(format!(
            "security group rule '{id}' is for {}, not TCP port {}; allow-ip changes only a rule on --port",
            ports_of(rule),
            args.port
        ))
        .hint(format!(
            "name the rule on port {} with --rule-id or DB_SG_RULE_ID, or leave both unset to use your own rule",
            args.port
        )));
    }
    let Some(family) = rule.family() else {
        return Err(CliError::usage(format!(
            "security group rule '{id}' admits a security group or a prefix list, not an address"
        ))
        .hint("name the database's rule with --rule-id or DB_SG_RULE_ID, or leave both unset to use your own rule"));
    };
    if let Some(ip) = ip.filter(|ip| Family::of(*ip) != family) {
        let new = Family::of(ip).name();
        return Err(CliError::usage(format!(
            "security group rule '{id}' is for {} address {} and {ip} is {new}; a rule cannot change its address family",
            family.name(),
            rule.cidr.as_deref().unwrap_or_default(),
        ))
        .hint(format!(
            "leave --rule-id and DB_SG_RULE_ID unset to get a rule of your own for the {new} address, or pass an {} address with --ip",
            family.name()
        )));
    }
    if rule.is_described(me) {
        return Ok(());
    }
    let whose = match rule.description.as_deref() {
        Some(d) if rule.is_cruddurs() => {
            format!("is cruddur's rule for another user or machine ('{d}')")
        }
        Some(d) => format!("was not made by cruddur (its description is '{d}')"),
        None => "was not made by cruddur (it has no description)".to_string(),
    };
    if args.revoke && !rule.is_cruddurs() {
        return Err(CliError::new(format!(
            "security group rule '{id}' {whose}; --revoke removes only cruddur's rules"
        ))
        .kind(ErrorKind::Conflict)
        .hint("remove it in the EC2 console or with `aws ec2 revoke-security-group-ingress`"));
    }
    if args.take_over_rule {
        return Ok(());
    }
    let (doing, remedy) = if args.revoke {
        ("--revoke removes", "remove it anyway")
    } else {
        (
            "allow-ip changes",
            "point it at this machine anyway (it is then described as yours)",
        )
    };
    Err(CliError::new(format!(
        "security group rule '{id}' {whose}; {doing} only your own rule, described '{me}'"
    ))
    .kind(ErrorKind::Conflict)
    .hint(format!(
        "pass --take-over-rule to {remedy}, or leave --rule-id and DB_SG_RULE_ID unset to use your own rule"
    )))
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
    target: Target,
    ip: IpAddr,
    me: &str,
) -> Result<Report, CliError> {
    let family = Family::of(ip);
    match target {
        Target::Named(rule) => update(ec2, args, &rule, ip, me).await,
        Target::Own { groups, rules } => {
            if let Some(rule) = rules.iter().find(|r| r.family() == Some(family)) {
                update(ec2, args, rule, ip, me).await
            } else if let Some(old) = rules.first() {
                replace(ec2, args, old, ip, me).await
            } else {
                create(ec2, args, &groups[0], ip, me).await
            }
        }
    }
}

/// Adds this user's rule for `ip` to `group`.
async fn create(
    ec2: &QueryClient,
    args: &AllowIpArgs,
    group: &str,
    ip: IpAddr,
    me: &str,
) -> Result<Report, CliError> {
    let new_cidr = cidr_of(ip);
    let id = sg::authorize(ec2, group, ip, args.port, me).await?;
    output::note(format!(
        "added rule {id} to security group {group}: {new_cidr} may reach port {}",
        args.port
    ));
    output::note(format!(
        "next time: export DB_SG_ID={group} DB_SG_RULE_ID={id} (or leave them unset: cruddur finds its rule)"
    ));
    Ok(Report {
        change: Change::Created,
        group_id: Some(group.to_string()),
        rule_id: Some(id),
        port: args.port,
        old_cidr: None,
        new_cidr: Some(new_cidr),
        replaced_rule_id: None,
        previous_description: None,
    })
}

/// Points `rule` (of `ip`'s family, checked) at `ip` in place, described
/// as this user's.
async fn update(
    ec2: &QueryClient,
    args: &AllowIpArgs,
    rule: &Rule,
    ip: IpAddr,
    me: &str,
) -> Result<Report, CliError> {
    let new_cidr = cidr_of(ip);
    let port = port_label(rule);
    let mut report = Report::of(Change::Unchanged, rule, args.port);
    report.new_cidr = Some(new_cidr.clone());
    let taken_over = !rule.is_described(me);
    if rule.cidr.as_deref() == Some(new_cidr.as_str()) && !taken_over {
        output::note(format!(
            "rule {} of security group {} already admits {new_cidr} on {port}; nothing to do",
            rule.id, rule.group_id
        ));
        return Ok(report);
    }
    sg::modify(ec2, rule, ip, me).await?;
    output::note(format!(
        "rule {} of security group {} now admits {new_cidr} on {port} (was {})",
        rule.id,
        rule.group_id,
        rule.cidr.as_deref().unwrap_or("no address")
    ));
    if taken_over {
        let before = rule.description.clone().unwrap_or_default();
        output::note(format!(
            "taken over: its description '{before}' is now '{me}'"
        ));
        report.previous_description = Some(before);
    }
    report.change = Change::Updated;
    Ok(report)
}

/// This user's `old` rule is of the other address family: a new rule for
/// `ip` in the same group takes its place.
async fn replace(
    ec2: &QueryClient,
    args: &AllowIpArgs,
    old: &Rule,
    ip: IpAddr,
    me: &str,
) -> Result<Report, CliError> {
    let new_cidr = cidr_of(ip);
    let old_cidr = old.cidr.as_deref().unwrap_or_default();
    let old_family = old.family().map_or("", Family::name);
    let id = sg::authorize(ec2, &old.group_id, ip, args.port, me).await?;
    output::note(format!(
        "your rule {} of security group {} is for {old_family} address {old_cidr} and a rule cannot change its address family: added rule {id} for {new_cidr} on port {}",
        old.id, old.group_id, args.port
    ));
    sg::revoke(ec2, old).await.map_err(|e| CliError {
        message: format!(
            "added rule {id} for {new_cidr}, but removing your {old_family} rule {} failed: {}",
            old.id, e.message
        ),
        ..e
    })?;
    output::note(format!(
        "removed your {old_family} rule {} ({old_cidr}); next time: export DB_SG_RULE_ID={id} (or leave it unset: cruddur finds its rule)",
        old.id
    ));
    let mut report = Report::of(Change::Replaced, old, args.port);
    report.rule_id = Some(id);
    report.new_cidr = Some(new_cidr);
    report.replaced_rule_id = Some(old.id.clone());
    Ok(report)
}

async fn revoke(
    ec2: &QueryClient,
    args: &AllowIpArgs,
    target: Target,
    me: &str,
) -> Result<Report, CliError> {
    let (rule, others) = match target {
        Target::Named(rule) => (rule, Vec::new()),
        Target::Own { groups, mut rules } => {
            if rules.is_empty() {
                output::note(format!(
                    "no rule described '{me}' on port {} in security group {}; nothing to remove",
                    args.port,
                    groups.join(", ")
                ));
                return Ok(Report {
                    change: Change::Absent,
                    group_id: groups.first().cloned(),
                    rule_id: None,
                    port: args.port,
                    old_cidr: None,
                    new_cidr: None,
                    replaced_rule_id: None,
                    previous_description: None,
                });
            }
            let rule = rules.remove(0);
            (rule, rules)
        }
    };
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
    for other in &others {
        output::note(format!(
            "your rule {} of security group {} ({}) is still there; run again to remove it",
            other.id,
            other.group_id,
            other.cidr.as_deref().unwrap_or("-")
        ));
    }
    Ok(Report::of(Change::Revoked, &rule, args.port))
}

/// What a rule lets through, for messages: `TCP port 22`, `every protocol and port`.
fn ports_of(rule: &Rule) -> String {
    match rule.protocol.as_str() {
        "tcp" | "6" => format!("TCP {}", port_label(rule)),
        "-1" => "every protocol and port".to_string(),
        "udp" | "17" => format!("UDP {}", port_label(rule)),
        other => format!("protocol {other}, {}", port_label(rule)),
    }
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

/// This machine's public address, as the IP echo service sees it: an
/// IPv4-mapped IPv6 answer is taken as IPv4, and an address that is not
/// public (loopback, private, link-local, ...) is refused.
async fn public_ip() -> Result<IpAddr, CliError> {
    let url = std::env::var(IP_ECHO_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_IP_ECHO_URL.to_string());
    let hint = format!("pass the address with --ip, or name another echo service in {IP_ECHO_VAR}");
    let (status, body) = query::get_text(&url, IP_ECHO_TIMEOUT, IP_ECHO_LIMIT)
        .await
        .map_err(|e| {
            let (kind, why) = match e {
                QueryError::Unreachable(_) => (ErrorKind::Unreachable, e.to_string()),
                QueryError::TooLarge { limit } => (
                    ErrorKind::Failed,
                    format!(
                        "its answer is longer than {}, far more than an address; reading stopped there",
                        query::size_text(limit)
                    ),
                ),
                _ => (ErrorKind::Failed, e.to_string()),
            };
            CliError::new(format!(
                "could not learn this machine's public address from {url}: {why}"
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
    let ip = text
        .parse::<IpAddr>()
        .map_err(|_| {
            CliError::new(format!(
                "{url} answered '{}', which is not an IP address",
                output::truncate(text, 60)
            ))
            .hint(hint.clone())
        })?
        .to_canonical();
    match scope(ip) {
        Scope::Public => Ok(ip),
        Scope::Private(what) | Scope::Unusable(what) => Err(CliError::new(format!(
            "{url} answered {text}, which is not a public address ({what}); the database would not see this machine by it"
        ))
        .hint(hint)),
    }
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
        // An IPv4-mapped IPv6 address is the IPv4 address.
        assert_eq!(
            ip_choice("::ffff:203.0.113.7"),
            Ok(IpChoice::Given("203.0.113.7".parse().unwrap()))
        );
        // A private address may be what the database sees through a VPN.
        assert!(matches!(ip_choice("10.0.0.5"), Ok(IpChoice::Given(_))));
        let refused = [
            "0.0.0.0",
            "127.0.0.1",
            "::",
            "::1",
            "169.254.1.1",
            "fe80::1",
            "224.0.0.1",
            "::ffff:127.0.0.1",
        ];
        for ip in refused {
            let e = ip_choice(ip).unwrap_err();
            assert!(
                e.contains("which no client reaches the database from"),
                "{ip}: {e}"
            );
        }
        assert_eq!(refused.len(), 8);
    }

    #[test]
    fn only_public_addresses_are_public() {
        let cases = [
            ("203.0.113.7", Scope::Public),
            ("8.8.8.8", Scope::Public),
            ("2001:db8::7", Scope::Public),
            ("2a05:d018::1", Scope::Public),
            ("::ffff:198.51.100.1", Scope::Public),
            ("0.0.0.0", Scope::Unusable("the unspecified address")),
            ("0.1.2.3", Scope::Unusable("a 'this network' address")),
            ("127.0.0.1", Scope::Unusable("a loopback address")),
            ("169.254.169.254", Scope::Unusable("a link-local address")),
            ("255.255.255.255", Scope::Unusable("the broadcast address")),
            ("239.1.1.1", Scope::Unusable("a multicast address")),
            ("240.0.0.1", Scope::Unusable("a reserved address")),
            ("10.0.0.5", Scope::Private("a private network address")),
            ("172.16.0.1", Scope::Private("a private network address")),
            ("192.168.1.1", Scope::Private("a private network address")),
            (
                "100.64.0.1",
                Scope::Private("a shared (carrier-grade NAT) address"),
            ),
            (
                "198.18.0.1",
                Scope::Private("a benchmarking network address"),
            ),
            ("::", Scope::Unusable("the unspecified address")),
            ("::1", Scope::Unusable("a loopback address")),
            ("fe80::1", Scope::Unusable("a link-local address")),
            ("ff02::1", Scope::Unusable("a multicast address")),
            ("100::1", Scope::Unusable("a discard-only address")),
            (
                "fd00::1",
                Scope::Private("a unique local (private) address"),
            ),
            ("fec0::1", Scope::Private("a site-local address")),
            (
                "::ffff:10.0.0.5",
                Scope::Private("a private network address"),
            ),
        ];
        for (ip, want) in cases {
            assert_eq!(scope(ip.parse().unwrap()), want, "{ip}");
        }
        assert_eq!(cases.len(), 25);
    }

    #[test]
    fn ids_have_their_prefix() {
        let results = [
            group_id("sg-0a1b"),
            group_id("sgr-0a1b"),
            group_id("sg-"),
            rule_id("sgr-0a1b"),
            rule_id("sg-0a1b"),
        ];
        let ok: Vec<bool> = results.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [true, false, false, true, false]);
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
