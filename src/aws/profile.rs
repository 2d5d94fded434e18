//! The AWS profile of this run, for messages: `--profile`, else
//! AWS_PROFILE, else `default` (the SDK's own choice).

use std::sync::OnceLock;

static PROFILE_FLAG: OnceLock<Option<String>> = OnceLock::new();

/// Keeps `--profile` for [`name`]; the first call wins.
pub fn remember(flag: Option<String>) {
    let _ = PROFILE_FLAG.set(flag);
}

/// The profile's name.
pub fn name() -> String {
    PROFILE_FLAG
        .get()
        .cloned()
        .flatten()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "default".to_string())
}
