use fusion_db::fusion_table;

#[fusion_table]
#[index(created)]
pub struct Post {
    pub id: i64,
    pub created_at: chrono::NaiveDateTime,
}

fn main() {}
