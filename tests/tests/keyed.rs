//! Row helpers by key: `find`, `update` and `delete` return what they promise, for single and
//! composite keys of several types, on a pool, a transaction or a bare connection; and the two
//! row decoders agree.

use chrono::NaiveDate;
use fusion_db::{fusion_table, KeyedTable, Table};
use fusion_db_tests::TestDb;
use sqlx::{AssertSqlSafe, Connection, FromRow};
use uuid::Uuid;

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    #[column(primary_key, identity)]
    pub id: i64,
    pub body: String,
    pub pinned: Option<bool>,
}

fn note(body: &str) -> NewNote {
    NewNote {
        id: None,
        body: body.to_owned(),
        pinned: None,
    }
}

#[tokio::test]
async fn find_update_delete_by_key() {
    let db = TestDb::with_ddl(Note::DDL).await;
    let pool = db.pool();
    let a = Note::insert(pool, note("a")).await.unwrap();
    let b = Note::insert(pool, note("b")).await.unwrap();

    assert_eq!(Note::find(pool, a.id).await.unwrap().as_ref(), Some(&a));
    assert_eq!(Note::find(pool, 999).await.unwrap(), None);

    let edited = Note {
        body: "a, edited".to_owned(),
        pinned: Some(true),
        ..a.clone()
    };
    assert_eq!(edited.update(pool).await.unwrap(), edited);
    assert_eq!(
        Note::find(pool, a.id).await.unwrap().as_ref(),
        Some(&edited)
    );
    // The other row is untouched.
    assert_eq!(Note::find(pool, b.id).await.unwrap().as_ref(), Some(&b));

    let missing = Note {
        id: 999,
        ..edited.clone()
    };
    assert!(
        matches!(missing.update(pool).await, Err(sqlx::Error::RowNotFound)),
        "update of a missing key must be RowNotFound"
    );
    assert_eq!(Note::find(pool, 999).await.unwrap(), None, "no upsert");

    assert!(Note::delete(pool, a.id).await.unwrap());
    assert!(!Note::delete(pool, a.id).await.unwrap());
    assert!(!Note::delete(pool, 999).await.unwrap());
    assert_eq!(Note::find(pool, a.id).await.unwrap(), None);
    assert_eq!(Note::all(pool).await.unwrap(), [b]);

    db.drop_db().await;
}

#[tokio::test]
async fn all_lists_rows_in_key_order() {
    let db = TestDb::with_ddl(Note::DDL).await;
    let pool = db.pool();
    assert_eq!(Note::all(pool).await.unwrap(), []);
    for id in [5, 3, 9, 1] {
        let new = NewNote {
            id: Some(id),
            ..note(&id.to_string())
        };
        Note::insert(pool, new).await.unwrap();
    }
    let ids: Vec<i64> = Note::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(ids, [1, 3, 5, 9]);
    db.drop_db().await;
}

#[tokio::test]
async fn helpers_run_in_a_transaction_and_on_a_connection() {
    let db = TestDb::with_ddl(Note::DDL).await;
    let pool = db.pool();

    let mut tx = pool.begin().await.unwrap();
    let inside = Note::insert(&mut *tx, note("rolled back")).await.unwrap();
    assert_eq!(
        Note::find(&mut *tx, inside.id).await.unwrap().as_ref(),
        Some(&inside)
    );
    assert_eq!(
        Note::find(pool, inside.id).await.unwrap(),
        None,
        "not yet visible"
    );
    tx.rollback().await.unwrap();
    assert_eq!(Note::all(pool).await.unwrap(), []);

    let mut tx = pool.begin().await.unwrap();
    let kept = Note::insert(&mut *tx, note("committed")).await.unwrap();
    let kept = Note {
        pinned: Some(false),
        ..kept
    }
    .update(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(Note::all(pool).await.unwrap(), std::slice::from_ref(&kept));

    let mut conn = sqlx::PgConnection::connect_with(&db.connect_options())
        .await
        .unwrap();
    assert_eq!(
        Note::all(&mut conn).await.unwrap(),
        std::slice::from_ref(&kept)
    );
    assert!(Note::delete(&mut conn, kept.id).await.unwrap());
    conn.close().await.unwrap();
    assert_eq!(Note::all(pool).await.unwrap(), []);

    db.drop_db().await;
}

#[fusion_table]
#[primary_key(tenant, day, seq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub tenant: String,
    pub day: NaiveDate,
    pub seq: i32,
    pub amount: i64,
    pub memo: Option<String>,
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, d).unwrap()
}

