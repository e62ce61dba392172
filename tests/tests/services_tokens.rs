//! API tokens against a real PostgreSQL: a token verifies until it is revoked, expires or its
//! user is deactivated, each with its own error; the plaintext is stored nowhere.

use fusion_db::foundation::Foundation;
use fusion_db::services::tokens::{self, TokenError};
use fusion_db::services::{audit, config};
use fusion_db::Schema;
use fusion_db_tests::{add_user, TestDb};
use sqlx::{PgPool, Row};

async fn db_now(pool: &PgPool) -> chrono::NaiveDateTime {
    sqlx::query_scalar("SELECT LOCALTIMESTAMP")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn issued_token_verifies_and_records_its_use() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    let issued = tokens::issue(pool, "ada", "ci", None).await.unwrap();
    assert!(issued.plaintext.starts_with("fdb_"));
    assert_eq!(issued.plaintext.len(), 47);
    assert_eq!(issued.info.start.as_deref(), Some(&issued.plaintext[..8]));
    assert_eq!(
        (issued.info.user_id.as_str(), issued.info.name.as_str()),
        ("ada", "ci")
    );
    assert_eq!(issued.info.last_used_at, None);
    assert!(!issued.info.revoked);
    assert!(!format!("{issued:?}").contains(&issued.plaintext));

    let verified = tokens::verify(pool, &issued.plaintext).await.unwrap();
    assert_eq!(verified.token.id, issued.info.id);
    assert_eq!(verified.user.id, "ada");
    let used_at = verified.token.last_used_at.expect("last_used_at is set");
    assert!(used_at >= issued.info.created_at);

    let listed = tokens::list(pool, "ada").await.unwrap();
    assert_eq!(listed, vec![verified.token]);

    db.drop_db().await;
}

#[tokio::test]
async fn revoked_token_fails_as_revoked() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    add_user(pool, "eve").await;
    let issued = tokens::issue(pool, "ada", "laptop", None).await.unwrap();
    tokens::verify(pool, &issued.plaintext).await.unwrap();

    // Another user cannot revoke it.
    let err = tokens::revoke(pool, "eve", &issued.info.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, TokenError::NotFound { user_id, token_id } if user_id == "eve" && *token_id == issued.info.id)
    );
    tokens::verify(pool, &issued.plaintext).await.unwrap();

    let revoked = tokens::revoke(pool, "ada", &issued.info.id).await.unwrap();
    assert!(revoked.revoked);
    assert!(revoked.expires_at.is_some());

    let err = tokens::verify(pool, &issued.plaintext).await.unwrap_err();
    match &err {
        TokenError::Revoked { token_id, name } => {
            assert_eq!(
                (token_id.as_str(), name.as_str()),
                (&*issued.info.id, "laptop")
            );
        }
        other => panic!("expected Revoked, got {other:?}"),
    }
    assert!(err.to_string().contains("\"laptop\""), "{err}");

    // Revoking again changes nothing; the list still shows the token, as revoked.
    let again = tokens::revoke(pool, "ada", &issued.info.id).await.unwrap();
    assert_eq!(again, revoked);
    let listed = tokens::list(pool, "ada").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked);

    db.drop_db().await;
}

#[tokio::test]
async fn expired_token_fails_as_expired() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    let now = db_now(pool).await;

    let future = tokens::issue(pool, "ada", "a day", Some(now + chrono::Duration::days(1)))
        .await
        .unwrap();
    tokens::verify(pool, &future.plaintext).await.unwrap();

    // Time passes: the expiry is now behind us.
    let past = now - chrono::Duration::minutes(1);
    sqlx::query(r#"UPDATE "api_token" SET "expires_at" = $1 WHERE "id" = $2"#)
        .bind(past)
        .bind(&future.info.id)
        .execute(pool)
        .await
        .unwrap();
    let err = tokens::verify(pool, &future.plaintext).await.unwrap_err();
    assert!(
        matches!(&err, TokenError::Expired { token_id, expired_at, .. } if *token_id == future.info.id && *expired_at == past),
        "{err:?}"
    );

    // A token issued with an expiry already passed never verifies.
    let stillborn = tokens::issue(pool, "ada", "late", Some(past))
        .await
        .unwrap();
    let err = tokens::verify(pool, &stillborn.plaintext)
        .await
        .unwrap_err();
    assert!(matches!(err, TokenError::Expired { .. }), "{err:?}");

    db.drop_db().await;
}

