use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(name = "mail")]
    #[column(name = "email")]
    pub email: String,
}

fn main() {}
