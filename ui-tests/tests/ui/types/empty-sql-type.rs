use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(sql_type = "")]
    pub id: i64,
}

fn main() {}
