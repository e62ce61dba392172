use fusion_db::fusion_table;

#[fusion_table(name = "category_tree_of_nodes")]
pub struct Category {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = Self::id)]
    pub parent_category_id: Option<i64>,
}

fn main() {}
