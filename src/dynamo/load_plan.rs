//! The plan shown before a bulk write (`ddb seed`, `ddb import`, `setup`):
//! what it costs in write units, how long it takes at the table's rate, and
//! the write-unit cap (`--max-wcu`) it keeps to.
//!
//! The duration is that of the slowest capacity pool: the table and each
//! provisioned index have write units of their own, and a write waits for
//! both. Burst capacity (up to [`BURST_SECONDS`] of unused capacity) may make
//! a provisioned load faster; the estimate without it is the one to plan by.

use aws_sdk_dynamodb::types::{BillingMode, KeySchemaElement, TableDescription};
use serde::Serialize;

use super::batch::WriterOptions;
use crate::app::output::thousands;
use crate::model::capacity::{
    on_demand_cost_usd, IndexKeys, Tally, BURST_SECONDS, ON_DEMAND_INITIAL_WRITE_UNITS,
    ON_DEMAND_USD_PER_MILLION_WRITE_UNITS,
};
use crate::model::schema::TableDefinition;

/// Share of a provisioned table's write capacity a `--prod` load takes
/// unless `--max-wcu` says otherwise: the rest is left to the app.
pub const PROD_SHARE: f64 = 0.8;

/// `--max-wcu`: write units a second at most, or no cap. Not given, the
/// target's default applies (see [`cap_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxWcu {
    Unlimited,
    Units(u32),
}

/// Parses `--max-wcu`: a positive number or `unlimited`.
pub fn parse_max_wcu(s: &str) -> Result<MaxWcu, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("unlimited") {
        return Ok(MaxWcu::Unlimited);
    }
    match s.parse::<u32>() {
        Ok(n) if n > 0 => Ok(MaxWcu::Units(n)),
        _ => {
            Err("expected a number of write units a second (1 or more), or `unlimited`".to_string())
        }
    }
}

/// What the table takes: its billing mode, provisioned rates and indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCapacity {
    pub on_demand: bool,
    /// The table's provisioned write units (provisioned mode).
    pub provisioned_wcu: Option<i64>,
    pub indexes: Vec<IndexKeys>,
}

/// One index's keys and own write units.
fn index_keys(name: &str, schema: &[KeySchemaElement], provisioned_wcu: Option<i64>) -> IndexKeys {
    IndexKeys {
        name: name.to_string(),
        attributes: schema
            .iter()
            .map(|k| k.attribute_name().to_string())
            .collect(),
        provisioned_wcu,
    }
}

impl TableCapacity {
    /// From DescribeTable.
    pub fn of(desc: &TableDescription) -> Self {
        let on_demand = desc
            .billing_mode_summary()
            .and_then(|b| b.billing_mode())
            .is_some_and(|m| *m == BillingMode::PayPerRequest);
        let wcu = |units: Option<i64>| units.filter(|u| *u > 0 && !on_demand);
        let indexes = desc
            .global_secondary_indexes()
            .iter()
            .map(|g| {
                let units = g
                    .provisioned_throughput()
                    .and_then(|p| p.write_capacity_units());
                index_keys(
                    g.index_name().unwrap_or_default(),
                    g.key_schema(),
                    wcu(units),
                )
            })
            // A local index shares the table's capacity.
            .chain(
                desc.local_secondary_indexes()
                    .iter()
                    .map(|l| index_keys(l.index_name().unwrap_or_default(), l.key_schema(), None)),
            )
            .collect();
        TableCapacity {
            on_demand,
            provisioned_wcu: wcu(desc
                .provisioned_throughput()
                .and_then(|p| p.write_capacity_units())),
            indexes,
        }
    }

    /// The table a command is about to create from `def`.
    pub fn of_definition(def: &TableDefinition) -> Self {
        let on_demand = def.billing_mode == BillingMode::PayPerRequest;
        TableCapacity {
            on_demand,
            provisioned_wcu: (!on_demand)
                .then(|| def.provisioned_throughput.write_capacity_units()),
            indexes: def
                .global_secondary_indexes
                .iter()
                .map(|g| {
                    let units = g.provisioned_throughput().map(|p| p.write_capacity_units());
                    index_keys(g.index_name(), g.key_schema(), units.filter(|_| !on_demand))
                })
                .collect(),
        }
    }

    /// Write units a second of the table and its own-capacity indexes together.
    fn provisioned_total(&self) -> Option<i64> {
        let table = self.provisioned_wcu?;
        Some(
            table
                + self
                    .indexes
                    .iter()
                    .filter_map(|i| i.provisioned_wcu)
                    .sum::<i64>(),
        )
    }
}

