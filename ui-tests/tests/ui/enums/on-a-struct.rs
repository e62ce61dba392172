use fusion_db::fusion_enum;

#[fusion_enum]
pub struct Status {
    pub value: String,
}

fn main() {}
