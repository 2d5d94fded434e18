//! The EC2 security-group calls `rds allow-ip` makes, as typed functions
//! over the signed Query client.

use std::net::IpAddr;

use crate::app::error::{CliError, ErrorKind};
use crate::aws::query::{size_text, Element, QueryClient, QueryError};

/// The description prefix of the rules cruddur creates.
pub const RULE_DESCRIPTION_PREFIX: &str = "cruddur:";

/// One security group rule, as DescribeSecurityGroupRules tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub group_id: String,
    pub is_egress: bool,
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    /// `1.2.3.4/32` or `2001:db8::1/128`; None for rules naming a group or a prefix list.
    pub cidr: Option<String>,
    pub description: Option<String>,
}

impl Rule {
    fn of(item: &Element) -> Rule {
        let port = |name| {
            item.text_of(name)
                .and_then(|p| p.parse().ok())
                .unwrap_or(-1)
        };
        Rule {
            id: item
                .text_of("securityGroupRuleId")
                .unwrap_or_default()
                .to_string(),
            group_id: item.text_of("groupId").unwrap_or_default().to_string(),
            is_egress: item.text_of("isEgress") == Some("true"),
            protocol: item.text_of("ipProtocol").unwrap_or_default().to_string(),
            from_port: port("fromPort"),
            to_port: port("toPort"),
            cidr: item
                .text_of("cidrIpv4")
                .or_else(|| item.text_of("cidrIpv6"))
                .map(str::to_string),
            description: item
                .text_of("description")
                .filter(|d| !d.is_empty())
                .map(str::to_string),
        }
    }

    /// An inbound TCP rule for exactly `port`: what cruddur's rules are,
    /// and what `--rule-id` must name.
    pub fn is_on_port(&self, port: u16) -> bool {
        let port = i32::from(port);
        !self.is_egress
            && (self.protocol == "tcp" || self.protocol == "6")
            && self.from_port == port
            && self.to_port == port
    }

    /// The address family of the rule's CIDR; None for rules naming a
    /// group or a prefix list.
    pub fn family(&self) -> Option<Family> {
        self.cidr.as_deref().map(|c| {
            if c.contains(':') {
                Family::V6
            } else {
                Family::V4
            }
        })
    }

    /// Made by cruddur (its description says so), for anyone.
    pub fn is_cruddurs(&self) -> bool {
        self.description
            .as_deref()
            .is_some_and(|d| d.starts_with(RULE_DESCRIPTION_PREFIX))
    }

    /// Described exactly `description`: the rule cruddur made for one
    /// `USER@HOST`.
    pub fn is_described(&self, description: &str) -> bool {
        self.description.as_deref() == Some(description)
    }
}

/// IPv4 or IPv6: a rule holds addresses of one family only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub fn of(ip: IpAddr) -> Family {
        match ip {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }
}

/// The CIDR of one address: /32 for IPv4, /128 for IPv6.
pub fn cidr_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{v4}/32"),
        IpAddr::V6(v6) => format!("{v6}/128"),
    }
}

fn cidr_param(ip: IpAddr) -> &'static str {
    match ip {
        IpAddr::V4(_) => "CidrIpv4",
        IpAddr::V6(_) => "CidrIpv6",
    }
}

fn p(name: impl Into<String>, value: impl Into<String>) -> (String, String) {
    (name.into(), value.into())
}

