use fusion_db::fusion_table;

#[fusion_table]
#[index(email, name = "user_email")]
#[unique_index(tenant_id, email, name = "user_email")]
pub struct User {
    pub email: String,
    pub tenant_id: i64,
}

fn main() {}
