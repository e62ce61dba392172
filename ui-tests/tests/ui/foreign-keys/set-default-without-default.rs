use fusion_db::fusion_table;

#[fusion_table]
pub struct Node {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = Self::id, on_update = "set default")]
    pub parent_id: i64,
}

fn main() {}
