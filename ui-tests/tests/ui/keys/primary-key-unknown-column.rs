use fusion_db::fusion_table;

#[fusion_table]
#[primary_key(user_id, grop_id)]
pub struct Membership {
    pub user_id: i64,
    pub group_id: i64,
}

fn main() {}
