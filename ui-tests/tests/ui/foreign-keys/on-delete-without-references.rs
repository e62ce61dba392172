use fusion_db::fusion_table;

#[fusion_table]
pub struct Book {
    #[column(on_delete = "cascade")]
    pub author_id: i64,
}

fn main() {}
