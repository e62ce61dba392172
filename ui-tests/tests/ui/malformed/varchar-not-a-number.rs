use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(varchar = "100")]
    pub name: String,
}

fn main() {}
