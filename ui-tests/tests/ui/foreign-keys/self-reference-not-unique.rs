use fusion_db::fusion_table;

#[fusion_table]
pub struct Node {
    #[column(primary_key)]
    pub id: i64,
    pub slug: String,
    #[column(references = Self::slug)]
    pub parent_slug: Option<String>,
}

fn main() {}
