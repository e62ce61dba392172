use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = true)]
    pub logins: i32,
}

fn main() {}
