//! The target of a run (local services or AWS) and the clients built for it.
//!
//! One context per run: the SDK configuration is loaded once and each client
//! is created on first use, so a command that only talks to Postgres never
//! touches the AWS credential chain.

use std::sync::OnceLock;

use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use aws_sdk_dynamodb::config::{Credentials, SharedCredentialsProvider};
use tokio::sync::OnceCell;

use crate::app::error::CliError;
use crate::app::output::OutputFormat;
use crate::aws::retry::{self, FailFast, Family, RetrySettings};
use crate::dynamo::client::Reader;

/// DynamoDB Local's address when nothing else is configured.
pub const LOCAL_DYNAMODB_URL: &str = "http://localhost:8000";
/// Region of the local DynamoDB client unless one is set.
pub const LOCAL_REGION: &str = "us-east-1";

static GLOBAL_ENDPOINT: OnceLock<Option<String>> = OnceLock::new();

/// The retry settings of a `--prod` run: what the flag and the environment
/// left unset comes from the selected profile's `max_attempts` and
/// `retry_mode`, read with the SDK's own profile parser. Files that cannot be
/// read leave the settings as they are (the credential chain reports them).
pub async fn with_profile_retry(
    retry: RetrySettings,
    profile: Option<&str>,
) -> Result<RetrySettings, CliError> {
    let override_name = profile.map(|p| std::borrow::Cow::Owned(p.to_string()));
    match aws_config::profile::load(
        &aws_types::os_shim_internal::Fs::real(),
        &aws_types::os_shim_internal::Env::real(),
        &Default::default(),
        override_name,
    )
    .await
    {
        Ok(set) => retry.with_profile(set.selected_profile(), |key| {
            set.get(key).map(str::to_string)
        }),
        Err(_) => Ok(retry),
    }
}

/// Takes `AWS_ENDPOINT_URL` out of the environment (remembering it for
/// DynamoDB only), so that the app's `AWS_ENDPOINT_URL=http://dynamodb-local:8000`
/// cannot reroute Cognito or RDS. Call before any thread starts.
pub fn capture_global_endpoint() {
    let value = std::env::var("AWS_ENDPOINT_URL")
        .ok()
        .filter(|v| !v.is_empty());
    if value.is_some() {
        std::env::remove_var("AWS_ENDPOINT_URL");
    }
    let _ = GLOBAL_ENDPOINT.set(value);
}

fn global_endpoint() -> Option<String> {
    GLOBAL_ENDPOINT
        .get_or_init(|| std::env::var("AWS_ENDPOINT_URL").ok())
        .clone()
        .filter(|v| !v.is_empty())
}

/// The variables naming the DynamoDB endpoint, before AWS_ENDPOINT_URL.
const DYNAMODB_ENDPOINT_VARS: &[&str] = &["AWS_ENDPOINT_URL_DYNAMODB"];
/// The variables naming the DynamoDB Streams endpoint, in order.
const STREAMS_ENDPOINT_VARS: &[&str] = &[
    "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
    "AWS_ENDPOINT_URL_DYNAMODB",
];

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Where the commands of a run act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Local,
    Prod,
}

impl Target {
    /// The environment variable holding the Postgres URL of this target.
    pub fn database_url_var(self) -> &'static str {
        match self {
            Target::Local => "CONNECTION_URL",
            Target::Prod => "PROD_CONNECTION_URL",
        }
    }
}

/// The run's settings, resolved from the global command-line options.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Act on AWS and `PROD_CONNECTION_URL` instead of the local services.
    pub prod: bool,
    pub output: OutputFormat,
    pub table: String,
    pub verbose: u8,
    /// The region asked for (`--region`), if any.
    pub region: Option<String>,
    /// The DynamoDB endpoint asked for (`--endpoint-url`), if any.
    pub endpoint_url: Option<String>,
    /// Attempts and retry mode of AWS calls.
    pub retry: RetrySettings,
    /// The AWS profile asked for (`--profile`), if any; AWS_PROFILE is read
    /// by the SDK itself.
    pub profile: Option<String>,
}

