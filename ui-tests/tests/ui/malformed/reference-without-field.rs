use fusion_db::fusion_table;

#[fusion_table]
pub struct Book {
    #[column(references = Author)]
    pub author_id: i64,
}

fn main() {}
