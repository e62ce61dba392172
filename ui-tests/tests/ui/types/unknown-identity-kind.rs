use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(primary_key, identity = "sometimes")]
    pub id: i64,
}

fn main() {}
