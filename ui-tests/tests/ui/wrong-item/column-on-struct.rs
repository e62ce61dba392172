use fusion_db::fusion_table;

#[fusion_table]
#[column(name = "users")]
pub struct User {
    pub id: i64,
}

fn main() {}
