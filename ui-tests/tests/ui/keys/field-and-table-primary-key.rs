use fusion_db::fusion_table;

#[fusion_table]
#[primary_key(user_id, group_id)]
pub struct Membership {
    #[column(primary_key)]
    pub user_id: i64,
    pub group_id: i64,
}

fn main() {}
