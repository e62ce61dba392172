//! `#[fusion_enum]` types: their `CREATE TYPE` applies, and enum columns (plain, nullable,
//! arrays, keys, defaults) round-trip.

use fusion_db::{fusion_enum, fusion_table, KeyedTable, PgEnum, Table};
use fusion_db_tests::{assert_catalog_matches, TestDb};
use sqlx::{AssertSqlSafe, FromRow};

#[fusion_enum(name = "post_status")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Published,
    #[variant(name = "Live!")]
    Live,
    InReview,
    #[variant(name = "it's \"odd\" \\ 🦀")]
    Odd,
}

#[fusion_enum]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Low,
    High,
}

const ALL_STATUSES: [Status; 5] = [
    Status::Draft,
    Status::Published,
    Status::Live,
    Status::InReview,
    Status::Odd,
];

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = "draft")]
    pub status: Status,
    pub previous: Option<Status>,
    pub history: Vec<Status>,
    pub maybe_history: Option<Vec<Status>>,
    pub priority: Priority,
    #[column(default = "Live!")]
    pub maybe_status: Option<Status>,
}

async fn enum_db() -> TestDb {
    let db = TestDb::new().await;
    db.apply(<Status as PgEnum>::DDL).await;
    db.apply(<Priority as PgEnum>::DDL).await;
    db.apply(Article::DDL).await;
    db
}

#[test]
fn enum_metadata_and_ddl() {
    assert_eq!(
        <Status as PgEnum>::DDL,
        "CREATE TYPE \"public\".\"post_status\" AS ENUM('draft', 'published', 'Live!', 'in_review', 'it''s \"odd\" \\ 🦀');\n"
    );
    assert_eq!(<Priority as PgEnum>::DEF.name, "priority");
    assert_eq!(<Priority as PgEnum>::DEF.values, ["low", "high"]);
    let used: Vec<&str> = Article::DEF
        .enum_types()
        .iter()
        .map(|def| def.name)
        .collect();
    assert_eq!(used, ["post_status", "priority"]);
    for status in ALL_STATUSES {
        assert_eq!(Status::from_str_value(status.as_str()), Some(status));
    }
    assert_eq!(Status::from_str_value("Draft"), None);
}

#[tokio::test]
async fn create_type_applies_with_the_values_in_order() {
    let db = enum_db().await;
    let values: Vec<String> =
        sqlx::query_scalar("SELECT unnest(enum_range(NULL::post_status))::text")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(values, <Status as PgEnum>::DEF.values);
    assert_catalog_matches(db.pool(), Article::DEF).await;
    db.drop_db().await;
}

fn article(i: usize) -> NewArticle {
    let status = ALL_STATUSES[i % ALL_STATUSES.len()];
    NewArticle {
        id: None,
        status: Some(status),
        previous: i
            .is_multiple_of(2)
            .then_some(ALL_STATUSES[(i + 1) % ALL_STATUSES.len()]),
        history: ALL_STATUSES[..i % (ALL_STATUSES.len() + 1)].to_vec(),
        maybe_history: (!i.is_multiple_of(3)).then(|| vec![status, status]),
        priority: if i.is_multiple_of(2) {
            Priority::Low
        } else {
            Priority::High
        },
        maybe_status: Some((!i.is_multiple_of(4)).then_some(status)),
    }
}

