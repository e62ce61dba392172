//! The blog's start-up: apply the committed migrations, then write a post and read it back.
//!
//! ```text
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/blog cargo run -p fusion-db-example-blog
//! ```

use std::error::Error;

use fusion_db::foundation::{NewUser, User};
use fusion_db::{KeyedTable, Table};
use fusion_db_example_blog::{Comment, NewComment, NewPost, Post, PostStatus, MIGRATOR};
use sqlx::PgPool;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let url = std::env::var("DATABASE_URL")
        .map_err(|_| "set DATABASE_URL to the blog's database, e.g. postgres://localhost/blog")?;
    let pool = PgPool::connect(&url).await?;
    MIGRATOR.run(&pool).await?;

    let author = match User::find(&pool, "ada").await? {
        Some(user) => user,
        None => User::insert(&pool, new_user("ada", "Ada Lovelace")).await?,
    };

    // A new slug each run, since slugs are unique.
    let number = Post::all(&pool).await?.len() + 1;
    let post = Post::insert(
        &pool,
        NewPost {
            id: None,
            author_id: author.id.clone(),
            slug: format!("notes-{number}"),
            title: format!("Notes, part {number}"),
            body: "On the Analytical Engine.".to_owned(),
            status: Some(PostStatus::Published),
            published_at: Some(chrono::Utc::now().naive_utc()),
            created_at: None,
        },
    )
    .await?;
    Comment::insert(
        &pool,
        NewComment {
            id: None,
            post_id: post.id,
            author_id: Some(author.id.clone()),
            body: "A first comment.".to_owned(),
            created_at: None,
        },
    )
    .await?;

    let comments = Comment::all(&pool).await?;
    for post in Post::all(&pool).await? {
        let count = comments.iter().filter(|c| c.post_id == post.id).count();
        println!("{} ({:?}): {} comment(s)", post.slug, post.status, count);
    }
    pool.close().await;
    Ok(())
}

fn new_user(id: &str, name: &str) -> NewUser {
    NewUser {
        id: id.to_owned(),
        name: name.to_owned(),
        email: format!("{id}@example.com"),
        email_verified: None,
        image: None,
        is_site_admin: None,
        deactivated_at: None,
        metadata: None,
        created_at: None,
        updated_at: None,
    }
}
