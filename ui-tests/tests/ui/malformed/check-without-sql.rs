use fusion_db::fusion_table;

#[fusion_table]
#[check(name = "user_age_positive")]
pub struct User {
    pub age: i32,
}

fn main() {}
