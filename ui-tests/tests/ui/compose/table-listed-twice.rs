use fusion_db::{compose, fusion_table};

#[fusion_table]
pub struct Post {
    pub title: String,
}

#[fusion_table]
pub struct Comment {
    pub body: String,
}

compose! {
    pub schema AppSchema = [Post, Comment, Post];
}

fn main() {}
