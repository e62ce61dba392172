use fusion_db::{compose, fusion_table};

#[fusion_table(name = "people")]
pub struct Person {
    #[column(primary_key)]
    pub id: String,
}

#[fusion_table]
pub struct Post {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = Person::id)]
    pub author_id: String,
}

compose! {
    pub schema AppSchema = [Post];
}

fn main() {}
