//! `compose!`: schemas of an app on the foundation, of app tables alone, and of an app on a
//! library's schema. Their metadata and DDL order, and their DDL applied to a real PostgreSQL
//! and read back from the catalogue.

mod schema_catalog;

use chrono::NaiveDateTime;
use fusion_db::foundation::{Foundation, NewUser, User};
use fusion_db::schema::{schema_names, schema_names_len, Composition, SchemaName};
use fusion_db::{compose, fusion_enum, fusion_table, KeyedTable, Schema, Table, TableDef};
use fusion_db_tests::{assert_violates, TestDb, UNIQUE_VIOLATION};

/// Where a post is in its life.
#[fusion_enum]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostStatus {
    Draft,
    Published,
    Archived,
}

/// A post, written by a foundation user.
#[fusion_table]
#[index(author_id, created_at)]
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = User::id, on_delete = "cascade")]
    pub author_id: String,
    #[column(varchar = 200)]
    pub title: String,
    #[column(default = "draft")]
    pub status: PostStatus,
    pub tags: Vec<String>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// A comment on a post, possibly answering another comment.
#[fusion_table]
#[check(name = "comment_body_not_empty", sql = "body <> ''")]
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(references = Post::id, on_delete = "cascade")]
    pub post_id: i64,
    #[column(references = Comment::id, on_delete = "set null")]
    pub parent_id: Option<i64>,
    #[column(references = User::id, on_delete = "set null")]
    pub author_id: Option<String>,
    pub body: String,
    #[column(default = -1)]
    pub score: i32,
}

/// A user liking a post, at most once: a composite key.
#[fusion_table]
#[primary_key(post_id, user_id)]
#[derive(Debug, Clone, PartialEq)]
pub struct PostLike {
    #[column(references = Post::id, on_delete = "cascade")]
    pub post_id: i64,
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: String,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

compose! {
    /// The test app: the foundation and a small blog.
    pub schema AppSchema = foundation + [Post, Comment, PostLike];
}

/// Tables that need nothing else.
mod tags {
    use fusion_db::{compose, fusion_table};

    #[fusion_table]
    pub struct Tag {
        #[column(primary_key)]
        pub slug: String,
        #[column(default = "it's \\ here")]
        pub label: String,
    }

    #[fusion_table]
    #[unique(tag_slug, alias)]
    #[derive(Debug)]
    pub struct TagAlias {
        #[column(references = Tag::slug, on_delete = "cascade", on_update = "cascade")]
        pub tag_slug: String,
        pub alias: String,
    }

    compose! {
        pub(crate) schema TagSchema = [Tag, TagAlias];
    }
}

/// A library crate's tables on the foundation, and an app composed on the library.
mod library {
    use fusion_db::foundation::User;
    use fusion_db::{compose, fusion_table};

    #[fusion_table]
    #[unique_index(slug)]
    pub struct Organisation {
        #[column(primary_key)]
        pub id: String,
        pub slug: String,
        #[column(references = User::id, on_delete = "restrict")]
        pub owner_id: String,
    }

    compose! {
        /// The library's schema.
        pub schema LibrarySchema = foundation + [Organisation];
    }
}

#[fusion_table]
#[unique(organisation_id, name)]
pub struct Project {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = library::Organisation::id, on_delete = "cascade")]
    pub organisation_id: String,
    pub name: String,
}

compose! {
    pub schema LayeredSchema = library::LibrarySchema + [Project];
    pub schema FoundationAlone = foundation;
    pub schema Empty = [];
}

fn names<S: Schema>() -> Vec<&'static str> {
    S::TABLES.iter().map(|table| table.name).collect()
}

#[test]
fn tables_come_in_composition_order() {
    let foundation = names::<Foundation>();
    let app = names::<AppSchema>();
    assert_eq!(app[..8], foundation[..]);
    assert_eq!(app[8..], ["post", "comment", "post_like"]);

    assert_eq!(names::<tags::TagSchema>(), ["tag", "tag_alias"]);
    let layered = names::<LayeredSchema>();
    assert_eq!(layered[..8], foundation[..]);
    assert_eq!(layered[8..], ["organisation", "project"]);
    assert_eq!(names::<FoundationAlone>(), foundation);
    assert_eq!(FoundationAlone::DDL, Foundation::DDL);
    assert_eq!((Empty::TABLES.len(), Empty::DDL), (0, ""));
}

#[test]
fn tables_are_found_by_name() {
    assert_eq!(AppSchema::table("post"), Some(Post::DEF));
    assert_eq!(AppSchema::table("user"), Some(User::DEF));
    assert_eq!(AppSchema::table("organisation"), None);
    assert_eq!(
        LayeredSchema::table("organisation"),
        Some(<library::Organisation as Table>::DEF)
    );
    let enums: Vec<&str> = AppSchema::enum_types().iter().map(|e| e.name).collect();
    assert_eq!(enums, ["post_status"]);
}

