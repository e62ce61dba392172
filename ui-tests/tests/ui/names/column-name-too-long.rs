use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    pub a_column_name_that_goes_on_and_on_well_past_what_postgres_accepts: i64,
}

fn main() {}
