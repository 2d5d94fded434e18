//! A run's whole output as a snapshot takes it, with what changes from run
//! to run replaced by stable words, and its one error line.

use assert_cmd::assert::Assert;
use serde_json::Value;

use super::services;

/// The whole outcome of a command, for a snapshot: exit code, stdout, stderr.
pub fn transcript(assert: &Assert) -> String {
    let out = assert.get_output();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or_else(|| "signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// [`transcript`] with what changes from run to run replaced by a stable
/// word, so it can be a snapshot: the `replace` pairs (a table's generated
/// name, a temporary path), then the test services' addresses (DDB_URL,
/// MOTO_URL, PG_SERVER), durations (`0.12s` and `"seconds": 0.12` become
/// `Ts` and `"seconds": T`) and process ids (`pid 4242` becomes `pid PID`).
pub fn transcript_with(assert: &Assert, replace: &[(&str, &str)]) -> String {
    stable(&transcript(assert), replace)
}

/// `text` made stable as [`transcript_with`] makes a transcript.
pub fn stable(text: &str, replace: &[(&str, &str)]) -> String {
    let s = services();
    let pg_server = s
        .pg_url
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut text = text.to_string();
    let addresses = [
        (s.ddb_url.as_str(), "DDB_URL"),
        (s.moto_url.as_str(), "MOTO_URL"),
        (pg_server, "PG_SERVER"),
    ];
    for (from, to) in replace.iter().chain(addresses.iter()) {
        assert!(!from.is_empty(), "nothing to replace");
        text = text.replace(from, to);
    }
    let text = durations(&text);
    let text = numbers_after(&text, "\"seconds\": ", "T");
    let text = numbers_after(&text, "\"seconds\":", "T");
    numbers_after(&text, "pid ", "PID")
}

/// Every number (digits, maybe a fraction) right after `prefix` replaced
/// by `word`.
fn numbers_after(text: &str, prefix: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let number = after
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(after.len());
        out.push_str(&rest[..at + prefix.len()]);
        if number > 0 && after.as_bytes()[0].is_ascii_digit() {
            out.push_str(word);
            rest = &after[number..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Every duration as the commands print it, `SECONDS.FRACTIONs` standing
/// alone (`(0.12s)`, `in 3.40s`), replaced by `Ts`.
fn durations(text: &str) -> String {
    let bytes = text.as_bytes();
    let alone = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'.');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() && (i == 0 || alone(bytes.get(i - 1)));
        if starts {
            let digits = |from: usize| {
                (from..bytes.len())
                    .find(|&k| !bytes[k].is_ascii_digit())
                    .unwrap_or(bytes.len())
            };
            let whole = digits(i);
            if bytes.get(whole) == Some(&b'.') {
                let fraction = digits(whole + 1);
                if fraction > whole + 1
                    && bytes.get(fraction) == Some(&b's')
                    && alone(bytes.get(fraction + 1))
                {
                    out.push_str("Ts");
                    i = fraction + 1;
                    continue;
                }
            }
        }
        let c = text[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

pub fn stderr_of(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

pub fn stdout_of(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// stdout of a successful run parsed as JSON.
pub fn json_of(assert: &Assert) -> Value {
    let out = &assert.get_output().stdout;
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// The one JSON line an `--output json` run prints on stderr when it fails,
/// `{"error":{"kind":...,"message":...,"hint":...}}`, parsed; stderr must
/// hold nothing else.
pub fn json_error(stderr: &str) -> Value {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "want one JSON error line, stderr was:\n{stderr}"
    );
    let v: Value = serde_json::from_str(lines[0])
        .unwrap_or_else(|e| panic!("the error line is not JSON ({e}): {stderr}"));
    let e = &v["error"];
    assert!(e["kind"].is_string(), "{stderr}");
    assert!(e["message"].is_string(), "{stderr}");
    assert!(e["hint"].is_string() || e["hint"].is_null(), "{stderr}");
    v
}

/// Asserts that stderr is exactly one `error:` line, and returns it. With
/// `--output json` the error is one JSON line; it comes back as the line
/// `error: MESSAGE; HINT` that the same error prints without JSON.
pub fn assert_one_error_line(assert: &Assert) -> String {
    let err = stderr_of(assert);
    if err.lines().any(|l| l.starts_with("{\"error\":")) {
        let v = json_error(&err);
        let e = &v["error"];
        let message = e["message"].as_str().expect("a message");
        return match e["hint"].as_str() {
            Some(hint) => format!("error: {message}; {hint}"),
            None => format!("error: {message}"),
        };
    }
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "want one error line, stderr was:\n{err}");
    assert!(!err.contains("panicked"), "panic in stderr:\n{err}");
    errors[0].to_string()
}

/// The rows of the ASCII table a command prints, header first, each cell
/// trimmed (the rule under the header left out).
pub fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|-"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}
