use fusion_db::fusion_table;

#[fusion_table(name = "user_accounts_of_the_organisation")]
pub struct User {
    #[column(unique)]
    pub primary_email_address_here: String,
}

fn main() {}
