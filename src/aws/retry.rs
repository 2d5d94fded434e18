//! One retry policy for every AWS call: how many attempts, which backoff,
//! which timeouts, and which failures are never worth a retry.
//!
//! The SDK's standard strategy retries throttling errors
//! (ProvisionedThroughputExceeded, ThrottlingException, RequestLimitExceeded,
//! ...), 5xx answers, timeouts and dropped connections with exponential
//! backoff and full jitter. What this module decides is the number of
//! attempts per service family, where it comes from, and that an endpoint
//! refusing connections outright fails at once instead of being retried.
//!
//! Precedence for the number of attempts and the mode: `--max-attempts`,
//! then `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` (as the AWS SDKs read them),
//! then, with `--prod`, the AWS profile's `max_attempts` / `retry_mode`,
//! then the family's default: 10 attempts for DynamoDB and DynamoDB Streams
//! (botocore's DynamoDB default), 3 for everything else (the SDKs' standard).

use std::time::Duration;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::config::interceptors::InterceptorContext;
use aws_sdk_dynamodb::config::retry::{ClassifyRetry, RetryAction, RetryConfig, RetryMode};
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::error::SdkError;
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

use crate::app::error::CliError;
use crate::aws::connection::{is_no_answer, is_refused, is_tls_failure};
use crate::aws::errors::OperationError;

/// Attempts for DynamoDB and DynamoDB Streams unless configured.
pub const DYNAMODB_ATTEMPTS: u32 = 10;
/// Attempts for Cognito, RDS and STS unless configured.
pub const OTHER_ATTEMPTS: u32 = 3;
/// The most attempts `--max-attempts` and `AWS_MAX_ATTEMPTS` accept.
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;

/// Time allowed to open a TCP (and TLS) connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest wait for the first byte of an answer.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest single attempt, from sending to the whole answer.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

/// Longest wait for the first byte of an answer from a local DynamoDB
/// (DynamoDB Local answers in milliseconds; one that says nothing for this
/// long is stuck, and is not asked again).
pub const LOCAL_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest single attempt against a local DynamoDB.
pub const LOCAL_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// The bound of one AWS operation, retries included: an endpoint that
/// accepts connections and never answers ends the command after this long.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// First backoff of DynamoDB retries (doubling, full jitter, capped at 20 s).
const DYNAMODB_INITIAL_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Services that share a default number of attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// DynamoDB and DynamoDB Streams.
    DynamoDb,
    /// Cognito, RDS, STS.
    Other,
}

/// Where a setting came from, for `doctor` and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Flag,
    Environment,
    /// `max_attempts` / `retry_mode` of the selected AWS profile (`--prod`).
    Profile,
    Default,
}

/// The retry settings of a run, resolved once from the flag, the
/// environment and, with `--prod`, the AWS profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySettings {
    /// Attempts set by `--max-attempts`, `AWS_MAX_ATTEMPTS` or the profile;
    /// `None` means the family default.
    pub max_attempts: Option<u32>,
    pub attempts_source: Source,
    pub mode: RetryMode,
    pub mode_source: Source,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            max_attempts: None,
            attempts_source: Source::Default,
            mode: RetryMode::Standard,
            mode_source: Source::Default,
        }
    }
}

impl RetrySettings {
    /// Resolves the settings: `flag` (`--max-attempts`) wins over
    /// `AWS_MAX_ATTEMPTS`; `AWS_RETRY_MODE` picks standard or adaptive.
    /// `env` reads a variable (the process environment outside tests).
    pub fn resolve(
        flag: Option<u32>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CliError> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let fix = "or unset it";
        let mut settings = RetrySettings::default();
        if let Some(n) = flag {
            settings.max_attempts = Some(check_attempts(n, "--max-attempts")?);
            settings.attempts_source = Source::Flag;
        } else if let Some(text) = var("AWS_MAX_ATTEMPTS") {
            settings.max_attempts = Some(parse_attempts(&text, "AWS_MAX_ATTEMPTS", fix)?);
            settings.attempts_source = Source::Environment;
        }
        if let Some(text) = var("AWS_RETRY_MODE") {
            settings.mode = parse_mode(&text, "AWS_RETRY_MODE", fix)?;
            settings.mode_source = Source::Environment;
        }
        Ok(settings)
    }

