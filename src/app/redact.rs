//! No secret in any line: every URL a message shows is printed without its
//! user info and with its query values hidden (a Postgres URL keeps its
//! user and loses its password and `password=` values), and the secrets of
//! the URLs the run was given (passwords, tokens in query strings) are
//! hidden wherever else they would appear (an SDK error's Debug form, say).
//!
//! [`capture_env`] remembers the secrets of every URL in the environment
//! at start; [`remember_url`] those of a URL given otherwise (a flag).
//! [`text`] is applied to every line cruddur writes to stderr.

use std::sync::{Mutex, OnceLock};

/// What a hidden value is replaced with.
pub const HIDDEN: &str = "***";

/// Secrets shorter than this are hidden inside URLs only: a two-letter
/// password would otherwise hide every word it is part of.
const SHORTEST_SECRET: usize = 4;

fn secrets() -> &'static Mutex<Vec<String>> {
    static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Vec::new()))
}

/// Whether a URL scheme is Postgres's (its user name is shown).
fn is_postgres(scheme: &str) -> bool {
    matches!(scheme, "postgres" | "postgresql")
}

/// Query parameters of a Postgres URL that hold secrets.
fn postgres_secret_param(key: &str) -> bool {
    matches!(key, "password" | "sslpassword")
}

/// A password spelled as a placeholder in a hint (`USER:PASSWORD@HOST`):
/// capitals and `_` only. It hides nothing.
fn placeholder(password: &str) -> bool {
    !password.is_empty() && password.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// Remembers the secrets of `raw`: its password and its query values (a
/// Postgres URL's `password=` ones). User names are hidden where a URL
/// shows them, not everywhere: `admin` is a word too.
pub fn remember_url(raw: &str) {
    let Ok(url) = url::Url::parse(raw.trim()) else {
        return;
    };
    let postgres = is_postgres(url.scheme());
    let mut found: Vec<String> = Vec::new();
    if let Some(p) = url.password() {
        found.push(p.to_string());
    }
    for (k, v) in url.query_pairs() {
        if !postgres || postgres_secret_param(&k) {
            found.push(v.into_owned());
        }
    }
    let mut all = secrets().lock().unwrap_or_else(|e| e.into_inner());
    for s in found {
        let decoded = percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned();
        for v in [s, decoded] {
            if v.chars().count() >= SHORTEST_SECRET && !all.contains(&v) {
                all.push(v);
            }
        }
    }
    // Longer first, so that a secret inside another is not half hidden.
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// Remembers the secrets of every URL in the environment (endpoints,
/// database URLs, the address service). Call before anything prints.
pub fn capture_env() {
    for (_, value) in std::env::vars_os() {
        if let Some(v) = value.to_str().filter(|v| v.contains("://")) {
            remember_url(v);
        }
    }
}

/// `raw` as messages show it: no user info (a Postgres URL keeps its user
/// name), query values hidden (a Postgres URL's `password=` ones), no
/// fragment. Text that does not parse as a URL is returned with anything
/// between `://` and an `@` hidden.
pub fn url(raw: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(raw) else {
        return crude(raw);
    };
    if parsed.cannot_be_a_base() {
        return raw.to_string();
    }
    let postgres = is_postgres(parsed.scheme());
    let had_secret = parsed.password().is_some_and(|p| !placeholder(p))
        || (!postgres && !parsed.username().is_empty())
        || parsed.query().is_some_and(|q| !q.is_empty())
        || parsed.fragment().is_some();
    if !had_secret {
        return raw.to_string();
    }
    if parsed.password().is_some_and(|p| !placeholder(p)) {
        let _ = parsed.set_password(None);
    }
    if !postgres {
        let _ = parsed.set_username("");
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let hide = !postgres || postgres_secret_param(&k);
            (
                k.into_owned(),
                if hide {
                    HIDDEN.to_string()
                } else {
                    v.into_owned()
                },
            )
        })
        .collect();
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parsed.set_query(Some(&query.join("&")));
    }
    parsed.set_fragment(None);
    let mut shown = parsed.to_string();
    // The URL as written had no trailing slash: do not add one.
    if !raw.ends_with('/') && parsed.path() == "/" && !shown.contains('?') {
        shown = shown.trim_end_matches('/').to_string();
    }
    shown
}

