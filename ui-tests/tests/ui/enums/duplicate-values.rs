use fusion_db::fusion_enum;

#[fusion_enum]
pub enum Status {
    Draft,
    #[variant(name = "draft")]
    Sketch,
}

fn main() {}
