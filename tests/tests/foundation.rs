//! The foundation tables against a real PostgreSQL: the schema applies and matches its metadata,
//! the user table is the TypeScript original's, deleting a user cleans up after them, unique
//! columns hold, and every table's rows round-trip.

mod schema_catalog;

use chrono::{NaiveDateTime, Timelike};
use fusion_db::foundation::{
    Account, ApiToken, AppConfig, AuditLog, Foundation, Mailbox, NewAccount, NewApiToken,
    NewAppConfig, NewAuditLog, NewMailbox, NewSession, NewUser, NewVerification, Session, User,
    Verification,
};
use fusion_db::{KeyedTable, Schema, Table};
use fusion_db_tests::{assert_snapshot, assert_violates, CatalogTable, TestDb, UNIQUE_VIOLATION};
use serde_json::json;

/// The user table exactly as the TypeScript original's drizzle-kit writes it.
const TYPESCRIPT_USER_DDL: &str = r#"CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"is_site_admin" boolean DEFAULT false NOT NULL,
	"deactivated_at" timestamp,
	"metadata" jsonb,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
"#;

/// A foreign key exactly as the TypeScript original's drizzle-kit writes it.
const TYPESCRIPT_SESSION_FK: &str = r#"ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;"#;

#[test]
fn foundation_tables_in_order() {
    let names: Vec<&str> = Foundation::TABLES.iter().map(|table| table.name).collect();
    assert_eq!(
        names,
        [
            "user",
            "session",
            "account",
            "verification",
            "api_token",
            "mailbox",
            "audit_log",
            "app_config"
        ]
    );
    assert_eq!(Foundation::table("api_token"), Some(ApiToken::DEF));
    assert_eq!(Foundation::table("post"), None);
    assert!(Foundation::enum_types().is_empty());
}

#[test]
fn foundation_ddl_snapshot() {
    assert_snapshot(
        "foundation",
        Foundation::DDL,
        include_str!("../snapshots/foundation.sql"),
    );
}

#[test]
fn user_ddl_and_foreign_keys_are_the_typescript_ones() {
    assert_eq!(
        User::DEF
            .column("email")
            .map(|column| (column.sql_type, column.nullable)),
        Some(("text", false))
    );
    assert!(
        Foundation::DDL.contains(TYPESCRIPT_SESSION_FK),
        "{}",
        Foundation::DDL
    );
}

#[tokio::test]
async fn user_table_is_the_typescript_one() {
    let typescript = TestDb::with_ddl(TYPESCRIPT_USER_DDL).await;
    let ours = TestDb::with_ddl(Foundation::DDL).await;

    let theirs = CatalogTable::load(typescript.pool(), "user").await;
    let mine = CatalogTable::load(ours.pool(), "user").await;
    assert_eq!(mine, theirs);
    schema_catalog::assert_defaults_match(ours.pool(), User::DEF).await;

    typescript.drop_db().await;
    ours.drop_db().await;
}

#[tokio::test]
async fn foundation_applies_and_matches_its_metadata() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    schema_catalog::assert_schema_matches::<Foundation>(db.pool()).await;
    db.drop_db().await;
}

/// `now()` as PostgreSQL stores it in a `timestamp`, to microseconds.
fn now() -> NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}

fn new_user(id: &str, email: &str) -> NewUser {
    NewUser {
        id: id.to_owned(),
        name: format!("User {id}"),
        email: email.to_owned(),
        email_verified: None,
        image: None,
        is_site_admin: None,
        deactivated_at: None,
        metadata: None,
        created_at: None,
        updated_at: None,
    }
}

fn new_session(id: &str, user_id: &str, token: &str) -> NewSession {
    NewSession {
        id: id.to_owned(),
        expires_at: now() + chrono::Duration::days(7),
        token: token.to_owned(),
        created_at: None,
        updated_at: None,
        ip_address: None,
        user_agent: None,
        user_id: user_id.to_owned(),
    }
}

