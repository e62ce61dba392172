use fusion_db::{compose, fusion_table};

#[fusion_table]
#[index(created_at, name = "by_created_at")]
pub struct Post {
    pub created_at: i64,
}

#[fusion_table]
#[index(created_at, name = "by_created_at")]
pub struct Comment {
    pub created_at: i64,
}

compose! {
    pub schema AppSchema = [Post, Comment];
}

fn main() {}
