use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(primary_key, identity)]
    pub id: String,
}

fn main() {}
