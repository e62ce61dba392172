use fusion_db::fusion_table;

#[fusion_table]
pub enum Status {
    Draft,
    Published,
}

fn main() {}
