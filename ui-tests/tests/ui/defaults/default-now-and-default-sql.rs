use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default_now, default_sql = "now()")]
    pub created_at: chrono::NaiveDateTime,
}

fn main() {}
