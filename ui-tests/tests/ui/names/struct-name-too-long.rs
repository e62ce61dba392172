use fusion_db::fusion_table;

#[fusion_table]
pub struct ATableNameThatGoesOnAndOnWellPastWhatPostgresAcceptsAsAnIdentifier {
    pub id: i64,
}

fn main() {}
