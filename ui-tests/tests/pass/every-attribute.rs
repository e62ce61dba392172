use fusion_db::{fusion_table, KeyedTable, Table};

#[fusion_table(name = "people", renamed_from = "persons")]
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    #[column(primary_key)]
    pub id: String,
    #[column(unique, varchar = 100, renamed_from = "mail")]
    pub email: String,
    #[column(name = "nickname", sql_type = "citext")]
    pub nick: Option<String>,
    #[column(default = -1)]
    pub karma: i16,
    pub r#type: String,
}

#[fusion_table]
#[index(author_id, created_at)]
#[unique_index(title, name = "post_title_key")]
#[unique(title, author_id)]
#[check(name = "post_title_not_empty", sql = "title <> ''")]
#[derive(Debug)]
pub struct Post {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(references = Person::id, on_delete = "cascade", on_update = "cascade")]
    pub author_id: String,
    #[column(references = Self::id, on_delete = "set null")]
    pub parent_id: Option<i64>,
    pub title: String,
    #[column(default = "it's \\ here")]
    pub body: String,
    #[column(default = false)]
    pub published: bool,
    #[column(default = 1.5)]
    pub score: f64,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
    #[column(default_sql = "gen_random_uuid()")]
    pub token: uuid::Uuid,
    pub extra: Option<serde_json::Value>,
    pub tags: Vec<String>,
}

#[fusion_table]
#[primary_key(post_id, tag)]
pub struct PostTag {
    #[column(references = Post::id)]
    pub post_id: i64,
    pub tag: String,
}

fn main() {
    assert_eq!(<Person as Table>::NAME, "people");
    assert_eq!(<Post as Table>::NAME, "post");
    assert!(<Post as Table>::DDL.contains("\"post_title_not_empty\""));
    let _: <PostTag as KeyedTable>::Key<'_> = (1_i64, "rust");
}
