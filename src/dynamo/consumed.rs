//! Capacity a call consumed, as DynamoDB reports it with
//! ReturnConsumedCapacity INDEXES: the total, the table's part and the
//! secondary indexes' part. Whether the units are read or write units
//! follows from the operation.

use aws_sdk_dynamodb::types::ConsumedCapacity;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Consumed {
    /// Units in all (CapacityUnits).
    pub total: f64,
    /// The table's part.
    pub table: f64,
    /// The secondary indexes' part, all of them together.
    pub indexes: f64,
}

impl Consumed {
    /// From one ConsumedCapacity. Without the breakdown (TOTAL), the whole
    /// counts as the table's.
    pub fn of(c: &ConsumedCapacity) -> Self {
        let total = c.capacity_units().unwrap_or(0.0);
        let indexes: f64 = c
            .global_secondary_indexes()
            .map(|m| m.values().filter_map(|v| v.capacity_units()).sum())
            .unwrap_or(0.0)
            + c.local_secondary_indexes()
                .map(|m| m.values().filter_map(|v| v.capacity_units()).sum())
                .unwrap_or(0.0);
        let table = c
            .table()
            .and_then(|t| t.capacity_units())
            .unwrap_or(total - indexes);
        Consumed {
            total,
            table,
            indexes,
        }
    }

    pub fn add(&mut self, other: &Consumed) {
        self.total += other.total;
        self.table += other.table;
        self.indexes += other.indexes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::Capacity;

    #[test]
    fn splits_the_table_from_its_indexes() {
        let c = ConsumedCapacity::builder()
            .capacity_units(4.0)
            .table(Capacity::builder().capacity_units(2.0).build())
            .global_secondary_indexes("g", Capacity::builder().capacity_units(2.0).build())
            .build();
        assert_eq!(
            Consumed::of(&c),
            Consumed {
                total: 4.0,
                table: 2.0,
                indexes: 2.0
            }
        );
        let total_only = ConsumedCapacity::builder().capacity_units(1.5).build();
        assert_eq!(Consumed::of(&total_only).table, 1.5);
        let mut sum = Consumed::of(&c);
        sum.add(&Consumed::of(&total_only));
        assert_eq!(sum.total, 5.5);
    }
}