/// Where each statement of `ddl` starts, by kind.
fn statement_kinds(ddl: &str) -> Vec<&'static str> {
    ddl.lines()
        .filter_map(|line| {
            [
                ("CREATE TYPE ", "type"),
                ("CREATE TABLE ", "table"),
                ("ALTER TABLE ", "foreign key"),
                ("CREATE INDEX ", "index"),
                ("CREATE UNIQUE INDEX ", "index"),
            ]
            .into_iter()
            .find(|(prefix, _)| line.starts_with(prefix))
            .map(|(_, kind)| kind)
        })
        .collect()
}

#[test]
fn ddl_creates_types_then_tables_then_foreign_keys_then_indexes() {
    let kinds = statement_kinds(AppSchema::DDL);
    let mut sorted = kinds.clone();
    let rank = |kind: &&str| {
        ["type", "table", "foreign key", "index"]
            .iter()
            .position(|k| k == kind)
    };
    sorted.sort_by_key(rank);
    assert_eq!(kinds, sorted, "{}", AppSchema::DDL);
    assert_eq!(kinds.iter().filter(|k| **k == "type").count(), 1);
    assert_eq!(kinds.iter().filter(|k| **k == "table").count(), 11);
    assert!(AppSchema::DDL.starts_with(
        "CREATE TYPE \"public\".\"post_status\" AS ENUM('draft', 'published', 'archived');\n"
    ));

    let layered = statement_kinds(LayeredSchema::DDL);
    assert_eq!(layered.first(), Some(&"table"));
    assert_eq!(layered.last(), Some(&"index"));
}

const POSTS_ALONE: [&TableDef; 1] = [Post::DEF];
const POSTS_ALONE_NAMES: [SchemaName; schema_names_len(&POSTS_ALONE)] = schema_names(&POSTS_ALONE);
const USER_TWICE: [&TableDef; 3] = [User::DEF, Post::DEF, User::DEF];
const USER_TWICE_NAMES: [SchemaName; schema_names_len(&USER_TWICE)] = schema_names(&USER_TWICE);
const APP_NAMES: [SchemaName; schema_names_len(AppSchema::TABLES)] =
    schema_names(AppSchema::TABLES);

fn problem(composition: Composition<'_>) -> Option<String> {
    composition
        .check()
        .map(|problem| problem.message().to_owned())
}

#[test]
fn hand_written_schemas_are_checked_the_same_way() {
    let app = Composition {
        schema: "AppSchema",
        tables: AppSchema::TABLES,
        names: &APP_NAMES,
        base: Some("foundation"),
        listed: &["Post", "Comment", "PostLike"],
    };
    assert_eq!(problem(app), None);

    let posts_alone = Composition {
        schema: "Posts",
        tables: &POSTS_ALONE,
        names: &POSTS_ALONE_NAMES,
        base: None,
        listed: &["Post"],
    };
    assert_eq!(
        problem(posts_alone).as_deref(),
        Some(
            "table `post` has a foreign key `post_author_id_user_id_fk` to `user`, which is not in schema `Posts`"
        )
    );

    let user_twice = Composition {
        schema: "Twice",
        tables: &USER_TWICE,
        names: &USER_TWICE_NAMES,
        base: None,
        listed: &[],
    };
    assert_eq!(
        problem(user_twice).as_deref(),
        Some("schema `Twice` has two tables named `user`: table number 1 and table number 3")
    );

    let wrong_names = Composition {
        names: &POSTS_ALONE_NAMES,
        ..user_twice
    };
    assert!(problem(wrong_names).is_some_and(|message| message.contains("schema_names")));
}

#[tokio::test]
async fn app_schema_applies_and_matches_the_catalogue() {
    let db = TestDb::with_ddl(AppSchema::DDL).await;
    schema_catalog::assert_schema_matches::<AppSchema>(db.pool()).await;
    db.drop_db().await;
}

