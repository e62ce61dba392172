use fusion_db::fusion_table;

#[fusion_table]
#[unique(email, tenant)]
pub struct User {
    pub email: String,
    pub tenant_id: i64,
}

fn main() {}
