use fusion_db::{compose, fusion_table};

#[fusion_table]
pub struct Post {
    pub title: String,
}

pub struct Blog;

compose! {
    pub schema AppSchema = Blog + [Post];
}

fn main() {}
