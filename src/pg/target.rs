//! Which Postgres database a run acts on, read from its URL alone.
//!
//! The URL must name the host, the port and the database; nothing is filled
//! in from the environment. The `PG*` variables libpq and sqlx would read
//! (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE`, `PGOPTIONS`, ...)
//! are taken out of the process environment at start-up ([`capture_env`]), so
//! a `PGHOST` exported for psql can never redirect a command. The one
//! exception is explicit: when the URL carries no password, `PGPASSWORD`
//! supplies it.
//!
//! What is shown of a target (errors, prompts, `doctor`, JSON) is
//! [`PgTarget::shown_url`]: the URL rebuilt from its parts without the
//! password and without any `password=` or `sslpassword=` parameter. A URL
//! that cannot be parsed is never echoed: the error names the part that is
//! wrong.

use std::net::IpAddr;
use std::sync::OnceLock;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sqlx::postgres::PgConnectOptions;
use sqlx::ConnectOptions;
use url::Url;

use super::session::SessionLimits;
use crate::app::error::CliError;

/// The password variable honoured when the URL has none.
pub const PASSWORD_VAR: &str = "PGPASSWORD";

/// Query parameters that carry secrets and are never shown.
const SECRET_PARAMS: &[&str] = &["password", "sslpassword"];

/// What a good URL looks like, for hints.
const URL_FORM: &str = "write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE";

/// What stays unescaped in a rebuilt query parameter.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

static CAPTURED_PASSWORD: OnceLock<Option<String>> = OnceLock::new();

/// Removes every `PG*` variable from the environment, remembering
/// `PGPASSWORD` for URLs without a password. Call before any thread starts.
pub fn capture_env() {
    let password = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty());
    let _ = CAPTURED_PASSWORD.set(password);
    let names: Vec<_> = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_string_lossy().starts_with("PG"))
        .collect();
    for name in names {
        std::env::remove_var(name);
    }
}

fn env_password() -> Option<String> {
    CAPTURED_PASSWORD
        .get_or_init(|| std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty()))
        .clone()
}

/// A parsed, validated Postgres target.
#[derive(Debug, Clone)]
pub struct PgTarget {
    /// What sqlx connects with: the URL's options and the session limits.
    pub options: PgConnectOptions,
    /// The URL's options alone.
    base: PgConnectOptions,
    shown: String,
    password_in_url: bool,
}

/// The host of a URL: the authority's, or a `host=` parameter (a socket
/// directory when it starts with `/`).
fn host_of(url: &Url) -> Option<String> {
    url.host_str()
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| param(url, "host"))
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// Why a URL did not parse, naming the part (and never the URL itself).
fn parse_error(e: url::ParseError) -> CliError {
    use url::ParseError as P;
    let what = match e {
        P::EmptyHost => "the database URL names no host",
        P::InvalidPort => {
            "the database URL's port is not a number (a '/', '?', '#' or '@' in the password must be percent-encoded, e.g. %3F for '?')"
        }
        P::IdnaError
        | P::InvalidIpv4Address
        | P::InvalidIpv6Address
        | P::InvalidDomainCharacter => {
            "the database URL's host is not valid (a '/', '?', '#' or '@' in the user or password must be percent-encoded)"
        }
        P::RelativeUrlWithoutBase => "the database URL does not start with postgresql://",
        _ => "the database URL cannot be parsed",
    };
    CliError::usage(what).hint(URL_FORM)
}

/// The longest identifier Postgres keeps, in bytes (NAMEDATALEN - 1); it
/// silently cuts longer ones, so a longer name would act on another database.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Refuses a name that Postgres would truncate.
fn check_identifier_length(what: &str, name: &str) -> Result<(), CliError> {
    if name.len() <= MAX_IDENTIFIER_BYTES {
        return Ok(());
    }
    let mut kept = MAX_IDENTIFIER_BYTES;
    while !name.is_char_boundary(kept) {
        kept -= 1;
    }
    Err(CliError::usage(format!(
        "the {what} in the database URL is {} bytes long; Postgres keeps only {MAX_IDENTIFIER_BYTES} and would use '{}' instead",
        name.len(),
        name[..kept].escape_debug()
    ))
    .hint(format!("use a {what} of at most {MAX_IDENTIFIER_BYTES} bytes")))
}

