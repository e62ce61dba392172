use fusion_db::{compose, fusion_table};

#[fusion_table]
#[unique(slug, name = "slug_unique")]
pub struct Post {
    pub slug: String,
}

#[fusion_table]
#[check(name = "slug_unique", sql = "slug <> ''")]
pub struct Tag {
    pub slug: String,
}

compose! {
    pub schema AppSchema = [Post, Tag];
}

fn main() {}
