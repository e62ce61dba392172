use fusion_db::fusion_table;

#[fusion_table]
pub struct Marker;

fn main() {}