fn new_account(id: &str, user_id: &str) -> NewAccount {
    NewAccount {
        id: id.to_owned(),
        account_id: user_id.to_owned(),
        provider_id: "credential".to_owned(),
        user_id: user_id.to_owned(),
        access_token: None,
        refresh_token: None,
        id_token: None,
        access_token_expires_at: None,
        refresh_token_expires_at: None,
        scope: None,
        password: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        created_at: None,
        updated_at: None,
    }
}

fn new_api_token(id: &str, user_id: &str) -> NewApiToken {
    NewApiToken {
        id: id.to_owned(),
        user_id: user_id.to_owned(),
        name: "CI".to_owned(),
        token_hash: format!("sha256:{id}"),
        start: Some("fdb_".to_owned()),
        last_used_at: None,
        expires_at: None,
        created_at: None,
    }
}

fn new_audit_entry(actor_id: Option<&str>) -> NewAuditLog {
    NewAuditLog {
        id: None,
        actor_id: actor_id.map(str::to_owned),
        action: "user.update".to_owned(),
        entity_type: "user".to_owned(),
        entity_id: "ada".to_owned(),
        before: Some(json!({ "name": "Ada" })),
        after: Some(json!({ "name": "Ada Lovelace" })),
        created_at: None,
    }
}

#[tokio::test]
async fn deleting_a_user_cascades_and_sets_null() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    for (id, email) in [("ada", "ada@example.com"), ("bob", "bob@example.com")] {
        User::insert(pool, new_user(id, email)).await.unwrap();
        Session::insert(
            pool,
            new_session(&format!("s-{id}"), id, &format!("t-{id}")),
        )
        .await
        .unwrap();
        Account::insert(pool, new_account(&format!("a-{id}"), id))
            .await
            .unwrap();
        ApiToken::insert(pool, new_api_token(&format!("k-{id}"), id))
            .await
            .unwrap();
        AppConfig::insert(
            pool,
            NewAppConfig {
                key: format!("theme.{id}"),
                value: json!("dark"),
                updated_at: None,
                updated_by: Some(id.to_owned()),
            },
        )
        .await
        .unwrap();
    }
    let entry = AuditLog::insert(pool, new_audit_entry(Some("ada")))
        .await
        .unwrap();

    assert!(User::delete(pool, "ada").await.unwrap());

    let sessions: Vec<String> = Session::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    assert_eq!(sessions, ["bob"]);
    let accounts: Vec<String> = Account::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    assert_eq!(accounts, ["bob"]);
    let tokens: Vec<String> = ApiToken::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.user_id)
        .collect();
    assert_eq!(tokens, ["bob"]);

    let kept = AuditLog::find(pool, entry.id).await.unwrap().unwrap();
    assert_eq!(kept.actor_id, None);
    assert_eq!(kept.action, entry.action);
    let settings: Vec<(String, Option<String>)> = AppConfig::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.key, c.updated_by))
        .collect();
    assert_eq!(
        settings,
        [
            ("theme.ada".to_owned(), None),
            ("theme.bob".to_owned(), Some("bob".to_owned()))
        ]
    );
    db.drop_db().await;
}

#[tokio::test]
async fn duplicate_emails_and_session_tokens_are_rejected() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    User::insert(pool, new_user("ada", "ada@example.com"))
        .await
        .unwrap();
    assert_violates(
        User::insert(pool, new_user("ada2", "ada@example.com")).await,
        UNIQUE_VIOLATION,
        "user_email_unique",
    );

    Session::insert(pool, new_session("s1", "ada", "token"))
        .await
        .unwrap();
    assert_violates(
        Session::insert(pool, new_session("s2", "ada", "token")).await,
        UNIQUE_VIOLATION,
        "session_token_unique",
    );
    ApiToken::insert(pool, new_api_token("k1", "ada"))
        .await
        .unwrap();
    let same_digest = NewApiToken {
        id: "k2".to_owned(),
        ..new_api_token("k1", "ada")
    };
    assert_violates(
        ApiToken::insert(pool, same_digest).await,
        UNIQUE_VIOLATION,
        "api_token_token_hash_unique",
    );
    db.drop_db().await;
}

