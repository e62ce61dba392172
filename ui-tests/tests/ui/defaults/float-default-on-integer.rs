use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = 1.5)]
    pub level: i32,
}

fn main() {}
