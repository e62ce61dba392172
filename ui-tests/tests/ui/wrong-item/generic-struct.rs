use fusion_db::fusion_table;

#[fusion_table]
pub struct Wrapper<T> {
    pub id: i64,
    pub value: T,
}

fn main() {}
