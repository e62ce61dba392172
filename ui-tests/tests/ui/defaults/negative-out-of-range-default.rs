use fusion_db::fusion_table;

#[fusion_table]
pub struct User {
    #[column(default = -32769)]
    pub level: i16,
}

fn main() {}
