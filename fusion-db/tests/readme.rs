//! The README shows the exact DDL of its first example; this keeps that true.

use chrono::NaiveDateTime;
use fusion_db::{fusion_enum, fusion_table, Table};

/// Where a post is in its life.
#[fusion_enum]
pub enum PostStatus {
    /// Being written.
    Draft,
    /// Visible.
    Published,
    /// Hidden.
    Archived,
}

/// Someone who writes posts.
#[fusion_table]
pub struct Author {
    /// The author's id.
    #[column(primary_key)]
    pub id: String,
    /// Their address.
    #[column(unique)]
    pub email: String,
}

/// A blog post.
#[fusion_table]
#[index(author_id, created_at)]
pub struct Post {
    /// Numbered by the database.
    #[column(primary_key, identity)]
    pub id: i64,
    /// Who wrote it.
    #[column(references = Author::id, on_delete = "cascade")]
    pub author_id: String,
    /// The headline.
    #[column(varchar = 200)]
    pub title: String,
    /// The text, once there is one.
    pub body: Option<String>,
    /// Draft until published.
    #[column(default = "draft")]
    pub status: PostStatus,
    /// When it was created.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// The first ```sql block of the README.
fn readme_sql() -> &'static str {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```sql\n")
        .map(|at| at + "```sql\n".len())
        .unwrap_or_default();
    let end = readme[start..].find("```").map_or(start, |len| start + len);
    &readme[start..end]
}

#[test]
fn readme_shows_the_exact_ddl_of_its_example() {
    assert_eq!(readme_sql(), Post::DDL);
}
