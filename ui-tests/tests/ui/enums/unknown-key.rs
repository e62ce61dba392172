use fusion_db::fusion_enum;

#[fusion_enum(schema = "public")]
pub enum Status {
    #[variant(rename = "d")]
    Draft,
}

fn main() {}