/// Inserts `row`, then reads it back by key, through `all` and through `FromRow` by name, and
/// checks that all three agree with what the insert returned.
async fn round_trip<T>(pool: &sqlx::PgPool, row: T::Insert, key: T::Key<'_>) -> T
where
    T: KeyedTable + std::fmt::Debug + PartialEq + Clone,
{
    let inserted = T::insert(pool, row).await.unwrap();
    let found = T::find(pool, key).await.unwrap();
    assert_eq!(found.as_ref(), Some(&inserted), "{}: find", T::NAME);
    let all = T::all(pool).await.unwrap();
    assert!(all.contains(&inserted), "{}: all", T::NAME);
    let by_name: Vec<T> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM \"{}\"",
        T::NAME
    )))
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(by_name.contains(&inserted), "{}: FromRow", T::NAME);
    inserted
}

#[tokio::test]
async fn every_foundation_table_round_trips() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();
    let at = now();

    let mut user = round_trip::<User>(
        pool,
        NewUser {
            id: "ada".to_owned(),
            name: "Ada".to_owned(),
            email: "ada@example.com".to_owned(),
            email_verified: Some(true),
            image: Some("https://example.com/ada.png".to_owned()),
            is_site_admin: Some(true),
            deactivated_at: Some(at),
            metadata: Some(json!({ "task:1": { "answer": 42 } })),
            created_at: Some(at),
            updated_at: Some(at),
        },
        "ada",
    )
    .await;
    assert_eq!(user.created_at, at);
    let defaults = round_trip::<User>(pool, new_user("bob", "bob@example.com"), "bob").await;
    assert!(!defaults.email_verified && !defaults.is_site_admin);
    assert_eq!(
        (defaults.image, defaults.deactivated_at, defaults.metadata),
        (None, None, None)
    );

    user.name = "Ada Lovelace".to_owned();
    user.metadata = None;
    assert_eq!(user.update(pool).await.unwrap(), user);

    round_trip::<Session>(
        pool,
        NewSession {
            ip_address: Some("203.0.113.7".to_owned()),
            user_agent: Some("curl/8".to_owned()),
            created_at: Some(at),
            updated_at: Some(at),
            ..new_session("s1", "ada", "secret")
        },
        "s1",
    )
    .await;
    round_trip::<Account>(
        pool,
        NewAccount {
            provider_id: "github".to_owned(),
            access_token: Some("gho_a".to_owned()),
            refresh_token: Some("ghr_r".to_owned()),
            id_token: Some("eyJ".to_owned()),
            access_token_expires_at: Some(at),
            refresh_token_expires_at: Some(at),
            scope: Some("read:user".to_owned()),
            password: None,
            ..new_account("a1", "ada")
        },
        "a1",
    )
    .await;
    round_trip::<Verification>(
        pool,
        NewVerification {
            id: "v1".to_owned(),
            identifier: "ada@example.com".to_owned(),
            value: "123456".to_owned(),
            expires_at: at,
            created_at: None,
            updated_at: Some(at),
        },
        "v1",
    )
    .await;
    round_trip::<ApiToken>(
        pool,
        NewApiToken {
            last_used_at: Some(at),
            expires_at: Some(at),
            ..new_api_token("k1", "ada")
        },
        "k1",
    )
    .await;
    round_trip::<Mailbox>(
        pool,
        NewMailbox {
            id: "m1".to_owned(),
            to_address: "ada@example.com".to_owned(),
            from_address: "noreply@example.com".to_owned(),
            subject: "Welcome, «Ada»".to_owned(),
            text_body: Some("Hello".to_owned()),
            html_body: Some("<p>Hello</p>".to_owned()),
            created_at: None,
        },
        "m1",
    )
    .await;
    let first = round_trip::<AuditLog>(pool, new_audit_entry(Some("ada")), 1).await;
    let second = AuditLog::insert(pool, new_audit_entry(None)).await.unwrap();
    assert_eq!((first.id, second.id), (1, 2));
    assert_eq!(second.actor_id, None);
    round_trip::<AppConfig>(
        pool,
        NewAppConfig {
            key: "signup.enabled".to_owned(),
            value: json!(true),
            updated_at: None,
            updated_by: Some("ada".to_owned()),
        },
        "signup.enabled",
    )
    .await;
    db.drop_db().await;
}
