//! The rules DynamoDB applies to an item before it writes it, checked here
//! so that an import finds every line DynamoDB would refuse before the first
//! write (see the DynamoDB Developer Guide, "Service, account, and table
//! quotas" and "Item sizes and formats"):
//! - the item's size, with DynamoDB's accounting, at most 400 KB;
//! - nesting of lists and maps at most 32 levels deep;
//! - partition key values at most 2048 bytes, sort key values at most 1024,
//!   for the table and for each index the item lands in;
//! - attribute names from 1 to 65535 bytes;
//! - sets non-empty and without repeated elements, numbers compared by value
//!   (`1` and `1.0` are the same element).
//!
//! Numbers themselves (38 digits, range) are checked where they are read
//! ([`super::attr::check_number`]).

use std::collections::HashSet;

use aws_sdk_dynamodb::types::AttributeValue;

use super::attr::Item;

/// The largest item DynamoDB stores: 400 KB.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;
/// Lists and maps nest at most this deep.
pub const MAX_DEPTH: usize = 32;
/// A partition key value's largest size.
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// A sort key value's largest size.
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// An attribute name's largest size.
pub const MAX_NAME_BYTES: usize = 65535;

/// The size DynamoDB counts for an item: each attribute's name in UTF-8
/// bytes plus its value's size.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, v)| name.len() + value_size(v))
        .sum()
}

/// The size DynamoDB counts for one value: strings and binary by their
/// bytes, a number one byte per two significant digits plus one, booleans
/// and nulls one byte, lists and maps 3 bytes plus one per element and the
/// elements (map keys included), sets their elements.
pub fn value_size(v: &AttributeValue) -> usize {
    match v {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => b.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
        AttributeValue::Ns(set) => set.iter().map(|n| number_size(n)).sum(),
        AttributeValue::Bs(set) => set.iter().map(|b| b.as_ref().len()).sum(),
        AttributeValue::L(list) => 3 + list.iter().map(|x| 1 + value_size(x)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(k, x)| 1 + k.len() + value_size(x))
                .sum::<usize>()
        }
        _ => 0,
    }
}

fn number_size(n: &str) -> usize {
    let (digits, _, _) = canonical_number(n);
    digits.len().div_ceil(2) + 1
}

/// A number's significant digits (no leading or trailing zeros), its sign
/// and the power of ten of its first digit: equal for equal values.
fn canonical_number(n: &str) -> (String, bool, i64) {
    let negative = n.starts_with('-');
    let unsigned = n.trim_start_matches(['-', '+']);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            &unsigned[..i],
            unsigned[i + 1..].parse::<i64>().unwrap_or(0),
        ),
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let significant = all
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string();
    if significant.is_empty() {
        return (String::new(), false, 0);
    }
    let magnitude = int.len() as i64 - 1 - leading as i64 + exponent;
    (significant, negative, magnitude)
}

/// A key attribute of the table or of one of its indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRule {
    pub attribute: String,
    /// True for a partition (HASH) key, false for a sort (RANGE) key.
    pub partition: bool,
    /// The index it belongs to, `None` for the table's own key.
    pub index: Option<String>,
}

impl KeyRule {
    fn limit(&self) -> usize {
        if self.partition {
            MAX_PARTITION_KEY_BYTES
        } else {
            MAX_SORT_KEY_BYTES
        }
    }

    fn role(&self) -> String {
        let kind = if self.partition { "partition" } else { "sort" };
        match &self.index {
            Some(index) => format!("the {kind} key of index '{index}'"),
            None => format!("the {kind} key"),
        }
    }
}

/// Why DynamoDB would refuse `item`, naming the attribute; `None` when it
/// would take it. `keys` are the table's and its indexes' key attributes
/// (their types are checked where the table's are known).
pub fn check(item: &Item, keys: &[KeyRule]) -> Option<String> {
    for (name, value) in item {
        if name.is_empty() {
            return Some(
                "an attribute has an empty name; DynamoDB names are at least 1 byte".into(),
            );
        }
        if name.len() > MAX_NAME_BYTES {
            return Some(format!(
                "attribute '{}…' has a {}-byte name; DynamoDB allows at most {MAX_NAME_BYTES}",
                name.chars().take(40).collect::<String>(),
                name.len()
            ));
        }
        if let Some(reason) = check_value(value, name, 0) {
            return Some(reason);
        }
    }
    for rule in keys {
        let Some(value) = item.get(&rule.attribute) else {
            continue;
        };
        let size = value_size(value);
        if size > rule.limit() {
            return Some(format!(
                "attribute '{}' is {} of {size} bytes; DynamoDB allows at most {}",
                rule.attribute,
                rule.role(),
                rule.limit()
            ));
        }
    }
    let size = item_size(item);
    if size > MAX_ITEM_BYTES {
        let (largest, bytes) = item
            .iter()
            .map(|(k, v)| (k.as_str(), k.len() + value_size(v)))
            .max_by_key(|(_, n)| *n)
            .unwrap_or(("", 0));
        return Some(format!(
            "the item is {size} bytes as DynamoDB counts them, over its limit of {MAX_ITEM_BYTES} (400 KB); its largest attribute is '{largest}' ({bytes} bytes)"
        ));
    }
    None
}