/// An EC2 error as the user reads it: a missing group or rule is NotFound
/// naming which, refused credentials say so, an endpoint that does not
/// answer is Unreachable.
pub fn ec2_error(err: QueryError, doing: &str, client: &QueryClient) -> CliError {
    match err {
        QueryError::Service { code, .. } if code == "InvalidGroup.NotFound" => {
            CliError::new(format!("{doing} failed: no such security group in EC2 at {}", client.endpoint()))
                .kind(ErrorKind::NotFound)
                .hint("name the group with --group-id or DB_SG_ID (sg-...), or leave it unset to use the RDS instance's groups")
        }
        QueryError::Service { code, .. } if code == "InvalidSecurityGroupRuleId.NotFound" => {
            CliError::new(format!("{doing} failed: no such security group rule in EC2 at {}", client.endpoint()))
                .kind(ErrorKind::NotFound)
                .hint("name the rule with --rule-id or DB_SG_RULE_ID (sgr-...), or leave it unset to find or create cruddur's rule")
        }
        QueryError::Service { code, message, .. } => {
            let kind = match code.as_str() {
                c if c.ends_with(".NotFound") => ErrorKind::NotFound,
                "InvalidGroupId.Malformed" | "InvalidParameterValue" => ErrorKind::Usage,
                "InvalidPermission.Duplicate" => ErrorKind::Conflict,
                _ => ErrorKind::Failed,
            };
            let hint = match code.as_str() {
                "InvalidGroupId.Malformed" => {
                    "name the group with --group-id or DB_SG_ID (sg-...)"
                }
                "InvalidSecurityGroupRuleId.Malformed" => {
                    "name the rule with --rule-id or DB_SG_RULE_ID (sgr-...), or leave both unset to find or create cruddur's rule"
                }
                "AuthFailure" | "UnauthorizedOperation" => {
                    "check the AWS credentials (--profile / AWS_PROFILE) and that they may describe and modify security group rules"
                }
                _ => "see the AWS message above",
            };
            CliError::new(format!("{doing} failed: {message} ({code})"))
                .kind(kind)
                .hint(hint)
        }
        QueryError::Unreachable(detail) => CliError::new(format!(
            "{doing} failed: EC2 at {} did not answer",
            client.endpoint()
        ))
        .kind(ErrorKind::Unreachable)
        .hint("check the network, the region (--region / AWS_REGION) and AWS_ENDPOINT_URL_EC2")
        .detail(detail),
        QueryError::Credentials(detail) => CliError::new(format!(
            "{doing} failed: no AWS credentials were found"
        ))
        .hint("configure credentials (aws configure, --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
        .detail(detail),
        QueryError::BadRequest(detail) => {
            CliError::new(format!("{doing} failed: {detail}"))
                .hint("check AWS_ENDPOINT_URL_EC2 and the region (--region / AWS_REGION)")
        }
        QueryError::NotTheService { status, what } => CliError::new(format!(
            "{doing} failed: something else answers at {}, not EC2 ({what}, HTTP {status})",
            client.endpoint()
        ))
        .kind(ErrorKind::Unreachable)
        .hint("check AWS_ENDPOINT_URL_EC2 and the region (--region / AWS_REGION): another server answers there"),
        QueryError::TooLarge { limit } => CliError::new(format!(
            "{doing} failed: the answer from {} is longer than {}, far more than EC2 sends; reading stopped there",
            client.endpoint(),
            size_text(limit)
        ))
        .hint("check AWS_ENDPOINT_URL_EC2 and the region (--region / AWS_REGION): another server answers there"),
    }
}

/// The group exists (DescribeSecurityGroups); its name.
pub async fn group_name(ec2: &QueryClient, group_id: &str) -> Result<String, CliError> {
    let doing = format!("describing security group '{group_id}'");
    let root = ec2
        .call("DescribeSecurityGroups", &[p("GroupId.1", group_id)])
        .await
        .map_err(|e| ec2_error(e, &doing, ec2))?;
    let groups = root.items("securityGroupInfo");
    match groups.first() {
        Some(g) => Ok(g.text_of("groupName").unwrap_or_default().to_string()),
        None => Err(
            CliError::new(format!("security group '{group_id}' not found"))
                .kind(ErrorKind::NotFound)
                .hint("name the group with --group-id or DB_SG_ID (sg-...)"),
        ),
    }
}

/// Every rule of a group.
pub async fn rules_of_group(ec2: &QueryClient, group_id: &str) -> Result<Vec<Rule>, CliError> {
    let doing = format!("listing the rules of security group '{group_id}'");
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = vec![
            p("Filter.1.Name", "group-id"),
            p("Filter.1.Value.1", group_id),
        ];
        if let Some(t) = &token {
            params.push(p("NextToken", t.clone()));
        }
        let root = ec2
            .call("DescribeSecurityGroupRules", &params)
            .await
            .map_err(|e| ec2_error(e, &doing, ec2))?;
        rules.extend(root.items("securityGroupRuleSet").into_iter().map(Rule::of));
        token = root
            .text_of("nextToken")
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if token.is_none() {
            return Ok(rules);
        }
    }
}

