//! Shared helpers of the integration tests: a fresh PostgreSQL database per test, and checks on
//! the errors the database raises.
//!
//! Every test runs against a real server. [`TestDb::new`] creates an empty database with a
//! unique name on the server that `DATABASE_URL` points at, so tests can run in parallel and
//! never see each other's tables. A test ends with [`TestDb::drop_db`]; if it panics before
//! that, dropping the [`TestDb`] removes the database anyway.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The administrative database URL used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The prefix of every database the tests create; a leftover one is safe to drop.
pub const DATABASE_PREFIX: &str = "fusion_test_";

/// A fresh, empty database that lives for one test.
///
/// Created on the server of `DATABASE_URL` (default [`DEFAULT_DATABASE_URL`]), which must name
/// a database the user may connect to and a user allowed to create databases.
pub struct TestDb {
    pool: PgPool,
    name: String,
    admin: PgConnectOptions,
    dropped: bool,
}

impl TestDb {
    /// Creates a database named `fusion_test_<uuid>` and connects a small pool to it.
    ///
    /// Panics when the server cannot be reached or refuses: a test cannot go on without it.
    pub async fn new() -> TestDb {
        let admin = admin_options();
        let name = format!("{DATABASE_PREFIX}{}", uuid::Uuid::new_v4().simple());

        let mut conn = PgConnection::connect_with(&admin)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", admin_url()));
        sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE DATABASE {}",
            quote_ident(&name)
        )))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        // A failed close leaves only an idle connection behind; nothing to do about it.
        let _ = conn.close().await;

        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(admin.clone().database(&name))
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test database {name}: {e}"));

        TestDb {
            pool,
            name,
            admin,
            dropped: false,
        }
    }

    /// Creates a fresh database and applies `ddl` to it (see [`TestDb::apply`]).
    pub async fn with_ddl(ddl: &str) -> TestDb {
        let db = TestDb::new().await;
        db.apply(ddl).await;
        db
    }

    /// The pool connected to this test's database.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs `ddl`, which may hold several statements, with `sqlx::raw_sql`; panics with the
    /// server's message and the SQL if it fails.
    pub async fn apply(&self, ddl: &str) {
        if let Err(e) = self.try_apply(ddl).await {
            panic!("DDL failed: {e}\n--- SQL ---\n{ddl}");
        }
    }

    /// Runs `ddl` like [`TestDb::apply`] but hands back the error.
    pub async fn try_apply(&self, ddl: &str) -> Result<(), sqlx::Error> {
        apply_ddl(&self.pool, ddl).await
    }

    /// Closes the pool and drops the database. Call it at the end of every test.
    pub async fn drop_db(mut self) {
        self.dropped = true;
        self.pool.close().await;
        let mut conn = PgConnection::connect_with(&self.admin)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", admin_url()));
        sqlx::raw_sql(AssertSqlSafe(drop_statement(&self.name)))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("DROP DATABASE {}: {e}", self.name));
        let _ = conn.close().await;
    }
}

impl Drop for TestDb {
    /// Best-effort cleanup for a test that panicked before [`TestDb::drop_db`]: drops the
    /// database from a thread of its own, since `Drop` cannot await on the test's runtime.
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let admin = self.admin.clone();
        let statement = drop_statement(&self.name);
        let cleanup = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut conn) = PgConnection::connect_with(&admin).await {
                    let _ = sqlx::raw_sql(AssertSqlSafe(statement))
                        .execute(&mut conn)
                        .await;
                    let _ = conn.close().await;
                }
            });
        });
        // Waiting keeps the test binary from exiting before the database is gone.
        let _ = cleanup.join();
    }
}

/// The administrative URL: `DATABASE_URL`, or [`DEFAULT_DATABASE_URL`].
pub fn admin_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned())
}

fn admin_options() -> PgConnectOptions {
    let url = admin_url();
    PgConnectOptions::from_str(&url).unwrap_or_else(|e| panic!("DATABASE_URL {url:?}: {e}"))
}

fn drop_statement(name: &str) -> String {
    format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name))
}

/// `name` as a double-quoted SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Runs `ddl` (any number of statements) on `executor` with `sqlx::raw_sql`.
pub async fn apply_ddl<'e, E>(executor: E, ddl: &str) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Postgres>,
{
    sqlx::raw_sql(AssertSqlSafe(ddl.to_owned()))
        .execute(executor)
        .await
        .map(|_| ())
}

/// What the database said when it refused a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbRefusal {
    /// The SQLSTATE code, e.g. `23505` for a unique violation.
    pub code: String,
    /// The violated constraint's name, if the error names one.
    pub constraint: Option<String>,
    /// The server's message.
    pub message: String,
}

/// SQLSTATE of a unique violation.
pub const UNIQUE_VIOLATION: &str = "23505";
/// SQLSTATE of a foreign-key violation, also raised when `restrict` or `no action` refuses a
/// delete.
pub const FOREIGN_KEY_VIOLATION: &str = "23503";
/// SQLSTATE of a check violation.
pub const CHECK_VIOLATION: &str = "23514";
/// SQLSTATE of a not-null violation.
pub const NOT_NULL_VIOLATION: &str = "23502";

/// The database error inside `result`; panics if `result` is `Ok` or another kind of error.
pub fn db_refusal<T: std::fmt::Debug>(result: Result<T, sqlx::Error>) -> DbRefusal {
    match result {
        Ok(value) => panic!("expected a database error, got Ok({value:?})"),
        Err(sqlx::Error::Database(e)) => DbRefusal {
            code: e.code().map(|code| code.into_owned()).unwrap_or_default(),
            constraint: e.constraint().map(str::to_owned),
            message: e.message().to_owned(),
        },
        Err(other) => panic!("expected a database error, got {other:?}"),
    }
}

/// Asserts that `result` failed with SQLSTATE `code` on the constraint `constraint`.
pub fn assert_violates<T: std::fmt::Debug>(
    result: Result<T, sqlx::Error>,
    code: &str,
    constraint: &str,
) {
    let refusal = db_refusal(result);
    assert_eq!(
        (refusal.code.as_str(), refusal.constraint.as_deref()),
        (code, Some(constraint)),
        "unexpected refusal: {refusal:?}"
    );
}
