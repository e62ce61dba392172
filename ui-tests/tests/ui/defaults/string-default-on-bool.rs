use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = "yes")]
    pub active: bool,
}

fn main() {}
