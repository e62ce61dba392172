use fusion_db::fusion_table;

#[fusion_table]
#[index(email = "asc")]
pub struct User {
    pub email: String,
}

fn main() {}
