//! `insert_many` against a real PostgreSQL: defaults, identities, NULLs and arrays come out as
//! single inserts make them, at any row count; and decoding by position matches decoding by
//! name.

use chrono::{NaiveDate, NaiveDateTime};
use fusion_db::{fusion_enum, fusion_table, PgEnum, Table};
use fusion_db_tests::{db_refusal, TestDb};
use serde_json::json;
use sqlx::AssertSqlSafe;

#[fusion_enum(name = "mood")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mood {
    Calm,
    Busy,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    #[column(primary_key, identity)]
    pub id: i64,
    pub name: String,
    pub note: Option<String>,
    #[column(default = 7)]
    pub priority: i32,
    #[column(default = "it's new")]
    pub state: String,
    /// Nullable with a default: `None` is the default, `Some(None)` is NULL.
    #[column(default = "tbd")]
    pub label: Option<String>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    #[column(default_sql = "'{\"empty\": true}'::jsonb")]
    pub payload: serde_json::Value,
    #[column(default = "busy")]
    pub mood: Mood,
    pub tags: Vec<String>,
    pub scores: Option<Vec<Option<i64>>>,
    #[column(default_sql = "'{calm}'")]
    pub moods: Vec<Mood>,
    pub day: Option<NaiveDate>,
    pub blob: Vec<u8>,
}

fn stamp(second: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 5, 6)
        .and_then(|day| day.and_hms_opt(7, 8, second % 60))
        .unwrap()
}

