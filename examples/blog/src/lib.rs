//! A blog on fusion-db: posts and comments composed on the foundation's users.
//!
//! [`BlogSchema`] is everything the blog stores. Its migrations live in `migrations/`, written
//! by `src/bin/db.rs` (`cargo run -p fusion-db-example-blog --bin db -- generate`), and
//! applied at start-up by `src/main.rs` through [`MIGRATOR`].

use chrono::NaiveDateTime;
use fusion_db::foundation::User;
use fusion_db::{compose, fusion_enum, fusion_table};
use sqlx::migrate::Migrator;

/// The committed migrations, embedded in the program when it is built.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Where a post is in its life.
#[fusion_enum(name = "post_status")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostStatus {
    /// Being written; only its author sees it.
    Draft,
    /// Public.
    Published,
    /// Taken down, kept for the record.
    Archived,
}

/// A blog post, written by a user.
#[fusion_table]
#[index(author_id, created_at)]
#[check(name = "post_title_not_empty", sql = "title <> ''")]
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The post's number.
    #[column(primary_key, identity)]
    pub id: i64,
    /// The user who wrote it; their posts go when they do.
    #[column(references = User::id, on_delete = "cascade")]
    pub author_id: String,
    /// The post's address, unique in the blog.
    #[column(unique, varchar = 200)]
    pub slug: String,
    /// The title.
    pub title: String,
    /// The text, in Markdown.
    pub body: String,
    /// Draft, published or archived.
    #[column(default = "draft")]
    pub status: PostStatus,
    /// When it was first published, if it was.
    pub published_at: Option<NaiveDateTime>,
    /// When it was created.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// A comment on a post; its author may have left since.
#[fusion_table]
#[index(post_id, created_at)]
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The comment's number.
    #[column(primary_key, identity)]
    pub id: i64,
    /// The post it is on; comments go with their post.
    #[column(references = Post::id, on_delete = "cascade")]
    pub post_id: i64,
    /// The user who wrote it, or `None` once they are gone.
    #[column(references = User::id, on_delete = "set null")]
    pub author_id: Option<String>,
    /// The text.
    pub body: String,
    /// When it was written.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

compose! {
    /// Everything the blog stores: the foundation's tables, then posts and comments.
    pub schema BlogSchema = foundation + [Post, Comment];
}
