use fusion_db::compose;
use fusion_db::foundation::User;

compose! {
    pub schema AppSchema = foundation + [User];
}

fn main() {}
