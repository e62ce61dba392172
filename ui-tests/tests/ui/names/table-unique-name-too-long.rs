use fusion_db::fusion_table;

#[fusion_table(name = "user_accounts")]
#[unique(primary_email_address, secondary_email_address)]
pub struct User {
    pub primary_email_address: String,
    pub secondary_email_address: String,
}

fn main() {}
