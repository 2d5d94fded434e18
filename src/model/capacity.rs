//! Write capacity, as DynamoDB counts it (Developer Guide, "Read/write
//! capacity mode"): a put of an item up to 1 KB is one write unit, each
//! further started KB one more, and the same again for every secondary index
//! the item lands in (an index holds an item only when the item has all of
//! the index's key attributes).

use super::attr::Item;
use super::item_rules::item_size;

/// Bytes one write unit covers.
pub const WRITE_UNIT_BYTES: usize = 1024;

/// On-demand price of one million write request units, in US dollars:
/// us-east-1, standard table class, as published since 1 November 2024
/// (other regions cost up to about 1.5 times this).
pub const ON_DEMAND_USD_PER_MILLION_WRITE_UNITS: f64 = 0.625;

/// On-demand price of one million read request units (us-east-1, standard
/// table class, since 1 November 2024).
pub const ON_DEMAND_USD_PER_MILLION_READ_UNITS: f64 = 0.125;

/// Provisioned price of one write capacity unit for an hour (us-east-1,
/// standard table class).
pub const PROVISIONED_USD_PER_WCU_HOUR: f64 = 0.00065;

/// Provisioned price of one read capacity unit for an hour.
pub const PROVISIONED_USD_PER_RCU_HOUR: f64 = 0.00013;

/// Hours of the month the prices are reckoned over, as AWS's calculator does.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The day the prices above were last checked against AWS's pricing pages.
pub const PRICES_CHECKED: &str = "2026-12-07";

/// The prices in a sentence, for `--help` and reports.
pub fn prices_note() -> String {
    format!(
        "Prices: DynamoDB Standard in us-east-1: on demand ${ON_DEMAND_USD_PER_MILLION_WRITE_UNITS} per million write request units and ${ON_DEMAND_USD_PER_MILLION_READ_UNITS} per million read request units (since 1 November 2024); provisioned ${PROVISIONED_USD_PER_WCU_HOUR} per WCU-hour and ${PROVISIONED_USD_PER_RCU_HOUR} per RCU-hour; a month is {HOURS_PER_MONTH} hours. Checked {PRICES_CHECKED}; other regions cost more."
    )
}

/// On-demand cost of read request units, in US dollars.
pub fn on_demand_read_cost_usd(units: f64) -> f64 {
    units * ON_DEMAND_USD_PER_MILLION_READ_UNITS / 1_000_000.0
}

/// On-demand cost of write request units (fractional, as rates give), in US dollars.
pub fn on_demand_write_cost_usd(units: f64) -> f64 {
    units * ON_DEMAND_USD_PER_MILLION_WRITE_UNITS / 1_000_000.0
}

/// A month of provisioned capacity, in US dollars.
pub fn provisioned_month_usd(rcu: f64, wcu: f64) -> f64 {
    HOURS_PER_MONTH * (rcu * PROVISIONED_USD_PER_RCU_HOUR + wcu * PROVISIONED_USD_PER_WCU_HOUR)
}

/// Seconds of unused provisioned capacity DynamoDB keeps as burst capacity.
pub const BURST_SECONDS: f64 = 300.0;

/// Write request units a second a new on-demand table takes before it has
/// to scale (its "previous peak" starts at 4,000 WRU).
pub const ON_DEMAND_INITIAL_WRITE_UNITS: f64 = 4000.0;

/// The key attributes of one secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexKeys {
    pub name: String,
    /// Hash key, then range key if any.
    pub attributes: Vec<String>,
    /// The index's own provisioned write units (provisioned tables' GSIs).
    pub provisioned_wcu: Option<i64>,
}

impl IndexKeys {
    /// Whether `item` lands in the index.
    pub fn holds(&self, item: &Item) -> bool {
        self.attributes.iter().all(|a| item.contains_key(a))
    }
}

/// Write units of a put of `item`: for the table, and per index it lands in.
pub fn put_units(item: &Item, indexes: &[IndexKeys]) -> Units {
    let each = item_size(item).div_ceil(WRITE_UNIT_BYTES).max(1) as u64;
    Units {
        table: each,
        indexes: indexes
            .iter()
            .map(|ix| if ix.holds(item) { each } else { 0 })
            .collect(),
    }
}

