use fusion_db::fusion_table;

#[fusion_table(nmae = "users")]
#[index(emial)]
pub struct User {
    #[column(primary_key, identity)]
    pub id: String,
    #[column(unique, unique, varchar = 100)]
    pub email: String,
    #[column(default = "yes")]
    pub active: bool,
    #[column(on_delete = "cascade")]
    pub team_id: i64,
}

fn main() {}
