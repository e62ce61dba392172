use fusion_db::fusion_table;

#[fusion_table(name = "organisations_that_own_many_accounts")]
pub struct Organisation {
    #[column(primary_key)]
    pub id: i64,
}

#[fusion_table]
pub struct Account {
    #[column(references = Organisation::id)]
    pub organisation_id: i64,
}

fn main() {}