/// The comparison notices a column that drifted from its metadata.
#[tokio::test]
#[should_panic(expected = "post.title: NOT NULL")]
async fn a_drifted_column_is_noticed() {
    let db = TestDb::with_ddl(AppSchema::DDL).await;
    db.apply(r#"ALTER TABLE "post" ALTER COLUMN "title" DROP NOT NULL"#)
        .await;
    schema_catalog::assert_schema_matches::<AppSchema>(db.pool()).await;
}

/// The comparison notices a default that drifted from its metadata.
#[tokio::test]
#[should_panic(expected = "comment: defaults")]
async fn a_drifted_default_is_noticed() {
    let db = TestDb::with_ddl(AppSchema::DDL).await;
    db.apply(r#"ALTER TABLE "comment" ALTER COLUMN "score" SET DEFAULT 0"#)
        .await;
    schema_catalog::assert_schema_matches::<AppSchema>(db.pool()).await;
}

/// The comparison notices a table the schema does not have.
#[tokio::test]
#[should_panic(expected = "tables")]
async fn an_extra_table_is_noticed() {
    let db = TestDb::with_ddl(AppSchema::DDL).await;
    db.apply(r#"CREATE TABLE "stray" ("id" integer)"#).await;
    schema_catalog::assert_schema_matches::<AppSchema>(db.pool()).await;
}

#[tokio::test]
async fn app_only_schema_applies_and_matches_the_catalogue() {
    let db = TestDb::with_ddl(tags::TagSchema::DDL).await;
    let pool = db.pool();
    schema_catalog::assert_schema_matches::<tags::TagSchema>(pool).await;

    let tag = tags::Tag::insert(
        pool,
        tags::NewTag {
            slug: "rust".to_owned(),
            label: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(tag.label, "it's \\ here");
    tags::TagAlias::insert(
        pool,
        tags::NewTagAlias {
            tag_slug: "rust".to_owned(),
            alias: "rs".to_owned(),
        },
    )
    .await
    .unwrap();
    db.apply(r#"UPDATE "tag" SET "slug" = 'rust-lang'"#).await;
    let aliases: Vec<(String, String)> = tags::TagAlias::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|alias| (alias.tag_slug, alias.alias))
        .collect();
    assert_eq!(aliases, [("rust-lang".to_owned(), "rs".to_owned())]);
    db.drop_db().await;
}

#[tokio::test]
async fn layered_schema_applies_and_matches_the_catalogue() {
    let db = TestDb::with_ddl(LayeredSchema::DDL).await;
    schema_catalog::assert_schema_matches::<LayeredSchema>(db.pool()).await;
    db.drop_db().await;
}

fn new_user(id: &str) -> NewUser {
    NewUser {
        id: id.to_owned(),
        name: id.to_owned(),
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

#[tokio::test]
async fn app_tables_work_with_the_foundation() {
    let db = TestDb::with_ddl(AppSchema::DDL).await;
    let pool = db.pool();
    User::insert(pool, new_user("ada")).await.unwrap();
    User::insert(pool, new_user("bob")).await.unwrap();

    let post = Post::insert(
        pool,
        NewPost {
            id: None,
            author_id: "ada".to_owned(),
            title: "Hello".to_owned(),
            status: None,
            tags: vec!["intro".to_owned()],
            created_at: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(post.status, PostStatus::Draft);
    assert_eq!(Post::find(pool, post.id).await.unwrap(), Some(post.clone()));

    let new_comment = |parent_id, author: &str| NewComment {
        id: None,
        post_id: post.id,
        parent_id,
        author_id: Some(author.to_owned()),
        body: "Nice".to_owned(),
        score: None,
    };
    let question = Comment::insert(pool, new_comment(None, "bob"))
        .await
        .unwrap();
    assert_eq!(question.score, -1);
    let answer = Comment::insert(pool, new_comment(Some(question.id), "ada"))
        .await
        .unwrap();

    let like = |user: &str| NewPostLike {
        post_id: post.id,
        user_id: user.to_owned(),
        created_at: None,
    };
    PostLike::insert(pool, like("bob")).await.unwrap();
    assert_violates(
        PostLike::insert(pool, like("bob")).await,
        UNIQUE_VIOLATION,
        "post_like_post_id_user_id_pk",
    );
    assert!(PostLike::find(pool, (post.id, "bob"))
        .await
        .unwrap()
        .is_some());

    // A self-reference: the answer outlives the question it answered.
    assert!(Comment::delete(pool, question.id).await.unwrap());
    let answer = Comment::find(pool, answer.id).await.unwrap().unwrap();
    assert_eq!(answer.parent_id, None);

    // Deleting bob removes his like; deleting ada removes her post and, with it, its comments.
    let comment_by_bob = Comment::insert(pool, new_comment(None, "bob"))
        .await
        .unwrap();
    assert!(User::delete(pool, "bob").await.unwrap());
    assert!(PostLike::all(pool).await.unwrap().is_empty());
    let orphan = Comment::find(pool, comment_by_bob.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(orphan.author_id, None);
    assert!(User::delete(pool, "ada").await.unwrap());
    assert!(Post::all(pool).await.unwrap().is_empty());
    assert!(Comment::all(pool).await.unwrap().is_empty());
    db.drop_db().await;
}
