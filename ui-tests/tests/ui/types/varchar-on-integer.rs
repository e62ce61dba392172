use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(varchar = 20)]
    pub age: i32,
}

fn main() {}
