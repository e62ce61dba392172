//! Defaults and identity columns: an insert that leaves a column out (`None`) gets what the
//! database fills in, an explicit value wins, and string defaults come back byte for byte.

use chrono::{DateTime, NaiveDateTime, Utc};
use fusion_db::{fusion_table, KeyedTable, Table};
use fusion_db_tests::{db_refusal, TestDb};
use uuid::Uuid;

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = true)]
    pub enabled: bool,
    #[column(default = false)]
    pub hidden: bool,
    #[column(default = 42)]
    pub count: i32,
    #[column(default = -32768)]
    pub small: i16,
    #[column(default = 9_000_000_000)]
    pub big: i64,
    #[column(default = 1.5)]
    pub ratio: f64,
    #[column(default = -0.25)]
    pub ratio32: f32,
    #[column(default = "hello")]
    pub label: String,
    #[column(default = "")]
    pub empty: String,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    #[column(default_now)]
    pub created_tz: DateTime<Utc>,
    #[column(default_sql = "gen_random_uuid()")]
    pub token: Uuid,
    #[column(default_sql = "'{\"k\": [1, \"v\"]}'::jsonb")]
    pub meta: serde_json::Value,
    #[column(default_sql = "ARRAY['a', 'b']")]
    pub tags: Vec<String>,
    #[column(default_sql = "'\\x00ff'::bytea")]
    pub blob: Vec<u8>,
    /// Nullable with a default: `None` takes the default, `Some(None)` stores NULL.
    #[column(default = "fallback")]
    pub note: Option<String>,
    #[column(default = 7)]
    pub maybe_count: Option<i32>,
}

fn all_defaults() -> NewSetting {
    NewSetting {
        id: None,
        enabled: None,
        hidden: None,
        count: None,
        small: None,
        big: None,
        ratio: None,
        ratio32: None,
        label: None,
        empty: None,
        created_at: None,
        created_tz: None,
        token: None,
        meta: None,
        tags: None,
        blob: None,
        note: None,
        maybe_count: None,
    }
}