/// Row `i` of a varied set: every optional column set, left unset and (where nullable) NULL.
fn new_event(i: usize) -> NewEvent {
    let n = i64::try_from(i).unwrap();
    NewEvent {
        id: (i % 7 == 3).then_some(1_000_000 + n),
        name: format!("event {i}"),
        note: i.is_multiple_of(3).then(|| format!("note {i}")),
        priority: i
            .is_multiple_of(2)
            .then_some(i32::try_from(i % 100).unwrap()),
        state: i.is_multiple_of(5).then(|| "done".to_owned()),
        label: match i % 3 {
            0 => None,
            1 => Some(None),
            _ => Some(Some(format!("label {i}"))),
        },
        created_at: (i % 4 == 1).then(|| stamp(u32::try_from(i % 60).unwrap())),
        payload: (i % 6 == 2).then(|| json!({ "i": i, "text": "a\"b" })),
        mood: (i % 2 == 1).then_some(Mood::Calm),
        tags: (0..i % 4).map(|t| format!("t{t}")).collect(),
        scores: match i % 4 {
            0 => None,
            1 => Some(Vec::new()),
            2 => Some(vec![Some(n), None, Some(-n)]),
            _ => Some(vec![None]),
        },
        moods: if i % 5 == 4 {
            None
        } else {
            Some(
                (0..i % 3)
                    .map(|m| if m == 0 { Mood::Busy } else { Mood::Calm })
                    .collect(),
            )
        },
        day: i
            .is_multiple_of(2)
            .then(|| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
        blob: vec![u8::try_from(i % 256).unwrap(); i % 3],
    }
}

fn ddl() -> String {
    format!("{}\n{}", <Mood as PgEnum>::DDL, Event::DDL)
}

/// `created_at` defaults to the transaction's `now()`, which differs between two inserts; the
/// tests check that it was filled and then compare the rest.
fn without_now(mut rows: Vec<Event>, inserted: &[NewEvent]) -> Vec<Event> {
    for (row, new) in rows.iter_mut().zip(inserted) {
        if new.created_at.is_none() {
            assert!(row.created_at > stamp(59), "created_at not filled: {row:?}");
            row.created_at = stamp(0);
        }
    }
    rows
}

async fn restart(db: &TestDb) {
    db.apply("TRUNCATE event RESTART IDENTITY").await;
}

#[tokio::test]
async fn rows_equal_single_inserts() {
    let db = TestDb::with_ddl(&ddl()).await;
    let rows: Vec<NewEvent> = (0..60).map(new_event).collect();

    let mut single = Vec::new();
    for row in rows.clone() {
        single.push(Event::insert(db.pool(), row).await.unwrap());
    }
    let single = without_now(single, &rows);
    let single_stored = without_now(Event::all(db.pool()).await.unwrap(), &sorted(&rows));
    restart(&db).await;

    let bulk = Event::insert_many_returning(db.pool(), &rows)
        .await
        .unwrap();
    let bulk = without_now(bulk, &rows);
    assert_eq!(bulk, single);
    let bulk_stored = without_now(Event::all(db.pool()).await.unwrap(), &sorted(&rows));
    assert_eq!(bulk_stored, single_stored);

    restart(&db).await;
    assert_eq!(
        Event::insert_many(db.pool(), rows.clone()).await.unwrap(),
        60
    );
    let counted_stored = without_now(Event::all(db.pool()).await.unwrap(), &sorted(&rows));
    assert_eq!(counted_stored, single_stored);
    db.drop_db().await;
}

/// The insert values in the order `Event::all` returns their rows (by id): identity values
/// first, explicit ones (all larger) after.
fn sorted(rows: &[NewEvent]) -> Vec<NewEvent> {
    let mut generated: Vec<NewEvent> = rows.iter().filter(|r| r.id.is_none()).cloned().collect();
    let explicit = rows.iter().filter(|r| r.id.is_some()).cloned();
    generated.extend(explicit);
    generated
}

#[tokio::test]
async fn defaults_identity_explicit_values_and_nulls() {
    let db = TestDb::with_ddl(&ddl()).await;
    let explicit = NewEvent {
        id: Some(42),
        name: "explicit".into(),
        note: Some("n".into()),
        priority: Some(-1),
        state: Some("s".into()),
        label: Some(None),
        created_at: Some(stamp(1)),
        payload: Some(json!([1, 2])),
        mood: Some(Mood::Calm),
        tags: vec!["a".into(), "b".into()],
        scores: None,
        moods: Some(vec![]),
        day: None,
        blob: vec![],
    };
    let defaulted = NewEvent {
        id: None,
        name: "defaulted".into(),
        note: None,
        priority: None,
        state: None,
        label: None,
        created_at: None,
        payload: None,
        mood: None,
        tags: vec![],
        scores: Some(vec![None, Some(3)]),
        moods: None,
        day: None,
        blob: vec![0, 255],
    };
    let rows = Event::insert_many_returning(db.pool(), [explicit.clone(), defaulted.clone()])
        .await
        .unwrap();

    let first = &rows[0];
    assert_eq!(first.id, 42);
    assert_eq!(
        (first.priority, first.state.as_str(), first.label.as_deref()),
        (-1, "s", None)
    );
    assert_eq!(
        (first.created_at, &first.payload, first.mood),
        (stamp(1), &json!([1, 2]), Mood::Calm)
    );
    assert_eq!(
        (&first.tags, &first.scores, &first.moods),
        (&vec!["a".to_owned(), "b".to_owned()], &None, &vec![])
    );

    let second = &rows[1];
    assert_eq!(second.id, 1, "the identity's first value");
    assert_eq!(
        (
            second.priority,
            second.state.as_str(),
            second.label.as_deref()
        ),
        (7, "it's new", Some("tbd"))
    );
    assert_eq!(
        (&second.payload, second.mood, &second.moods),
        (&json!({ "empty": true }), Mood::Busy, &vec![Mood::Calm])
    );
    assert_eq!(second.scores, Some(vec![None, Some(3)]));
    assert_eq!((second.note.as_deref(), second.day), (None, None));
    assert_eq!(second.tags, Vec::<String>::new());
    assert_eq!(second.blob, vec![0, 255]);
    assert!(second.created_at > stamp(59));

    // All rows leaving a column unset: the column is left out of the insert altogether.
    let all_default: Vec<NewEvent> = (0..3)
        .map(|i| NewEvent {
            name: format!("d{i}"),
            ..defaulted.clone()
        })
        .collect();
    let rows = Event::insert_many_returning(db.pool(), &all_default)
        .await
        .unwrap();
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    assert_eq!(ids, [2, 3, 4]);
    assert!(rows
        .iter()
        .all(|row| row.priority == 7 && row.mood == Mood::Busy));
    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    #[column(primary_key, identity = "always")]
    pub id: i32,
    #[column(default = 0)]
    pub hits: i64,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Bag {
    pub items: Vec<String>,
    pub counts: Option<Vec<i32>>,
}

#[tokio::test]
async fn tables_with_nothing_or_only_arrays_to_unnest() {
    let ddl = format!("{}\n{}", Counter::DDL, Bag::DDL);
    let db = TestDb::with_ddl(&ddl).await;

    let unset = NewCounter {
        id: None,
        hits: None,
    };
    let counters = Counter::insert_many_returning(db.pool(), vec![unset.clone(); 3])
        .await
        .unwrap();
    assert_eq!(
        counters,
        (1..=3)
            .map(|id| Counter { id, hits: 0 })
            .collect::<Vec<_>>()
    );

    // As with a single insert, PostgreSQL refuses an explicit value for an "always" identity.
    let explicit = NewCounter {
        id: Some(10),
        hits: None,
    };
    let single = db_refusal(Counter::insert(db.pool(), explicit.clone()).await);
    let bulk = db_refusal(Counter::insert_many(db.pool(), [unset, explicit]).await);
    assert_eq!(bulk.code, single.code);

    let bags = vec![
        NewBag {
            items: vec!["x".into(), "y".into()],
            counts: None,
        },
        NewBag {
            items: vec![],
            counts: Some(vec![]),
        },
        NewBag {
            items: vec!["z".into()],
            counts: Some(vec![1, 2, 3]),
        },
    ];
    let stored = Bag::insert_many_returning(db.pool(), &bags).await.unwrap();
    let expected: Vec<Bag> = bags
        .into_iter()
        .map(|bag| Bag {
            items: bag.items,
            counts: bag.counts,
        })
        .collect();
    assert_eq!(stored, expected);

    assert_eq!(Bag::insert_many(db.pool(), Vec::new()).await.unwrap(), 0);
    assert!(Bag::insert_many_returning(db.pool(), &[])
        .await
        .unwrap()
        .is_empty());
    db.drop_db().await;
}

#[tokio::test]
async fn a_hundred_thousand_rows_in_one_statement() {
    let db = TestDb::with_ddl(&ddl()).await;
    let rows: Vec<NewEvent> = (0..100_000).map(new_event).collect();

    let mut tx = db.pool().begin().await.unwrap();
    let stored = Event::insert_many_returning(&mut *tx, &rows).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(stored.len(), rows.len());
    for (row, new) in stored.iter().zip(&rows) {
        assert_eq!(row.name, new.name);
        assert_eq!(row.priority, new.priority.unwrap_or(7));
        assert_eq!(row.label, new.label.clone().unwrap_or(Some("tbd".into())));
        assert_eq!(row.tags, new.tags);
        assert_eq!(row.scores, new.scores);
        assert_eq!(row.moods, new.moods.clone().unwrap_or(vec![Mood::Calm]));
        if let Some(id) = new.id {
            assert_eq!(row.id, id);
        }
    }
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM event")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 100_000);
    db.drop_db().await;
}

#[tokio::test]
async fn decoding_by_position_and_by_name_give_the_same_rows() {
    let db = TestDb::with_ddl(&ddl()).await;
    let rows: Vec<NewEvent> = (0..200).map(new_event).collect();
    Event::insert_many(db.pool(), &rows).await.unwrap();

    let by_position = Event::all(db.pool()).await.unwrap();
    // Reversed column order: only a by-name mapping can read this.
    let reversed: Vec<&str> = Event::DEF
        .columns
        .iter()
        .rev()
        .map(|column| column.name)
        .collect();
    let sql = format!("SELECT {} FROM event ORDER BY id", reversed.join(", "));
    let by_name: Vec<Event> = sqlx::query_as(AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(by_position.len(), 200);
    assert_eq!(by_position, by_name);
    db.drop_db().await;
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub text: String,
    pub stars: Option<u8>,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    #[column(primary_key)]
    pub id: i32,
    pub note: sqlx::types::Json<Note>,
    pub extra: Option<serde_json::Value>,
    pub list: Vec<serde_json::Value>,
    #[column(default_sql = "'[]'::jsonb")]
    pub tail: serde_json::Value,
}

#[tokio::test]
async fn json_values_keep_their_content() {
    let db = TestDb::with_ddl(Doc::DDL).await;
    let docs: Vec<NewDoc> = (0..50)
        .map(|i| NewDoc {
            id: i,
            note: sqlx::types::Json(Note {
                text: format!("ünïcödé \"quoted\" \\ {i}\n"),
                stars: u8::try_from(i % 6).ok().filter(|stars| *stars > 0),
            }),
            extra: (i % 3 != 0).then(|| json!({ "i": i, "nested": { "null": null } })),
            list: (0..i % 3).map(|k| json!([k, "x"])).collect(),
            tail: (i % 2 == 0).then(|| json!({ "tail": i })),
        })
        .collect();
    let stored = Doc::insert_many_returning(db.pool(), &docs).await.unwrap();
    let expected: Vec<Doc> = docs
        .into_iter()
        .map(|doc| Doc {
            id: doc.id,
            note: doc.note,
            extra: doc.extra,
            list: doc.list,
            tail: doc.tail.unwrap_or(json!([])),
        })
        .collect();
    assert_eq!(stored, expected);
    assert_eq!(Doc::all(db.pool()).await.unwrap(), expected);
    db.drop_db().await;
}
