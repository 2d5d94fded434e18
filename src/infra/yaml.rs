//! Block-style YAML for CloudFormation and SAM templates.

use serde_json::Value;

/// Block-style YAML of a JSON value. Every string is written as a JSON
/// string literal, which YAML reads as the same double-quoted scalar, so no
/// value can be mistaken for another type.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    yaml_into(value, 0, &mut out);
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => Value::String(s.clone()).to_string(),
        other => other.to_string(),
    }
}

fn is_block(value: &Value) -> bool {
    matches!(value, Value::Object(m) if !m.is_empty())
        || matches!(value, Value::Array(a) if !a.is_empty())
}

fn yaml_into(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                if is_block(v) {
                    out.push_str(&format!("{pad}{k}:\n"));
                    let inner = if v.is_array() { indent } else { indent + 2 };
                    yaml_into(v, inner, out);
                } else {
                    out.push_str(&format!("{pad}{k}: {}\n", flow(v)));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                if is_block(item) {
                    // The first line of the item goes after the dash.
                    let mut inner = String::new();
                    yaml_into(item, indent + 2, &mut inner);
                    let rest = inner.trim_start();
                    out.push_str(&format!("{pad}- {rest}"));
                } else {
                    out.push_str(&format!("{pad}- {}\n", flow(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", flow(other))),
    }
}

fn flow(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
        other => scalar(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_style_with_quoted_strings() {
        let v = json!({"a": {"b": [{"c": "x", "d": 5}, "y"], "e": true, "f": []}});
        assert_eq!(
            render(&v),
            "a:\n  b:\n  - c: \"x\"\n    d: 5\n  - \"y\"\n  e: true\n  f: []\n"
        );
    }
}