#[tokio::test]
async fn composite_key_find_update_delete() {
    let db = TestDb::with_ddl(Entry::DDL).await;
    let pool = db.pool();
    let mut rows = Vec::new();
    for (tenant, d, seq) in [("b", 1, 1), ("a", 2, 1), ("a", 1, 2), ("a", 1, 1)] {
        let new = NewEntry {
            tenant: tenant.to_owned(),
            day: day(d),
            seq,
            amount: i64::from(seq) * 100,
            memo: None,
        };
        rows.push(Entry::insert(pool, new).await.unwrap());
    }
    let keys: Vec<(String, NaiveDate, i32)> = Entry::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.tenant, e.day, e.seq))
        .collect();
    let ordered = [("a", 1, 1), ("a", 1, 2), ("a", 2, 1), ("b", 1, 1)]
        .map(|(t, d, s)| (t.to_owned(), day(d), s));
    assert_eq!(keys, ordered, "all() orders by the whole key");

    // Every key part matters.
    let found = Entry::find(pool, ("a", day(1), 2)).await.unwrap().unwrap();
    assert_eq!(found, rows[2]);
    assert_eq!(Entry::find(pool, ("a", day(3), 2)).await.unwrap(), None);
    assert_eq!(Entry::find(pool, ("c", day(1), 2)).await.unwrap(), None);

    let changed = Entry {
        amount: -1,
        memo: Some("fixed".to_owned()),
        ..found
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    let others: Vec<Entry> = Entry::all(pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e != &changed)
        .collect();
    assert_eq!(others.len(), 3);
    assert!(
        others.iter().all(|e| e.memo.is_none()),
        "only one row changed"
    );

    let missing = Entry {
        seq: 77,
        ..changed.clone()
    };
    assert!(matches!(
        missing.update(pool).await,
        Err(sqlx::Error::RowNotFound)
    ));

    assert!(Entry::delete(pool, ("a", day(1), 2)).await.unwrap());
    assert!(!Entry::delete(pool, ("a", day(1), 2)).await.unwrap());
    assert_eq!(Entry::all(pool).await.unwrap().len(), 3);

    db.drop_db().await;
}

/// A table whose every column is in the key: `update` has nothing to set.
#[fusion_table]
#[primary_key(left, right)]
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub left: i64,
    pub right: i64,
}

