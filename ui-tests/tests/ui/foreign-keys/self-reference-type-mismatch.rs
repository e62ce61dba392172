use fusion_db::fusion_table;

#[fusion_table]
pub struct Node {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = Self::id)]
    pub parent_id: Option<i32>,
}

fn main() {}
