use fusion_db::fusion_enum;

#[fusion_enum]
pub enum Status {
    #[variant(name = "")]
    Draft,
}

fn main() {}
