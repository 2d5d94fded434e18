//! AWS SDK errors as [`CliError`]s: what kind of failure a call ended in
//! (nothing answering, no answer, TLS, another server, credentials, an SSO
//! login, the service's own error code) and the one line each becomes.

use std::fmt;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::app::error::{chain, one_line, CliError, ErrorKind};

/// What kind of failure an AWS SDK call ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsFailure {
    /// Nothing answered at the endpoint (refused, DNS, connect timeout).
    Unreachable,
    /// The endpoint accepted the connection but sent no answer in time.
    NoAnswer,
    /// The TLS handshake failed (an https:// URL at a plain-HTTP server, say).
    Tls,
    /// Something answered, but not as an AWS service does.
    NotTheService,
    /// No credentials could be found or used.
    Credentials,
    /// The profile's IAM Identity Center (SSO) token is missing or expired.
    SsoLogin,
    /// The service answered with an error code.
    Service { code: String, message: String },
    /// Anything else (unparseable response, construction failure).
    Other,
}

/// A failure to load credentials, told by the SDK's error types in the
/// chain of causes: a `CredentialsError`, and a `TokenError` (an SSO
/// session's token) or a cached SSO token file that could not be read (a
/// legacy SSO profile) for a missing login.
fn credential_failure(err: &(dyn std::error::Error + 'static)) -> Option<AwsFailure> {
    use crate::aws::connection::any_cause;
    use aws_credential_types::provider::error::{CredentialsError, TokenError};
    if !any_cause(err, |e, _| e.is::<CredentialsError>()) {
        return None;
    }
    // The legacy SSO provider reads `~/.aws/sso/cache/<sha1>.json` itself:
    // its failure is an io::Error under a message naming that file.
    let sso = any_cause(err, |e, _| e.is::<TokenError>())
        || (any_cause(err, |e, _| e.is::<std::io::Error>())
            && any_cause(err, |_, text| text.contains("sso/cache")));
    Some(if sso {
        AwsFailure::SsoLogin
    } else {
        AwsFailure::Credentials
    })
}

/// The error of an operation of any AWS SDK crate: AWS's code and message,
/// and a source chain.
pub trait OperationError: ProvideErrorMetadata + std::error::Error + 'static {}

impl<T: ProvideErrorMetadata + std::error::Error + 'static> OperationError for T {}

/// Classifies an SDK error and returns the full chain for `-v`.
pub fn classify<E: OperationError, R: fmt::Debug + 'static>(
    err: &SdkError<E, R>,
) -> (AwsFailure, String) {
    let detail = format!("{}", DisplayErrorContext(err));
    let credentials = credential_failure(err);
    let lower = detail.to_lowercase();
    let failure = match err {
        SdkError::DispatchFailure(d)
            if d.is_timeout()
                && d.as_connector_error()
                    .is_some_and(|c| crate::aws::connection::is_no_answer(c)) =>
        {
            AwsFailure::NoAnswer
        }
        SdkError::DispatchFailure(d)
            if d.as_connector_error()
                .is_some_and(|c| crate::aws::connection::is_tls_failure(c)) =>
        {
            AwsFailure::Tls
        }
        SdkError::DispatchFailure(d) if d.is_io() || d.is_timeout() => AwsFailure::Unreachable,
        SdkError::ServiceError(s) if s.err().code().is_none() => AwsFailure::NotTheService,
        SdkError::TimeoutError(_) => AwsFailure::NoAnswer,
        SdkError::ServiceError(s) => {
            let e = s.err();
            let code = e.code().unwrap_or("Unknown").to_string();
            let message = e.message().unwrap_or("").to_string();
            if matches!(
                code.as_str(),
                "UnrecognizedClientException"
                    | "InvalidClientTokenId"
                    | "ExpiredTokenException"
                    | "InvalidSignatureException"
                    | "MissingAuthenticationToken"
            ) {
                AwsFailure::Credentials
            } else {
                AwsFailure::Service { code, message }
            }
        }
        _ if credentials.is_some() => credentials.expect("checked just above"),
        SdkError::DispatchFailure(_) if lower.contains("connect") || lower.contains("dns") => {
            AwsFailure::Unreachable
        }
        _ => AwsFailure::Other,
    };
    (failure, detail)
}

/// Turns an SDK error into a [`CliError`]: `doing` says what was attempted,
/// `service` names the endpoint, `unreachable_hint` says how to bring it up.
pub fn aws_error<E: OperationError, R: fmt::Debug + 'static>(
    err: SdkError<E, R>,
    doing: &str,
    service: &str,
    unreachable_hint: &str,
) -> CliError {
    let (failure, detail) = classify(&err);
    let e = match failure {
        AwsFailure::Unreachable => CliError::new(format!("{doing}: {service} is not reachable"))
            .hint(unreachable_hint)
            .kind(ErrorKind::Unreachable),
        AwsFailure::NoAnswer => CliError::new(format!(
            "{doing}: {service} accepted the connection but did not answer in time"
        ))
        .hint("it is running but stuck or overloaded: restart it (for DynamoDB Local, its process or container), or check what sits between cruddur and it")
        .kind(ErrorKind::Unreachable),
        AwsFailure::Tls => CliError::new(format!(
            "{doing}: the TLS handshake with {service} failed: {}",
            root_cause(&err)
        ))
        .hint("if the server speaks plain HTTP (DynamoDB Local does), use an http:// URL")
        .kind(ErrorKind::Unreachable),
        AwsFailure::NotTheService => CliError::new(format!(
            "{doing}: what answers at {service} is not an AWS service (its answer carries no AWS error code)"
        ))
        .hint("check the endpoint URL and port: another server answers there")
        .kind(ErrorKind::Unreachable),
        AwsFailure::Credentials => CliError::new(format!(
            "{doing}: no valid AWS credentials for {service}"
        ))
        .hint("set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile (or set AWS_PROFILE), or run `aws configure`"),
        AwsFailure::SsoLogin => {
            let profile = crate::aws::profile::name();
            CliError::new(format!(
                "{doing}: the AWS SSO session of profile '{profile}' is missing or expired"
            ))
            .hint(format!("run `aws sso login --profile {profile}`, then try again"))
        }
        AwsFailure::Service { code, message } => {
            let text = if message.is_empty() {
                code
            } else {
                format!("{code}: {message}")
            };
            CliError::new(format!("{doing}: {service} answered {text}"))
        }
        AwsFailure::Other => CliError::new(format!("{doing}: {service}: {}", root_cause(&err))),
    };
    e.detail(chain(&err)).debug(detail)
}

/// The innermost error's message: the SDK's outer layers say only
/// "failed to construct request" or "dispatch failure".
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    one_line(&current.to_string())
}

/// The service error code of an SDK error, if the service answered.
pub fn service_code<E, R>(err: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    err.as_service_error().and_then(|e| e.code())
}
