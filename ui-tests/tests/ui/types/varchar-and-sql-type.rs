use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(varchar = 20, sql_type = "citext")]
    pub name: String,
}

fn main() {}
