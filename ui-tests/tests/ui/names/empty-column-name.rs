use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(name = "")]
    pub id: i64,
}

fn main() {}
