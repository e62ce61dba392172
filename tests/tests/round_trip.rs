//! Every supported column type goes into PostgreSQL and comes back unchanged, through the row
//! helpers (`insert`, `find`, `all`), by-name `FromRow` and `from_ordered_row`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use fusion_db::{fusion_table, KeyedTable, Table};
use fusion_db_tests::TestDb;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub zip: Option<String>,
    pub floors: Vec<i32>,
    pub geo: Option<Geo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    #[column(primary_key)]
    pub id: i32,
    pub text: String,
    pub flag: bool,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub real: f32,
    pub double: f64,
    pub stamp: NaiveDateTime,
    pub stamp_tz: DateTime<Utc>,
    pub day: NaiveDate,
    pub clock: NaiveTime,
    pub doc: serde_json::Value,
    pub address: Json<Address>,
    pub uid: Uuid,
    pub bytes: Vec<u8>,
    pub words: Vec<String>,
    pub numbers: Vec<i64>,

    pub opt_text: Option<String>,
    pub opt_flag: Option<bool>,
    pub opt_small: Option<i16>,
    pub opt_int: Option<i32>,
    pub opt_big: Option<i64>,
    pub opt_real: Option<f32>,
    pub opt_double: Option<f64>,
    pub opt_stamp: Option<NaiveDateTime>,
    pub opt_stamp_tz: Option<DateTime<Utc>>,
    pub opt_day: Option<NaiveDate>,
    pub opt_clock: Option<NaiveTime>,
    pub opt_doc: Option<serde_json::Value>,
    pub opt_address: Option<Json<Address>>,
    pub opt_uid: Option<Uuid>,
    pub opt_bytes: Option<Vec<u8>>,
    pub opt_words: Option<Vec<String>>,
    pub opt_numbers: Option<Vec<i64>>,
}

