//! The generated DDL: it applies, the catalogue then describes exactly what the metadata says,
//! and its text matches the committed snapshots in `tests/snapshots/`.

use chrono::{DateTime, NaiveDateTime, Utc};
use fusion_db::{fusion_table, Table};
use fusion_db_tests::{assert_catalog_matches, assert_snapshot, CatalogTable, TestDb};

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
#[unique_index(slug, name = "post_slug_key")]
#[unique(title, author_id)]
#[check(name = "post_title_not_empty", sql = "title <> ''")]
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = Person::id, on_delete = "cascade", on_update = "cascade")]
    pub author_id: String,
    #[column(references = Post::id, on_delete = "set null")]
    pub parent_id: Option<i64>,
    pub title: String,
    pub slug: String,
    #[column(default = "it's \\ here")]
    pub body: String,
    #[column(default = false)]
    pub published: bool,
    #[column(default = -1)]
    pub views: i32,
    #[column(default = 0.5)]
    pub score: f64,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    pub tags: Vec<String>,
    pub meta: Option<serde_json::Value>,
}

#[fusion_table]
#[primary_key(post_id, person_id)]
#[check(name = "post_like_weight_range", sql = "weight BETWEEN 1 AND 5")]
#[derive(Debug, Clone, PartialEq)]
pub struct PostLike {
    #[column(references = Post::id, on_delete = "cascade")]
    pub post_id: i64,
    #[column(references = Person::id, on_delete = "restrict")]
    pub person_id: String,
    #[column(identity = "always")]
    pub seq: i64,
    #[column(sql_type = "smallint", default = 1)]
    pub weight: i16,
    #[column(default_sql = "now()")]
    pub at: DateTime<Utc>,
    pub raw: Option<Vec<u8>>,
    pub counts: Vec<i32>,
}

#[test]
fn ddl_matches_the_snapshots() {
    assert_snapshot(
        "people",
        Person::DDL,
        include_str!("../snapshots/people.sql"),
    );
    assert_snapshot("post", Post::DDL, include_str!("../snapshots/post.sql"));
    assert_snapshot(
        "post_like",
        PostLike::DDL,
        include_str!("../snapshots/post_like.sql"),
    );
}

#[test]
fn names_and_column_lists() {
    assert_eq!(Person::NAME, "people");
    assert_eq!(Post::NAME, "post");
    assert_eq!(PostLike::NAME, "post_like");
    assert_eq!(Person::COLUMN_LIST, r#""id", "email", "nick""#);
    assert_eq!(
        PostLike::COLUMN_LIST,
        r#""post_id", "person_id", "seq", "weight", "at", "raw", "counts""#
    );
}

async fn schema_db() -> TestDb {
    let db = TestDb::new().await;
    for ddl in [Person::DDL, Post::DDL, PostLike::DDL] {
        db.apply(ddl).await;
    }
    db
}

#[tokio::test]
async fn ddl_applies_and_the_catalogue_matches_the_metadata() {
    let db = schema_db().await;
    for def in [Person::DEF, Post::DEF, PostLike::DEF] {
        assert_catalog_matches(db.pool(), def).await;
    }
    db.drop_db().await;
}

/// A row of `information_schema.columns`.
#[derive(Debug, Clone, sqlx::FromRow)]
struct InfoColumn {
    table_name: String,
    column_name: String,
    data_type: String,
    udt_name: String,
    max_length: Option<i32>,
    column_default: Option<String>,
    is_nullable: String,
}

#[tokio::test]
async fn information_schema_agrees_on_types_nullability_and_defaults() {
    let db = schema_db().await;
    let pool = db.pool();

    let columns: Vec<InfoColumn> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, udt_name::text,
                character_maximum_length::int AS max_length, column_default::text,
                is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = 'public'
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let column = |table: &str, name: &str| {
        columns
            .iter()
            .find(|c| c.table_name == table && c.column_name == name)
            .unwrap_or_else(|| panic!("no column {table}.{name}"))
            .clone()
    };

    let email = column("people", "email");
    assert_eq!(
        (
            email.data_type.as_str(),
            email.max_length,
            email.is_nullable.as_str()
        ),
        ("character varying", Some(100), "NO")
    );
    assert_eq!(column("people", "nick").is_nullable, "YES");
    assert_eq!(column("people", "id").data_type, "text");

    assert_eq!(column("post", "id").data_type, "bigint");
    assert_eq!(column("post", "parent_id").is_nullable, "YES");
    assert_eq!(column("post", "published").data_type, "boolean");
    assert_eq!(column("post", "views").data_type, "integer");
    assert_eq!(column("post", "score").data_type, "double precision");
    assert_eq!(
        column("post", "created_at").data_type,
        "timestamp without time zone"
    );
    assert_eq!(column("post", "meta").data_type, "jsonb");
    let tags = column("post", "tags");
    assert_eq!(
        (tags.data_type.as_str(), tags.udt_name.as_str()),
        ("ARRAY", "_text")
    );

    // Defaults as the server prints them back.
    assert_eq!(
        column("post", "body").column_default.as_deref(),
        Some(r"'it''s \ here'::text")
    );
    assert_eq!(
        column("post", "published").column_default.as_deref(),
        Some("false")
    );
    assert_eq!(
        column("post", "views").column_default.as_deref(),
        Some("'-1'::integer")
    );
    assert_eq!(
        column("post", "score").column_default.as_deref(),
        Some("0.5")
    );
    assert_eq!(
        column("post", "created_at").column_default.as_deref(),
        Some("now()")
    );

    assert_eq!(column("post_like", "weight").data_type, "smallint");
    assert_eq!(
        column("post_like", "at").data_type,
        "timestamp with time zone"
    );
    assert_eq!(column("post_like", "raw").data_type, "bytea");
    assert_eq!(column("post_like", "counts").udt_name, "_int4");
    let every_not_null: Vec<String> = columns
        .iter()
        .filter(|c| c.is_nullable == "NO")
        .map(|c| format!("{}.{}", c.table_name, c.column_name))
        .collect();
    assert_eq!(
        every_not_null,
        [
            "people.id",
            "people.email",
            "post.id",
            "post.author_id",
            "post.title",
            "post.slug",
            "post.body",
            "post.published",
            "post.views",
            "post.score",
            "post.created_at",
            "post.tags",
            "post_like.post_id",
            "post_like.person_id",
            "post_like.seq",
            "post_like.weight",
            "post_like.at",
            "post_like.counts",
        ]
    );

    let identities: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, identity_generation::text
         FROM information_schema.columns
         WHERE table_schema = 'public' AND is_identity = 'YES'
         ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        identities,
        [
            ("post".into(), "id".into(), "BY DEFAULT".into()),
            ("post_like".into(), "seq".into(), "ALWAYS".into()),
        ]
    );

    db.drop_db().await;
}

