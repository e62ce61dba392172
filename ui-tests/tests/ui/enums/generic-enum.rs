use fusion_db::fusion_enum;

#[fusion_enum]
pub enum Status<T> {
    Draft,
    Other(T),
}

fn main() {}
