use fusion_db::fusion_table;

pub struct Money(i64);

#[fusion_table]
pub struct Invoice {
    pub id: i64,
    pub total: Money,
}

fn main() {}
