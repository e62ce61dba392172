use fusion_db::fusion_table;

#[fusion_table]
pub struct Country {
    #[column(primary_key, varchar = 2)]
    pub code: String,
    #[column(varchar = 3, default = "euro")]
    pub currency: String,
}

fn main() {}
