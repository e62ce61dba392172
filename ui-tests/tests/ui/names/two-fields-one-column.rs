use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    pub email: String,
    #[column(name = "email")]
    pub mail: String,
}

fn main() {}
