use fusion_db::fusion_table;

#[fusion_table]
pub struct Author {
    #[column(primary_key)]
    pub id: String,
}

#[fusion_table]
pub struct Book {
    #[column(references = Author::id)]
    pub author_id: i64,
}

fn main() {}