/// Everything a command needs about the run.
pub struct Ctx {
    pub target: Target,
    pub output: OutputFormat,
    pub table: String,
    pub verbose: u8,
    /// The app's files and settings (see [`crate::project`]).
    pub project: crate::app::project::Project,
    region: Option<String>,
    endpoint_flag: Option<String>,
    retry: RetrySettings,
    profile: Option<String>,
    aws_config: OnceCell<SdkConfig>,
    ddb: OnceCell<aws_sdk_dynamodb::Client>,
    streams: OnceCell<aws_sdk_dynamodbstreams::Client>,
    rds: OnceCell<aws_sdk_rds::Client>,
    cognito: OnceCell<aws_sdk_cognitoidentityprovider::Client>,
    sts: OnceCell<aws_sdk_sts::Client>,
    s3: OnceCell<aws_sdk_s3::Client>,
    ec2: OnceCell<crate::aws::query::QueryClient>,
}

impl Ctx {
    pub fn new(settings: Settings, project: crate::app::project::Project) -> Self {
        crate::aws::profile::remember(settings.profile.clone());
        Ctx {
            target: if settings.prod {
                Target::Prod
            } else {
                Target::Local
            },
            output: settings.output,
            table: settings.table,
            verbose: settings.verbose,
            project,
            region: settings.region.filter(|r| !r.is_empty()),
            endpoint_flag: settings.endpoint_url.filter(|e| !e.is_empty()),
            retry: settings.retry,
            profile: settings.profile,
            aws_config: OnceCell::new(),
            ddb: OnceCell::new(),
            streams: OnceCell::new(),
            rds: OnceCell::new(),
            cognito: OnceCell::new(),
            sts: OnceCell::new(),
            s3: OnceCell::new(),
            ec2: OnceCell::new(),
        }
    }

    pub fn json(&self) -> bool {
        self.output == OutputFormat::Json
    }

    pub fn is_prod(&self) -> bool {
        self.target == Target::Prod
    }

    /// The DynamoDB endpoint set explicitly, or, locally, DynamoDB Local's
    /// default address. Locally: the flag, then AWS_ENDPOINT_URL_DYNAMODB,
    /// then AWS_ENDPOINT_URL (the app's variable). With `--prod` only the flag
    /// and AWS_ENDPOINT_URL_DYNAMODB count: the app's AWS_ENDPOINT_URL points
    /// at its local DynamoDB and must not turn a production run local.
    pub fn dynamodb_endpoint(&self) -> Option<String> {
        self.endpoint_and_source(DYNAMODB_ENDPOINT_VARS)
            .map(|(url, _)| url)
    }

    /// The endpoint and what set it (the flag or the variable's name).
    fn endpoint_and_source(&self, vars: &[&str]) -> Option<(String, String)> {
        let explicit = self
            .endpoint_flag
            .clone()
            .map(|url| (url, "--endpoint-url".to_string()))
            .or_else(|| {
                vars.iter()
                    .find_map(|v| env_nonempty(v).map(|url| (url, (*v).to_string())))
            });
        match self.target {
            Target::Local => Some(
                explicit
                    .or_else(|| global_endpoint().map(|url| (url, "AWS_ENDPOINT_URL".to_string())))
                    .unwrap_or_else(|| (LOCAL_DYNAMODB_URL.to_string(), "the default".to_string())),
            ),
            Target::Prod => explicit,
        }
    }

    /// Refuses an endpoint that is not an http(s) URL with a host and a
    /// valid port, naming the flag or variable that set it.
    fn checked_endpoint(&self, vars: &[&str]) -> Result<Option<String>, CliError> {
        let Some((url, source)) = self.endpoint_and_source(vars) else {
            return Ok(None);
        };
        checked_url(&url, &source).map(Some)
    }