fn check_value(v: &AttributeValue, path: &str, depth: usize) -> Option<String> {
    let duplicate = |kind: &str| {
        Some(format!(
            "attribute '{path}' is a {kind} that holds the same element twice"
        ))
    };
    match v {
        AttributeValue::L(_) | AttributeValue::M(_) if depth >= MAX_DEPTH => Some(format!(
            "attribute '{path}' nests lists and maps more than {MAX_DEPTH} levels deep"
        )),
        AttributeValue::L(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, x)| check_value(x, &format!("{path}[{i}]"), depth + 1)),
        AttributeValue::M(map) => map
            .iter()
            .find_map(|(k, x)| check_value(x, &format!("{path}.{k}"), depth + 1)),
        AttributeValue::Ss(set) if set.is_empty() => {
            Some(format!("attribute '{path}' is an empty string set"))
        }
        AttributeValue::Ns(set) if set.is_empty() => {
            Some(format!("attribute '{path}' is an empty number set"))
        }
        AttributeValue::Bs(set) if set.is_empty() => {
            Some(format!("attribute '{path}' is an empty binary set"))
        }
        AttributeValue::Ss(set) => {
            let mut seen = HashSet::new();
            (!set.iter().all(|s| seen.insert(s)))
                .then(|| duplicate("string set"))
                .flatten()
        }
        AttributeValue::Ns(set) => {
            let mut seen = HashSet::new();
            (!set.iter().all(|n| seen.insert(canonical_number(n))))
                .then(|| duplicate("number set"))
                .flatten()
        }
        AttributeValue::Bs(set) => {
            let mut seen = HashSet::new();
            (!set.iter().all(|b| seen.insert(b.as_ref())))
                .then(|| duplicate("binary set"))
                .flatten()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::primitives::Blob;

    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.into())
    }

    fn item(pairs: Vec<(&str, AttributeValue)>) -> Item {
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    fn keys() -> Vec<KeyRule> {
        vec![
            KeyRule {
                attribute: "pk".into(),
                partition: true,
                index: None,
            },
            KeyRule {
                attribute: "sk".into(),
                partition: false,
                index: None,
            },
            KeyRule {
                attribute: "message_group_uuid".into(),
                partition: true,
                index: Some("message-group-sk-index".into()),
            },
        ]
    }

    #[test]
    fn sizes_follow_dynamodbs_accounting() {
        assert_eq!(value_size(&s("héllo")), 6);
        assert_eq!(value_size(&AttributeValue::N("123".into())), 3);
        assert_eq!(value_size(&AttributeValue::N("-0.0012300".into())), 3);
        assert_eq!(value_size(&AttributeValue::N("0".into())), 1);
        assert_eq!(value_size(&AttributeValue::Bool(true)), 1);
        assert_eq!(value_size(&AttributeValue::L(vec![])), 3);
        assert_eq!(
            value_size(&AttributeValue::L(vec![
                s("ab"),
                AttributeValue::Null(true)
            ])),
            3 + 3 + 2
        );
        let map = AttributeValue::M(item(vec![("k", s("abc"))]));
        assert_eq!(value_size(&map), 3 + 1 + 1 + 3);
        assert_eq!(
            item_size(&item(vec![
                ("pk", s("a")),
                ("n", AttributeValue::N("10".into()))
            ])),
            2 + 1 + 1 + 2
        );
    }

    #[test]
    fn what_dynamodb_refuses_is_named_by_attribute() {
        let ok = item(vec![("pk", s("a")), ("sk", s("b"))]);
        assert_eq!(check(&ok, &keys()), None);
        let cases: Vec<(Item, &str)> = vec![
            (
                item(vec![("pk", s("a")), ("big", s(&"x".repeat(MAX_ITEM_BYTES)))]),
                "the item is 409606 bytes as DynamoDB counts them, over its limit of 409600 (400 KB); its largest attribute is 'big' (409603 bytes)",
            ),
            (
                item(vec![("pk", s(&"p".repeat(2049)))]),
                "attribute 'pk' is the partition key of 2049 bytes; DynamoDB allows at most 2048",
            ),
            (
                item(vec![("pk", s("a")), ("sk", s(&"s".repeat(1025)))]),
                "attribute 'sk' is the sort key of 1025 bytes; DynamoDB allows at most 1024",
            ),
            (
                item(vec![("pk", s("a")), ("message_group_uuid", s(&"g".repeat(2049)))]),
                "attribute 'message_group_uuid' is the partition key of index 'message-group-sk-index' of 2049 bytes; DynamoDB allows at most 2048",
            ),
            (item(vec![("", s("a"))]), "an attribute has an empty name; DynamoDB names are at least 1 byte"),
            (
                item(vec![("tags", AttributeValue::Ns(vec!["1".into(), "1.0".into()]))]),
                "attribute 'tags' is a number set that holds the same element twice",
            ),
            (
                item(vec![("tags", AttributeValue::Ss(vec!["a".into(), "a".into()]))]),
                "attribute 'tags' is a string set that holds the same element twice",
            ),
            (
                item(vec![("b", AttributeValue::Bs(vec![Blob::new(vec![1]), Blob::new(vec![1])]))]),
                "attribute 'b' is a binary set that holds the same element twice",
            ),
            (item(vec![("e", AttributeValue::Ss(vec![]))]), "attribute 'e' is an empty string set"),
        ];
        let mut checked = 0;
        for (item, want) in &cases {
            assert_eq!(check(item, &keys()).as_deref(), Some(*want));
            checked += 1;
        }
        assert_eq!(checked, cases.len());
    }

    #[test]
    fn nesting_deeper_than_32_levels_is_refused_at_its_path() {
        let mut v = s("leaf");
        for _ in 0..MAX_DEPTH {
            v = AttributeValue::L(vec![v]);
        }
        assert_eq!(
            check(&item(vec![("deep", v.clone())]), &[]),
            None,
            "32 levels are allowed"
        );
        let deeper = AttributeValue::M(item(vec![("x", v)]));
        let reason = check(&item(vec![("deep", deeper)]), &[]).unwrap();
        assert!(reason.starts_with("attribute 'deep.x"), "{reason}");
        assert!(
            reason.ends_with("nests lists and maps more than 32 levels deep"),
            "{reason}"
        );
    }
}