#[tokio::test]
async fn information_schema_agrees_on_constraint_names() {
    let db = schema_db().await;
    let pool = db.pool();

    // NOT NULL shows up as CHECK constraints with generated names; leave those out.
    let constraints: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, constraint_name::text, constraint_type::text
         FROM information_schema.table_constraints
         WHERE table_schema = 'public' AND constraint_name NOT LIKE '%_not_null'
         ORDER BY table_name, constraint_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let expected = [
        ("people", "people_email_unique", "UNIQUE"),
        ("people", "people_pkey", "PRIMARY KEY"),
        ("post", "post_author_id_people_id_fk", "FOREIGN KEY"),
        ("post", "post_parent_id_post_id_fk", "FOREIGN KEY"),
        ("post", "post_pkey", "PRIMARY KEY"),
        ("post", "post_title_author_id_unique", "UNIQUE"),
        ("post", "post_title_not_empty", "CHECK"),
        (
            "post_like",
            "post_like_person_id_people_id_fk",
            "FOREIGN KEY",
        ),
        ("post_like", "post_like_post_id_person_id_pk", "PRIMARY KEY"),
        ("post_like", "post_like_post_id_post_id_fk", "FOREIGN KEY"),
        ("post_like", "post_like_weight_range", "CHECK"),
    ]
    .map(|(t, n, k)| (t.to_owned(), n.to_owned(), k.to_owned()));
    assert_eq!(constraints, expected);

    let rules: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT constraint_name::text, update_rule::text, delete_rule::text
         FROM information_schema.referential_constraints
         WHERE constraint_schema = 'public'
         ORDER BY constraint_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let expected = [
        ("post_author_id_people_id_fk", "CASCADE", "CASCADE"),
        ("post_like_person_id_people_id_fk", "NO ACTION", "RESTRICT"),
        ("post_like_post_id_post_id_fk", "NO ACTION", "CASCADE"),
        ("post_parent_id_post_id_fk", "NO ACTION", "SET NULL"),
    ]
    .map(|(n, u, d)| (n.to_owned(), u.to_owned(), d.to_owned()));
    assert_eq!(rules, expected);

    // The indexes that back no constraint, with their columns.
    let post = CatalogTable::load(pool, "post").await;
    let indexes: Vec<(&str, bool, Vec<&str>)> = post
        .indexes
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.unique,
                i.columns.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        indexes,
        [
            (
                "post_author_id_created_at_index",
                false,
                vec!["author_id", "created_at"]
            ),
            ("post_slug_key", true, vec!["slug"]),
        ]
    );

    db.drop_db().await;
}
