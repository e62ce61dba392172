use fusion_db::fusion_table;

#[fusion_table]
#[index(name = "post_index")]
pub struct Post {
    pub id: i64,
}

fn main() {}
