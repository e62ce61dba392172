use fusion_db::{compose, fusion_table};

#[fusion_table]
#[index(created_at, name = "post")]
pub struct Comment {
    pub created_at: i64,
}

#[fusion_table]
pub struct Post {
    pub title: String,
}

compose! {
    pub schema AppSchema = [Comment, Post];
}

fn main() {}
