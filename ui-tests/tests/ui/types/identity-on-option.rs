use fusion_db::fusion_table;

#[fusion_table]
pub struct Ticket {
    #[column(identity)]
    pub number: Option<i64>,
}

fn main() {}
