use fusion_db::{compose, fusion_table};

#[fusion_table]
#[index(email, name = "user_email_unique")]
pub struct Subscriber {
    pub email: String,
}

compose! {
    pub schema AppSchema = foundation + [Subscriber];
}

fn main() {}
