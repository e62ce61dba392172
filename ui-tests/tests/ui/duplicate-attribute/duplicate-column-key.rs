use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(unique, unique)]
    pub email: String,
}

fn main() {}
