use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = now())]
    pub created_at: chrono::NaiveDateTime,
}

fn main() {}