/// One rule by its id.
pub async fn rule(ec2: &QueryClient, rule_id: &str) -> Result<Rule, CliError> {
    let doing = format!("describing security group rule '{rule_id}'");
    let root = ec2
        .call(
            "DescribeSecurityGroupRules",
            &[p("SecurityGroupRuleId.1", rule_id)],
        )
        .await
        .map_err(|e| ec2_error(e, &doing, ec2))?;
    root.items("securityGroupRuleSet")
        .into_iter()
        .map(Rule::of)
        .find(|r| r.id == rule_id)
        .ok_or_else(|| {
            CliError::new(format!("security group rule '{rule_id}' not found"))
                .kind(ErrorKind::NotFound)
                .hint("name the rule with --rule-id or DB_SG_RULE_ID (sgr-...), or leave both unset to find or create cruddur's rule")
        })
}

/// Points an existing inbound rule at `ip`, keeping its protocol and ports.
pub async fn modify(
    ec2: &QueryClient,
    rule: &Rule,
    ip: IpAddr,
    description: &str,
) -> Result<(), CliError> {
    let doing = format!("updating security group rule '{}'", rule.id);
    let base = "SecurityGroupRule.1.SecurityGroupRule";
    let params = vec![
        p("GroupId", rule.group_id.clone()),
        p("SecurityGroupRule.1.SecurityGroupRuleId", rule.id.clone()),
        p(format!("{base}.IpProtocol"), rule.protocol.clone()),
        p(format!("{base}.FromPort"), rule.from_port.to_string()),
        p(format!("{base}.ToPort"), rule.to_port.to_string()),
        p(format!("{base}.{}", cidr_param(ip)), cidr_of(ip)),
        p(format!("{base}.Description"), description),
    ];
    ec2.call("ModifySecurityGroupRules", &params)
        .await
        .map_err(|e| ec2_error(e, &doing, ec2))?;
    Ok(())
}

/// Adds an inbound TCP rule for `ip` on `port`; returns its id.
pub async fn authorize(
    ec2: &QueryClient,
    group_id: &str,
    ip: IpAddr,
    port: u16,
    description: &str,
) -> Result<String, CliError> {
    let doing = format!("adding a rule to security group '{group_id}'");
    let range = match ip {
        IpAddr::V4(_) => "IpRanges.1.CidrIp",
        IpAddr::V6(_) => "Ipv6Ranges.1.CidrIpv6",
    };
    let described = range
        .replace(".CidrIpv6", ".Description")
        .replace(".CidrIp", ".Description");
    let params = vec![
        p("GroupId", group_id),
        p("IpPermissions.1.IpProtocol", "tcp"),
        p("IpPermissions.1.FromPort", port.to_string()),
        p("IpPermissions.1.ToPort", port.to_string()),
        p(format!("IpPermissions.1.{range}"), cidr_of(ip)),
        p(format!("IpPermissions.1.{described}"), description),
    ];
    let root = ec2
        .call("AuthorizeSecurityGroupIngress", &params)
        .await
        .map_err(|e| ec2_error(e, &doing, ec2))?;
    let created = root.items("securityGroupRuleSet");
    match created
        .first()
        .and_then(|r| r.text_of("securityGroupRuleId"))
    {
        Some(id) => Ok(id.to_string()),
        None => {
            // Older answers carry no rule list: find the rule just made.
            let cidr = cidr_of(ip);
            rules_of_group(ec2, group_id)
                .await?
                .into_iter()
                .find(|r| r.is_on_port(port) && r.cidr.as_deref() == Some(cidr.as_str()))
                .map(|r| r.id)
                .ok_or_else(|| {
                    CliError::new(format!(
                        "EC2 accepted the new rule of '{group_id}' but does not list it"
                    ))
                })
        }
    }
}

