use fusion_db::fusion_table;

#[fusion_table]
pub struct Author {
    #[column(primary_key)]
    pub id: i64,
}

#[fusion_table]
pub struct Book {
    #[column(references = Author::nope)]
    pub author_id: i64,
}

fn main() {}
