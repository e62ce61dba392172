use fusion_db::fusion_enum;

#[fusion_enum(name = "a_very_long_enum_type_name_that_goes_past_the_limit_of_postgres_x")]
pub enum Status {
    Draft,
}

fn main() {}
