//! What the benchmarks share: one 10-column table declared three ways (a `#[fusion_table]`
//! struct, a plain struct with `#[derive(sqlx::FromRow)]`, and a hand-written decode by
//! position), the rows they write, and a fresh database for each run.
//!
//! The benchmarks connect to `DATABASE_URL` (default [`DEFAULT_DATABASE_URL`]), create a
//! database named `fusion_bench_<uuid>` there and drop it when they finish.

use std::future::Future;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use fusion_db::fusion_table;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};
use tokio::runtime::Runtime;

/// The administrative database URL used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// How many rows each benchmark reads or writes.
pub const ROWS: usize = 100_000;

/// The benchmarked table: text, integers, a boolean, a float, a timestamp, jsonb and one
/// nullable column.
#[fusion_table(name = "account")]
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Filled by the database.
    #[column(primary_key, identity)]
    pub id: i64,
    /// A display name.
    pub name: String,
    /// An email address.
    pub email: String,
    /// Age in years.
    pub age: i32,
    /// A counter.
    pub visits: i64,
    /// Whether the account is active.
    pub active: bool,
    /// A balance.
    pub balance: f64,
    /// When the account was created.
    pub created_at: NaiveDateTime,
    /// A small JSON document.
    pub profile: serde_json::Value,
    /// NULL for every other row.
    pub nickname: Option<String>,
}

/// The same row as a plain struct mapped by sqlx's own derive.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlainAccount {
    /// See [`Account::id`].
    pub id: i64,
    /// See [`Account::name`].
    pub name: String,
    /// See [`Account::email`].
    pub email: String,
    /// See [`Account::age`].
    pub age: i32,
    /// See [`Account::visits`].
    pub visits: i64,
    /// See [`Account::active`].
    pub active: bool,
    /// See [`Account::balance`].
    pub balance: f64,
    /// See [`Account::created_at`].
    pub created_at: NaiveDateTime,
    /// See [`Account::profile`].
    pub profile: serde_json::Value,
    /// See [`Account::nickname`].
    pub nickname: Option<String>,
}

/// The floor: a hand-written decode by position of a row selected with `Account::COLUMN_LIST`.
pub fn decode_by_hand(row: &PgRow) -> Result<PlainAccount, sqlx::Error> {
    Ok(PlainAccount {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        email: row.try_get(2)?,
        age: row.try_get(3)?,
        visits: row.try_get(4)?,
        active: row.try_get(5)?,
        balance: row.try_get(6)?,
        created_at: row.try_get(7)?,
        profile: row.try_get(8)?,
        nickname: row.try_get(9)?,
    })
}

/// Every column of `account` in declaration order, in primary-key order.
pub fn select_all_sql() -> String {
    format!(
        "SELECT {} FROM account ORDER BY id",
        <Account as fusion_db::Table>::COLUMN_LIST
    )
}

/// The `i`-th row the benchmarks insert; the database fills in `id`.
pub fn new_account(i: usize) -> NewAccount {
    let n = i64::try_from(i).unwrap_or(i64::MAX);
    let created_at = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
        + chrono::Duration::seconds(n);
    NewAccount {
        id: None,
        name: format!("user {i}"),
        email: format!("user{i}@example.com"),
        age: i32::try_from(18 + i % 60).unwrap_or(18),
        visits: n * 3,
        active: !i.is_multiple_of(3),
        balance: (n as f64) * 0.25,
        created_at,
        profile: json!({
            "plan": if i.is_multiple_of(2) { "free" } else { "pro" },
            "tags": ["a", "b"],
            "rank": i,
        }),
        nickname: i.is_multiple_of(2).then(|| format!("nick{i}")),
    }
}

/// [`ROWS`] rows to insert.
pub fn new_accounts() -> Vec<NewAccount> {
    (0..ROWS).map(new_account).collect()
}

/// A database of its own for one benchmark run, with the runtime that drives it.
pub struct BenchDb {
    runtime: Runtime,
    pool: PgPool,
    name: String,
    admin: PgConnectOptions,
}

impl BenchDb {
    /// Creates a fresh database, applies `ddl` to it and connects one connection to it.
    ///
    /// Panics when PostgreSQL cannot be reached: a benchmark cannot go on without it.
    pub fn create(ddl: &str) -> BenchDb {
        let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into());
        let admin = PgConnectOptions::from_str(&url)
            .unwrap_or_else(|e| panic!("DATABASE_URL {url:?}: {e}"));
        let name = format!("fusion_bench_{}", uuid::Uuid::new_v4().simple());
        // One thread: the benchmarks time one client, and PostgreSQL gets the other core.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("tokio runtime: {e}"));
        let pool = runtime.block_on(async {
            let mut conn = PgConnection::connect_with(&admin)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
            sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
            let _ = conn.close().await;
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(admin.clone().database(&name))
                .await
                .unwrap_or_else(|e| panic!("cannot connect to {name}: {e}"));
            sqlx::raw_sql(AssertSqlSafe(ddl.to_owned()))
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("DDL failed: {e}\n{ddl}"));
            pool
        });
        BenchDb {
            runtime,
            pool,
            name,
            admin,
        }
    }

    /// The pool (of one connection) to this run's database.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Runs `future` to completion on the benchmark's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Runs `sql` (any number of statements), panicking with the server's message on failure.
    pub fn execute(&self, sql: &str) {
        self.block_on(sqlx::raw_sql(AssertSqlSafe(sql.to_owned())).execute(&self.pool))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Closes the pool and drops the database.
    pub fn drop_db(&self) {
        self.block_on(async {
            self.pool.close().await;
            if let Ok(mut conn) = PgConnection::connect_with(&self.admin).await {
                let drop = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
                if let Err(e) = sqlx::raw_sql(AssertSqlSafe(drop)).execute(&mut conn).await {
                    eprintln!("could not drop the benchmark database {}: {e}", self.name);
                }
                let _ = conn.close().await;
            }
        });
    }
}