    /// A short description of where DynamoDB requests go, for messages.
    pub fn dynamodb_target(&self) -> String {
        match (self.dynamodb_endpoint(), self.target) {
            (Some(url), _) => crate::app::redact::url(&url),
            (None, _) => format!("the AWS endpoint ({})", self.aws_region_label()),
        }
    }

    fn aws_region_label(&self) -> String {
        self.region
            .clone()
            .or_else(|| {
                self.aws_config
                    .get()
                    .and_then(|c| c.region().map(|r| r.to_string()))
            })
            .or_else(|| env_nonempty("AWS_REGION"))
            .or_else(|| env_nonempty("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "region from the AWS profile".to_string())
    }

    /// Region of the local DynamoDB client.
    fn local_region(&self) -> String {
        self.region
            .clone()
            .or_else(|| env_nonempty("AWS_REGION"))
            .or_else(|| env_nonempty("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| LOCAL_REGION.to_string())
    }

    /// The run's retry settings (see [`crate::retry`]).
    pub fn retry_settings(&self) -> RetrySettings {
        self.retry
    }

    /// The SDK retry configuration of a service family.
    pub fn retry_config(&self, family: Family) -> RetryConfig {
        self.retry.sdk_config(family)
    }

    /// The AWS configuration from the default chain (once per run). Used by
    /// `--prod` DynamoDB and, in both targets, by Cognito and RDS.
    pub async fn aws_config(&self) -> &SdkConfig {
        self.aws_config
            .get_or_init(|| async {
                let mut loader = aws_config::defaults(BehaviorVersion::latest())
                    .timeout_config(retry::timeouts())
                    .retry_config(self.retry_config(Family::Other));
                if let Some(region) = &self.region {
                    loader = loader.region(Region::new(region.clone()));
                }
                if let Some(name) = &self.profile {
                    loader = with_profile(loader, name);
                }
                loader.load().await
            })
            .await
    }

    /// The shared AWS configuration, once it is known to name a region: the
    /// one check (and hint) before the first call of any AWS client, so the
    /// failure names what to set instead of a resolver error.
    async fn aws_config_with_region(&self) -> Result<&SdkConfig, CliError> {
        let config = self.aws_config().await;
        if config.region().is_none_or(|r| r.as_ref().trim().is_empty()) {
            if self.profile.is_some() || env_nonempty("AWS_PROFILE").is_some() {
                let profile = crate::aws::profile::name();
                return Err(CliError::new(format!(
                    "no AWS region is configured for profile '{profile}'"
                ))
                .hint(format!(
                    "check that ~/.aws/config has a [profile {profile}] section with a region, or set AWS_REGION or --region"
                )));
            }
            return Err(CliError::new("no AWS region is configured").hint(
                "set AWS_REGION (or AWS_DEFAULT_REGION), pass --region, or configure a profile",
            ));
        }
        Ok(config)
    }

    /// The configuration DynamoDB and DynamoDB Streams clients start from:
    /// locally static dummy credentials, the local region, short timeouts and
    /// no credential chain at all; with `--prod` the shared AWS configuration.
    async fn dynamodb_family_config(&self) -> Result<SdkConfig, CliError> {
        match self.target {
            Target::Local => Ok(SdkConfig::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(self.local_region()))
                .credentials_provider(SharedCredentialsProvider::new(local_credentials()))
                .timeout_config(retry::local_timeouts())
                .build()),
            Target::Prod => Ok(self.aws_config_with_region().await?.clone()),
        }
    }

    /// The endpoint a DynamoDB-family client is pointed at, warning when
    /// `--prod` requests are sent somewhere other than AWS.
    fn dynamodb_family_endpoint(&self, endpoint: Option<String>) -> Option<String> {
        if let (Target::Prod, Some(url)) = (self.target, &endpoint) {
            crate::app::output::note(format!(
                "warning: --prod sends DynamoDB requests to {url} (--endpoint-url or AWS_ENDPOINT_URL_DYNAMODB), not to the AWS endpoint"
            ));
        }
        endpoint
    }

    /// The DynamoDB client of this run.
    pub async fn dynamodb(&self) -> Result<Reader, CliError> {
        self.ddb
            .get_or_try_init(|| async {
                let base = self.dynamodb_family_config().await?;
                let mut config = aws_sdk_dynamodb::config::Builder::from(&base)
                    .retry_config(self.retry_config(Family::DynamoDb))
                    .retry_classifier(FailFast {
                        no_answer_is_final: self.target == Target::Local,
                    });
                let endpoint = self.checked_endpoint(DYNAMODB_ENDPOINT_VARS)?;
                if let Some(url) = self.dynamodb_family_endpoint(endpoint) {
                    config = config.endpoint_url(url);
                }
                Ok(aws_sdk_dynamodb::Client::from_conf(config.build()))
            })
            .await
            .map(|client| Reader::new(client.clone()))
    }

    /// The DynamoDB Streams client of this run.
    pub async fn dynamodb_streams(&self) -> Result<&aws_sdk_dynamodbstreams::Client, CliError> {
        self.streams
            .get_or_try_init(|| async {
                let base = self.dynamodb_family_config().await?;
                let mut config = aws_sdk_dynamodbstreams::config::Builder::from(&base)
                    .retry_config(self.retry_config(Family::DynamoDb))
                    .retry_classifier(FailFast {
                        no_answer_is_final: self.target == Target::Local,
                    });
                // DynamoDB Local serves streams on its own port.
                let endpoint = self.checked_endpoint(STREAMS_ENDPOINT_VARS)?;
                if let Some(url) = self.dynamodb_family_endpoint(endpoint) {
                    config = config.endpoint_url(url);
                }
                Ok(aws_sdk_dynamodbstreams::Client::from_conf(config.build()))
            })
            .await
    }

    /// The RDS client of this run: always AWS from the default chain, in
    /// both targets (`AWS_ENDPOINT_URL_RDS` redirects it, nothing else).
    pub async fn rds(&self) -> Result<&aws_sdk_rds::Client, CliError> {
        self.aws_client(&self.rds, |config| {
            let config = aws_sdk_rds::config::Builder::from(config);
            aws_sdk_rds::Client::from_conf(config.retry_classifier(FailFast::default()).build())
        })
        .await
    }

    /// The Cognito client of this run: AWS from the default chain in both
    /// targets (there is no local Cognito; `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`
    /// redirects it).
    pub async fn cognito(&self) -> Result<&aws_sdk_cognitoidentityprovider::Client, CliError> {
        use aws_sdk_cognitoidentityprovider::{config::Builder, Client};
        self.aws_client(&self.cognito, |config| {
            Client::from_conf(
                Builder::from(config)
                    .retry_classifier(FailFast::default())
                    .build(),
            )
        })
        .await
    }

    /// The STS client of this run (doctor's credential check).
    pub async fn sts(&self) -> Result<&aws_sdk_sts::Client, CliError> {
        use aws_sdk_sts::{config::Builder, Client};
        self.aws_client(&self.sts, |config| {
            Client::from_conf(
                Builder::from(config)
                    .retry_classifier(FailFast::default())
                    .build(),
            )
        })
        .await
    }

    /// The S3 client of this run (exports to and imports from S3): AWS from
    /// the default chain in both targets, as the exports live in AWS;
    /// `AWS_ENDPOINT_URL_S3` redirects it (then with path-style addresses,
    /// which local S3 servers need), never the DynamoDB endpoint.
    pub async fn s3(&self) -> Result<&aws_sdk_s3::Client, CliError> {
        self.aws_client(&self.s3, |config| {
            let mut config = aws_sdk_s3::config::Builder::from(config);
            if env_nonempty("AWS_ENDPOINT_URL_S3").is_some() {
                config = config.force_path_style(true);
            }
            // As every other client: no retry of what another attempt cannot cure.
            config = config.retry_classifier(FailFast::default());
            aws_sdk_s3::Client::from_conf(config.build())
        })
        .await
    }

    /// A client made once a run by `make` from the AWS configuration of the
    /// default chain, with its region.
    async fn aws_client<'a, C>(
        &'a self,
        cell: &'a OnceCell<C>,
        make: impl FnOnce(&SdkConfig) -> C,
    ) -> Result<&'a C, CliError> {
        cell.get_or_try_init(|| async { Ok(make(self.aws_config_with_region().await?)) })
            .await
    }

    /// The EC2 client of this run (`rds allow-ip`): AWS from the default
    /// chain in both targets; `AWS_ENDPOINT_URL_EC2` redirects it. Its calls
    /// are signed here (see [`crate::aws_query`]).
    pub async fn ec2(&self) -> Result<&crate::aws::query::QueryClient, CliError> {
        self.ec2
            .get_or_try_init(|| async {
                let config = self.aws_config_with_region().await?;
                let region = config.region().map(|r| r.to_string()).unwrap_or_default();
                let endpoint = match env_nonempty("AWS_ENDPOINT_URL_EC2") {
                    Some(url) => checked_url(&url, "AWS_ENDPOINT_URL_EC2")?,
                    None if region.starts_with("cn-") => {
                        format!("https://ec2.{region}.amazonaws.com.cn")
                    }
                    None => format!("https://ec2.{region}.amazonaws.com"),
                };
                let credentials = config.credentials_provider().ok_or_else(|| {
                    CliError::new("no AWS credentials are configured").hint(
                        "configure credentials (aws configure, --profile, or AWS_ACCESS_KEY_ID)",
                    )
                })?;
                Ok(crate::aws::query::QueryClient::new(
                    crate::aws::query::EC2,
                    endpoint,
                    region,
                    credentials,
                    self.retry.attempts(Family::Other),
                ))
            })
            .await
    }

    /// Hint for a DynamoDB endpoint that does not answer.
    pub fn dynamodb_unreachable_hint(&self) -> String {
        match self.target {
            Target::Local => "start DynamoDB Local with `scripts/local-services start` (or `docker compose up -d dynamodb-local`), or point --endpoint-url at it".to_string(),
            Target::Prod => "check the network and the region (--region / AWS_REGION)".to_string(),
        }
    }
}

/// Selects a named profile for every setting and, as the AWS CLI does for
/// `--profile`, takes credentials only from it (static keys, SSO,
/// credential_process, role assumption, web identity), not from
/// AWS_ACCESS_KEY_ID and the like.
fn with_profile(loader: aws_config::ConfigLoader, name: &str) -> aws_config::ConfigLoader {
    let credentials = ProfileFileCredentialsProvider::builder()
        .profile_name(name)
        .build();
    loader.profile_name(name).credentials_provider(credentials)
}

/// `url` if it is an http(s) URL with a host and a valid port; otherwise a
/// usage error naming `source` (the flag or variable that set it).
fn checked_url(url: &str, source: &str) -> Result<String, CliError> {
    let bad = |why: String| {
        CliError::usage(format!(
            "{source} is '{url}', which is not an endpoint URL: {why}"
        ))
        .hint("use http://HOST:PORT or https://HOST, e.g. http://localhost:8000 for DynamoDB Local")
    };
    let parsed = url::Url::parse(url.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(format!(
            "the scheme is '{}', not http or https",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no host".to_string()));
    }
    if parsed.port() == Some(0) {
        return Err(bad("port 0 is not a port a server listens on".to_string()));
    }
    Ok(url.trim().trim_end_matches('/').to_string())
}

/// Static dummy credentials (DynamoDB Local wants letters and digits only): static ones mean
/// no credential-chain or instance-metadata probing in local mode.
fn local_credentials() -> Credentials {
    Credentials::new("cruddurlocal", "cruddurlocal", None, None, "cruddur-local")
}
