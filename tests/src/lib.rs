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

    /// Options that connect to this test's database, for a connection outside the pool.
    pub fn connect_options(&self) -> PgConnectOptions {
        self.admin.clone().database(&self.name)
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

/// One column as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogColumn {
    /// The column's name.
    pub name: String,
    /// Its type as `format_type` spells it (`character varying(100)`, `bigint[]`).
    pub sql_type: String,
    /// Whether it is `NOT NULL`.
    pub not_null: bool,
    /// Its default expression as the server prints it, if it has one.
    pub default: Option<String>,
    /// `a` for `GENERATED ALWAYS`, `d` for `BY DEFAULT`, empty for no identity.
    pub identity: String,
}

/// One constraint as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogConstraint {
    /// The constraint's name.
    pub name: String,
    /// `p` primary key, `u` unique, `f` foreign key, `c` check.
    pub kind: String,
    /// The constrained columns, in key order.
    pub columns: Vec<String>,
    /// For a foreign key, the referenced table.
    pub foreign_table: Option<String>,
    /// For a foreign key, the referenced columns.
    pub foreign_columns: Vec<String>,
    /// For a foreign key, its `ON DELETE` action as written in DDL (`cascade`, `set null`...).
    pub on_delete: Option<String>,
    /// For a foreign key, its `ON UPDATE` action.
    pub on_update: Option<String>,
}

/// One index that backs no constraint, as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogIndex {
    /// The index's name.
    pub name: String,
    /// Whether it is unique.
    pub unique: bool,
    /// The indexed columns, in order.
    pub columns: Vec<String>,
}

/// A table in `public` as PostgreSQL's catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogTable {
    /// The columns, in `attnum` order.
    pub columns: Vec<CatalogColumn>,
    /// The constraints, by name.
    pub constraints: Vec<CatalogConstraint>,
    /// The indexes that are not a constraint's, by name.
    pub indexes: Vec<CatalogIndex>,
}

impl CatalogTable {
    /// Reads the table `public.<table>` from the catalogue; panics if it does not exist.
    pub async fn load(pool: &PgPool, table: &str) -> CatalogTable {
        let oid: i64 = sqlx::query_scalar(
            "SELECT c.oid::bigint FROM pg_class c
             WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace",
        )
        .bind(table)
        .fetch_optional(pool)
        .await
        .unwrap_or_else(|e| panic!("catalogue query: {e}"))
        .unwrap_or_else(|| panic!("no table public.{table:?}"));

        let columns = sqlx::query_as::<_, (String, String, bool, Option<String>, String)>(
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    pg_get_expr(d.adbin, d.adrelid), a.attidentity::text
             FROM pg_attribute a
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = $1::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("catalogue query: {e}"))
        .into_iter()
        .map(
            |(name, sql_type, not_null, default, identity)| CatalogColumn {
                name,
                sql_type,
                not_null,
                default,
                identity,
            },
        )
        .collect();

        let constraints = sqlx::query_as::<
            _,
            (
                String,
                String,
                Vec<String>,
                Option<String>,
                Vec<String>,
                Option<String>,
                Option<String>,
            ),
        >(
            "SELECT c.conname::text, c.contype::text,
                    array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
                          ORDER BY k.ord),
                    (SELECT f.relname::text FROM pg_class f WHERE f.oid = c.confrelid),
                    array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num
                          ORDER BY k.ord),
                    nullif(c.confdeltype, ' ')::text,
                    nullif(c.confupdtype, ' ')::text
             FROM pg_constraint c
             WHERE c.conrelid = $1::bigint::oid
             ORDER BY c.conname",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("catalogue query: {e}"))
        .into_iter()
        .map(
            |(name, kind, columns, foreign_table, foreign_columns, on_delete, on_update)| {
                CatalogConstraint {
                    name,
                    kind,
                    columns,
                    foreign_table,
                    foreign_columns,
                    on_delete: on_delete.map(|code| action_name(&code)),
                    on_update: on_update.map(|code| action_name(&code)),
                }
            },
        )
        .collect();

        let indexes = sqlx::query_as::<_, (String, bool, Vec<String>)>(
            "SELECT ic.relname::text, i.indisunique,
                    array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
                          ORDER BY k.ord)
             FROM pg_index i
             JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = $1::bigint::oid
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY ic.relname",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("catalogue query: {e}"))
        .into_iter()
        .map(|(name, unique, columns)| CatalogIndex {
            name,
            unique,
            columns,
        })
        .collect();

        CatalogTable {
            columns,
            constraints,
            indexes,
        }
    }

    /// The column with this name, if the table has it.
    pub fn column(&self, name: &str) -> Option<&CatalogColumn> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// The constraint with this name, if the table has it.
    pub fn constraint(&self, name: &str) -> Option<&CatalogConstraint> {
        self.constraints
            .iter()
            .find(|constraint| constraint.name == name)
    }
}

fn action_name(code: &str) -> String {
    match code {
        "a" => "no action",
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        other => other,
    }
    .to_owned()
}