    /// Fills in what the flag and the environment left unset from the AWS
    /// profile `profile`: its `max_attempts` and `retry_mode`, as the AWS
    /// SDKs and CLI read them. `get` reads a key of that profile.
    pub fn with_profile(
        mut self,
        profile: &str,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CliError> {
        let key = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let fix = format!("or remove it from profile '{profile}' in ~/.aws/config");
        if self.attempts_source == Source::Default {
            if let Some(text) = key("max_attempts") {
                let name = format!("max_attempts of AWS profile '{profile}'");
                self.max_attempts = Some(parse_attempts(&text, &name, &fix)?);
                self.attempts_source = Source::Profile;
            }
        }
        if self.mode_source == Source::Default {
            if let Some(text) = key("retry_mode") {
                let name = format!("retry_mode of AWS profile '{profile}'");
                self.mode = parse_mode(&text, &name, &fix)?;
                self.mode_source = Source::Profile;
            }
        }
        Ok(self)
    }

    /// Attempts per request for a family.
    pub fn attempts(&self, family: Family) -> u32 {
        self.max_attempts.unwrap_or(match family {
            Family::DynamoDb => DYNAMODB_ATTEMPTS,
            Family::Other => OTHER_ATTEMPTS,
        })
    }

    /// The SDK retry configuration of a family.
    pub fn sdk_config(&self, family: Family) -> RetryConfig {
        let config = match self.mode {
            RetryMode::Adaptive => RetryConfig::adaptive(),
            _ => RetryConfig::standard(),
        }
        .with_max_attempts(self.attempts(family))
        .with_max_backoff(MAX_BACKOFF);
        match family {
            Family::DynamoDb => config.with_initial_backoff(DYNAMODB_INITIAL_BACKOFF),
            Family::Other => config,
        }
    }
}

/// A number of attempts read from `name`; `fix` ends the hint.
fn parse_attempts(text: &str, name: &str, fix: &str) -> Result<u32, CliError> {
    let n = text.trim().parse::<u32>().map_err(|_| {
        CliError::usage(format!("{name} is '{text}', not a whole number")).hint(format!(
            "set it to a number from 1 to {MAX_ATTEMPTS_LIMIT}, {fix}"
        ))
    })?;
    check_attempts(n, name)
}

/// A retry mode read from `name`: standard (legacy reads as standard) or adaptive.
fn parse_mode(text: &str, name: &str, fix: &str) -> Result<RetryMode, CliError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "standard" | "legacy" => Ok(RetryMode::Standard),
        "adaptive" => Ok(RetryMode::Adaptive),
        _ => Err(
            CliError::usage(format!("{name} is '{text}', not a retry mode"))
                .hint(format!("set it to standard or adaptive, {fix}")),
        ),
    }
}

fn check_attempts(n: u32, name: &str) -> Result<u32, CliError> {
    if (1..=MAX_ATTEMPTS_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(CliError::usage(format!(
            "{name} is {n}; it must be from 1 to {MAX_ATTEMPTS_LIMIT}"
        ))
        .hint("1 means no retries"))
    }
}

/// Connect, read, per-attempt and per-operation timeouts of every AWS client.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// The timeouts of the local DynamoDB clients: a shorter wait for an
/// answer ([`LOCAL_READ_TIMEOUT`]), which [`FailFast`] does not retry.
pub fn local_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(LOCAL_READ_TIMEOUT)
        .operation_attempt_timeout(LOCAL_ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// Error codes of a request the service refused for now because of load:
/// the AWS SDK's own list, so the bulk writer and the SDK's retries agree.
pub use aws_runtime::retries::classifiers::THROTTLING_ERRORS as THROTTLING_CODES;
/// Error codes of a request the service gave up on in time (the SDK's list).
use aws_runtime::retries::classifiers::TRANSIENT_ERRORS as TRANSIENT_CODES;

/// A failure that sending the same request again may cure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// The service refused the request because of load (a 400 throttling code).
    Throttled,
    /// A 5xx answer.
    ServerError,
    /// A dropped connection, a timeout or a truncated answer.
    Connection,
}

