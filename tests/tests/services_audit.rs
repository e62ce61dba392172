//! The audit trail against a real PostgreSQL: entries land only with their transaction, and
//! read back in the promised orders.

use std::collections::HashMap;

use fusion_db::foundation::Foundation;
use fusion_db::services::audit::{self, AuditError, Entry};
use fusion_db::Schema;
use fusion_db_tests::{add_user, TestDb};
use serde::Serialize;
use serde_json::json;

#[derive(Serialize)]
struct Profile<'a> {
    name: &'a str,
}

/// Renames user `id` and records it, on one transaction.
async fn rename(tx: &mut sqlx::PgConnection, id: &str, from: &str, to: &str) {
    sqlx::query(r#"UPDATE "user" SET "name" = $1 WHERE "id" = $2"#)
        .bind(to)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    audit::record(
        &mut *tx,
        Entry::new("user.rename", "user", id)
            .actor(id)
            .before(&Profile { name: from })
            .after(&Profile { name: to }),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn entries_land_only_with_their_transaction() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    let mut tx = pool.begin().await.unwrap();
    rename(&mut tx, "ada", "ada", "Ada").await;
    assert_eq!(
        audit::history(&mut *tx, "user", "ada").await.unwrap().len(),
        1
    );
    tx.rollback().await.unwrap();
    assert!(audit::history(pool, "user", "ada")
        .await
        .unwrap()
        .is_empty());

    let mut tx = pool.begin().await.unwrap();
    rename(&mut tx, "ada", "ada", "Ada Lovelace").await;
    tx.commit().await.unwrap();

    let history = audit::history(pool, "user", "ada").await.unwrap();
    assert_eq!(history.len(), 1);
    let entry = &history[0];
    assert_eq!(entry.actor_id.as_deref(), Some("ada"));
    assert_eq!(entry.action, "user.rename");
    assert_eq!(entry.before, Some(json!({ "name": "ada" })));
    assert_eq!(entry.after, Some(json!({ "name": "Ada Lovelace" })));
    let total: i64 = sqlx::query_scalar(r#"SELECT count(*) FROM "audit_log""#)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(total, 1);

    db.drop_db().await;
}

#[tokio::test]
async fn history_is_oldest_first_and_actions_newest_first() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    add_user(pool, "bob").await;

    // Several entries in one transaction share created_at; they keep their recorded order.
    let mut tx = pool.begin().await.unwrap();
    for step in ["post.create", "post.edit"] {
        audit::record(&mut *tx, Entry::new(step, "post", "1").actor("ada"))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    audit::record(
        pool,
        Entry::new("post.review", "post", "1").actor_opt(Some("bob")),
    )
    .await
    .unwrap();
    audit::record(pool, Entry::new("post.publish", "post", "1").actor("ada"))
        .await
        .unwrap();
    audit::record(
        pool,
        Entry::new("post.archive", "post", "1").actor_opt(None),
    )
    .await
    .unwrap();
    audit::record(pool, Entry::new("post.create", "post", "2").actor("ada"))
        .await
        .unwrap();

    let history: Vec<String> = audit::history(pool, "post", "1")
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert_eq!(
        history,
        [
            "post.create",
            "post.edit",
            "post.review",
            "post.publish",
            "post.archive"
        ]
    );

    let by_ada = |limit| async move {
        audit::actions_by(pool, "ada", limit)
            .await
            .unwrap()
            .into_iter()
            .map(|entry| format!("{}:{}", entry.action, entry.entity_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by_ada(10).await,
        [
            "post.create:2",
            "post.publish:1",
            "post.edit:1",
            "post.create:1"
        ]
    );
    assert_eq!(by_ada(2).await, ["post.create:2", "post.publish:1"]);
    assert!(by_ada(0).await.is_empty());

    // A system change has no actor.
    let archive = audit::history(pool, "post", "1")
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(archive.actor_id, None);
    assert_eq!((archive.before, archive.after), (None, None));

    db.drop_db().await;
}

#[tokio::test]
async fn bad_entries_are_refused_with_what_is_wrong() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();

    let err = audit::record(pool, Entry::new("post.edit", "post", "7").actor("ghost"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AuditError::UnknownActor { actor_id, .. } if actor_id == "ghost"),
        "{err:?}"
    );
    assert!(err.to_string().contains("ghost"), "{err}");

    let err = audit::record(pool, Entry::new("", "post", "7"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::EmptyField {
                field: "action",
                ..
            }
        ),
        "{err:?}"
    );
    let err = audit::record(pool, Entry::new("post.edit", "post", " "))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::EmptyField {
                field: "entity id",
                ..
            }
        ),
        "{err:?}"
    );

    // JSON object keys must be strings; a map keyed by pairs cannot serialize.
    let unserializable: HashMap<(i32, i32), i32> = HashMap::from([((1, 2), 3)]);
    let err = audit::record(
        pool,
        Entry::new("grid.edit", "grid", "g").after(&unserializable),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, AuditError::Serialize { side: "after", .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("grid/g"), "{err}");

    assert!(audit::history(pool, "post", "7").await.unwrap().is_empty());

    db.drop_db().await;
}
