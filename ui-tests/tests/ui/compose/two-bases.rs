use fusion_db::{compose, fusion_table};

#[fusion_table]
pub struct Post {
    pub title: String,
}

compose! {
    pub schema Blog = [Post];
}

compose! {
    pub schema AppSchema = foundation + Blog;
}

fn main() {}
