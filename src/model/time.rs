//! The `sk` timestamp format: UTC, six-digit microseconds, `+00:00`
//! (`2026-11-22T03:06:14.506958+00:00`). Written strictly, read leniently.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// Formats a time as an `sk` value.
pub fn format_sk(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// Reads an `sk` value: RFC 3339 with any offset and precision, or a naive
/// date-time (`T` or space separated, with or without fractions) taken as UTC.
pub fn parse_sk(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    const ZONED: [&str; 3] = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    const NAIVE: [&str; 3] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ];
    let zoned = |f: &&str| {
        DateTime::parse_from_str(s, f)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let naive = |f: &&str| {
        let t = NaiveDateTime::parse_from_str(s, f).ok()?;
        Some(Utc.from_utc_datetime(&t))
    };
    ZONED
        .iter()
        .find_map(zoned)
        .or_else(|| NAIVE.iter().find_map(naive))
}

/// True when `a` is strictly earlier than `b`: by time when both parse, by
/// string order otherwise (the strict format sorts as text).
pub fn is_before(a: &str, b: &str) -> bool {
    match (parse_sk(a), parse_sk(b)) {
        (Some(x), Some(y)) => x < y,
        _ => a < b,
    }
}

/// A short local-readable form for tables: `2026-11-22 03:06`.
pub fn display_short(sk: &str) -> String {
    match parse_sk(sk) {
        Some(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        None => sk.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_six_digit_micros_and_utc_offset() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 3, 6, 14).unwrap()
            + chrono::Duration::microseconds(506_958);
        assert_eq!(format_sk(t), "2026-11-22T03:06:14.506958+00:00");
        let whole = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(format_sk(whole), "2025-01-02T03:04:05.000000+00:00");
    }

    #[test]
    fn reads_older_shapes() {
        let want = Utc.with_ymd_and_hms(2023, 3, 20, 10, 0, 0).unwrap();
        for s in [
            "2023-03-20T10:00:00+00:00",
            "2023-03-20T10:00:00.000000+00:00",
            "2023-03-20T10:00:00Z",
            "2023-03-20T10:00:00",
            "2023-03-20 10:00:00.000",
            "2023-03-20T12:00:00+02:00",
        ] {
            assert_eq!(parse_sk(s), Some(want), "{s}");
        }
        assert_eq!(parse_sk("yesterday"), None);
    }

    #[test]
    fn round_trips() {
        let now = Utc::now();
        let s = format_sk(now);
        assert_eq!(
            parse_sk(&s).unwrap().timestamp_micros(),
            now.timestamp_micros()
        );
    }

    #[test]
    fn compares_by_time_across_formats() {
        assert!(is_before(
            "2023-03-20T10:00:00",
            "2023-03-20T10:00:00.000001+00:00"
        ));
        assert!(!is_before(
            "2023-03-20T12:00:00+02:00",
            "2023-03-20T10:00:00Z"
        ));
        assert!(is_before(
            "2025-12-31T23:59:59.999999+00:00",
            "2026-01-01T00:00:00.000000+00:00"
        ));
    }
}
