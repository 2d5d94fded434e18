//! DynamoDB attribute values as JSON: plain (`{"pk": "MSG#..."}`) for people
//! and scripts, or typed (`{"pk": {"S": "MSG#..."}}`) as the API writes them.
//!
//! Numbers are written exactly as DynamoDB stores them (up to 38 digits, no
//! rounding through floating point); binary is standard base64.

use std::collections::HashMap;
use std::str::FromStr;

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

/// Plain JSON: strings, numbers, booleans, null, arrays and objects; sets as
/// arrays; binary as base64 text. Sets and binary cannot be told apart from
/// lists and strings afterwards: typed JSON keeps every type.
pub fn to_plain(v: &AttributeValue) -> Value {
    match v {
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
        AttributeValue::L(l) => Value::Array(l.iter().map(to_plain).collect()),
        AttributeValue::M(m) => item_to_plain(m),
        _ => Value::Null,
    }
}

/// Typed JSON in the DynamoDB wire format.
pub fn to_typed(v: &AttributeValue) -> Value {
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
        AttributeValue::L(l) => ("L", Value::Array(l.iter().map(to_typed).collect())),
        AttributeValue::M(m) => ("M", item_to_typed(m)),
        _ => ("NULL", Value::Bool(true)),
    };
    let mut obj = Map::new();
    obj.insert(tag.to_string(), value);
    Value::Object(obj)
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

pub fn item_to_plain(item: &Item) -> Value {
    Value::Object(
        sorted(item)
            .into_iter()
            .map(|(k, v)| (k.clone(), to_plain(v)))
            .collect(),
    )
}

pub fn item_to_typed(item: &Item) -> Value {
    Value::Object(
        sorted(item)
            .into_iter()
            .map(|(k, v)| (k.clone(), to_typed(v)))
            .collect(),
    )
}

/// A one-line summary of an item's attributes other than `skip`, for tables.
pub fn summary(item: &Item, skip: &[&str], value_width: usize) -> String {
    sorted(item)
        .into_iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let text = match to_plain(v) {
                Value::String(s) => s,
                other => other.to_string(),
            };
            format!("{k}={}", crate::output::truncate(&text, value_width))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The string value of an attribute, if it is a string.
pub fn get_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// A DynamoDB Streams attribute value as the DynamoDB client's type (the two
/// SDK crates each define their own).
pub fn from_stream(v: &aws_sdk_dynamodbstreams::types::AttributeValue) -> AttributeValue {
    use aws_sdk_dynamodbstreams::types::AttributeValue as S;
    match v {
        S::S(s) => AttributeValue::S(s.clone()),
        S::N(n) => AttributeValue::N(n.clone()),
        S::Bool(b) => AttributeValue::Bool(*b),
        S::Null(b) => AttributeValue::Null(*b),
        S::B(b) => AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(b.as_ref())),
        S::Ss(ss) => AttributeValue::Ss(ss.clone()),
        S::Ns(ns) => AttributeValue::Ns(ns.clone()),
        S::Bs(bs) => AttributeValue::Bs(
            bs.iter()
                .map(|b| aws_sdk_dynamodb::primitives::Blob::new(b.as_ref()))
                .collect(),
        ),
        S::L(l) => AttributeValue::L(l.iter().map(from_stream).collect()),
        S::M(m) => AttributeValue::M(m.iter().map(|(k, v)| (k.clone(), from_stream(v))).collect()),
        _ => AttributeValue::Null(true),
    }
}

/// A stream record's image as an item.
pub fn item_from_stream(
    image: &HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>,
) -> Item {
    image
        .iter()
        .map(|(k, v)| (k.clone(), from_stream(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::primitives::Blob;

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
        let plain = item_to_plain(&item);
        assert_eq!(
            plain.to_string(),
            r#"{"pk":"a","sk":"b","count":42,"l":["z"],"m":{"n":1.5},"nothing":null,"ok":true,"raw":"aGk=","tags":["x"]}"#
        );
        let typed = item_to_typed(&item);
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
            let plain = item_to_plain(&item).to_string();
            assert_eq!(plain, format!(r#"{{"n":{n},"ns":[{n}]}}"#));
            let typed = item_to_typed(&item).to_string();
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
        assert_eq!(summary(&item, &["pk"], 8), "message=a long … n=7");
    }
}
