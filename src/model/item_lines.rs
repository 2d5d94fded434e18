//! Items as lines of text, one JSON object per line: AWS's DynamoDB JSON
//! export format (`{"Item":{"pk":{"S":"..."}}}`, what "Export to S3" writes
//! in its `data/*.json.gz` files) or plain JSON (`{"pk":"..."}`).

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::attr::{self, DecodeError, Item};

/// The shape of each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFormat {
    /// `{"Item": {...typed...}}`, as DynamoDB's export to S3 writes it: keeps every type.
    DdbJson,
    /// One plain JSON object per line: sets become arrays, binary base64 text.
    Json,
}

impl LineFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LineFormat::DdbJson => "ddb-json",
            LineFormat::Json => "json",
        }
    }
}

/// The key under which an export line holds the item.
const ITEM: &str = "Item";

/// One item as the JSON value of its line; an attribute of a type this
/// build does not know is an error naming it.
pub fn line_value(item: &Item, format: LineFormat) -> Result<Value, DecodeError> {
    Ok(match format {
        LineFormat::DdbJson => {
            let mut line = Map::with_capacity(1);
            line.insert(ITEM.to_string(), attr::item_to_typed(item)?);
            Value::Object(line)
        }
        LineFormat::Json => attr::item_to_plain(item)?,
    })
}

/// Writes one line's value (newline included).
pub fn write_value<W: Write + ?Sized>(out: &mut W, value: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// The format a line is written in: `{"Item": {...}}` alone is DynamoDB
/// JSON, any other object plain JSON.
pub fn detect(line: &Value) -> LineFormat {
    match line.as_object() {
        Some(obj) if obj.len() == 1 && obj.get(ITEM).is_some_and(Value::is_object) => {
            LineFormat::DdbJson
        }
        _ => LineFormat::Json,
    }
}

/// Reads one line in the given format (`None`: detect it).
pub fn read_line(
    line: &str,
    format: Option<LineFormat>,
) -> Result<(Item, LineFormat), DecodeError> {
    let whole = |reason: String| DecodeError {
        path: String::new(),
        reason,
    };
    let value: Value =
        serde_json::from_str(line).map_err(|e| whole(format!("not valid JSON ({e})")))?;
    if let Err(e) = serde_json::from_str::<NoRepeatedKeys>(line) {
        return Err(whole(e.to_string()));
    }
    if value.is_array() {
        return Err(whole(
            "a JSON array; import reads one item per line, as `ddb export` writes them".into(),
        ));
    }
    let format = format.unwrap_or_else(|| detect(&value));
    let item = match format {
        LineFormat::DdbJson => match value.as_object().and_then(|o| o.get(ITEM)) {
            Some(Value::Object(item)) if value.as_object().is_some_and(|o| o.len() == 1) => {
                attr::item_from_typed(item)?
            }
            _ => {
                return Err(whole(
                    "expected DynamoDB JSON: {\"Item\": {\"name\": {\"S\": \"...\"}, ...}}".into(),
                ))
            }
        },
        LineFormat::Json => match value {
            Value::Object(item) => attr::item_from_plain(&item)?,
            _ => return Err(whole("expected a JSON object holding one item".into())),
        },
    };
    Ok((item, format))
}

/// A JSON value walked only to refuse an object that names a key twice
/// (serde_json would keep the last silently, and the item would lose data).
struct NoRepeatedKeys;

impl<'de> serde::Deserialize<'de> for NoRepeatedKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoRepeatedKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for NoRepeatedKeys {
    type Value = NoRepeatedKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !seen.insert(key.to_string()) {
                return Err(serde::de::Error::custom(format!(
                    "the key \"{}\" appears twice in one object; DynamoDB would keep only one of them",
                    key.escape_debug()
                )));
            }
            map.next_value::<NoRepeatedKeys>()?;
        }
        Ok(NoRepeatedKeys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<NoRepeatedKeys>()?.is_some() {}
        Ok(NoRepeatedKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(NoRepeatedKeys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    fn item() -> Item {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("a".into()));
        item.insert(
            "n".into(),
            AttributeValue::N("12345678901234567890123456789012345678".into()),
        );
        item
    }

    #[test]
    fn lines_in_the_export_format_and_plain() {
        let mut out = Vec::new();
        for format in [LineFormat::DdbJson, LineFormat::Json] {
            write_value(&mut out, &line_value(&item(), format).unwrap()).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"12345678901234567890123456789012345678\"}}}\n\
             {\"pk\":\"a\",\"n\":12345678901234567890123456789012345678}\n"
        );
        let mut lines = text.lines();
        let (back, format) = read_line(lines.next().unwrap(), None).unwrap();
        assert_eq!((back, format), (item(), LineFormat::DdbJson));
        let (back, format) = read_line(lines.next().unwrap(), None).unwrap();
        assert_eq!((back, format), (item(), LineFormat::Json));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let err = |line: &str, f| read_line(line, f).unwrap_err().to_string();
        assert!(err("{", None).starts_with("not valid JSON"));
        assert!(err("[{}]", None).starts_with("a JSON array"));
        assert!(err("3", None).starts_with("expected a JSON object"));
        assert!(
            err(r#"{"pk":"a"}"#, Some(LineFormat::DdbJson)).starts_with("expected DynamoDB JSON")
        );
        assert!(err(r#"{"Item":{"pk":"a"}}"#, None).starts_with("attribute 'pk'"));
        assert_eq!(
            err(r#"{"pk":"a","n":{"x":1,"x":2}}"#, None),
            "the key \"x\" appears twice in one object; DynamoDB would keep only one of them at line 1 column 24"
        );
        assert!(err(r#"{"pk":"a","pk":"b"}"#, None).starts_with("the key \"pk\" appears twice"));
    }
}