/// Classifies an SDK error the way the retry policy does: `None` for a
/// failure that will not go away (a refused connection, a validation error,
/// a missing table).
pub fn transient<E: OperationError>(err: &SdkError<E, HttpResponse>) -> Option<Transient> {
    match err {
        SdkError::ServiceError(s) => {
            let code = s.err().code().unwrap_or_default();
            if THROTTLING_CODES.contains(&code) {
                Some(Transient::Throttled)
            } else if s.raw().status().is_server_error()
                || TRANSIENT_CODES.contains(&code)
                || matches!(code, "InternalServerError" | "ServiceUnavailable")
            {
                Some(Transient::ServerError)
            } else {
                None
            }
        }
        SdkError::DispatchFailure(d) => match d.as_connector_error() {
            Some(c) if is_refused(c) => None,
            Some(c) if c.is_io() || c.is_timeout() || c.is_other() => Some(Transient::Connection),
            _ => None,
        },
        SdkError::TimeoutError(_) | SdkError::ResponseError(_) => Some(Transient::Connection),
        _ => None,
    }
}

/// Forbids retrying what another attempt will not cure, so that a command
/// fails in well under a second instead of backing off through every
/// attempt: a refused connection, a host name that does not resolve, a
/// failed TLS handshake (an https:// URL at a plain-HTTP server) and, for a
/// local endpoint (`no_answer_is_final`), one that accepted the connection
/// and said nothing until [`LOCAL_READ_TIMEOUT`] (a stuck DynamoDB Local
/// does not recover within one command). Runs after the SDK's own classifiers.
#[derive(Debug, Default, Clone, Copy)]
pub struct FailFast {
    pub no_answer_is_final: bool,
}

impl ClassifyRetry for FailFast {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(err)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let Some(conn) = err.as_connector_error() else {
            return RetryAction::NoActionIndicated;
        };
        let silent = self.no_answer_is_final && conn.is_timeout() && is_no_answer(conn);
        if is_refused(conn) || is_tls_failure(conn) || silent {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "fail fast on what a retry will not cure"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(
        status: u16,
        code: &str,
    ) -> SdkError<aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemError, HttpResponse>
    {
        use aws_sdk_dynamodb::error::ErrorMetadata;
        use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemError;
        use aws_smithy_types::body::SdkBody;
        let raw = HttpResponse::new(status.try_into().unwrap(), SdkBody::empty());
        let err = BatchWriteItemError::generic(ErrorMetadata::builder().code(code).build());
        SdkError::service_error(err, raw)
    }

    #[test]
    fn throttling_and_transient_codes_are_the_sdks_own() {
        let cases = [
            (
                400,
                "ProvisionedThroughputExceededException",
                Some(Transient::Throttled),
            ),
            // In the SDK's list, not in the seven codes written here before.
            (400, "ThrottledException", Some(Transient::Throttled)),
            (503, "SlowDown", Some(Transient::Throttled)),
            (400, "LimitExceededException", Some(Transient::Throttled)),
            (400, "RequestTimeoutException", Some(Transient::ServerError)),
            (500, "InternalServerError", Some(Transient::ServerError)),
            (400, "ValidationException", None),
            (400, "ResourceNotFoundException", None),
        ];
        assert_eq!(cases.len(), 8);
        for (status, code, want) in cases {
            assert_eq!(transient(&answered(status, code)), want, "{status} {code}");
        }
    }

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn defaults_are_ten_attempts_for_dynamodb_and_three_for_the_rest() {
        let s = RetrySettings::resolve(None, env(&[])).unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 10);
        assert_eq!(s.attempts(Family::Other), 3);
        assert_eq!(s.attempts_source, Source::Default);
        let c = s.sdk_config(Family::DynamoDb);
        assert_eq!(c.max_attempts(), 10);
        assert_eq!(c.initial_backoff(), Duration::from_millis(50));
        assert_eq!(c.mode(), RetryMode::Standard);
    }

