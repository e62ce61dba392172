use fusion_db::{fusion_enum, fusion_table};

#[fusion_enum]
pub enum Status {
    Draft,
    Published,
}

#[fusion_table]
pub struct Post {
    #[column(primary_key)]
    pub id: i64,
    #[column(default = "archived")]
    pub status: Status,
}

fn main() {}
