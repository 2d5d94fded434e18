//! Errors as the user sees them: one `error:` line with what went wrong and
//! what to do, and an exit code that means something.

use std::fmt;
use std::process::ExitCode;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// Exit code of a failed command.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code of bad input (the same as clap's usage errors).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when a confirmation was refused or could not be asked.
pub const EXIT_NOT_CONFIRMED: u8 = 3;

/// An error with a message for the user, an optional hint and an exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
    /// Detail shown with `-v` only.
    pub detail: Option<String>,
    /// The service did not answer (yet): waiting and trying again may help.
    pub transient: bool,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            code: EXIT_FAILURE,
            detail: None,
            transient: false,
        }
    }

    /// Bad input from the user (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(message).code(EXIT_USAGE)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn code(mut self, code: u8) -> Self {
        self.code = code;
        self
    }

    /// Marks a failure to reach a service, which waiting may cure.
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

/// Prints the error as one line on stderr (more with `-v`) and returns the exit code.
pub fn report(err: &anyhow::Error, verbose: u8) -> ExitCode {
    let cli = err.chain().find_map(|e| e.downcast_ref::<CliError>());
    let (line, code) = match cli {
        // Context added on top of a CliError goes in front of its message.
        Some(c) => {
            let prefix: Vec<String> = err
                .chain()
                .take_while(|e| e.downcast_ref::<CliError>().is_none())
                .map(|e| e.to_string())
                .collect();
            let mut line = prefix.join(": ");
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&c.to_string());
            (line, c.code)
        }
        None => (format!("{err:#}"), EXIT_FAILURE),
    };
    eprintln!("error: {}", one_line(&line));
    if verbose > 0 {
        if let Some(detail) = cli.and_then(|c| c.detail.as_ref()) {
            eprintln!("detail: {detail}");
        }
        if verbose > 1 {
            eprintln!("debug: {err:?}");
        }
    }
    ExitCode::from(code)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What kind of failure an AWS SDK call ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsFailure {
    /// Nothing answered at the endpoint (refused, DNS, connect timeout).
    Unreachable,
    /// No credentials could be found or used.
    Credentials,
    /// The service answered with an error code.
    Service { code: String, message: String },
    /// Anything else (unparseable response, construction failure).
    Other,
}

/// Classifies an SDK error and returns the full chain for `-v`.
pub fn classify<E, R>(err: &SdkError<E, R>) -> (AwsFailure, String)
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    let detail = format!("{}", DisplayErrorContext(err));
    let lower = detail.to_lowercase();
    let failure = match err {
        SdkError::DispatchFailure(d) if d.is_io() || d.is_timeout() => AwsFailure::Unreachable,
        SdkError::TimeoutError(_) => AwsFailure::Unreachable,
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
        _ if lower.contains("credential") => AwsFailure::Credentials,
        SdkError::DispatchFailure(_) if lower.contains("connect") || lower.contains("dns") => {
            AwsFailure::Unreachable
        }
        _ => AwsFailure::Other,
    };
    (failure, detail)
}

/// Turns an SDK error into a [`CliError`]: `doing` says what was attempted,
/// `service` names the endpoint, `unreachable_hint` says how to bring it up.
pub fn aws_error<E, R>(
    err: SdkError<E, R>,
    doing: &str,
    service: &str,
    unreachable_hint: &str,
) -> CliError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    let (failure, detail) = classify(&err);
    let e = match failure {
        AwsFailure::Unreachable => CliError::new(format!("{doing}: {service} is not reachable"))
            .hint(unreachable_hint)
            .transient(),
        AwsFailure::Credentials => CliError::new(format!(
            "{doing}: no valid AWS credentials for {service}"
        ))
        .hint("set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or run `aws configure`"),
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
    e.detail(detail)
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
