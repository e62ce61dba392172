use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = 40000)]
    pub level: i16,
}

fn main() {}
