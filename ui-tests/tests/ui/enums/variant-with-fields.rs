use fusion_db::fusion_enum;

#[fusion_enum]
pub enum Shape {
    Circle(f64),
    Square { side: f64 },
    Point,
}

fn main() {}
