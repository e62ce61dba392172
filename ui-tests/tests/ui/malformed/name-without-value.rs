use fusion_db::fusion_table;

#[fusion_table(name)]
pub struct User {
    pub id: i64,
}

fn main() {}
