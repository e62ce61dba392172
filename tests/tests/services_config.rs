//! Runtime config against a real PostgreSQL: typed reads with distinct errors, upserts that
//! record who and when, and concurrent writers of one key.

use fusion_db::foundation::Foundation;
use fusion_db::services::config::{self, ConfigError};
use fusion_db::Schema;
use fusion_db_tests::{add_user, TestDb};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Signup {
    enabled: bool,
    allowed_domains: Vec<String>,
}

#[tokio::test]
async fn typed_values_round_trip_and_record_who_and_when() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    let signup = Signup {
        enabled: true,
        allowed_domains: vec!["example.com".into()],
    };
    let first = config::set(pool, "signup", &signup, Some("ada"))
        .await
        .unwrap();
    assert_eq!(first.key, "signup");
    assert_eq!(first.updated_by.as_deref(), Some("ada"));
    assert_eq!(
        config::get::<Signup, _>(pool, "signup").await.unwrap(),
        signup
    );

    let closed = Signup {
        enabled: false,
        ..signup
    };
    let second = config::set(pool, "signup", &closed, None).await.unwrap();
    assert_eq!(second.updated_by, None);
    assert!(second.updated_at >= first.updated_at);
    assert_eq!(
        config::get::<Signup, _>(pool, "signup").await.unwrap(),
        closed
    );

    config::set(pool, "max_upload_mb", &25, None).await.unwrap();
    config::set(pool, "banner", "Maintenance at noon", None)
        .await
        .unwrap();
    assert_eq!(
        config::get::<u32, _>(pool, "max_upload_mb").await.unwrap(),
        25
    );
    assert_eq!(
        config::find::<String, _>(pool, "banner").await.unwrap(),
        Some("Maintenance at noon".to_owned())
    );
    assert_eq!(config::find::<String, _>(pool, "motd").await.unwrap(), None);

    let keys: Vec<String> = config::list(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.key)
        .collect();
    assert_eq!(keys, ["banner", "max_upload_mb", "signup"]);

    assert!(config::delete(pool, "banner").await.unwrap());
    assert!(!config::delete(pool, "banner").await.unwrap());
    assert_eq!(config::list(pool).await.unwrap().len(), 2);

    db.drop_db().await;
}

#[tokio::test]
async fn missing_and_wrong_shape_are_distinct_errors_naming_the_key() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    config::set(pool, "max_upload_mb", &json!("lots"), None)
        .await
        .unwrap();

    let err = config::get::<u32, _>(pool, "retention_days")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ConfigError::Missing { key } if key == "retention_days"),
        "{err:?}"
    );
    assert!(err.to_string().contains("\"retention_days\""), "{err}");

    let err = config::get::<u32, _>(pool, "max_upload_mb")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ConfigError::WrongShape { key, expected: "u32", .. } if key == "max_upload_mb"),
        "{err:?}"
    );
    assert!(err.to_string().contains("\"max_upload_mb\""), "{err}");
    assert!(std::error::Error::source(&err).is_some());

    let err = config::find::<Signup, _>(pool, "max_upload_mb")
        .await
        .unwrap_err();
    assert!(matches!(err, ConfigError::WrongShape { .. }), "{err:?}");

    db.drop_db().await;
}

#[tokio::test]
async fn bad_writes_are_refused() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();

    let err = config::set(pool, "", &1, None).await.unwrap_err();
    assert!(matches!(err, ConfigError::EmptyKey), "{err:?}");

    let err = config::set(pool, "theme", "dark", Some("ghost"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ConfigError::UnknownUser { key, user_id } if key == "theme" && user_id == "ghost"),
        "{err:?}"
    );

    // A set inside a rolled-back transaction leaves nothing.
    let mut tx = pool.begin().await.unwrap();
    config::set(&mut *tx, "theme", "dark", None).await.unwrap();
    tx.rollback().await.unwrap();
    assert!(config::list(pool).await.unwrap().is_empty());

    db.drop_db().await;
}

#[derive(Debug, Serialize, Deserialize)]
struct Written {
    writer: u32,
    round: u32,
    // Large enough that a torn write would show as a mix of writers.
    payload: Vec<u32>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sets_of_one_key_leave_one_consistent_value() {
    const WRITERS: u32 = 8;
    const ROUNDS: u32 = 10;

    let db = TestDb::with_ddl(Foundation::DDL).await;
    for writer in 0..WRITERS {
        add_user(db.pool(), &format!("writer{writer}")).await;
    }

    // The key does not exist yet: the first writes race to insert it.
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let pool = db.pool().clone();
        tasks.push(tokio::spawn(async move {
            let user = format!("writer{writer}");
            for round in 0..ROUNDS {
                let value = Written {
                    writer,
                    round,
                    payload: vec![writer; 256],
                };
                config::set(&pool, "shared", &value, Some(&user)).await?;
                tokio::task::yield_now().await;
            }
            Ok::<_, ConfigError>(())
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }

    let rows = config::list(db.pool()).await.unwrap();
    assert_eq!(rows.len(), 1);
    let value: Written = config::get(db.pool(), "shared").await.unwrap();
    assert!(value.writer < WRITERS);
    assert_eq!(
        value.round,
        ROUNDS - 1,
        "each writer's last write is its last round"
    );
    assert!(value.payload.iter().all(|&w| w == value.writer));
    assert_eq!(
        rows[0].updated_by.as_deref(),
        Some(format!("writer{}", value.writer).as_str()),
        "value and updater come from the same write"
    );

    db.drop_db().await;
}