/// Hides what lies between `://` and the last `@` before the host's end.
fn crude(raw: &str) -> String {
    let Some(start) = raw.find("://").map(|i| i + 3) else {
        return raw.to_string();
    };
    let rest = &raw[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{}{}{}", &raw[..start], HIDDEN, &rest[at..]),
        None => raw.to_string(),
    }
}

/// Where a URL that starts at byte `start` of `s` ends: at whitespace, a
/// quote, a bracket, or trailing punctuation.
fn url_end(s: &str, start: usize) -> usize {
    let rest = &s[start..];
    let mut end = rest
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>' | ')' | ']' | '}')
        })
        .unwrap_or(rest.len());
    while end > 0 && rest[..end].ends_with(['.', ',', ';', ':']) {
        end -= 1;
    }
    start + end
}

/// `s` with every URL shown as [`url`] shows it and every remembered secret hidden.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(found) = s[i..].find("://") {
        let at = i + found;
        // The scheme: the letters, digits, `+`, `-`, `.` just before `://`.
        let scheme_start = s[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |p| p + 1);
        if scheme_start == at {
            out.push_str(&s[i..at + 3]);
            i = at + 3;
            continue;
        }
        let end = url_end(s, at + 3);
        out.push_str(&s[i..scheme_start]);
        out.push_str(&url(&s[scheme_start..end]));
        i = end;
    }
    out.push_str(&s[i..]);
    let all = secrets().lock().unwrap_or_else(|e| e.into_inner());
    for secret in all.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), HIDDEN);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_user_info_and_query_values() {
        let cases = [
            (
                "http://bob:TopSecret1@127.0.0.1:8000/?token=TopSecret2",
                "http://127.0.0.1:8000/?token=***",
            ),
            (
                "https://key@ip.example.com/ip?format=text&sig=abc",
                "https://ip.example.com/ip?format=***&sig=***",
            ),
            ("http://localhost:8000", "http://localhost:8000"),
            ("http://localhost:8000/", "http://localhost:8000/"),
            ("http://u:p@localhost:8000", "http://localhost:8000"),
            (
                "postgresql://app:pw@db:5432/cruddur?sslmode=require&password=x",
                "postgresql://app@db:5432/cruddur?sslmode=require&password=***",
            ),
            (
                "postgresql://postgres@127.0.0.1:5432/cruddur",
                "postgresql://postgres@127.0.0.1:5432/cruddur",
            ),
            ("http://u:p@[::1", "http://***@[::1"),
            (
                "postgresql://USER:PASSWORD@HOST:5432/cruddur",
                "postgresql://USER:PASSWORD@HOST:5432/cruddur",
            ),
        ];
        let mut seen = 0;
        for (raw, want) in cases {
            assert_eq!(url(raw), want, "{raw}");
            seen += 1;
        }
        assert_eq!(seen, cases.len());
    }

    #[test]
    fn text_hides_every_url_and_remembered_secret() {
        remember_url("http://alice:Wonderland42@10.0.0.1:8000/?token=Cheshire99");
        let line = "error: DynamoDB at http://alice:Wonderland42@10.0.0.1:8000/?token=Cheshire99 is not reachable (connect to alice:Wonderland42@10.0.0.1 with \"Cheshire99\").";
        assert_eq!(
            text(line),
            "error: DynamoDB at http://10.0.0.1:8000/?token=*** is not reachable (connect to alice:***@10.0.0.1 with \"***\")."
        );
        assert_eq!(text("no url: a://b and ://c"), "no url: a://b and ://c");
    }
}
