use fusion_db::{compose, fusion_table};

mod blog {
    #[fusion_db::fusion_table]
    pub struct Post {
        pub title: String,
    }
}

#[fusion_table]
pub struct Post {
    pub body: String,
}

compose! {
    pub schema AppSchema = [blog::Post, Post];
}

fn main() {}
