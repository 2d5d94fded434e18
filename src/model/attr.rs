//! DynamoDB attribute values as JSON: plain (`{"pk": "MSG#..."}`) for people
//! and scripts, or typed (`{"pk": {"S": "MSG#..."}}`) as the API writes them.
//!
//! Numbers are written exactly as DynamoDB stores them (up to 38 digits, no
//! rounding through floating point); binary is standard base64.

use std::collections::HashMap;
use std::str::FromStr;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde_json::{Map, Number, Value};

pub type Item = HashMap<String, AttributeValue>;

/// A DynamoDB number as a JSON number with the same digits. DynamoDB's
/// numbers are decimal text; one that is not valid JSON number text stays a
/// string rather than being rounded.
fn number(n: &str) -> Value {
    Number::from_str(n)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(n.to_string()))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

/// Why an attribute value cannot be written out: its type is one this build
/// does not know (DynamoDB added it after the SDK was generated). It is an
/// error rather than a NULL, so no export or copy changes data silently.
const UNKNOWN_TYPE: &str =
    "its type is one this build of cruddur does not know (newer than its AWS SDK)";

fn unknown<T>(path: &str) -> Result<T, DecodeError> {
    fail(path, UNKNOWN_TYPE)
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Plain JSON: strings, numbers, booleans, null, arrays and objects; sets as
/// arrays; binary as base64 text. Sets and binary cannot be told apart from
/// lists and strings afterwards: typed JSON keeps every type.
pub fn to_plain(v: &AttributeValue) -> Result<Value, DecodeError> {
    plain_out(v, "")
}

fn plain_out(v: &AttributeValue, path: &str) -> Result<Value, DecodeError> {
    Ok(match v {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => number(n),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::B(b) => Value::String(base64(b.as_ref())),
        AttributeValue::Ss(ss) => Value::Array(ss.iter().cloned().map(Value::String).collect()),
        AttributeValue::Ns(ns) => Value::Array(ns.iter().map(|n| number(n)).collect()),
        AttributeValue::Bs(bs) => Value::Array(
            bs.iter()
                .map(|b| Value::String(base64(b.as_ref())))
                .collect(),
        ),
        AttributeValue::L(l) => Value::Array(
            l.iter()
                .enumerate()
                .map(|(i, v)| plain_out(v, &index(path, i)))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::M(m) => map_at(m, path, plain_out)?,
        _ => return unknown(path),
    })
}

/// Typed JSON in the DynamoDB wire format.
pub fn to_typed(v: &AttributeValue) -> Result<Value, DecodeError> {
    typed_out(v, "")
}

fn typed_out(v: &AttributeValue, path: &str) -> Result<Value, DecodeError> {
    let (tag, value) = match v {
        AttributeValue::S(s) => ("S", Value::String(s.clone())),
        AttributeValue::N(n) => ("N", Value::String(n.clone())),
        AttributeValue::Bool(b) => ("BOOL", Value::Bool(*b)),
        AttributeValue::Null(b) => ("NULL", Value::Bool(*b)),
        AttributeValue::B(b) => ("B", Value::String(base64(b.as_ref()))),
        AttributeValue::Ss(ss) => (
            "SS",
            Value::Array(ss.iter().cloned().map(Value::String).collect()),
        ),
        AttributeValue::Ns(ns) => (
            "NS",
            Value::Array(ns.iter().cloned().map(Value::String).collect()),
        ),
        AttributeValue::Bs(bs) => (
            "BS",
            Value::Array(
                bs.iter()
                    .map(|b| Value::String(base64(b.as_ref())))
                    .collect(),
            ),
        ),
        AttributeValue::L(l) => (
            "L",
            Value::Array(
                l.iter()
                    .enumerate()
                    .map(|(i, v)| typed_out(v, &index(path, i)))
                    .collect::<Result<_, _>>()?,
            ),
        ),
        AttributeValue::M(m) => ("M", map_at(m, path, typed_out)?),
        _ => return unknown(path),
    };
    let mut obj = Map::new();
    obj.insert(tag.to_string(), value);
    Ok(Value::Object(obj))
}

/// A map's (or an item's) attributes in a stable order, each written by `write`.
fn map_at(
    m: &Item,
    path: &str,
    write: fn(&AttributeValue, &str) -> Result<Value, DecodeError>,
) -> Result<Value, DecodeError> {
    Ok(Value::Object(
        sorted(m)
            .into_iter()
            .map(|(k, v)| Ok((k.clone(), write(v, &child(path, k))?)))
            .collect::<Result<_, DecodeError>>()?,
    ))
}

fn sorted(item: &Item) -> Vec<(&String, &AttributeValue)> {
    let mut pairs: Vec<_> = item.iter().collect();
    pairs.sort_by(|a, b| key_rank(a.0).cmp(&key_rank(b.0)).then(a.0.cmp(b.0)));
    pairs
}

/// Keys first, then the rest alphabetically, so output is stable.
fn key_rank(name: &str) -> u8 {
    match name {
        "pk" => 0,
        "sk" => 1,
        _ => 2,
    }
}

pub fn item_to_plain(item: &Item) -> Result<Value, DecodeError> {
    map_at(item, "", plain_out)
}

pub fn item_to_typed(item: &Item) -> Result<Value, DecodeError> {
    map_at(item, "", typed_out)
}

/// A one-line summary of an item's attributes other than `skip`, for
/// tables: `name=value`, each value as `shorten` shows it (the table cuts
/// it to its column).
pub fn item_summary(
    item: &Item,
    skip: &[&str],
    shorten: impl Fn(&str) -> String,
) -> Result<String, DecodeError> {
    Ok(sorted(item)
        .into_iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let text = match plain_out(v, k)? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            Ok(format!("{k}={}", shorten(&text)))
        })
        .collect::<Result<Vec<_>, DecodeError>>()?
        .join(" "))
}

