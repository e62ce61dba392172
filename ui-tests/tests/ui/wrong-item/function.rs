use fusion_db::fusion_table;

#[fusion_table]
pub fn users() {}

fn main() {}
