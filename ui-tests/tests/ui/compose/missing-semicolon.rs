use fusion_db::{compose, fusion_table};

#[fusion_table]
pub struct Post {
    pub title: String,
}

compose! {
    pub schema AppSchema = [Post]
}

fn main() {}
