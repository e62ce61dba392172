use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(primary_key)]
    pub id: Option<i64>,
}

fn main() {}
