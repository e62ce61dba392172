use fusion_db::fusion_table;

#[fusion_table(name = "the_accounts_of_every_organisation_that_signed_up_here")]
#[primary_key(organisation_id, account_number)]
pub struct Account {
    pub organisation_id: i64,
    pub account_number: i64,
}

fn main() {}