async fn db_now(db: &TestDb) -> (NaiveDateTime, DateTime<Utc>) {
    sqlx::query_as("SELECT localtimestamp, clock_timestamp()")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn defaults_fill_the_columns_an_insert_leaves_out() {
    let db = TestDb::with_ddl(Setting::DDL).await;
    let pool = db.pool();

    let before = db_now(&db).await;
    let first = Setting::insert(pool, all_defaults()).await.unwrap();
    let second = Setting::insert(pool, all_defaults()).await.unwrap();
    let after = db_now(&db).await;

    assert_eq!((first.id, second.id), (1, 2), "identity counts from 1");
    assert!(first.enabled);
    assert!(!first.hidden);
    assert_eq!(first.count, 42);
    assert_eq!(first.small, i16::MIN);
    assert_eq!(first.big, 9_000_000_000);
    assert_eq!(first.ratio, 1.5);
    assert_eq!(first.ratio32, -0.25);
    assert_eq!(first.label, "hello");
    assert_eq!(first.empty, "");
    assert!(
        before.0 <= first.created_at && first.created_at <= after.0,
        "{before:?} <= {} <= {after:?}",
        first.created_at
    );
    assert!(before.1 <= first.created_tz && first.created_tz <= after.1);
    assert_ne!(first.token, second.token);
    assert_eq!(first.meta, serde_json::json!({"k": [1, "v"]}));
    assert_eq!(first.tags, ["a", "b"]);
    assert_eq!(first.blob, [0x00, 0xff]);
    assert_eq!(first.note.as_deref(), Some("fallback"));
    assert_eq!(first.maybe_count, Some(7));

    // What insert returned is what is stored.
    assert_eq!(Setting::all(pool).await.unwrap(), [first, second]);

    db.drop_db().await;
}

#[tokio::test]
async fn explicit_values_override_defaults() {
    let db = TestDb::with_ddl(Setting::DDL).await;
    let pool = db.pool();
    let stamp = chrono::NaiveDate::from_ymd_opt(2001, 2, 3)
        .unwrap()
        .and_hms_micro_opt(4, 5, 6, 7)
        .unwrap();
    let token = Uuid::new_v4();

    let row = Setting::insert(
        pool,
        NewSetting {
            id: Some(500),
            enabled: Some(false),
            hidden: Some(true),
            count: Some(0),
            small: Some(1),
            big: Some(-1),
            ratio: Some(0.0),
            ratio32: Some(3.5),
            label: Some("mine".to_owned()),
            empty: Some("not empty".to_owned()),
            created_at: Some(stamp),
            created_tz: Some(stamp.and_utc()),
            token: Some(token),
            meta: Some(serde_json::json!(null)),
            tags: Some(vec![]),
            blob: Some(vec![]),
            note: Some(None),
            maybe_count: Some(None),
        },
    )
    .await
    .unwrap();

    let expected = Setting {
        id: 500,
        enabled: false,
        hidden: true,
        count: 0,
        small: 1,
        big: -1,
        ratio: 0.0,
        ratio32: 3.5,
        label: "mine".to_owned(),
        empty: "not empty".to_owned(),
        created_at: stamp,
        created_tz: stamp.and_utc(),
        token,
        meta: serde_json::json!(null),
        tags: vec![],
        blob: vec![],
        note: None,
        maybe_count: None,
    };
    assert_eq!(row, expected);
    assert_eq!(Setting::find(pool, 500).await.unwrap(), Some(expected));

    // An explicit id does not move a BY DEFAULT identity's sequence.
    let next = Setting::insert(pool, all_defaults()).await.unwrap();
    assert_eq!(next.id, 1);

    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    #[column(primary_key, identity = "always")]
    pub id: i32,
    #[column(identity)]
    pub small_seq: i16,
    pub title: String,
}

#[tokio::test]
async fn identity_columns_count_and_by_default_accepts_explicit_values() {
    let db = TestDb::with_ddl(Ticket::DDL).await;
    let pool = db.pool();
    let new = |title: &str, small_seq: Option<i16>| NewTicket {
        id: None,
        small_seq,
        title: title.to_owned(),
    };

    let a = Ticket::insert(pool, new("a", None)).await.unwrap();
    let b = Ticket::insert(pool, new("b", Some(-5))).await.unwrap();
    let c = Ticket::insert(pool, new("c", None)).await.unwrap();
    assert_eq!(
        [
            (a.id, a.small_seq),
            (b.id, b.small_seq),
            (c.id, c.small_seq)
        ],
        [(1, 1), (2, -5), (3, 2)]
    );

    // GENERATED ALWAYS refuses a value the insert gives it.
    let refusal = db_refusal(
        Ticket::insert(
            pool,
            NewTicket {
                id: Some(99),
                ..new("d", None)
            },
        )
        .await,
    );
    assert_eq!(refusal.code, "428C9", "{refusal:?}");

    // Updating a row keyed by an ALWAYS identity leaves the key alone and works.
    let renamed = Ticket {
        title: "a2".to_owned(),
        ..a
    };
    assert_eq!(renamed.update(pool).await.unwrap(), renamed);

    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Invoice {
    #[column(primary_key)]
    pub code: String,
    #[column(identity = "always")]
    pub number: i64,
    pub total: i64,
}

/// `update` writes every non-key column, including a GENERATED ALWAYS identity that is not the
/// key, which PostgreSQL refuses to set to anything but DEFAULT.
#[tokio::test]
async fn update_of_a_row_with_a_non_key_always_identity() {
    let db = TestDb::with_ddl(Invoice::DDL).await;
    let pool = db.pool();
    let invoice = Invoice::insert(
        pool,
        NewInvoice {
            code: "INV-1".to_owned(),
            number: None,
            total: 100,
        },
    )
    .await
    .unwrap();
    assert_eq!(invoice.number, 1);

    let changed = Invoice {
        total: 250,
        ..invoice
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    db.drop_db().await;
}

/// String defaults with characters that SQL, Rust, format strings or placeholders treat
/// specially. The Rust literal's value is what must come back.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Tricky {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(default = "it's")]
    pub apostrophe: String,
    #[column(default = "''")]
    pub two_apostrophes: String,
    #[column(default = "a\\b")]
    pub backslash: String,
    #[column(default = "\\'")]
    pub backslash_quote: String,
    #[column(default = "ends with \\")]
    pub trailing_backslash: String,
    #[column(default = "\"q\"")]
    pub double_quotes: String,
    #[column(default = "%")]
    pub percent: String,
    #[column(default = "100% {}")]
    pub format_like: String,
    #[column(default = "$1")]
    pub placeholder: String,
    #[column(default = "$$ $tag$")]
    pub dollar_quotes: String,
    #[column(default = "?")]
    pub question: String,
    #[column(default = "-- not a comment")]
    pub dashes: String,
    #[column(default = "/* nor this */")]
    pub block_comment: String,
    #[column(default = "; DROP TABLE tricky;")]
    pub semicolon: String,
    #[column(default = "line\nbreak\ttab")]
    pub control: String,
    #[column(default = "🦀 漢字 e\u{301}")]
    pub unicode: String,
    #[column(default = r#"raw \n "kept""#)]
    pub raw: String,
    #[column(default = "it's", varchar = 10)]
    pub short: String,
    #[column(default = "a\\b'c")]
    pub nullable: Option<String>,
}

#[tokio::test]
async fn string_defaults_come_back_exactly() {
    let db = TestDb::with_ddl(Tricky::DDL).await;
    let pool = db.pool();
    let row = Tricky::insert(
        pool,
        NewTricky {
            id: None,
            apostrophe: None,
            two_apostrophes: None,
            backslash: None,
            backslash_quote: None,
            trailing_backslash: None,
            double_quotes: None,
            percent: None,
            format_like: None,
            placeholder: None,
            dollar_quotes: None,
            question: None,
            dashes: None,
            block_comment: None,
            semicolon: None,
            control: None,
            unicode: None,
            raw: None,
            short: None,
            nullable: None,
        },
    )
    .await
    .unwrap();

    let expected = Tricky {
        id: 1,
        apostrophe: "it's".to_owned(),
        two_apostrophes: "''".to_owned(),
        backslash: "a\\b".to_owned(),
        backslash_quote: "\\'".to_owned(),
        trailing_backslash: "ends with \\".to_owned(),
        double_quotes: "\"q\"".to_owned(),
        percent: "%".to_owned(),
        format_like: "100% {}".to_owned(),
        placeholder: "$1".to_owned(),
        dollar_quotes: "$$ $tag$".to_owned(),
        question: "?".to_owned(),
        dashes: "-- not a comment".to_owned(),
        block_comment: "/* nor this */".to_owned(),
        semicolon: "; DROP TABLE tricky;".to_owned(),
        control: "line\nbreak\ttab".to_owned(),
        unicode: "🦀 漢字 e\u{301}".to_owned(),
        raw: r#"raw \n "kept""#.to_owned(),
        short: "it's".to_owned(),
        nullable: Some("a\\b'c".to_owned()),
    };
    assert_eq!(row, expected);
    assert_eq!(Tricky::all(pool).await.unwrap(), [expected]);

    // The table has exactly the columns declared: no statement hid in a default.
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tricky'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(count, 20);

    db.drop_db().await;
}

/// Numeric defaults spelled with exponents, signs and underscores.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    #[column(primary_key, identity)]
    pub id: i32,
    #[column(default = 1e300)]
    pub huge: f64,
    #[column(default = -2.5e-3)]
    pub tiny: f64,
    #[column(default = 3)]
    pub whole: f32,
    #[column(default = -9_223_372_036_854_775_808)]
    pub min: i64,
    #[column(default = 0x7fff)]
    pub hex: i16,
}

#[tokio::test]
async fn numeric_defaults_in_every_spelling() {
    let db = TestDb::with_ddl(Numbers::DDL).await;
    let row = Numbers::insert(
        db.pool(),
        NewNumbers {
            id: None,
            huge: None,
            tiny: None,
            whole: None,
            min: None,
            hex: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        row,
        Numbers {
            id: 1,
            huge: 1e300,
            tiny: -2.5e-3,
            whole: 3.0,
            min: i64::MIN,
            hex: i16::MAX,
        }
    );
    db.drop_db().await;
}

/// Nothing but a generated key: the insert has no values at all.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    #[column(primary_key, identity)]
    pub id: i64,
}

#[tokio::test]
async fn a_table_whose_insert_sets_nothing() {
    let db = TestDb::with_ddl(Counter::DDL).await;
    let pool = db.pool();
    let first = Counter::insert(pool, NewCounter { id: None })
        .await
        .unwrap();
    let second = Counter::insert(pool, NewCounter { id: None })
        .await
        .unwrap();
    assert_eq!((first.id, second.id), (1, 2));
    assert_eq!(first.update(pool).await.unwrap(), first);
    assert!(Counter::delete(pool, 1).await.unwrap());
    assert_eq!(Counter::all(pool).await.unwrap(), [second]);
    db.drop_db().await;
}