/// `sql_type` as `format_type` prints it: the long spellings of `timestamp`, `time` and
/// `varchar(n)`, and an enum type's name without needless quotes.
pub fn canonical_type(sql_type: &str) -> String {
    let (base, array) = match sql_type.strip_suffix("[]") {
        Some(base) => (base, "[]"),
        None => (sql_type, ""),
    };
    let base = match base {
        "timestamp" => "timestamp without time zone".to_owned(),
        "time" => "time without time zone".to_owned(),
        "timestamptz" => "timestamp with time zone".to_owned(),
        other => match other
            .strip_prefix("varchar(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            Some(length) => format!("character varying({length})"),
            None => match other
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
            {
                Some(name)
                    if name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
                {
                    name.to_owned()
                }
                _ => other.to_owned(),
            },
        },
    };
    format!("{base}{array}")
}

/// Asserts that the catalogue describes `def`'s table exactly as its metadata does: columns in
/// order with their types, nullability, defaults and identity; the primary key, unique, check
/// and foreign-key constraints by name and columns; the indexes by name, columns and
/// uniqueness. The table must have been created in `pool`'s database.
pub async fn assert_catalog_matches(pool: &PgPool, def: &fusion_db::TableDef) {
    let catalog = CatalogTable::load(pool, def.name).await;
    let table = def.name;

    let names: Vec<&str> = catalog.columns.iter().map(|c| c.name.as_str()).collect();
    let expected: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
    assert_eq!(names, expected, "{table}: columns");
    for (column, found) in def.columns.iter().zip(&catalog.columns) {
        let at = format!("{table}.{}", column.name);
        assert_eq!(
            found.sql_type,
            canonical_type(column.sql_type),
            "{at}: type"
        );
        assert_eq!(found.not_null, !column.nullable, "{at}: NOT NULL");
        assert_eq!(
            found.default.is_some(),
            column.default.is_some(),
            "{at}: default"
        );
        let identity = match column.identity {
            Some(fusion_db::Identity::Always) => "a",
            Some(fusion_db::Identity::ByDefault) => "d",
            None => "",
        };
        assert_eq!(found.identity, identity, "{at}: identity");
    }

    let mut expected: Vec<CatalogConstraint> = Vec::new();
    let strings = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let plain = |name: &str, kind: &str, columns: Vec<String>| CatalogConstraint {
        name: name.to_owned(),
        kind: kind.to_owned(),
        columns,
        foreign_table: None,
        foreign_columns: Vec::new(),
        on_delete: None,
        on_update: None,
    };
    if let Some(key) = &def.primary_key {
        expected.push(plain(key.name, "p", strings(key.columns)));
    }
    for unique in def.uniques {
        expected.push(plain(unique.name, "u", strings(unique.columns)));
    }
    for check in def.checks {
        expected.push(plain(check.name, "c", Vec::new()));
    }
    for fk in def.foreign_keys {
        expected.push(CatalogConstraint {
            name: fk.name.to_owned(),
            kind: "f".to_owned(),
            columns: strings(fk.columns),
            foreign_table: Some(fk.foreign_table.to_owned()),
            foreign_columns: strings(fk.foreign_columns),
            on_delete: Some(fk.on_delete.as_sql().to_owned()),
            on_update: Some(fk.on_update.as_sql().to_owned()),
        });
    }
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    let mut found = catalog.constraints.clone();
    for constraint in &mut found {
        // A check's columns are the ones its expression mentions, which the metadata does not
        // list.
        if constraint.kind == "c" {
            constraint.columns.clear();
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(found, expected, "{table}: constraints");

    let mut expected: Vec<CatalogIndex> = def
        .indexes
        .iter()
        .map(|index| CatalogIndex {
            name: index.name.to_owned(),
            unique: index.unique,
            columns: strings(index.columns),
        })
        .collect();
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    let mut found = catalog.indexes.clone();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(found, expected, "{table}: indexes");
}

/// Compares generated DDL with a committed snapshot, `tests/snapshots/<name>.sql`.
///
/// `expected` is the file's content (`include_str!`), so a change in the generated SQL fails
/// the test and shows in review. With `FUSION_UPDATE_SNAPSHOTS=1` the file is rewritten with
/// `actual` instead, to be reviewed and committed.
pub fn assert_snapshot(name: &str, actual: &str, expected: &str) {
    if actual == expected {
        return;
    }
    if std::env::var_os("FUSION_UPDATE_SNAPSHOTS").is_some_and(|value| value == "1") {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("snapshots")
            .join(format!("{name}.sql"));
        std::fs::write(&path, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let first_difference = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    panic!(
        "the DDL of {name} differs from tests/snapshots/{name}.sql from line {}\n\
         (rerun with FUSION_UPDATE_SNAPSHOTS=1 to accept it)\n\
         --- expected ---\n{expected}\n--- actual ---\n{actual}",
        first_difference + 1
    );
}

/// Inserts a foundation `user` row with id `id`, named `id`, at `<id>@example.com`.
pub async fn add_user(pool: &PgPool, id: &str) {
    sqlx::query(
        r#"INSERT INTO "user" ("id", "name", "email") VALUES ($1, $1, $1 || '@example.com')"#,
    )
    .bind(id)
    .execute(pool)
    .await
    .unwrap();
}