/// The string value of an attribute, if it is a string.
pub fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// Why a JSON value is not a DynamoDB attribute value, and where in the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// `name`, `name.inner`, `name[2]`; empty for the item itself.
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "attribute '{}': {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for DecodeError {}

fn fail<T>(path: &str, reason: impl Into<String>) -> Result<T, DecodeError> {
    Err(DecodeError {
        path: path.to_string(),
        reason: reason.into(),
    })
}

fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// The most significant digits a DynamoDB number keeps.
const MAX_DIGITS: usize = 38;

/// Checks that `n` is a number DynamoDB accepts: decimal text with at most
/// 38 significant digits, magnitude between 1E-130 and under 1E+126.
pub fn check_number(n: &str) -> Result<(), String> {
    let bad = || format!("\"{n}\" is not a number");
    let unsigned = n.strip_prefix('-').unwrap_or(n);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => {
            let exp = &unsigned[i + 1..];
            let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            (&unsigned[..i], exp.parse::<i64>().map_err(|_| bad())?)
        }
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0');
    if significant.is_empty() {
        return Ok(()); // zero
    }
    let digits = significant.trim_end_matches('0').len();
    if digits > MAX_DIGITS {
        return Err(format!(
            "\"{n}\" has {digits} significant digits; DynamoDB keeps at most {MAX_DIGITS}"
        ));
    }
    // Position of the leading digit as a power of ten.
    let leading_zeros = all.len() - significant.len();
    let magnitude = int.len() as i64 - 1 - leading_zeros as i64 + exponent;
    if !(-130..=125).contains(&magnitude) {
        return Err(format!(
            "\"{n}\" is out of DynamoDB's range (1E-130 to 9.9999999999999999999999999999999999999E+125)"
        ));
    }
    Ok(())
}

fn text<'a>(v: &'a Value, path: &str, what: &str) -> Result<&'a str, DecodeError> {
    v.as_str()
        .map_or_else(|| fail(path, format!("{what} must be a JSON string")), Ok)
}

fn number_text(v: &Value, path: &str) -> Result<String, DecodeError> {
    let n = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return fail(path, "N must be a number in a JSON string"),
    };
    check_number(&n).or_else(|reason| fail(path, reason))?;
    Ok(n)
}

fn binary(v: &Value, path: &str) -> Result<Blob, DecodeError> {
    let s = text(v, path, "B")?;
    BASE64
        .decode(s)
        .map(Blob::new)
        .or_else(|e| fail(path, format!("B is not standard base64 ({e})")))
}

fn set<T>(
    v: &Value,
    path: &str,
    tag: &str,
    each: impl Fn(&Value) -> Result<T, DecodeError>,
    key: impl Fn(&T) -> Vec<u8>,
) -> Result<Vec<T>, DecodeError> {
    let Some(values) = v.as_array() else {
        return fail(path, format!("{tag} must be a JSON array"));
    };
    if values.is_empty() {
        return fail(
            path,
            format!("{tag} is empty; DynamoDB sets hold at least one value"),
        );
    }
    let out = values.iter().map(each).collect::<Result<Vec<T>, _>>()?;
    let mut seen = std::collections::HashSet::new();
    if !out.iter().all(|x| seen.insert(key(x))) {
        return fail(path, format!("{tag} holds the same value twice"));
    }
    Ok(out)
}

