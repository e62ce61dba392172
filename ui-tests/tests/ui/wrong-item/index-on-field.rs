use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    pub id: i64,
    #[index]
    pub email: String,
}

fn main() {}
