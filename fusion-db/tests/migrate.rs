//! Migrations against a real PostgreSQL: each test creates a fresh database, generates
//! migrations for the blog fixture into a temporary directory, applies them with sqlx, and
//! drops the database at the end (also when the test fails).
//!
//! The server is `DATABASE_URL` if set, else `postgres://postgres@127.0.0.1:5432/postgres`.

#[path = "fixtures/awkward.rs"]
mod awkward;
#[path = "fixtures/blog.rs"]
mod fixtures;

use std::future::Future;
use std::path::Path;

use fusion_db::migrate::{self, Generated, MigrateError, MigrationState, Snapshot};
use fusion_db::TableDef;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{AssertSqlSafe, Row};

use fixtures::{V1, V2, V2_ARCHIVED, V3};

fn server_options() -> PgConnectOptions {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    url.parse().unwrap()
}

/// Runs `test` on a database of its own and drops the database afterwards.
async fn with_database<F, Fut>(test: F)
where
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin = PgPool::connect_with(server_options()).await.unwrap();
    let name = format!("fusion_mig_{}", uuid::Uuid::new_v4().simple());
    let create = format!("CREATE DATABASE \"{name}\"");
    sqlx::query(AssertSqlSafe(create))
        .execute(&admin)
        .await
        .unwrap();

    let pool = PgPool::connect_with(server_options().database(&name))
        .await
        .unwrap();
    let outcome = tokio::spawn(test(pool.clone())).await;
    pool.close().await;

    let drop = format!("DROP DATABASE \"{name}\" WITH (FORCE)");
    sqlx::query(AssertSqlSafe(drop))
        .execute(&admin)
        .await
        .unwrap();
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

fn written(generated: Result<Generated, MigrateError>) -> String {
    match generated.unwrap() {
        Generated::Written(mut migrations) if migrations.len() == 1 => migrations.remove(0).name,
        other => panic!("expected one migration, got {other:?}"),
    }
}

async fn apply(pool: &PgPool, dir: &Path) -> Vec<String> {
    let applied = migrate::migrate(pool, dir).await.unwrap();
    applied
        .into_iter()
        .map(|migration| migration.name)
        .collect()
}

async fn drift_lines(pool: &PgPool, tables: &[&TableDef]) -> Vec<String> {
    let live = migrate::read_catalog(pool).await.unwrap();
    let report = migrate::drift(&Snapshot::from_tables(tables), &live);
    assert_eq!(report.unowned_tables, ["_sqlx_migrations"]);
    report.differences.iter().map(ToString::to_string).collect()
}

async fn execute(pool: &PgPool, sql: &'static str) {
    sqlx::raw_sql(sql).execute(pool).await.unwrap();
}

#[tokio::test]
async fn v1_then_v2_keeps_the_rows_and_leaves_no_drift() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");

        assert_eq!(written(migrate::generate(&dir, V1, None, false)), "0000_init");
        assert_eq!(apply(&pool, &dir).await, ["0000_init"]);
        let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(versions, [0], "sqlx records 0000_init.sql as version 0");
        assert_eq!(drift_lines(&pool, V1).await, Vec::<String>::new());

        execute(
            &pool,
            "INSERT INTO \"user\" (id, name, email) VALUES ('u1', 'Ann', 'ann@example.com');
             INSERT INTO post (author_id, headline, body, status, views)
             VALUES ('u1', 'Hello', 'First post', 'published', 41),
                    ('u1', 'Draft', NULL, 'draft', 0);",
        )
        .await;

        let second = written(migrate::generate(&dir, V2, None, false));
        assert_eq!(second, "0001_add_post_status_archived");
        assert_eq!(apply(&pool, &dir).await, [second]);

        let rows = sqlx::query(
            "SELECT title, slug, body, status::text AS status, views, published \
             FROM post ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        // Every row keeps its data; the new slug takes its default, `published` keeps false.
        let post = |title: &str, body: Option<&str>, status: &str, views: i64| {
            let body = body.map(str::to_owned);
            (title.to_owned(), String::new(), body, status.to_owned(), views, false)
        };
        let posts: Vec<(String, String, Option<String>, String, i64, bool)> = (rows.iter())
            .map(|row| {
                let get = |name: &str| row.try_get::<String, _>(name).unwrap();
                let views = row.try_get::<i64, _>("views").unwrap();
                let (body, published) = (row.get("body"), row.get("published"));
                (get("title"), get("slug"), body, get("status"), views, published)
            })
            .collect();
        assert_eq!(
            posts,
            [
                post("Hello", Some("First post"), "published", 41),
                post("Draft", None, "draft", 0),
            ]
        );

        execute(
            &pool,
            "INSERT INTO post (author_id, title, status) VALUES ('u1', 'Old', 'archived');
             INSERT INTO comment (post_id, body) SELECT id, 'Nice' FROM post WHERE title = 'Hello';",
        )
        .await;
        let published: bool = sqlx::query_scalar("SELECT published FROM post WHERE title = 'Old'")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(published, "the changed default applies to new rows");
        assert_eq!(drift_lines(&pool, V2).await, Vec::<String>::new());

        let again = migrate::generate(&dir, V2, None, false).unwrap();
        assert!(matches!(again, Generated::NoChanges { .. }));
        assert_eq!(migrate::list_migrations(&dir).unwrap().len(), 2);
        assert!(apply(&pool, &dir).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_new_enum_value_used_as_a_default_is_committed_first() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");
        written(migrate::generate(&dir, V1, None, false));
        apply(&pool, &dir).await;

        let generated = migrate::generate(&dir, V2_ARCHIVED, None, false).unwrap();
        assert!(matches!(&generated, Generated::Written(migrations) if migrations.len() == 2));
        let applied = apply(&pool, &dir).await;
        assert_eq!(
            applied,
            ["0001_add_post_status_archived", "0002_rename_post_title"]
        );
        assert_eq!(drift_lines(&pool, V2_ARCHIVED).await, Vec::<String>::new());

        execute(
            &pool,
            "INSERT INTO \"user\" (id, name, email) VALUES ('u', 'U', 'u@x');",
        )
        .await;
        let status: String = sqlx::query_scalar(
            "INSERT INTO post (author_id, title) VALUES ('u', 'T') RETURNING status::text",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(status, "archived");
    })
    .await;
}

