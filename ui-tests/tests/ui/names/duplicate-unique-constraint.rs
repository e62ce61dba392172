use fusion_db::fusion_table;

#[fusion_table]
#[unique(email)]
pub struct User {
    #[column(unique)]
    pub email: String,
}

fn main() {}
