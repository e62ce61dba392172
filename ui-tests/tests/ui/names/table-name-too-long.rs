use fusion_db::fusion_table;

#[fusion_table(name = "a_table_name_that_goes_on_and_on_well_past_what_postgres_accepts")]
pub struct User {
    pub id: i64,
}

fn main() {}
