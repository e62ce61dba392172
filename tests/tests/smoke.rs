use fusion_db::{fusion_table, Table};

#[fusion_table(name = "people")]
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    #[column(primary_key)]
    pub id: String,
    #[column(unique, varchar = 100)]
    pub email: String,
    pub nick: Option<String>,
}

#[fusion_table]
#[index(author_id, created_at)]
#[check(name = "post_title_not_empty", sql = "title <> ''")]
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = Person::id, on_delete = "cascade")]
    pub author_id: String,
    #[column(references = Post::id, on_delete = "set null")]
    pub parent_id: Option<i64>,
    pub title: String,
    #[column(default = "it's \\ here")]
    pub body: String,
    #[column(default = false)]
    pub published: bool,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}

#[test]
fn prints() {
    println!("{}", Person::DDL);
    println!("{}", Post::DDL);
}
