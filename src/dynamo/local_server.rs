//! Which DynamoDB Local answers at an endpoint, and its version, for `doctor`.
//!
//! DynamoDB Local has no version endpoint and sends no version header: it
//! answers every request with `Server: Jetty(...)` (Jetty's own version)
//! and names tables `arn:aws:dynamodb:ddblocal:000000000000:table/...`. Its
//! version is in its jar, which prints it for `-version`. So for an
//! endpoint on this machine, cruddur finds the process listening on the
//! endpoint's port (Linux's /proc), sees that it runs `DynamoDBLocal.jar`,
//! and asks that jar with the same Java.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The region DynamoDB Local puts in its ARNs.
const LOCAL_ARN_REGION: &str = ":ddblocal:";

/// How long `java -jar DynamoDBLocal.jar -version` may take.
const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

/// A DynamoDB Local found behind an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalServer {
    /// What its jar says (`3.3.1`), or why it could not be asked.
    pub version: Result<String, String>,
}

impl LocalServer {
    /// `DynamoDB Local 3.3.1`, or `DynamoDB Local (version unknown: why)`.
    pub fn describe(&self) -> String {
        match &self.version {
            Ok(v) => format!("DynamoDB Local {v}"),
            Err(why) => format!("DynamoDB Local (version unknown: {why})"),
        }
    }
}

/// Whether a table ARN is one DynamoDB Local made.
pub fn is_local_arn(arn: &str) -> bool {
    arn.contains(LOCAL_ARN_REGION)
}

/// The DynamoDB Local serving `endpoint`, if the endpoint is a port of this
/// machine with a `DynamoDBLocal.jar` process listening on it. `None` when
/// the endpoint is elsewhere or something else listens there.
pub async fn find(endpoint: &str) -> Option<LocalServer> {
    let url = url::Url::parse(endpoint).ok()?;
    let on_this_machine = match url.host()? {
        url::Host::Ipv4(ip) => ip.is_loopback() || ip.is_unspecified(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
    };
    if !on_this_machine {
        return None;
    }
    let port = url.port_or_known_default()?;
    let pid = tokio::task::spawn_blocking(move || listener_pid(port))
        .await
        .ok()??;
    let args = command_line(pid)?;
    let jar = local_jar(&args, &Path::new("/proc").join(pid.to_string()).join("cwd"))?;
    let java = Path::new("/proc").join(pid.to_string()).join("exe");
    Some(LocalServer {
        version: jar_version(&java, &jar).await,
    })
}

/// The jar argument of a command line, when it is DynamoDB Local's;
/// relative paths are taken from the process's working directory `cwd`.
fn local_jar(args: &[String], cwd: &Path) -> Option<PathBuf> {
    let at = args.iter().position(|a| a == "-jar")?;
    let jar = PathBuf::from(args.get(at + 1)?);
    let name = jar.file_name()?.to_string_lossy().to_ascii_lowercase();
    if !name.starts_with("dynamodblocal") || !name.ends_with(".jar") {
        return None;
    }
    Some(if jar.is_absolute() {
        jar
    } else {
        cwd.join(jar)
    })
}

/// Asks the jar for its version with the Java that runs it.
async fn jar_version(java: &Path, jar: &Path) -> Result<String, String> {
    let run = tokio::process::Command::new(java)
        .arg("-jar")
        .arg(jar)
        .arg("-version")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = match tokio::time::timeout(VERSION_TIMEOUT, run).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(format!("cannot run its Java: {e}")),
        Err(_) => {
            return Err(format!(
                "its jar did not say within {} s",
                VERSION_TIMEOUT.as_secs()
            ))
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    parse_version(&text).ok_or_else(|| "its jar printed no version".to_string())
}

/// The version in what `-version` printed: the first line of digits and dots.
fn parse_version(text: &str) -> Option<String> {
    text.lines().map(str::trim).find_map(|l| {
        let ok = !l.is_empty()
            && l.chars().next().is_some_and(|c| c.is_ascii_digit())
            && l.chars().all(|c| c.is_ascii_digit() || c == '.');
        ok.then(|| l.to_string())
    })
}

/// The pid of the process listening on TCP `port` of this machine (Linux).
fn listener_pid(port: u16) -> Option<u32> {
    let mut inodes = std::collections::HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        inodes.extend(listening_inodes(&text, port));
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                let target = target.to_string_lossy();
                let inode = target
                    .strip_prefix("socket:[")
                    .and_then(|t| t.strip_suffix(']'))
                    .and_then(|t| t.parse::<u64>().ok());
                if inode.is_some_and(|i| inodes.contains(&i)) {
                    return Some(pid);
                }
            }
        }
    }
    None
}

/// The socket inodes listening on `port` in a /proc/net/tcp table.
fn listening_inodes(table: &str, port: u16) -> Vec<u64> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local = fields.get(1)?;
            let state = fields.get(3)?;
            let inode = fields.get(9)?.parse::<u64>().ok()?;
            let (_, hex_port) = local.rsplit_once(':')?;
            let listening = *state == "0A";
            (listening && u16::from_str_radix(hex_port, 16).ok()? == port).then_some(inode)
        })
        .collect()
}

/// A process's arguments.
fn command_line(pid: u32) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(
        raw.split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listening_socket_is_found_by_its_port() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:6448 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6103 1 0 100 0 0 10 0
   1: 0100007F:216B 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 7001 1 0 20 4 30 10 -1
   2: 00000000:216B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7002 1 0 100 0 0 10 0";
        assert_eq!(listening_inodes(table, 0x216B), [7002]);
        assert_eq!(listening_inodes(table, 25672), [6103]);
        assert!(listening_inodes(table, 1).is_empty());
    }

    #[test]
    fn only_dynamodb_locals_jar_counts() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cwd = Path::new("/srv");
        assert_eq!(
            local_jar(
                &args(&[
                    "java",
                    "-Djava.library.path=lib",
                    "-jar",
                    "/opt/ddb/DynamoDBLocal.jar",
                    "-inMemory"
                ]),
                cwd
            ),
            Some(PathBuf::from("/opt/ddb/DynamoDBLocal.jar"))
        );
        assert_eq!(
            local_jar(&args(&["java", "-jar", "DynamoDBLocal.jar"]), cwd),
            Some(PathBuf::from("/srv/DynamoDBLocal.jar"))
        );
        assert_eq!(local_jar(&args(&["java", "-jar", "other.jar"]), cwd), None);
        assert_eq!(
            local_jar(&args(&["python3", "-m", "moto.server"]), cwd),
            None
        );
    }

    #[test]
    fn the_version_is_the_line_of_digits_and_dots() {
        assert_eq!(parse_version("3.3.1\n"), Some("3.3.1".to_string()));
        assert_eq!(
            parse_version("Picked up JAVA_TOOL_OPTIONS\n2.6.0\n"),
            Some("2.6.0".to_string())
        );
        assert_eq!(parse_version("usage: ...\n"), None);
        assert!(is_local_arn(
            "arn:aws:dynamodb:ddblocal:000000000000:table/t"
        ));
        assert!(!is_local_arn(
            "arn:aws:dynamodb:us-east-1:123456789012:table/t"
        ));
    }
}