/// The insert value with exactly the row's data.
fn new_sample(s: &Sample) -> NewSample {
    let s = s.clone();
    NewSample {
        id: s.id,
        text: s.text,
        flag: s.flag,
        small: s.small,
        int: s.int,
        big: s.big,
        real: s.real,
        double: s.double,
        stamp: s.stamp,
        stamp_tz: s.stamp_tz,
        day: s.day,
        clock: s.clock,
        doc: s.doc,
        address: s.address,
        uid: s.uid,
        bytes: s.bytes,
        words: s.words,
        numbers: s.numbers,
        opt_text: s.opt_text,
        opt_flag: s.opt_flag,
        opt_small: s.opt_small,
        opt_int: s.opt_int,
        opt_big: s.opt_big,
        opt_real: s.opt_real,
        opt_double: s.opt_double,
        opt_stamp: s.opt_stamp,
        opt_stamp_tz: s.opt_stamp_tz,
        opt_day: s.opt_day,
        opt_clock: s.opt_clock,
        opt_doc: s.opt_doc,
        opt_address: s.opt_address,
        opt_uid: s.opt_uid,
        opt_bytes: s.opt_bytes,
        opt_words: s.opt_words,
        opt_numbers: s.opt_numbers,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stamp(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> NaiveDateTime {
    date(y, mo, d).and_hms_micro_opt(h, mi, s, micro).unwrap()
}

fn time(h: u32, m: u32, s: u32, micro: u32) -> NaiveTime {
    NaiveTime::from_hms_micro_opt(h, m, s, micro).unwrap()
}

/// Text that is hard to carry: emoji (with joiners and modifiers), CJK, right-to-left, combining
/// marks, quotes, backslashes, control characters and SQL/array syntax.
const AWKWARD_TEXTS: &[&str] = &[
    "",
    " ",
    "plain",
    "🦀👩‍👩‍👧‍👦👍🏽",
    "漢字かなカナ한국어",
    "שלום مرحبا",
    "e\u{301} a\u{308}\u{323} Z\u{364}\u{311}\u{313}",
    "it's \"quoted\" \\ back\\slash",
    "line\nbreak\ttab\r\u{7}",
    "NULL",
    "{a,b}",
    "$1 %s ? :name",
    "'; DROP TABLE sample; --",
];

fn address(street: &str) -> Address {
    Address {
        street: street.to_owned(),
        zip: Some("〒100-0001".to_owned()),
        floors: vec![-1, 0, 42],
        geo: Some(Geo {
            lat: 35.6812,
            lon: -139.7671,
        }),
    }
}

/// Row 1: minimum values; row 2: maximum values; row 3: everything nullable is NULL; rows 4..:
/// one awkward text each.
fn samples() -> Vec<Sample> {
    let mut rows = vec![
        Sample {
            id: 1,
            text: String::new(),
            flag: false,
            small: i16::MIN,
            int: i32::MIN,
            big: i64::MIN,
            real: -f32::MAX,
            double: -f64::MAX,
            stamp: stamp(1, 1, 1, 0, 0, 0, 0),
            stamp_tz: stamp(1969, 12, 31, 23, 59, 59, 999_999).and_utc(),
            day: date(1, 1, 1),
            clock: time(0, 0, 0, 0),
            doc: json!(null),
            address: Json(Address {
                street: String::new(),
                zip: None,
                floors: vec![],
                geo: None,
            }),
            uid: Uuid::nil(),
            bytes: vec![],
            words: vec![],
            numbers: vec![],
            opt_text: Some(String::new()),
            opt_flag: Some(false),
            opt_small: Some(i16::MIN),
            opt_int: Some(i32::MIN),
            opt_big: Some(i64::MIN),
            opt_real: Some(f32::MIN_POSITIVE),
            opt_double: Some(f64::MIN_POSITIVE),
            opt_stamp: Some(stamp(2000, 1, 1, 0, 0, 0, 1)),
            opt_stamp_tz: Some(stamp(2000, 1, 1, 0, 0, 0, 1).and_utc()),
            opt_day: Some(date(2000, 1, 1)),
            opt_clock: Some(time(0, 0, 0, 1)),
            // JSON null inside a nullable column is a value, not SQL NULL.
            opt_doc: Some(json!(null)),
            opt_address: Some(Json(address(""))),
            opt_uid: Some(Uuid::nil()),
            opt_bytes: Some(vec![]),
            opt_words: Some(vec![]),
            opt_numbers: Some(vec![]),
        },
        Sample {
            id: 2,
            text: "🦀 max".to_owned(),
            flag: true,
            small: i16::MAX,
            int: i32::MAX,
            big: i64::MAX,
            real: f32::MAX,
            double: f64::MAX,
            stamp: stamp(9999, 12, 31, 23, 59, 59, 999_999),
            stamp_tz: stamp(2262, 4, 11, 23, 47, 16, 854_775).and_utc(),
            day: date(9999, 12, 31),
            clock: time(23, 59, 59, 999_999),
            doc: json!({
                "nested": {"array": [1, 2.5, -3e10, true, null, "ü"], "empty": {}},
                "unicode": "漢字 🦀 e\u{301}",
                "escapes": "quote \" backslash \\ newline \n",
                "big": 9_007_199_254_740_991_i64,
                "": "empty key",
            }),
            address: Json(address("1-1 Chiyoda 千代田区")),
            uid: Uuid::max(),
            bytes: (0..=255).collect(),
            words: vec![
                String::new(),
                "a,b".to_owned(),
                "quote\"".to_owned(),
                "{brace}".to_owned(),
                "NULL".to_owned(),
                "🦀 漢字".to_owned(),
                "back\\slash".to_owned(),
            ],
            numbers: vec![i64::MIN, -1, 0, 1, i64::MAX],
            opt_text: Some("✓".to_owned()),
            opt_flag: Some(true),
            opt_small: Some(i16::MAX),
            opt_int: Some(i32::MAX),
            opt_big: Some(i64::MAX),
            opt_real: Some(-1.5e-38),
            opt_double: Some(-4.9e-324),
            opt_stamp: Some(stamp(2024, 2, 29, 12, 34, 56, 123_456)),
            opt_stamp_tz: Some(stamp(2024, 2, 29, 12, 34, 56, 654_321).and_utc()),
            opt_day: Some(date(2024, 2, 29)),
            opt_clock: Some(time(12, 34, 56, 789_012)),
            opt_doc: Some(json!([[], [[]], {"a": [{"b": "ß"}]}])),
            opt_address: Some(Json(address("🏠"))),
            opt_uid: Some(Uuid::new_v4()),
            opt_bytes: Some(vec![0x00, 0xff, 0x00, b'\\', b'\'', 0x80]),
            opt_words: Some(vec!["only".to_owned()]),
            opt_numbers: Some(vec![42]),
        },
        Sample {
            id: 3,
            text: "all nullable columns NULL".to_owned(),
            flag: true,
            small: 0,
            int: 0,
            big: 0,
            real: 0.1,
            double: 0.1,
            stamp: stamp(1999, 12, 31, 23, 59, 59, 500_000),
            stamp_tz: stamp(1999, 12, 31, 23, 59, 59, 500_000).and_utc(),
            day: date(1999, 12, 31),
            clock: time(12, 0, 0, 0),
            doc: json!({}),
            address: Json(address("x")),
            uid: Uuid::new_v4(),
            bytes: vec![0],
            words: vec![String::new()],
            numbers: vec![0],
            opt_text: None,
            opt_flag: None,
            opt_small: None,
            opt_int: None,
            opt_big: None,
            opt_real: None,
            opt_double: None,
            opt_stamp: None,
            opt_stamp_tz: None,
            opt_day: None,
            opt_clock: None,
            opt_doc: None,
            opt_address: None,
            opt_uid: None,
            opt_bytes: None,
            opt_words: None,
            opt_numbers: None,
        },
    ];
    let template = rows[2].clone();
    for (i, text) in AWKWARD_TEXTS.iter().enumerate() {
        let id = i32::try_from(i).unwrap() + 4;
        rows.push(Sample {
            id,
            text: (*text).to_owned(),
            opt_text: Some(format!("{text}{text}")),
            words: vec![(*text).to_owned(), (*text).to_owned()],
            doc: json!({ *text: text }),
            real: -1.0 / 3.0,
            double: -1.0 / 3.0,
            ..template.clone()
        });
    }
    rows
}

#[tokio::test]
async fn every_type_round_trips_through_the_row_helpers() {
    let db = TestDb::with_ddl(Sample::DDL).await;
    let pool = db.pool();
    let expected = samples();

    for row in &expected {
        let stored = Sample::insert(pool, new_sample(row)).await.unwrap();
        assert_eq!(&stored, row, "insert returned another row");
    }
    for row in &expected {
        let found = Sample::find(pool, row.id).await.unwrap();
        assert_eq!(found.as_ref(), Some(row), "find({}) differs", row.id);
    }
    assert_eq!(Sample::all(pool).await.unwrap(), expected);

    db.drop_db().await;
}

#[tokio::test]
async fn every_type_round_trips_through_by_name_and_ordered_decoding() {
    let db = TestDb::with_ddl(Sample::DDL).await;
    let pool = db.pool();
    let expected = samples();
    for row in &expected {
        Sample::insert(pool, new_sample(row)).await.unwrap();
    }

    let by_name: Vec<Sample> = sqlx::query_as("SELECT * FROM sample ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(by_name, expected);

    // By name means by name: the columns in reverse order decode to the same rows.
    let reversed: Vec<&str> = Sample::DEF
        .columns
        .iter()
        .rev()
        .map(|column| column.name)
        .collect();
    let sql = format!("SELECT {} FROM sample ORDER BY id", reversed.join(", "));
    let by_name_reversed: Vec<Sample> = sqlx::query_as(AssertSqlSafe(sql))
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(by_name_reversed, expected);

    let sql = format!("SELECT {} FROM sample ORDER BY id", Sample::COLUMN_LIST);
    let rows = sqlx::query(AssertSqlSafe(sql))
        .fetch_all(pool)
        .await
        .unwrap();
    let ordered: Vec<Sample> = rows
        .iter()
        .map(|row| Sample::from_ordered_row(row).unwrap())
        .collect();
    assert_eq!(ordered, expected);

    db.drop_db().await;
}

#[tokio::test]
async fn update_writes_every_type_back_unchanged() {
    let db = TestDb::with_ddl(Sample::DDL).await;
    let pool = db.pool();
    let rows = samples();
    // Row 3 (all NULL) becomes row 2's values and row 2 becomes row 3's: every column changes,
    // NULL to value and value to NULL.
    let (full, empty) = (rows[1].clone(), rows[2].clone());
    Sample::insert(pool, new_sample(&full)).await.unwrap();
    Sample::insert(pool, new_sample(&empty)).await.unwrap();

    let swapped_full = Sample {
        id: empty.id,
        ..full.clone()
    };
    let swapped_empty = Sample {
        id: full.id,
        ..empty.clone()
    };
    assert_eq!(swapped_full.update(pool).await.unwrap(), swapped_full);
    assert_eq!(swapped_empty.update(pool).await.unwrap(), swapped_empty);
    assert_eq!(
        Sample::all(pool).await.unwrap(),
        vec![swapped_empty, swapped_full]
    );

    db.drop_db().await;
}

#[fusion_table]
#[derive(Debug, Clone)]
pub struct Measurement {
    #[column(primary_key)]
    pub id: i32,
    pub single: f32,
    pub double: f64,
    pub maybe: Option<f64>,
}

#[tokio::test]
async fn special_floats_round_trip() {
    let db = TestDb::with_ddl(Measurement::DDL).await;
    let pool = db.pool();
    let cases: [(f32, f64); 7] = [
        (f32::NAN, f64::NAN),
        (f32::INFINITY, f64::INFINITY),
        (f32::NEG_INFINITY, f64::NEG_INFINITY),
        (-0.0, -0.0),
        (1.0e-45, 5.0e-324),
        (f32::EPSILON, f64::EPSILON),
        (123_456.79, 0.1 + 0.2),
    ];
    for (i, (single, double)) in cases.into_iter().enumerate() {
        let id = i32::try_from(i).unwrap();
        Measurement::insert(
            pool,
            NewMeasurement {
                id,
                single,
                double,
                maybe: Some(double),
            },
        )
        .await
        .unwrap();
        let row = Measurement::find(pool, id).await.unwrap().unwrap();
        // Bit equality: NaN is not equal to itself and -0.0 equals 0.0 under `==`.
        assert_eq!(row.single.to_bits(), single.to_bits(), "f32 case {i}");
        assert_eq!(row.double.to_bits(), double.to_bits(), "f64 case {i}");
        assert_eq!(row.maybe.map(f64::to_bits), Some(double.to_bits()));
    }
    db.drop_db().await;
}

/// Arrays of every element type that has one.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Arrays {
    #[column(primary_key)]
    pub id: i32,
    pub flags: Vec<bool>,
    pub smalls: Vec<i16>,
    pub ints: Vec<i32>,
    pub reals: Vec<f32>,
    pub doubles: Vec<f64>,
    pub stamps: Vec<NaiveDateTime>,
    pub stamps_tz: Vec<DateTime<Utc>>,
    pub days: Vec<NaiveDate>,
    pub clocks: Vec<NaiveTime>,
    pub docs: Vec<serde_json::Value>,
    pub addresses: Vec<Json<Address>>,
    pub uids: Vec<Uuid>,
    pub maybe_uids: Option<Vec<Uuid>>,
}

#[tokio::test]
async fn arrays_of_every_element_type_round_trip() {
    let db = TestDb::with_ddl(Arrays::DDL).await;
    let pool = db.pool();
    let full = Arrays {
        id: 1,
        flags: vec![true, false, true],
        smalls: vec![i16::MIN, i16::MAX],
        ints: vec![i32::MIN, 0, i32::MAX],
        reals: vec![-1.5, f32::MAX, f32::MIN_POSITIVE],
        doubles: vec![-1.5, f64::MAX, f64::MIN_POSITIVE],
        stamps: vec![stamp(1, 1, 1, 0, 0, 0, 0), stamp(2024, 2, 29, 1, 2, 3, 4)],
        stamps_tz: vec![stamp(2024, 2, 29, 1, 2, 3, 4).and_utc()],
        days: vec![date(1, 1, 1), date(9999, 12, 31)],
        clocks: vec![time(0, 0, 0, 0), time(23, 59, 59, 999_999)],
        docs: vec![json!(null), json!({"a": ["🦀"]}), json!([]), json!("s")],
        addresses: vec![Json(address("a")), Json(address("漢字"))],
        uids: vec![Uuid::nil(), Uuid::max(), Uuid::new_v4()],
        maybe_uids: Some(vec![Uuid::new_v4()]),
    };
    let empty = Arrays {
        id: 2,
        flags: vec![],
        smalls: vec![],
        ints: vec![],
        reals: vec![],
        doubles: vec![],
        stamps: vec![],
        stamps_tz: vec![],
        days: vec![],
        clocks: vec![],
        docs: vec![],
        addresses: vec![],
        uids: vec![],
        maybe_uids: None,
    };
    for row in [&full, &empty] {
        let new = NewArrays {
            id: row.id,
            flags: row.flags.clone(),
            smalls: row.smalls.clone(),
            ints: row.ints.clone(),
            reals: row.reals.clone(),
            doubles: row.doubles.clone(),
            stamps: row.stamps.clone(),
            stamps_tz: row.stamps_tz.clone(),
            days: row.days.clone(),
            clocks: row.clocks.clone(),
            docs: row.docs.clone(),
            addresses: row.addresses.clone(),
            uids: row.uids.clone(),
            maybe_uids: row.maybe_uids.clone(),
        };
        assert_eq!(&Arrays::insert(pool, new).await.unwrap(), row);
    }
    assert_eq!(Arrays::all(pool).await.unwrap(), [full.clone(), empty]);
    let by_name: Arrays = sqlx::query_as("SELECT * FROM arrays WHERE id = 1")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(by_name, full);
    db.drop_db().await;
}