#[tokio::test]
async fn key_only_table() {
    let db = TestDb::with_ddl(Pair::DDL).await;
    let pool = db.pool();
    let pair = Pair::insert(pool, NewPair { left: 1, right: 2 })
        .await
        .unwrap();
    assert_eq!(pair, Pair { left: 1, right: 2 });
    assert_eq!(pair.update(pool).await.unwrap(), pair);
    assert!(matches!(
        Pair { left: 2, right: 1 }.update(pool).await,
        Err(sqlx::Error::RowNotFound)
    ));
    assert_eq!(Pair::find(pool, (1, 2)).await.unwrap(), Some(pair));
    assert_eq!(Pair::find(pool, (2, 1)).await.unwrap(), None);
    assert!(Pair::delete(pool, (1, 2)).await.unwrap());
    assert!(!Pair::delete(pool, (1, 2)).await.unwrap());
    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct ByUuid {
    #[column(primary_key)]
    pub id: Uuid,
    pub n: i32,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct ByDate {
    #[column(primary_key)]
    pub day: NaiveDate,
    pub n: i32,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct BySmall {
    #[column(primary_key)]
    pub id: i16,
    pub n: i32,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct ByBytes {
    #[column(primary_key)]
    pub hash: Vec<u8>,
    pub n: i32,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct ByText {
    #[column(primary_key, varchar = 20)]
    pub code: String,
    pub n: i32,
}

#[tokio::test]
async fn keys_of_every_key_type() {
    let db = TestDb::new().await;
    for ddl in [
        ByUuid::DDL,
        ByDate::DDL,
        BySmall::DDL,
        ByBytes::DDL,
        ByText::DDL,
    ] {
        db.apply(ddl).await;
    }
    let pool = db.pool();

    let id = Uuid::new_v4();
    let row = ByUuid::insert(pool, NewByUuid { id, n: 1 }).await.unwrap();
    assert_eq!(ByUuid::find(pool, id).await.unwrap(), Some(row.clone()));
    assert_eq!(ByUuid { n: 2, ..row }.update(pool).await.unwrap().n, 2);
    assert!(ByUuid::delete(pool, id).await.unwrap());

    let d = NaiveDate::from_ymd_opt(1999, 12, 31).unwrap();
    let row = ByDate::insert(pool, NewByDate { day: d, n: 1 })
        .await
        .unwrap();
    assert_eq!(ByDate::find(pool, d).await.unwrap(), Some(row.clone()));
    assert_eq!(ByDate { n: 2, ..row }.update(pool).await.unwrap().n, 2);
    assert!(ByDate::delete(pool, d).await.unwrap());

    let row = BySmall::insert(pool, NewBySmall { id: i16::MIN, n: 1 })
        .await
        .unwrap();
    assert_eq!(
        BySmall::find(pool, i16::MIN).await.unwrap(),
        Some(row.clone())
    );
    assert_eq!(BySmall { n: 2, ..row }.update(pool).await.unwrap().n, 2);
    assert!(BySmall::delete(pool, i16::MIN).await.unwrap());

    let hash = vec![0x00, 0xff, 0x10];
    let row = ByBytes::insert(
        pool,
        NewByBytes {
            hash: hash.clone(),
            n: 1,
        },
    )
    .await
    .unwrap();
    assert_eq!(ByBytes::find(pool, &hash).await.unwrap(), Some(row.clone()));
    assert_eq!(ByBytes::find(pool, &[0x00]).await.unwrap(), None);
    assert_eq!(ByBytes { n: 2, ..row }.update(pool).await.unwrap().n, 2);
    assert!(ByBytes::delete(pool, &hash).await.unwrap());

    let code = String::from("ÆØÅ-🦀");
    let row = ByText::insert(
        pool,
        NewByText {
            code: code.clone(),
            n: 1,
        },
    )
    .await
    .unwrap();
    assert_eq!(ByText::find(pool, &code).await.unwrap(), Some(row.clone()));
    assert_eq!(ByText::find(pool, "ÆØÅ").await.unwrap(), None);
    assert_eq!(ByText { n: 2, ..row }.update(pool).await.unwrap().n, 2);
    assert!(ByText::delete(pool, &code).await.unwrap());

    db.drop_db().await;
}

#[tokio::test]
async fn ordered_and_by_name_decoding_give_identical_rows() {
    let db = TestDb::with_ddl(Entry::DDL).await;
    let pool = db.pool();
    for seq in 0..20 {
        let new = NewEntry {
            tenant: format!("t{}", seq % 3),
            day: day(1 + u32::try_from(seq % 5).unwrap()),
            seq,
            amount: i64::from(seq) * i64::from(seq) - 50,
            memo: (seq % 2 == 0).then(|| format!("memo {seq} ✓")),
        };
        Entry::insert(pool, new).await.unwrap();
    }
    let sql = format!(
        "SELECT {} FROM entry ORDER BY tenant, day, seq",
        Entry::COLUMN_LIST
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 20);
    for row in &rows {
        let ordered = Entry::from_ordered_row(row).unwrap();
        let by_name = Entry::from_row(row).unwrap();
        assert_eq!(ordered, by_name);
    }
    let decoded: Vec<Entry> = rows
        .iter()
        .map(|row| Entry::from_ordered_row(row).unwrap())
        .collect();
    assert_eq!(decoded, Entry::all(pool).await.unwrap());

    db.drop_db().await;
}

#[tokio::test]
async fn a_decode_error_names_the_column() {
    let db = TestDb::with_ddl(Note::DDL).await;
    let pool = db.pool();
    // The right names in the right order, but "pinned" is text instead of boolean.
    let row = sqlx::query("SELECT 1::bigint AS id, 'b' AS body, 'yes'::text AS pinned")
        .fetch_one(pool)
        .await
        .unwrap();
    match Note::from_ordered_row(&row) {
        Err(sqlx::Error::ColumnDecode { index, .. }) => {
            assert_eq!(index, r#""note"."pinned""#);
        }
        other => panic!("expected a column decode error, got {other:?}"),
    }
    match Note::from_row(&row) {
        Err(sqlx::Error::ColumnDecode { index, .. }) => assert!(index.contains("pinned")),
        other => panic!("expected a column decode error, got {other:?}"),
    }

    // A missing column is an error by name, not a panic.
    let short = sqlx::query("SELECT 1::bigint AS id, 'b' AS body")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(matches!(
        Note::from_row(&short),
        Err(sqlx::Error::ColumnNotFound(name)) if name == "pinned"
    ));
    assert!(Note::from_ordered_row(&short).is_err());

    db.drop_db().await;
}

/// A table without a primary key has `insert` and `all` but no `KeyedTable`.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub level: i16,
    pub message: String,
}

#[tokio::test]
async fn table_without_a_key() {
    let db = TestDb::with_ddl(LogLine::DDL).await;
    let pool = db.pool();
    for (level, message) in [(2, "two"), (1, "one"), (2, "two")] {
        let new = NewLogLine {
            level,
            message: message.to_owned(),
        };
        LogLine::insert(pool, new).await.unwrap();
    }
    let mut lines = LogLine::all(pool).await.unwrap();
    lines.sort_by(|a, b| (a.level, &a.message).cmp(&(b.level, &b.message)));
    let expected = [(1, "one"), (2, "two"), (2, "two")].map(|(level, message)| LogLine {
        level,
        message: message.to_owned(),
    });
    assert_eq!(lines, expected);
    db.drop_db().await;
}
