use fusion_db::compose;

pub struct Post {
    pub title: String,
}

compose! {
    pub schema AppSchema = [Post];
}

fn main() {}