#[tokio::test]
async fn token_of_deactivated_user_fails_as_such() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    let issued = tokens::issue(pool, "ada", "ci", None).await.unwrap();
    tokens::verify(pool, &issued.plaintext).await.unwrap();

    let at = db_now(pool).await;
    sqlx::query(r#"UPDATE "user" SET "deactivated_at" = $1 WHERE "id" = 'ada'"#)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();

    let err = tokens::verify(pool, &issued.plaintext).await.unwrap_err();
    assert!(
        matches!(&err, TokenError::UserDeactivated { user_id, deactivated_at, .. } if user_id == "ada" && *deactivated_at == at),
        "{err:?}"
    );
    assert!(err.to_string().contains("user ada"), "{err}");

    db.drop_db().await;
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_told_apart() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    let issued = tokens::issue(pool, "ada", "ci", None).await.unwrap();

    // Well formed, never issued: one character changed.
    let mut other = issued.plaintext.clone();
    let last = if other.ends_with('A') { "B" } else { "A" };
    other.replace_range(other.len() - 1.., last);
    let err = tokens::verify(pool, &other).await.unwrap_err();
    match &err {
        TokenError::Unknown { start } => assert_eq!(start, &other[..8]),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert!(
        !err.to_string().contains(&other),
        "the error leaks the token"
    );

    for stray in [
        "",
        "fdb_",
        "Bearer fdb_abc",
        &format!("Bearer {}", issued.plaintext),
        &issued.plaintext[..46],
    ] {
        let err = tokens::verify(pool, stray).await.unwrap_err();
        assert!(
            matches!(err, TokenError::Malformed { .. }),
            "{stray:?}: {err:?}"
        );
    }

    db.drop_db().await;
}

#[tokio::test]
async fn issue_names_what_is_wrong() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    let err = tokens::issue(pool, "nobody", "ci", None).await.unwrap_err();
    assert!(
        matches!(&err, TokenError::UnknownUser { user_id } if user_id == "nobody"),
        "{err:?}"
    );
    assert!(err.to_string().contains("nobody"), "{err}");

    let err = tokens::issue(pool, "ada", "  ", None).await.unwrap_err();
    assert!(matches!(err, TokenError::EmptyName { .. }), "{err:?}");

    assert!(tokens::list(pool, "ada").await.unwrap().is_empty());

    db.drop_db().await;
}

#[tokio::test]
async fn list_is_newest_first_and_per_user() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;
    add_user(pool, "bob").await;

    let mut ids = Vec::new();
    for name in ["first", "second", "third"] {
        ids.push(
            tokens::issue(pool, "ada", name, None)
                .await
                .unwrap()
                .info
                .id,
        );
    }
    tokens::issue(pool, "bob", "bobs", None).await.unwrap();

    let names: Vec<String> = tokens::list(pool, "ada")
        .await
        .unwrap()
        .into_iter()
        .map(|token| token.name)
        .collect();
    assert_eq!(names, ["third", "second", "first"]);

    db.drop_db().await;
}

#[tokio::test]
async fn works_inside_the_callers_transaction() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    let mut tx = pool.begin().await.unwrap();
    let issued = tokens::issue(&mut *tx, "ada", "ci", None).await.unwrap();
    tokens::verify(&mut *tx, &issued.plaintext).await.unwrap();
    tx.rollback().await.unwrap();
    let err = tokens::verify(pool, &issued.plaintext).await.unwrap_err();
    assert!(matches!(err, TokenError::Unknown { .. }), "{err:?}");

    let mut conn = pool.acquire().await.unwrap();
    let issued = tokens::issue(&mut *conn, "ada", "ci", None).await.unwrap();
    tokens::verify(&mut *conn, &issued.plaintext).await.unwrap();
    drop(conn);

    // The future is Send: a server can verify on any worker thread.
    let pool_clone = pool.clone();
    let plaintext = issued.plaintext.clone();
    tokio::spawn(async move { tokens::verify(&pool_clone, &plaintext).await })
        .await
        .unwrap()
        .unwrap();

    db.drop_db().await;
}

/// Every (table, column) of the public schema whose values are text or JSON.
async fn text_columns(pool: &PgPool) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' \
         AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') \
         ORDER BY table_name, column_name",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect()
}

/// The (table, column) pairs where some value contains `needle`.
async fn columns_containing(pool: &PgPool, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(pool).await {
        let sql = format!(
            "SELECT count(*) FROM {} WHERE strpos({}::text, $1) > 0",
            fusion_db_tests::quote_ident(&table),
            fusion_db_tests::quote_ident(&column)
        );
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(needle)
            .fetch_one(pool)
            .await
            .unwrap();
        if count > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn plaintext_token_is_stored_nowhere() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    add_user(pool, "ada").await;

    // Use the tokens every way an app would, logging what it sees along the way.
    let mut plaintexts = Vec::new();
    for name in ["ci", "laptop", "phone"] {
        let issued = tokens::issue(pool, "ada", name, None).await.unwrap();
        let verified = tokens::verify(pool, &issued.plaintext).await.unwrap();
        audit::record(
            pool,
            audit::Entry::new("token.issue", "api_token", &issued.info.id)
                .actor("ada")
                .after(&format!("{issued:?}")),
        )
        .await
        .unwrap();
        config::set(
            pool,
            &format!("last_token.{name}"),
            &verified.token.start,
            None,
        )
        .await
        .unwrap();
        plaintexts.push((issued.info.id, issued.plaintext));
    }
    tokens::revoke(pool, "ada", &plaintexts[1].0).await.unwrap();

    // The scan does reach the token table: each digest is found there, the revoked one too.
    let columns = text_columns(pool).await;
    assert!(columns.contains(&("api_token".to_owned(), "token_hash".to_owned())));
    assert!(columns.contains(&("audit_log".to_owned(), "after".to_owned())));
    for (_, plaintext) in &plaintexts {
        let digest: String =
            sqlx::query_scalar("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')")
                .bind(plaintext)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(
            columns_containing(pool, &digest).await,
            ["api_token.token_hash"]
        );
    }

    // The secret part of a token, with or without its prefix, is in no column of any table.
    for (_, plaintext) in &plaintexts {
        let secret = plaintext.strip_prefix("fdb_").unwrap();
        assert_eq!(columns_containing(pool, secret).await, Vec::<String>::new());
        // A third of the secret is already far more than the display start shows.
        assert_eq!(
            columns_containing(pool, &secret[..16]).await,
            Vec::<String>::new()
        );
    }

    db.drop_db().await;
}
