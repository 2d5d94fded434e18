//! The local-endpoint guard: a local run writes only to a local DynamoDB,
//! enforced by [`writer`], the only way to a client that writes.

use super::client::Writer;
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};

/// The DynamoDB client for a command that writes (`action`, e.g. "seed
/// table 'x'", names it in a refusal): the guard, then the client. The only
/// way to a [`Writer`].
pub async fn writer(ctx: &Ctx, action: &str) -> Result<Writer, CliError> {
    check_local_endpoint(ctx, action)?;
    Ok(Writer::after_guard(ctx.dynamodb().await?))
}

/// Refuses a destructive command (drop, recreate, seed, import) of a local
/// run whose DynamoDB endpoint is not a local one: local runs sign with
/// fixed dummy credentials and never ask, so anything else needs `--prod`.
fn check_local_endpoint(ctx: &Ctx, action: &str) -> Result<(), CliError> {
    if ctx.is_prod() {
        return Ok(());
    }
    match ctx.dynamodb_endpoint() {
        Some(endpoint) if !is_local_endpoint(&endpoint) => Err(CliError::new(format!(
            "refusing to {action} at {endpoint} without --prod: it is not a local DynamoDB"
        ))
        .hint("local runs only write to loopback, private addresses and one-word hosts such as dynamodb-local; pass --prod to act on it as production (AWS credentials, confirmation)")
        .kind(ErrorKind::NotConfirmed)),
        _ => Ok(()),
    }
}

/// Loopback, private and link-local addresses, one-word host names (a
/// compose service such as `dynamodb-local`) and `.localhost`, `.local`,
/// `.internal` names.
pub fn is_local_endpoint(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_private() || ip.is_link_local(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || (ip.segments()[0] & 0xfe00) == 0xfc00,
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            !d.contains('.')
                || [".localhost", ".local", ".internal"]
                    .iter()
                    .any(|s| d.ends_with(s))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_local_endpoint;

    #[test]
    fn local_endpoints_are_this_machine_private_networks_and_service_names() {
        for url in [
            "http://localhost:8000",
            "http://127.0.0.1:8000",
            "http://[::1]:8000",
            "http://dynamodb-local:8000",
            "http://10.1.2.3:8000",
            "http://192.168.0.10:8000",
            "http://host.docker.internal:8000",
        ] {
            assert!(is_local_endpoint(url), "{url}");
        }
        for url in [
            "https://dynamodb.us-east-1.amazonaws.com",
            "https://dynamodb.eu-west-1.api.aws",
            "http://203.0.113.7:8000",
            "not a url",
        ] {
            assert!(!is_local_endpoint(url), "{url}");
        }
    }
}
