use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(primary_key, identity, default = 1)]
    pub id: i64,
}

fn main() {}
