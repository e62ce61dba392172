use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = "2024-01-01", default_now)]
    pub created_at: chrono::NaiveDateTime,
}

fn main() {}