/// The cap a load keeps to: the one given; under `--prod` on a provisioned
/// table [`PROD_SHARE`] of its capacity; otherwise none.
pub fn cap_for(given: Option<MaxWcu>, prod: bool, table: &TableCapacity) -> Option<u32> {
    match given {
        Some(MaxWcu::Units(n)) => Some(n),
        Some(MaxWcu::Unlimited) => None,
        None if prod && !table.on_demand => table
            .provisioned_total()
            .map(|total| ((total as f64 * PROD_SHARE).floor() as u32).max(1)),
        None => None,
    }
}

/// The plan of one load, as shown and as `plan` in JSON.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LoadPlan {
    pub items: u64,
    pub write_units: u64,
    pub write_units_per_item: PerItem,
    pub billing_mode: BillingModeName,
    /// Provisioned write units a second of the table (and of each index).
    pub provisioned_wcu: Option<i64>,
    pub index_wcu: Vec<IndexWcu>,
    /// The cap the load keeps to (`--max-wcu`), if any.
    pub max_wcu: Option<u32>,
    /// Whether the table's rates hold back writes (AWS; DynamoDB Local
    /// takes writes as fast as they come).
    pub rates_enforced: bool,
    /// At the slowest of the table's rate, its indexes' and the cap; None
    /// when nothing bounds the rate (DynamoDB Local without a cap).
    pub estimated_seconds: Option<f64>,
    /// Provisioned tables: the same with a full burst bucket.
    pub estimated_seconds_with_burst: Option<f64>,
    /// What the same units cost on demand, in US dollars.
    pub on_demand_cost_usd: f64,
    pub on_demand_usd_per_million_write_units: f64,
    /// The indexes, for the writer's estimate of each put.
    #[serde(skip)]
    pub indexes: Vec<IndexKeys>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PerItem {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndexWcu {
    pub index: String,
    pub write_units: u64,
    pub provisioned_wcu: Option<i64>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BillingModeName {
    Provisioned,
    OnDemand,
}

impl LoadPlan {
    /// `enforced`: the table's rates hold back writes (AWS), as opposed to
    /// DynamoDB Local, which accepts any rate.
    pub fn new(tally: &Tally, table: &TableCapacity, max_wcu: Option<u32>, enforced: bool) -> Self {
        let total = tally.units.total();
        let index_units = |i: usize| tally.units.indexes.get(i).copied().unwrap_or(0);
        // Seconds per pool at its own rate; the load takes the longest.
        let (mut seconds, mut with_burst) = (0.0f64, 0.0f64);
        let mut pool = |units: u64, rate: Option<i64>| {
            if let Some(rate) = rate.filter(|r| *r > 0) {
                let rate = rate as f64;
                seconds = seconds.max(units as f64 / rate);
                with_burst = with_burst.max((units as f64 - BURST_SECONDS * rate).max(0.0) / rate);
            }
        };
        if !enforced {
            // Only the cap bounds the rate.
        } else if table.on_demand {
            let s = total as f64 / ON_DEMAND_INITIAL_WRITE_UNITS;
            seconds = s;
            with_burst = s;
        } else {
            pool(tally.units.table, table.provisioned_wcu);
            for (i, ix) in table.indexes.iter().enumerate() {
                pool(index_units(i), ix.provisioned_wcu);
            }
        }
        if let Some(cap) = max_wcu {
            let s = total as f64 / f64::from(cap);
            seconds = seconds.max(s);
            with_burst = with_burst.max(s);
        }
        let round = |s: f64| (s * 10.0).round() / 10.0;
        LoadPlan {
            items: tally.items,
            write_units: total,
            write_units_per_item: PerItem {
                min: tally.min_per_item,
                max: tally.max_per_item,
            },
            billing_mode: if table.on_demand {
                BillingModeName::OnDemand
            } else {
                BillingModeName::Provisioned
            },
            provisioned_wcu: table.provisioned_wcu,
            index_wcu: table
                .indexes
                .iter()
                .enumerate()
                .map(|(i, ix)| IndexWcu {
                    index: ix.name.clone(),
                    write_units: index_units(i),
                    provisioned_wcu: ix.provisioned_wcu,
                })
                .collect(),
            max_wcu,
            rates_enforced: enforced,
            estimated_seconds: (enforced || max_wcu.is_some()).then(|| round(seconds)),
            estimated_seconds_with_burst: (enforced && !table.on_demand).then(|| round(with_burst)),
            on_demand_cost_usd: (on_demand_cost_usd(total) * 1e6).round() / 1e6,
            on_demand_usd_per_million_write_units: ON_DEMAND_USD_PER_MILLION_WRITE_UNITS,
            indexes: table.indexes.clone(),
        }
    }

    /// Mean write units per item, the bulk writer's estimate until the
    /// answers say what was consumed.
    pub fn mean_per_item(&self) -> f64 {
        if self.items == 0 {
            1.0
        } else {
            self.write_units as f64 / self.items as f64
        }
    }

    /// Sets the writer's cap and estimates from the plan.
    pub fn apply(&self, writer: &mut WriterOptions) {
        writer.max_wcu = self.max_wcu;
        writer.units_per_item = self.mean_per_item();
        writer.indexes = self.indexes.clone();
    }

    /// When the largest items need more write units than the cap allows in
    /// a second: what the writer does with them.
    pub fn over_cap(&self) -> Option<String> {
        let cap = self.max_wcu?;
        let largest = self.write_units_per_item.max;
        (largest > u64::from(cap)).then(|| {
            format!(
                "items of up to {largest} write units need more than --max-wcu {cap} allows in a second: each goes in a call of its own, and the writes after it wait until the cap has paid for it ({} for the largest)",
                duration(largest as f64 / f64::from(cap))
            )
        })
    }

    /// The plan in a few lines, for the confirmation and `--dry-run`.
    pub fn lines(&self) -> Vec<String> {
        let per_item = if self.write_units_per_item.min == self.write_units_per_item.max {
            format!("{}", self.write_units_per_item.min)
        } else {
            format!(
                "{}-{}",
                self.write_units_per_item.min, self.write_units_per_item.max
            )
        };
        let mut lines = vec![format!(
            "plan: {} items, {} write units ({per_item} per item: 1 per started KB, again per index the item lands in)",
            thousands(self.items),
            thousands(self.write_units)
        )];
        let rate = match (self.billing_mode, self.provisioned_wcu) {
            (BillingModeName::OnDemand, _) => "on-demand table".to_string(),
            (BillingModeName::Provisioned, Some(wcu)) => {
                let indexes: Vec<String> = self
                    .index_wcu
                    .iter()
                    .filter_map(|i| i.provisioned_wcu.map(|w| format!("{} {w}", i.index)))
                    .collect();
                if indexes.is_empty() {
                    format!("provisioned at {wcu} write units/s")
                } else {
                    format!(
                        "provisioned at {wcu} write units/s (index {})",
                        indexes.join(", ")
                    )
                }
            }
            (BillingModeName::Provisioned, None) => "provisioned table".to_string(),
        };
        let rate = if self.rates_enforced {
            rate
        } else {
            format!("{rate} (not enforced by DynamoDB Local)")
        };
        let cap = match self.max_wcu {
            Some(n) => format!("capped at {n} write units/s (--max-wcu)"),
            None => "no write cap".to_string(),
        };
        let time = match self.estimated_seconds {
            Some(s) => format!(
                "about {}{}",
                duration(s),
                match self.estimated_seconds_with_burst {
                    Some(b) if b < s => format!(" ({} if burst capacity is unspent)", duration(b)),
                    _ => String::new(),
                }
            ),
            None => "as fast as it takes them".to_string(),
        };
        lines.push(format!("      {rate}, {cap}: {time}"));
        lines.push(format!(
            "      on demand these writes cost about ${:.4} (${} per million write units, us-east-1)",
            self.on_demand_cost_usd, self.on_demand_usd_per_million_write_units
        ));
        lines
    }
}

/// `42 s`, `17 min 4 s`, `2 h 5 min`.
pub fn duration(seconds: f64) -> String {
    let s = seconds.ceil() as u64;
    match s {
        0..=59 if seconds < 10.0 => format!("{seconds:.1} s"),
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::capacity::Units;

    fn provisioned(table: i64, index: i64) -> TableCapacity {
        TableCapacity {
            on_demand: false,
            provisioned_wcu: Some(table),
            indexes: vec![IndexKeys {
                name: "message-group-sk-index".into(),
                attributes: vec!["message_group_uuid".into(), "sk".into()],
                provisioned_wcu: Some(index),
            }],
        }
    }

    fn tally(items: u64, table: u64, index: u64) -> Tally {
        Tally {
            items,
            units: Units {
                table,
                indexes: vec![index],
            },
            min_per_item: 1,
            max_per_item: 2,
        }
    }

    #[test]
    fn the_slowest_pool_sets_the_duration() {
        // 5,002 items at 5 WCU: the table's 5,002 units take 1,000 s; the
        // index's 2 units no time at all.
        let plan = LoadPlan::new(&tally(5002, 5002, 2), &provisioned(5, 5), None, true);
        assert_eq!(plan.write_units, 5004);
        assert_eq!(plan.estimated_seconds, Some(1000.4));
        // 300 s of burst at 5 units/s covers 1,500 units.
        assert_eq!(plan.estimated_seconds_with_burst, Some(700.4));
        assert_eq!(plan.billing_mode, BillingModeName::Provisioned);
        assert_eq!(plan.index_wcu[0].write_units, 2);
        assert_eq!(plan.on_demand_cost_usd, 0.003128);
    }

    #[test]
    fn a_cap_below_the_rate_sets_the_duration() {
        let plan = LoadPlan::new(
            &tally(1000, 1000, 1000),
            &provisioned(1000, 1000),
            Some(400),
            true,
        );
        assert_eq!(plan.estimated_seconds, Some(5.0));
        assert_eq!(plan.max_wcu, Some(400));
    }

    #[test]
    fn on_demand_tables_start_at_four_thousand_units_a_second() {
        let table = TableCapacity {
            on_demand: true,
            provisioned_wcu: None,
            indexes: vec![],
        };
        let plan = LoadPlan::new(&tally(8000, 8000, 0), &table, None, true);
        assert_eq!(plan.estimated_seconds, Some(2.0));
        assert_eq!(plan.estimated_seconds_with_burst, None);
        assert_eq!(cap_for(None, true, &table), None);
    }

    #[test]
    fn dynamodb_local_is_bounded_by_the_cap_alone() {
        let plan = LoadPlan::new(&tally(1000, 1000, 0), &provisioned(5, 5), None, false);
        assert_eq!(plan.estimated_seconds, None);
        assert_eq!(plan.estimated_seconds_with_burst, None);
        assert!(
            plan.lines()[1].ends_with(
                "not enforced by DynamoDB Local), no write cap: as fast as it takes them"
            ),
            "{}",
            plan.lines()[1]
        );
        let plan = LoadPlan::new(&tally(1000, 1000, 0), &provisioned(5, 5), Some(100), false);
        assert_eq!(plan.estimated_seconds, Some(10.0));
    }

    #[test]
    fn under_prod_a_provisioned_table_keeps_a_share_for_the_app() {
        let table = provisioned(5, 5);
        assert_eq!(cap_for(None, true, &table), Some(8));
        assert_eq!(cap_for(None, false, &table), None);
        assert_eq!(cap_for(Some(MaxWcu::Unlimited), true, &table), None);
        assert_eq!(cap_for(Some(MaxWcu::Units(3)), false, &table), Some(3));
        assert_eq!(cap_for(None, true, &provisioned(1, 0)), Some(1));
    }

    #[test]
    fn max_wcu_is_a_number_or_unlimited() {
        assert_eq!(parse_max_wcu("400"), Ok(MaxWcu::Units(400)));
        assert_eq!(parse_max_wcu("Unlimited"), Ok(MaxWcu::Unlimited));
        assert!(parse_max_wcu("0").is_err());
        assert!(parse_max_wcu("-5").is_err());
        assert!(parse_max_wcu("fast").is_err());
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(4.96), "5.0 s");
        assert_eq!(duration(42.0), "42 s");
        assert_eq!(duration(1000.4), "16 min 41 s");
        assert_eq!(duration(7500.0), "2 h 5 min");
    }

    #[test]
    fn the_plan_in_lines() {
        let plan = LoadPlan::new(&tally(5002, 5002, 2), &provisioned(5, 5), Some(8), true);
        assert_eq!(
            plan.lines(),
            vec![
                "plan: 5,002 items, 5,004 write units (1-2 per item: 1 per started KB, again per index the item lands in)".to_string(),
                "      provisioned at 5 write units/s (index message-group-sk-index 5), capped at 8 write units/s (--max-wcu): about 16 min 41 s (11 min 41 s if burst capacity is unspent)".to_string(),
                "      on demand these writes cost about $0.0031 ($0.625 per million write units, us-east-1)".to_string(),
            ]
        );
    }
}
