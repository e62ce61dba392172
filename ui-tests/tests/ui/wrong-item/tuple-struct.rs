use fusion_db::fusion_table;

#[fusion_table]
pub struct User(i64, String);

fn main() {}