/// An attribute value from DynamoDB's typed JSON (`{"N": "42"}`), checked
/// as DynamoDB would check it.
pub fn from_typed(v: &Value) -> Result<AttributeValue, DecodeError> {
    typed_at(v, "")
}

fn typed_at(v: &Value, path: &str) -> Result<AttributeValue, DecodeError> {
    let Some(obj) = v.as_object() else {
        return fail(path, "expected a typed value such as {\"S\": \"text\"}");
    };
    let mut entries = obj.iter();
    let (Some((tag, inner)), None) = (entries.next(), entries.next()) else {
        return fail(
            path,
            format!(
                "expected one type (S, N, B, SS, NS, BS, BOOL, NULL, L or M), found {} keys",
                obj.len()
            ),
        );
    };
    Ok(match tag.as_str() {
        "S" => AttributeValue::S(text(inner, path, "S")?.to_string()),
        "N" => AttributeValue::N(number_text(inner, path)?),
        "B" => AttributeValue::B(binary(inner, path)?),
        "BOOL" => match inner {
            Value::Bool(b) => AttributeValue::Bool(*b),
            _ => return fail(path, "BOOL must be true or false"),
        },
        "NULL" => match inner {
            Value::Bool(true) => AttributeValue::Null(true),
            _ => return fail(path, "NULL must be true"),
        },
        "SS" => AttributeValue::Ss(set(
            inner,
            path,
            "SS",
            |x| text(x, path, "each SS value").map(str::to_string),
            |s| s.as_bytes().to_vec(),
        )?),
        "NS" => AttributeValue::Ns(set(
            inner,
            path,
            "NS",
            |x| number_text(x, path),
            |s| s.as_bytes().to_vec(),
        )?),
        "BS" => AttributeValue::Bs(set(
            inner,
            path,
            "BS",
            |x| binary(x, path),
            |b| b.as_ref().to_vec(),
        )?),
        "L" => match inner {
            Value::Array(values) => AttributeValue::L(
                values
                    .iter()
                    .enumerate()
                    .map(|(i, x)| typed_at(x, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return fail(path, "L must be a JSON array"),
        },
        "M" => match inner {
            Value::Object(map) => AttributeValue::M(typed_map(map, path)?),
            _ => return fail(path, "M must be a JSON object"),
        },
        other => {
            return fail(
                path,
                format!("unknown type '{other}' (S, N, B, SS, NS, BS, BOOL, NULL, L or M)"),
            )
        }
    })
}

fn typed_map(map: &Map<String, Value>, path: &str) -> Result<Item, DecodeError> {
    map.iter()
        .map(|(k, v)| Ok((k.clone(), typed_at(v, &child(path, k))?)))
        .collect()
}

/// An item from DynamoDB's typed JSON (`{"pk": {"S": "..."}}`).
pub fn item_from_typed(map: &Map<String, Value>) -> Result<Item, DecodeError> {
    typed_map(map, "")
}

/// An attribute value from plain JSON: string S, number N (every digit
/// kept), true/false BOOL, null NULL, array L, object M.
pub fn from_plain(v: &Value) -> Result<AttributeValue, DecodeError> {
    plain_at(v, "")
}

fn plain_at(v: &Value, path: &str) -> Result<AttributeValue, DecodeError> {
    Ok(match v {
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Number(_) => AttributeValue::N(number_text(v, path)?),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Null => AttributeValue::Null(true),
        Value::Array(values) => AttributeValue::L(
            values
                .iter()
                .enumerate()
                .map(|(i, x)| plain_at(x, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => AttributeValue::M(plain_map(map, path)?),
    })
}

fn plain_map(map: &Map<String, Value>, path: &str) -> Result<Item, DecodeError> {
    map.iter()
        .map(|(k, v)| Ok((k.clone(), plain_at(v, &child(path, k))?)))
        .collect()
}

/// An item from plain JSON.
pub fn item_from_plain(map: &Map<String, Value>) -> Result<Item, DecodeError> {
    plain_map(map, "")
}

/// A DynamoDB Streams attribute value as the DynamoDB client's type (the two
/// SDK crates each define their own).
pub fn from_stream(
    v: &aws_sdk_dynamodbstreams::types::AttributeValue,
) -> Result<AttributeValue, DecodeError> {
    stream_at(v, "")
}

fn stream_at(
    v: &aws_sdk_dynamodbstreams::types::AttributeValue,
    path: &str,
) -> Result<AttributeValue, DecodeError> {
    use aws_sdk_dynamodbstreams::types::AttributeValue as S;
    Ok(match v {
        S::S(s) => AttributeValue::S(s.clone()),
        S::N(n) => AttributeValue::N(n.clone()),
        S::Bool(b) => AttributeValue::Bool(*b),
        S::Null(b) => AttributeValue::Null(*b),
        S::B(b) => AttributeValue::B(Blob::new(b.as_ref())),
        S::Ss(ss) => AttributeValue::Ss(ss.clone()),
        S::Ns(ns) => AttributeValue::Ns(ns.clone()),
        S::Bs(bs) => AttributeValue::Bs(bs.iter().map(|b| Blob::new(b.as_ref())).collect()),
        S::L(l) => AttributeValue::L(
            l.iter()
                .enumerate()
                .map(|(i, v)| stream_at(v, &index(path, i)))
                .collect::<Result<_, _>>()?,
        ),
        S::M(m) => AttributeValue::M(stream_map_at(m, path)?),
        _ => return unknown(path),
    })
}

fn stream_map_at(
    m: &HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>,
    path: &str,
) -> Result<Item, DecodeError> {
    m.iter()
        .map(|(k, v)| Ok((k.clone(), stream_at(v, &child(path, k))?)))
        .collect()
}

/// A stream record's image as an item.
pub fn item_from_stream(
    image: &HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>,
) -> Result<Item, DecodeError> {
    stream_map_at(image, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn plain_and_typed_json() {
        let mut inner = Item::new();
        inner.insert("n".into(), AttributeValue::N("1.5".into()));
        let mut item = Item::new();
        item.insert("sk".into(), AttributeValue::S("b".into()));
        item.insert("pk".into(), AttributeValue::S("a".into()));
        item.insert("count".into(), AttributeValue::N("42".into()));
        item.insert("ok".into(), AttributeValue::Bool(true));
        item.insert("nothing".into(), AttributeValue::Null(true));
        item.insert("tags".into(), AttributeValue::Ss(vec!["x".into()]));
        item.insert("raw".into(), AttributeValue::B(Blob::new("hi")));
        item.insert("m".into(), AttributeValue::M(inner));
        item.insert(
            "l".into(),
            AttributeValue::L(vec![AttributeValue::S("z".into())]),
        );
        let plain = item_to_plain(&item).unwrap();
        assert_eq!(
            plain.to_string(),
            r#"{"pk":"a","sk":"b","count":42,"l":["z"],"m":{"n":1.5},"nothing":null,"ok":true,"raw":"aGk=","tags":["x"]}"#
        );
        let typed = item_to_typed(&item).unwrap();
        assert_eq!(typed["count"], serde_json::json!({"N": "42"}));
        assert_eq!(typed["m"], serde_json::json!({"M": {"n": {"N": "1.5"}}}));
        assert_eq!(typed["nothing"], serde_json::json!({"NULL": true}));
    }

    #[test]
    fn numbers_keep_every_digit() {
        for n in [
            "12345678901234567890123456789012345678",
            "-0.000000000000000000000000000000000000001",
            "1e-130",
            "9.9999999999999999999999999999999999999e+125",
            "0.1",
        ] {
            let mut item = Item::new();
            item.insert("n".into(), AttributeValue::N(n.into()));
            item.insert("ns".into(), AttributeValue::Ns(vec![n.into()]));
            let plain = item_to_plain(&item).unwrap().to_string();
            assert_eq!(plain, format!(r#"{{"n":{n},"ns":[{n}]}}"#));
            let typed = item_to_typed(&item).unwrap().to_string();
            assert_eq!(
                typed,
                format!(r#"{{"n":{{"N":"{n}"}},"ns":{{"NS":["{n}"]}}}}"#)
            );
        }
    }

    #[test]
    fn summary_skips_keys_and_cuts_values() {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("a".into()));
        item.insert(
            "message".into(),
            AttributeValue::S("a long message indeed".into()),
        );
        item.insert("n".into(), AttributeValue::N("7".into()));
        let cut = |t: &str| t.chars().take(3).collect::<String>();
        assert_eq!(
            item_summary(&item, &["pk"], cut).unwrap(),
            "message=a l n=7"
        );
    }

    #[test]
    fn numbers_dynamodb_accepts_and_refuses() {
        for ok in [
            "0",
            "-0.0",
            "42",
            "12345678901234567890123456789012345678",
            "1.2345678901234567890123456789012345678E+125",
            "1E-130",
            "0.000100",
            "1e5",
        ] {
            assert_eq!(check_number(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "-",
            "abc",
            "1.2.3",
            "1e",
            "0x10",
            "+1",
            "123456789012345678901234567890123456789",
            "1E+126",
            "1E-131",
        ] {
            assert!(check_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn typed_json_round_trips_every_type() {
        let mut inner = Item::new();
        inner.insert(
            "deep".into(),
            AttributeValue::L(vec![AttributeValue::M(Item::new())]),
        );
        let mut item = Item::new();
        for (k, v) in [
            ("s", AttributeValue::S("\"quoted\"\nnewline é 😀".into())),
            ("empty", AttributeValue::S(String::new())),
            (
                "n",
                AttributeValue::N("-12345678901234567890123456789012345678".into()),
            ),
            ("b", AttributeValue::B(Blob::new(vec![0u8, 1, 254, 255]))),
            ("ss", AttributeValue::Ss(vec!["a".into(), "b".into()])),
            ("ns", AttributeValue::Ns(vec!["1".into(), "0.5".into()])),
            (
                "bs",
                AttributeValue::Bs(vec![Blob::new("x"), Blob::new("")]),
            ),
            ("bool", AttributeValue::Bool(false)),
            ("null", AttributeValue::Null(true)),
            ("l", AttributeValue::L(vec![])),
            ("m", AttributeValue::M(inner)),
        ] {
            item.insert(k.into(), v);
        }
        let typed = item_to_typed(&item).unwrap();
        let back = item_from_typed(typed.as_object().unwrap()).unwrap();
        assert_eq!(back, item);
    }

    #[test]
    fn bad_typed_values_name_the_attribute() {
        let cases = [
            (
                r#"{"a": {"N": "x"}}"#,
                "attribute 'a': \"x\" is not a number",
            ),
            (
                r#"{"a": {"M": {"b": {"SS": []}}}}"#,
                "attribute 'a.b': SS is empty",
            ),
            (
                r#"{"a": {"L": [{"S": 1}]}}"#,
                "attribute 'a[0]': S must be a JSON string",
            ),
            (
                r#"{"a": {"B": "***"}}"#,
                "attribute 'a': B is not standard base64",
            ),
            (r#"{"a": {"X": 1}}"#, "attribute 'a': unknown type 'X'"),
            (
                r#"{"a": {"S": "x", "N": "1"}}"#,
                "attribute 'a': expected one type",
            ),
            (r#"{"a": "plain"}"#, "attribute 'a': expected a typed value"),
            (
                r#"{"a": {"NS": ["1", "1"]}}"#,
                "attribute 'a': NS holds the same value twice",
            ),
            (
                r#"{"a": {"NULL": false}}"#,
                "attribute 'a': NULL must be true",
            ),
        ];
        for (json, want) in cases {
            let v: Value = serde_json::from_str(json).unwrap();
            let err = item_from_typed(v.as_object().unwrap())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{json}: {err}");
        }
    }

    #[test]
    fn plain_json_maps_to_the_natural_types() {
        let v: Value = serde_json::from_str(
            r#"{"s": "x", "n": 12345678901234567890123456789012345678, "t": true, "z": null, "l": [1, "a"], "m": {}}"#,
        )
        .unwrap();
        let item = item_from_plain(v.as_object().unwrap()).unwrap();
        assert_eq!(item["s"], AttributeValue::S("x".into()));
        assert_eq!(
            item["n"],
            AttributeValue::N("12345678901234567890123456789012345678".into())
        );
        assert_eq!(item["t"], AttributeValue::Bool(true));
        assert_eq!(item["z"], AttributeValue::Null(true));
        assert_eq!(
            item["l"],
            AttributeValue::L(vec![
                AttributeValue::N("1".into()),
                AttributeValue::S("a".into())
            ])
        );
        assert_eq!(item["m"], AttributeValue::M(Item::new()));
        let v: Value = serde_json::from_str(r#"{"n": 1e999}"#).unwrap();
        assert!(item_from_plain(v.as_object().unwrap()).is_err());
    }
}