/// Write units split by where they are spent: the table, and each index in
/// the order of the [`IndexKeys`] given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    pub table: u64,
    pub indexes: Vec<u64>,
}

impl Units {
    pub fn total(&self) -> u64 {
        self.table + self.indexes.iter().sum::<u64>()
    }

    /// Adds `other` (of the same indexes).
    pub fn add(&mut self, other: &Units) {
        self.table += other.table;
        if self.indexes.len() < other.indexes.len() {
            self.indexes.resize(other.indexes.len(), 0);
        }
        for (mine, theirs) in self.indexes.iter_mut().zip(&other.indexes) {
            *mine += theirs;
        }
    }
}

/// The write units of a whole load, and the range per item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: u64,
    pub units: Units,
    pub min_per_item: u64,
    pub max_per_item: u64,
}

impl Tally {
    pub fn add(&mut self, units: &Units) {
        let total = units.total();
        self.min_per_item = if self.items == 0 {
            total
        } else {
            self.min_per_item.min(total)
        };
        self.max_per_item = self.max_per_item.max(total);
        self.items += 1;
        self.units.add(units);
    }
}

/// On-demand cost of `units` write units, in US dollars.
pub fn on_demand_cost_usd(units: u64) -> f64 {
    units as f64 * ON_DEMAND_USD_PER_MILLION_WRITE_UNITS / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    fn item(pairs: &[(&str, &str)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string())))
            .collect()
    }

    fn gsi() -> Vec<IndexKeys> {
        vec![IndexKeys {
            name: "g-index".into(),
            attributes: vec!["g".into(), "sk".into()],
            provisioned_wcu: Some(5),
        }]
    }

    #[test]
    fn a_small_item_is_one_unit_and_one_more_per_index_it_lands_in() {
        let outside = item(&[("pk", "a"), ("sk", "b")]);
        assert_eq!(
            put_units(&outside, &gsi()),
            Units {
                table: 1,
                indexes: vec![0]
            }
        );
        let inside = item(&[("pk", "a"), ("sk", "b"), ("g", "x")]);
        assert_eq!(put_units(&inside, &gsi()).total(), 2);
    }

    #[test]
    fn every_started_kilobyte_is_a_unit() {
        // "pk" (2) + 1022 bytes = exactly 1 KB; one byte more starts the second.
        let exact = item(&[("pk", &"x".repeat(1022))]);
        assert_eq!(put_units(&exact, &[]).total(), 1);
        let over = item(&[("pk", &"x".repeat(1023))]);
        assert_eq!(put_units(&over, &[]).total(), 2);
        let big = item(&[
            ("pk", "a"),
            ("sk", "b"),
            ("g", "x"),
            ("v", &"y".repeat(1500)),
        ]);
        assert_eq!(
            put_units(&big, &gsi()),
            Units {
                table: 2,
                indexes: vec![2]
            }
        );
    }

    #[test]
    fn a_tally_counts_items_units_and_their_range() {
        let mut t = Tally::default();
        t.add(&Units {
            table: 1,
            indexes: vec![1],
        });
        t.add(&Units {
            table: 3,
            indexes: vec![0],
        });
        assert_eq!(t.items, 2);
        assert_eq!(
            t.units,
            Units {
                table: 4,
                indexes: vec![1]
            }
        );
        assert_eq!((t.min_per_item, t.max_per_item), (2, 3));
    }

    #[test]
    fn the_on_demand_price_per_million() {
        assert_eq!(on_demand_read_cost_usd(1e6), 0.125);
        assert_eq!(on_demand_write_cost_usd(2e6), 1.25);
        // The table schema-load makes: 5 RCU and 5 WCU, and 5 and 5 for its index.
        assert!((provisioned_month_usd(10.0, 10.0) - 5.694).abs() < 1e-9);
        assert_eq!(on_demand_cost_usd(1_000_000), 0.625);
        assert!((on_demand_cost_usd(10_004) - 0.0062525).abs() < 1e-12);
    }
}
