//! Decoding 100,000 rows of a 10-column table: fusion-db's mapping by position (what its row
//! helpers use) and by name, against sqlx's `#[derive(FromRow)]` and a hand-written decode by
//! position, the floor.
//!
//! `fetch_and_decode` times the whole query; `decode_only` times the mapping alone, over rows
//! fetched once beforehand.
//!
//!     cargo bench -p fusion-db-benches --bench decode

use std::sync::LazyLock;

use fusion_db::Table;
use fusion_db_benches::{
    decode_by_hand, new_accounts, select_all_sql, Account, BenchDb, PlainAccount,
};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, FromRow};

static DB: LazyLock<BenchDb> = LazyLock::new(|| {
    let db = BenchDb::create(Account::DDL);
    db.block_on(Account::insert_many(db.pool(), new_accounts()))
        .unwrap_or_else(|e| panic!("filling the table: {e}"));
    db.execute("VACUUM ANALYZE account");
    db
});

static SELECT_ALL: LazyLock<String> = LazyLock::new(select_all_sql);

static FETCHED: LazyLock<Vec<PgRow>> = LazyLock::new(|| {
    DB.block_on(sqlx::query(AssertSqlSafe(SELECT_ALL.as_str())).fetch_all(DB.pool()))
        .unwrap_or_else(|e| panic!("fetching the rows: {e}"))
});

fn main() {
    // Set up outside the timings: the database, its rows, and the rows fetched for decoding.
    LazyLock::force(&FETCHED);
    divan::main();
    if LazyLock::get(&DB).is_some() {
        DB.drop_db();
    }
}

mod fetch_and_decode {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn hand_written() -> Vec<PlainAccount> {
        DB.block_on(
            sqlx::query(AssertSqlSafe(SELECT_ALL.as_str()))
                .try_map(|row| decode_by_hand(&row))
                .fetch_all(DB.pool()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn fusion_db_all() -> Vec<Account> {
        DB.block_on(Account::all(DB.pool()))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn fusion_db_by_name() -> Vec<Account> {
        DB.block_on(sqlx::query_as(AssertSqlSafe(SELECT_ALL.as_str())).fetch_all(DB.pool()))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn sqlx_derive() -> Vec<PlainAccount> {
        DB.block_on(sqlx::query_as(AssertSqlSafe(SELECT_ALL.as_str())).fetch_all(DB.pool()))
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

mod decode_only {
    use super::*;

    fn rows() -> &'static [PgRow] {
        &FETCHED
    }

    #[divan::bench(sample_count = 20)]
    fn hand_written() -> Vec<PlainAccount> {
        rows()
            .iter()
            .map(decode_by_hand)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn fusion_db_positional() -> Vec<Account> {
        rows()
            .iter()
            .map(Account::from_ordered_row)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn fusion_db_by_name() -> Vec<Account> {
        rows()
            .iter()
            .map(Account::from_row)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[divan::bench(sample_count = 20)]
    fn sqlx_derive() -> Vec<PlainAccount> {
        rows()
            .iter()
            .map(PlainAccount::from_row)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }
}