impl PgTarget {
    /// Parses and checks a URL: scheme, host, port and database must be
    /// there. The password comes from the URL, else from `PGPASSWORD`.
    pub fn parse(raw: &str) -> Result<Self, CliError> {
        let url = Url::parse(raw.trim()).map_err(parse_error)?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(CliError::usage(format!(
                "the database URL has the scheme '{}', not postgresql://",
                url.scheme()
            ))
            .hint(URL_FORM));
        }
        if host_of(&url).is_none() {
            return Err(CliError::usage("the database URL names no host").hint(URL_FORM));
        }
        if url.port().is_none() && param(&url, "port").is_none() {
            return Err(CliError::usage(
                "the database URL names no port (5432 is Postgres' usual one)",
            )
            .hint(URL_FORM));
        }
        let path = url.path().trim_start_matches('/');
        if path.is_empty() && param(&url, "dbname").is_none() {
            return Err(CliError::usage("the database URL names no database").hint(URL_FORM));
        }
        const SSL_MODES: [&str; 6] = [
            "disable",
            "allow",
            "prefer",
            "require",
            "verify-ca",
            "verify-full",
        ];
        for name in ["sslmode", "ssl-mode"] {
            if let Some(mode) =
                param(&url, name).filter(|m| !SSL_MODES.contains(&m.to_ascii_lowercase().as_str()))
            {
                return Err(CliError::usage(format!(
                    "the database URL's {name} is '{}', not a mode Postgres knows",
                    mode.escape_debug()
                ))
                .hint(format!(
                    "use one of {} (RDS: verify-full with sslrootcert)",
                    SSL_MODES.join(", ")
                )));
            }
        }
        let mut options = PgConnectOptions::from_url(&url).map_err(|_| {
            CliError::usage(
                "the database URL has a part that is not valid percent-encoded text (user, password, database or a parameter)",
            )
            .hint(URL_FORM)
        })?;
        check_identifier_length("database name", options.get_database().unwrap_or_default())?;
        check_identifier_length("user name", options.get_username())?;
        let password_in_url =
            url.password().is_some() || url.query_pairs().any(|(k, _)| is_secret_param(&k));
        if url.password().is_none() && param(&url, "password").is_none() {
            if let Some(pw) = env_password() {
                options = options.password(&pw);
            }
        }
        let base = options.application_name("cruddur");
        Ok(PgTarget {
            options: SessionLimits::default().apply(base.clone()),
            base,
            shown: shown_url(&url),
            password_in_url,
        })
    }

    /// The target with other session limits than the defaults.
    pub fn with_limits(mut self, limits: &SessionLimits) -> Self {
        self.options = limits.apply(self.base.clone());
        self
    }

    /// The URL without its secrets: what every output shows.
    pub fn shown_url(&self) -> &str {
        &self.shown
    }

    /// True when the URL itself carries a password.
    pub fn has_password_in_url(&self) -> bool {
        self.password_in_url
    }

    /// `host:port/database`, for messages.
    pub fn address(&self) -> String {
        super::address(&self.options)
    }

    /// True when the server is on this machine: a Unix socket, `localhost`
    /// or a loopback address. Any other host counts as remote.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.options)
    }
}