#[tokio::test]
async fn enum_columns_round_trip() {
    let db = enum_db().await;
    let pool = db.pool();
    let mut expected = Vec::new();
    for i in 0..12 {
        let new = article(i);
        let stored = Article::insert(pool, new.clone()).await.unwrap();
        assert_eq!(
            (
                Some(stored.status),
                stored.previous,
                &stored.history,
                &stored.maybe_history,
                stored.priority,
                Some(stored.maybe_status),
            ),
            (
                new.status,
                new.previous,
                &new.history,
                &new.maybe_history,
                new.priority,
                new.maybe_status,
            ),
            "article {i}"
        );
        assert_eq!(
            Article::find(pool, stored.id).await.unwrap().as_ref(),
            Some(&stored)
        );
        expected.push(stored);
    }
    assert_eq!(Article::all(pool).await.unwrap(), expected);

    let by_name: Vec<Article> = sqlx::query_as("SELECT * FROM article ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(by_name, expected);
    let sql = format!("SELECT {} FROM article ORDER BY id", Article::COLUMN_LIST);
    for (row, want) in sqlx::query(AssertSqlSafe(sql))
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .zip(&expected)
    {
        assert_eq!(&Article::from_ordered_row(row).unwrap(), want);
        assert_eq!(&Article::from_row(row).unwrap(), want);
    }

    let changed = Article {
        status: Status::Odd,
        previous: None,
        history: vec![Status::Live; 3],
        maybe_history: Some(vec![]),
        priority: Priority::High,
        maybe_status: None,
        ..expected[0].clone()
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    assert_eq!(
        Article::find(pool, changed.id).await.unwrap(),
        Some(changed)
    );

    db.drop_db().await;
}

#[tokio::test]
async fn enum_defaults_apply() {
    let db = enum_db().await;
    let row = Article::insert(
        db.pool(),
        NewArticle {
            status: None,
            maybe_status: None,
            ..article(1)
        },
    )
    .await
    .unwrap();
    assert_eq!(row.status, Status::Draft);
    assert_eq!(row.maybe_status, Some(Status::Live));
    db.drop_db().await;
}

#[tokio::test]
async fn enums_bind_and_decode_in_plain_queries() {
    let db = enum_db().await;
    let pool = db.pool();
    for status in ALL_STATUSES {
        let text: String = sqlx::query_scalar("SELECT $1::text")
            .bind(status)
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(text, status.as_str());
        let back: Status = sqlx::query_scalar("SELECT $1::text::post_status")
            .bind(status.as_str())
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(back, status);
    }
    let all: Vec<Status> = sqlx::query_scalar("SELECT enum_range(NULL::post_status)")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(all, ALL_STATUSES);
    let echoed: Vec<Status> = sqlx::query_scalar("SELECT $1")
        .bind(ALL_STATUSES.to_vec())
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(echoed, ALL_STATUSES);
    db.drop_db().await;
}

#[tokio::test]
async fn an_unknown_database_value_is_a_decode_error() {
    let db = enum_db().await;
    let pool = db.pool();
    db.apply("ALTER TYPE post_status ADD VALUE 'archived'")
        .await;
    sqlx::query("INSERT INTO article (status, history, priority) VALUES ('archived', '{}', 'low')")
        .execute(pool)
        .await
        .unwrap();
    match Article::find(pool, 1).await {
        Err(sqlx::Error::ColumnDecode { index, source }) => {
            assert_eq!(index, r#""article"."status""#);
            let message = source.to_string();
            assert!(
                message.contains("archived") && message.contains("post_status"),
                "{message}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    #[column(primary_key)]
    pub priority: Priority,
    pub depth: i32,
}

#[tokio::test]
async fn enum_as_a_primary_key() {
    let db = TestDb::with_ddl(<Priority as PgEnum>::DDL).await;
    db.apply(Queue::DDL).await;
    let pool = db.pool();
    for (priority, depth) in [(Priority::High, 1), (Priority::Low, 2)] {
        Queue::insert(pool, NewQueue { priority, depth })
            .await
            .unwrap();
    }
    // Enum order is declaration order, not alphabetical.
    let order: Vec<Priority> = Queue::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.priority)
        .collect();
    assert_eq!(order, [Priority::Low, Priority::High]);
    let high = Queue::find(pool, &Priority::High).await.unwrap().unwrap();
    assert_eq!(high.depth, 1);
    let deeper = Queue { depth: 9, ..high };
    assert_eq!(deeper.update(pool).await.unwrap(), deeper);
    assert!(Queue::delete(pool, &Priority::High).await.unwrap());
    assert!(!Queue::delete(pool, &Priority::High).await.unwrap());
    db.drop_db().await;
}

/// An enum type whose name needs quoting in SQL.
#[fusion_enum(name = "We\"ird Mood")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    Happy,
    Sad,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Diary {
    #[column(primary_key)]
    pub id: i32,
    pub mood: Mood,
    pub moods: Vec<Mood>,
}

#[tokio::test]
async fn enum_type_with_a_name_that_needs_quoting() {
    let db = TestDb::with_ddl(<Mood as PgEnum>::DDL).await;
    db.apply(Diary::DDL).await;
    let row = Diary::insert(
        db.pool(),
        NewDiary {
            id: 1,
            mood: Mood::Sad,
            moods: vec![Mood::Happy, Mood::Sad],
        },
    )
    .await
    .unwrap();
    assert_eq!(row.mood, Mood::Sad);
    assert_eq!(Diary::find(db.pool(), 1).await.unwrap(), Some(row));
    db.drop_db().await;
}

/// An enum type whose default name is a reserved word.
#[fusion_enum]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    #[column(primary_key)]
    pub id: i32,
    pub order: Order,
    pub fallbacks: Vec<Order>,
}

#[tokio::test]
async fn enum_type_named_with_a_reserved_word() {
    let db = TestDb::with_ddl(<Order as PgEnum>::DDL).await;
    db.apply(Listing::DDL).await;
    let row = Listing::insert(
        db.pool(),
        NewListing {
            id: 1,
            order: Order::Desc,
            fallbacks: vec![Order::Asc],
        },
    )
    .await
    .unwrap();
    assert_eq!(Listing::all(db.pool()).await.unwrap(), [row]);
    db.drop_db().await;
}