    #[test]
    fn the_flag_wins_over_the_environment_which_wins_over_defaults() {
        let vars = env(&[("AWS_MAX_ATTEMPTS", "4"), ("AWS_RETRY_MODE", "adaptive")]);
        let s = RetrySettings::resolve(None, &vars).unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 4);
        assert_eq!(s.attempts(Family::Other), 4);
        assert_eq!(s.attempts_source, Source::Environment);
        assert_eq!(s.sdk_config(Family::Other).mode(), RetryMode::Adaptive);
        let s = RetrySettings::resolve(Some(7), &vars).unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 7);
        assert_eq!(s.attempts_source, Source::Flag);
        assert_eq!(s.mode, RetryMode::Adaptive);
    }

    #[test]
    fn the_profile_fills_only_what_the_flag_and_environment_left_unset() {
        let profile = env(&[("max_attempts", "2"), ("retry_mode", "adaptive")]);
        let s = RetrySettings::resolve(None, env(&[]))
            .unwrap()
            .with_profile("dev", &profile)
            .unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 2);
        assert_eq!(s.attempts(Family::Other), 2);
        assert_eq!(
            (s.attempts_source, s.mode_source),
            (Source::Profile, Source::Profile)
        );
        assert_eq!(s.mode, RetryMode::Adaptive);
        let vars = env(&[("AWS_MAX_ATTEMPTS", "4"), ("AWS_RETRY_MODE", "standard")]);
        let s = RetrySettings::resolve(None, &vars)
            .unwrap()
            .with_profile("dev", &profile)
            .unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 4);
        assert_eq!(s.mode, RetryMode::Standard);
        let s = RetrySettings::resolve(Some(6), env(&[]))
            .unwrap()
            .with_profile("dev", &profile)
            .unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 6);
        assert_eq!(s.mode, RetryMode::Adaptive);
        let e = RetrySettings::default()
            .with_profile("dev", env(&[("max_attempts", "many")]))
            .unwrap_err();
        assert!(
            e.message
                .contains("max_attempts of AWS profile 'dev' is 'many'"),
            "{}",
            e.message
        );
        assert_eq!(e.kind, crate::app::error::ErrorKind::Usage);
    }

    #[test]
    fn bad_values_are_usage_errors_naming_the_variable() {
        let e = RetrySettings::resolve(None, env(&[("AWS_MAX_ATTEMPTS", "lots")])).unwrap_err();
        assert!(
            e.message.contains("AWS_MAX_ATTEMPTS is 'lots'"),
            "{}",
            e.message
        );
        assert_eq!(e.kind, crate::app::error::ErrorKind::Usage);
        let e = RetrySettings::resolve(None, env(&[("AWS_MAX_ATTEMPTS", "0")])).unwrap_err();
        assert!(e.message.contains("from 1 to 100"), "{}", e.message);
        let e = RetrySettings::resolve(None, env(&[("AWS_RETRY_MODE", "eager")])).unwrap_err();
        assert!(
            e.message.contains("AWS_RETRY_MODE is 'eager'"),
            "{}",
            e.message
        );
        assert!(RetrySettings::resolve(Some(101), env(&[])).is_err());
        // An empty variable counts as unset.
        let s = RetrySettings::resolve(None, env(&[("AWS_MAX_ATTEMPTS", " ")])).unwrap();
        assert_eq!(s.attempts(Family::DynamoDb), 10);
    }

    #[test]
    fn refused_connections_are_recognised_through_the_error_chain() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dispatch failure")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let refused = Outer(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert!(is_refused(&refused));
        let reset = Outer(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(!is_refused(&reset));
    }
}