/// See [`PgTarget::is_loopback`].
pub fn is_loopback(options: &PgConnectOptions) -> bool {
    if options.get_socket().is_some() {
        return true;
    }
    let host = options
        .get_host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.starts_with('/')
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn is_secret_param(key: &str) -> bool {
    SECRET_PARAMS.contains(&key.to_ascii_lowercase().as_str())
}

/// The URL rebuilt without the password and without secret parameters.
fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    shown.set_fragment(None);
    // Percent-encoded (a space is %20, not '+'), as libpq reads it.
    let encode = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
    let kept: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| !is_secret_param(k))
        .map(|(k, v)| format!("{}={}", encode(&k), encode(&v)))
        .collect();
    shown.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> PgTarget {
        PgTarget::parse(url).unwrap()
    }

    fn error(url: &str) -> String {
        let e = PgTarget::parse(url).unwrap_err();
        assert_eq!(e.kind, crate::app::error::ErrorKind::Usage);
        e.to_string()
    }

    #[test]
    fn shown_url_drops_the_password_and_secret_parameters() {
        let t = parse("postgresql://cruddurroot:s3cr%40t@db.example.com:5432/cruddur?sslmode=require&password=other&sslpassword=keypass&application_name=x");
        assert!(t.has_password_in_url());
        let shown = t.shown_url();
        assert_eq!(
            shown,
            "postgresql://cruddurroot@db.example.com:5432/cruddur?sslmode=require&application_name=x"
        );
        for secret in ["s3cr", "other", "keypass", "password"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn a_password_only_in_the_query_counts_as_in_the_url() {
        let t = parse("postgresql://u@h.example:5432/db?Password=qs-secret");
        assert!(t.has_password_in_url());
        assert!(!t.shown_url().contains("qs-secret"), "{}", t.shown_url());
    }

    #[test]
    fn unparsable_urls_name_the_part_and_never_echo_the_url() {
        // '?' in the password ends the authority: the "port" is "pa".
        let line = error("postgresql://u:pa?ss@h/db");
        assert!(line.contains("port"), "{line}");
        assert!(!line.contains("pa?ss") && !line.contains("ss@h"), "{line}");
        assert!(error("postgresql://u:pw@:5432/db").contains("no host"));
        assert!(error("postgresql://u:pw@h.example/db").contains("no port"));
        assert!(error("postgresql://u:pw@h.example:5432").contains("no database"));
        assert!(error("postgresql://u:pw@h.example:5432/").contains("no database"));
        assert!(error("mysql://u:pw@h.example:5432/db").contains("scheme"));
        assert!(error("not a url with pw").contains("postgresql://"));
    }

    #[test]
    fn an_unknown_sslmode_is_named_as_such() {
        let line = error("postgresql://u@h.example:5432/db?sslmode=garbage");
        assert_eq!(
            line,
            "the database URL's sslmode is 'garbage', not a mode Postgres knows; use one of disable, allow, prefer, require, verify-ca, verify-full (RDS: verify-full with sslrootcert)"
        );
        assert_eq!(
            parse("postgresql://u@h.example:5432/db?sslmode=verify-full")
                .options
                .get_database(),
            Some("db")
        );
    }

    #[test]
    fn names_postgres_would_truncate_are_refused() {
        let long = "d".repeat(64);
        let line = error(&format!("postgresql://u@h.example:5432/{long}"));
        assert!(
            line.contains("database name in the database URL is 64 bytes long"),
            "{line}"
        );
        assert!(line.contains(&format!("'{}'", "d".repeat(63))), "{line}");
        let line = error(&format!(
            "postgresql://{}@h.example:5432/db",
            "u".repeat(70)
        ));
        assert!(
            line.contains("user name in the database URL is 70 bytes long"),
            "{line}"
        );
        // 63 bytes is kept whole; a multi-byte name is measured in bytes.
        assert_eq!(
            parse(&format!("postgresql://u@h.example:5432/{}", "d".repeat(63)))
                .options
                .get_database()
                .map(str::len),
            Some(63)
        );
        let line = error(&format!("postgresql://u@h.example:5432/{}", "é".repeat(32)));
        assert!(line.contains("64 bytes long"), "{line}");
    }

    #[test]
    fn parts_are_decoded() {
        let t = parse("postgresql://cruddurroot:p%40ss%3Aw%2Frd%25@db.example.com:5433/cruddur");
        assert_eq!(t.options.get_username(), "cruddurroot");
        assert_eq!(t.options.get_host(), "db.example.com");
        assert_eq!(t.options.get_port(), 5433);
        assert_eq!(t.options.get_database(), Some("cruddur"));
        assert_eq!(t.address(), "db.example.com:5433/cruddur");
        assert_eq!(
            t.shown_url(),
            "postgresql://cruddurroot@db.example.com:5433/cruddur"
        );
    }

    #[test]
    fn loopback_hosts_are_local_and_others_remote() {
        for url in [
            "postgresql://u@127.0.0.1:5432/d",
            "postgresql://u@127.0.0.2:5432/d",
            "postgresql://u@localhost:5432/d",
            "postgresql://u@[::1]:5432/d",
            "postgresql:///d?host=/var/run/postgresql&port=5432",
        ] {
            assert!(parse(url).is_loopback(), "{url}");
        }
        for url in [
            "postgresql://u@db.example.com:5432/d",
            "postgresql://u@10.0.0.5:5432/d",
            "postgresql://u@localhost.example.com:5432/d",
        ] {
            assert!(!parse(url).is_loopback(), "{url}");
        }
    }
}
