//! The `cruddur` command as the tests run it, and the offline checkers.

use std::path::PathBuf;
use std::process::Command as StdCommand;

use assert_cmd::Command;

use super::{services, transcript_with};

/// Environment variables that would leak the developer's setup into a test.
const SCRUBBED: &[&str] = &[
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "AWS_ENDPOINT_URL_RDS",
    "AWS_ENDPOINT_URL_S3",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_COGNITO_USER_POOL_ID",
    "CONNECTION_URL",
    "PROD_CONNECTION_URL",
    "DDB_MESSAGE_TABLE",
    "RDS_DB_INSTANCE_IDENTIFIER",
    "AWS_ENDPOINT_URL_EC2",
    "DB_SG_ID",
    "DB_SG_RULE_ID",
    "CRUDDUR_IP_ECHO_URL",
    "NO_COLOR",
];

/// `cruddur` with a clean AWS environment: DynamoDB Local through
/// `--endpoint-url`-free configuration (AWS_ENDPOINT_URL_DYNAMODB), moto for
/// Cognito and RDS, dummy credentials and three attempts per request (the
/// SDKs' standard: DynamoDB Local now and then answers a 500 under the
/// suite's parallel load, and ten attempts would slow failing tests down).
pub fn cruddur() -> Command {
    let mut cmd = Command::from_std(cruddur_process());
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// [`cruddur`] for a test's setup steps, with the SDK's retries: DynamoDB
/// Local now and then answers a CreateTable with a 500 InternalFailure when
/// the suite creates tables in parallel.
pub fn cruddur_setup() -> Command {
    let mut cmd = cruddur();
    cmd.env_remove("AWS_MAX_ATTEMPTS");
    cmd
}

/// The same command as [`cruddur`], as a plain process (for tests that
/// signal it while it runs).
pub fn cruddur_process() -> StdCommand {
    let s = services();
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cruddur"));
    for var in SCRUBBED {
        cmd.env_remove(var);
    }
    let home = std::env::temp_dir().join("cruddur-test-home");
    cmd.env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "3")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &s.ddb_url)
        .env("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", &s.moto_url)
        .env("AWS_ENDPOINT_URL_RDS", &s.moto_url)
        .env("AWS_ENDPOINT_URL_EC2", &s.moto_url)
        .env("AWS_ENDPOINT_URL_S3", &s.moto_url)
        .env("COLUMNS", "200");
    cmd
}

/// Starts `cmd` with stdout and stderr piped, for a test that signals it
/// while it runs.
pub fn spawn_piped(cmd: &mut StdCommand) -> std::process::Child {
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start cruddur")
}

/// Sends `signal` to a child this test started.
pub fn send_signal(child: &std::process::Child, signal: libc::c_int) {
    // SAFETY: kill(2) on the pid of a child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
}

/// A HOME of its own with `~/.aws/config` and `~/.aws/credentials`, and
/// `cruddur --prod` pointed at it with no credentials or region in the
/// environment (only the files can provide them).
pub struct AwsHome {
    pub dir: tempfile::TempDir,
}

impl AwsHome {
    pub fn new(config: &str, credentials: &str) -> Self {
        let dir = tempfile::tempdir().expect("temporary HOME");
        let aws = dir.path().join(".aws");
        std::fs::create_dir_all(&aws).expect("create ~/.aws");
        std::fs::write(aws.join("config"), config).expect("write ~/.aws/config");
        std::fs::write(aws.join("credentials"), credentials).expect("write ~/.aws/credentials");
        AwsHome { dir }
    }

    /// [`transcript_with`] of a run in this HOME, its path replaced by `HOME`.
    pub fn transcript(&self, a: &assert_cmd::assert::Assert) -> String {
        let home = self.dir.path().display().to_string();
        transcript_with(a, &[(&home, "HOME")])
    }

    pub fn cruddur(&self, args: &[&str]) -> Command {
        let aws = self.dir.path().join(".aws");
        let mut cmd = cruddur();
        for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.dir.path())
            .env("AWS_CONFIG_FILE", aws.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
            .arg("--prod")
            .args(args);
        cmd
    }
}

/// Runs an offline checker: from the linters' environment
/// (`CRUDDUR_LINT_BIN`, set by scripts/test) when it is there, else from
/// PATH. `None`, with the reason printed, when it cannot be started; with
/// `CRUDDUR_REQUIRE_LINTERS=1` (or `CRUDDUR_REQUIRE_TERRAFORM=1` for
/// terraform) that fails the test instead.
pub fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    let program = std::env::var_os("CRUDDUR_LINT_BIN")
        .map(|dir| PathBuf::from(dir).join(name))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(name));
    match StdCommand::new(&program).args(args).output() {
        Ok(out) => Some(out),
        Err(e) => {
            let required = if name == "terraform" {
                "CRUDDUR_REQUIRE_TERRAFORM"
            } else {
                "CRUDDUR_REQUIRE_LINTERS"
            };
            if std::env::var(required).as_deref() == Ok("1") {
                panic!("{name} is required ({required}=1) but cannot be run: {e}");
            }
            eprintln!("skipping the {name} check: {name} is not available ({e})");
            None
        }
    }
}