/// Removes an inbound rule.
pub async fn revoke(ec2: &QueryClient, rule: &Rule) -> Result<(), CliError> {
    let doing = format!("removing security group rule '{}'", rule.id);
    ec2.call(
        "RevokeSecurityGroupIngress",
        &[
            p("GroupId", rule.group_id.clone()),
            p("SecurityGroupRuleId.1", rule.id.clone()),
        ],
    )
    .await
    .map_err(|e| ec2_error(e, &doing, ec2))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: i32, to: i32, egress: bool) -> Rule {
        Rule {
            id: "sgr-1".into(),
            group_id: "sg-1".into(),
            is_egress: egress,
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            cidr: Some("1.2.3.4/32".into()),
            description: Some("cruddur: me@box".into()),
        }
    }

    #[test]
    fn a_rule_is_on_exactly_its_one_port() {
        assert!(rule("tcp", 5432, 5432, false).is_on_port(5432));
        assert!(rule("6", 5432, 5432, false).is_on_port(5432));
        assert!(!rule("tcp", 5000, 6000, false).is_on_port(5432));
        assert!(!rule("-1", -1, -1, false).is_on_port(5432));
        assert!(!rule("tcp", 22, 22, false).is_on_port(5432));
        assert!(!rule("udp", 5432, 5432, false).is_on_port(5432));
        assert!(!rule("tcp", 5432, 5432, true).is_on_port(5432));
    }

    #[test]
    fn a_rules_family_and_owner() {
        let mut r = rule("tcp", 5432, 5432, false);
        assert_eq!(r.family(), Some(Family::V4));
        assert!(r.is_cruddurs() && r.is_described("cruddur: me@box"));
        assert!(!r.is_described("cruddur: me@box2"));
        r.cidr = Some("2001:db8::1/128".into());
        assert_eq!(r.family(), Some(Family::V6));
        r.cidr = None;
        assert_eq!(r.family(), None);
    }

    #[test]
    fn cidrs_of_one_address() {
        assert_eq!(cidr_of("203.0.113.7".parse().unwrap()), "203.0.113.7/32");
        assert_eq!(cidr_of("2001:db8::1".parse().unwrap()), "2001:db8::1/128");
    }

    #[test]
    fn rules_are_read_from_the_answer() {
        let xml = "<R><securityGroupRuleSet><item><securityGroupRuleId>sgr-9</securityGroupRuleId><groupId>sg-2</groupId><isEgress>false</isEgress><ipProtocol>tcp</ipProtocol><fromPort>5432</fromPort><toPort>5432</toPort><cidrIpv4>1.1.1.1/32</cidrIpv4><description>GITPOD</description></item></securityGroupRuleSet></R>";
        let root = Element::parse(xml).unwrap();
        let rules: Vec<Rule> = root
            .items("securityGroupRuleSet")
            .into_iter()
            .map(Rule::of)
            .collect();
        assert_eq!(
            rules,
            vec![Rule {
                id: "sgr-9".into(),
                group_id: "sg-2".into(),
                is_egress: false,
                protocol: "tcp".into(),
                from_port: 5432,
                to_port: 5432,
                cidr: Some("1.1.1.1/32".into()),
                description: Some("GITPOD".into()),
            }]
        );
        assert!(!rules[0].is_cruddurs());
    }
}
