//! Inserting 100,000 rows of a 10-column table: `insert_many` against a loop of single inserts
//! in one transaction (the baseline), sqlx's `QueryBuilder::push_values` in chunks under the
//! 65,535-parameter limit, and binary `COPY … FROM STDIN` (the limit). The table is emptied
//! before every timed run, outside the timing.
//!
//!     cargo bench -p fusion-db-benches --bench insert

use std::sync::LazyLock;

use chrono::NaiveDate;
use divan::Bencher;
use fusion_db::Table;
use fusion_db_benches::{new_accounts, Account, BenchDb, NewAccount};
use sqlx::{AssertSqlSafe, Postgres, QueryBuilder};

static DB: LazyLock<BenchDb> = LazyLock::new(|| BenchDb::create(Account::DDL));

static ROWS: LazyLock<Vec<NewAccount>> = LazyLock::new(new_accounts);

const COLUMNS: &str = "name, email, age, visits, active, balance, created_at, profile, nickname";

/// Rows per `push_values` statement: 9 parameters each, under PostgreSQL's 65,535.
const CHUNK: usize = 7_000;

fn main() {
    LazyLock::force(&DB);
    LazyLock::force(&ROWS);
    divan::main();
    if LazyLock::get(&DB).is_some() {
        DB.drop_db();
    }
}

fn empty_table() {
    DB.execute("TRUNCATE account RESTART IDENTITY");
}

fn inserted() -> i64 {
    let count: i64 = DB
        .block_on(sqlx::query_scalar("SELECT count(*) FROM account").fetch_one(DB.pool()))
        .unwrap_or_else(|e| panic!("{e}"));
    count
}

fn bench(bencher: Bencher, insert: impl Fn()) {
    bencher
        .with_inputs(empty_table)
        .bench_local_values(|()| insert());
    assert_eq!(usize::try_from(inserted()).ok(), Some(ROWS.len()));
}

#[divan::bench(sample_count = 5)]
fn single_inserts_in_one_transaction(bencher: Bencher) {
    let sql =
        format!("INSERT INTO account ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    bench(bencher, || {
        DB.block_on(async {
            let mut tx = DB.pool().begin().await?;
            for row in ROWS.iter() {
                sqlx::query(AssertSqlSafe(sql.as_str()))
                    .bind(&row.name)
                    .bind(&row.email)
                    .bind(row.age)
                    .bind(row.visits)
                    .bind(row.active)
                    .bind(row.balance)
                    .bind(row.created_at)
                    .bind(&row.profile)
                    .bind(&row.nickname)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })
        .unwrap_or_else(|e| panic!("{e}"));
    });
}

#[divan::bench(sample_count = 15)]
fn push_values_in_chunks(bencher: Bencher) {
    bench(bencher, || {
        DB.block_on(async {
            let mut tx = DB.pool().begin().await?;
            for chunk in ROWS.chunks(CHUNK) {
                let mut builder =
                    QueryBuilder::<Postgres>::new(format!("INSERT INTO account ({COLUMNS}) "));
                builder.push_values(chunk, |mut values, row| {
                    values
                        .push_bind(&row.name)
                        .push_bind(&row.email)
                        .push_bind(row.age)
                        .push_bind(row.visits)
                        .push_bind(row.active)
                        .push_bind(row.balance)
                        .push_bind(row.created_at)
                        .push_bind(&row.profile)
                        .push_bind(&row.nickname);
                });
                builder.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        })
        .unwrap_or_else(|e| panic!("{e}"));
    });
}

#[divan::bench(sample_count = 15)]
fn insert_many(bencher: Bencher) {
    bench(bencher, || {
        DB.block_on(Account::insert_many(DB.pool(), ROWS.as_slice()))
            .unwrap_or_else(|e| panic!("{e}"));
    });
}

#[divan::bench(sample_count = 15)]
fn insert_many_returning(bencher: Bencher) {
    bench(bencher, || {
        DB.block_on(Account::insert_many_returning(DB.pool(), ROWS.as_slice()))
            .unwrap_or_else(|e| panic!("{e}"));
    });
}

#[divan::bench(sample_count = 15)]
fn copy_binary(bencher: Bencher) {
    let sql = format!("COPY account ({COLUMNS}) FROM STDIN (FORMAT binary)");
    bench(bencher, || {
        DB.block_on(async {
            let data = copy_data(&ROWS);
            let mut conn = DB.pool().acquire().await?;
            let mut copy = conn.copy_in_raw(&sql).await?;
            copy.send(data).await?;
            copy.finish().await
        })
        .unwrap_or_else(|e| panic!("{e}"));
    });
}

/// The rows in PostgreSQL's binary `COPY` format, written by hand for these column types.
fn copy_data(rows: &[NewAccount]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 160);
    out.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    out.extend_from_slice(&0_i32.to_be_bytes()); // flags
    out.extend_from_slice(&0_i32.to_be_bytes()); // header extension length
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    for row in rows {
        out.extend_from_slice(&9_i16.to_be_bytes());
        field(&mut out, row.name.as_bytes());
        field(&mut out, row.email.as_bytes());
        field(&mut out, &row.age.to_be_bytes());
        field(&mut out, &row.visits.to_be_bytes());
        field(&mut out, &[u8::from(row.active)]);
        field(&mut out, &row.balance.to_be_bytes());
        let micros = (row.created_at - epoch)
            .num_microseconds()
            .unwrap_or_default();
        field(&mut out, &micros.to_be_bytes());
        let mut jsonb = vec![1_u8]; // jsonb's binary format version
        jsonb.extend_from_slice(row.profile.to_string().as_bytes());
        field(&mut out, &jsonb);
        match &row.nickname {
            Some(nickname) => field(&mut out, nickname.as_bytes()),
            None => out.extend_from_slice(&(-1_i32).to_be_bytes()),
        }
    }
    out.extend_from_slice(&(-1_i16).to_be_bytes());
    out
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}