#[tokio::test]
async fn a_destructive_change_is_refused_then_applied_with_the_opt_in() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");
        written(migrate::generate(&dir, V2, None, false));
        apply(&pool, &dir).await;

        let refused = migrate::generate(&dir, V3, None, false).unwrap_err();
        match &refused {
            MigrateError::DestructiveChanges { statements } => assert_eq!(
                statements,
                &["ALTER TABLE \"post\" DROP COLUMN \"body\";  -- drops column \"post\".\"body\" and its data"]
            ),
            other => panic!("expected a refusal, got {other}"),
        }
        assert_eq!(migrate::list_migrations(&dir).unwrap().len(), 1);

        let name = written(migrate::generate(&dir, V3, None, true));
        assert_eq!(name, "0001_drop_post_body");
        assert_eq!(apply(&pool, &dir).await, [name]);
        assert_eq!(drift_lines(&pool, V3).await, Vec::<String>::new());
    })
    .await;
}

#[tokio::test]
async fn drift_names_a_dropped_column_a_missing_index_and_a_changed_default() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");
        written(migrate::generate(&dir, V2, None, false));
        apply(&pool, &dir).await;

        execute(
            &pool,
            "ALTER TABLE post DROP COLUMN body;
             DROP INDEX post_created_at_index;
             ALTER TABLE post ALTER COLUMN published SET DEFAULT false;",
        )
        .await;

        let lines = drift_lines(&pool, V2).await;
        assert_eq!(
            lines,
            [
                "table \"post\", column \"body\": column is missing (expected text, found nothing)",
                "table \"post\", column \"published\": default (expected true, found false)",
                "table \"post\": index \"post_created_at_index\" is missing (expected INDEX (created_at), found nothing)",
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_edited_migration_is_named_and_status_tells_what_is_pending() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");
        written(migrate::generate(&dir, V1, None, false));
        apply(&pool, &dir).await;
        written(migrate::generate(&dir, V2, Some("blog v2"), false));

        let states: Vec<(String, MigrationState)> = (migrate::status(&pool, &dir).await.unwrap())
            .into_iter()
            .map(|status| (status.name, status.state))
            .collect();
        assert_eq!(
            states,
            [
                ("0000_init".to_owned(), MigrationState::Applied),
                ("0001_blog_v2".to_owned(), MigrationState::Pending),
            ]
        );

        let first = dir.join("0000_init.sql");
        let mut sql = std::fs::read_to_string(&first).unwrap();
        sql.push_str("-- edited\n");
        std::fs::write(&first, sql).unwrap();
        let error = migrate::migrate(&pool, &dir).await.unwrap_err();
        assert!(
            matches!(
                &error,
                MigrateError::MigrationModified { path, version: 0 } if *path == first
            ),
            "{error}"
        );
        assert!(error.to_string().contains("0000_init.sql"), "{error}");

        let missing = temp.path().join("nowhere");
        let error = migrate::migrate(&pool, &missing).await.unwrap_err();
        assert!(
            matches!(error, MigrateError::DirectoryMissing { .. }),
            "{error}"
        );
    })
    .await;
}

#[tokio::test]
async fn awkward_names_and_types_read_back_from_the_catalogue_as_written() {
    with_database(|pool| async move {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("migrations");
        written(migrate::generate(&dir, awkward::V1, None, false));
        apply(&pool, &dir).await;
        assert_eq!(drift_lines(&pool, awkward::V1).await, Vec::<String>::new());

        execute(
            &pool,
            "INSERT INTO \"Kitchen Sink\" (tenant, id, tags) VALUES (1, 1, '{a,\"it''s\"}');
             INSERT INTO leaf (tenant, sink_id) VALUES (1, 1);",
        )
        .await;
        // v2 makes a column with a default NOT NULL, which rewrites NULLs: an opt-in.
        let name = written(migrate::generate(&dir, awkward::V2, None, true));
        let sql = std::fs::read_to_string(dir.join(format!("{name}.sql"))).unwrap();
        assert!(sql.contains("ADD VALUE 'b' BEFORE 'a'"), "{sql}");
        assert!(
            sql.contains("UPDATE \"Kitchen Sink\" SET \"note\" = DEFAULT"),
            "{sql}"
        );
        apply(&pool, &dir).await;
        assert_eq!(drift_lines(&pool, awkward::V2).await, Vec::<String>::new());

        let note: String = sqlx::query_scalar("SELECT note FROM \"Kitchen Sink\"")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(note, "n", "rows that held NULL take the default");
        let again = migrate::generate(&dir, awkward::V2, None, false).unwrap();
        assert!(matches!(again, Generated::NoChanges { .. }));
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_database_is_named_without_its_password() {
    let error = migrate::connect("postgres://app:s3cret@127.0.0.1:1/app")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MigrateError::Connect { .. }), "{message}");
    assert!(
        message.contains("postgres://app:***@127.0.0.1:1/app"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}
