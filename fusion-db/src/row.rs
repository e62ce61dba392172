//! The traits every `#[fusion_table]` struct implements, and the row helpers they provide.

use core::future::Future;

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Arguments, Encode, Executor, FromRow, Postgres, Type};

use crate::bulk::{self, BulkInsert};
use crate::ddl::quote_ident;
use crate::table::TableDef;

/// A table declared with `#[fusion_table]`: its metadata, its DDL and its row mapping.
///
/// The struct is the row type: [`sqlx::FromRow`] maps any query that selects the table's
/// columns, by name. The provided methods insert and list rows; tables with a primary key also
/// implement [`KeyedTable`].
pub trait Table: Sized + Send + Unpin + for<'r> FromRow<'r, PgRow> + 'static {
    /// The table's name in the database.
    const NAME: &'static str;

    /// The table's metadata: columns, keys, constraints, indexes.
    const DEF: &'static TableDef;

    /// The statements that create the table on its own: `CREATE TABLE`, then its foreign keys,
    /// then its indexes. Enum types it uses are created by a schema's DDL, not here.
    const DDL: &'static str;

    /// The table's columns as a quoted, comma-separated list in declaration order, ready for a
    /// `SELECT` whose rows [`Table::from_ordered_row`] decodes.
    const COLUMN_LIST: &'static str;

    /// The insert type: the row without the columns the database can fill in.
    type Insert: InsertRow<Table = Self>;

    /// Decodes a row whose columns are this table's, in declaration order (as selected by
    /// [`Table::COLUMN_LIST`]). Faster than the by-name [`sqlx::FromRow`], and gives the same
    /// value.
    fn from_ordered_row(row: &PgRow) -> Result<Self, sqlx::Error>;

    /// Inserts one row and returns it as stored, defaults and generated values included.
    fn insert<'e, E>(
        executor: E,
        row: Self::Insert,
    ) -> impl Future<Output = Result<Self, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
    {
        let statement = InsertStatement::build::<Self>(row);
        async move {
            let (sql, args) = statement?;
            let row = sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
                .fetch_one(executor)
                .await?;
            Self::from_ordered_row(&row)
        }
    }

    /// Inserts every row of `rows` with one statement and returns how many were inserted.
    ///
    /// Unlike a multi-row `VALUES` list, the statement's size does not grow with the row count:
    /// each column travels as one array parameter (`INSERT … SELECT unnest($1), unnest($2), …`),
    /// so there is no limit from PostgreSQL's 65,535 bind parameters, only the 1 GB a single
    /// parameter may hold. Columns a row leaves `None` get their default or identity value, as
    /// with [`Table::insert`]. Every column's Rust type needs sqlx's `PgHasArrayType`.
    ///
    /// Takes `Vec<Self::Insert>`, `&[Self::Insert]` or an array. An empty `rows` sends nothing.
    fn insert_many<'e, E, R>(
        executor: E,
        rows: R,
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
        R: AsRef<[Self::Insert]>,
    {
        let rows = rows.as_ref();
        let statement = (!rows.is_empty()).then(|| bulk::insert_statement::<Self>(rows, false));
        async move {
            let Some(statement) = statement else {
                return Ok(0);
            };
            let (sql, args) = statement?;
            let result = sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
                .execute(executor)
                .await?;
            Ok(result.rows_affected())
        }
    }

    /// Inserts every row of `rows` with one statement, like [`Table::insert_many`], and returns
    /// the rows as stored, in the order given, defaults and generated values included.
    fn insert_many_returning<'e, E, R>(
        executor: E,
        rows: R,
    ) -> impl Future<Output = Result<Vec<Self>, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
        R: AsRef<[Self::Insert]>,
    {
        let rows = rows.as_ref();
        let statement = (!rows.is_empty()).then(|| bulk::insert_statement::<Self>(rows, true));
        async move {
            let Some(statement) = statement else {
                return Ok(Vec::new());
            };
            let (sql, args) = statement?;
            sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
                .try_map(|row| Self::from_ordered_row(&row))
                .fetch_all(executor)
                .await
        }
    }

    /// Every row of the table, in primary-key order when it has a key.
    fn all<'e, E>(executor: E) -> impl Future<Output = Result<Vec<Self>, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
    {
        // Each row is decoded as it arrives, so the raw rows are never all held at once.
        sqlx::query(Self::__SELECT_ALL_SQL)
            .try_map(|row| Self::from_ordered_row(&row))
            .fetch_all(executor)
    }

    #[doc(hidden)]
    const __SELECT_ALL_SQL: &'static str;
}

/// A table with a primary key: fetch, update and delete one row by its key.
pub trait KeyedTable: Table {
    /// The primary key as a caller passes it: `i64`, `&str` for a `String` key, a tuple for a
    /// composite key.
    type Key<'k>: Send;

    /// The row with this key, if there is one.
    fn find<'e, E>(
        executor: E,
        key: Self::Key<'_>,
    ) -> impl Future<Output = Result<Option<Self>, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
    {
        let args = bind(|args| Self::__bind_key(key, args));
        async move {
            let row = sqlx::query_with(Self::__FIND_SQL, args?)
                .fetch_optional(executor)
                .await?;
            row.as_ref().map(Self::from_ordered_row).transpose()
        }
    }

    /// Writes every column of `self` to the row with `self`'s key and returns the row as
    /// stored; [`sqlx::Error::RowNotFound`] if no row has that key.
    fn update<'e, E>(
        &self,
        executor: E,
    ) -> impl Future<Output = Result<Self, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
    {
        let args = bind(|args| self.__bind_update(args));
        async move {
            let row = sqlx::query_with(Self::__UPDATE_SQL, args?)
                .fetch_one(executor)
                .await?;
            Self::from_ordered_row(&row)
        }
    }

    /// Deletes the row with this key; `true` if there was one.
    fn delete<'e, E>(
        executor: E,
        key: Self::Key<'_>,
    ) -> impl Future<Output = Result<bool, sqlx::Error>> + Send + 'e
    where
        E: Executor<'e, Database = Postgres> + 'e,
    {
        let args = bind(|args| Self::__bind_key(key, args));
        async move {
            let result = sqlx::query_with(Self::__DELETE_SQL, args?)
                .execute(executor)
                .await?;
            Ok(result.rows_affected() > 0)
        }
    }

    #[doc(hidden)]
    const __FIND_SQL: &'static str;
    #[doc(hidden)]
    const __UPDATE_SQL: &'static str;
    #[doc(hidden)]
    const __DELETE_SQL: &'static str;
    #[doc(hidden)]
    fn __bind_key(key: Self::Key<'_>, args: &mut PgArguments) -> Result<(), BoxDynError>;
    #[doc(hidden)]
    fn __bind_update(&self, args: &mut PgArguments) -> Result<(), BoxDynError>;
}

/// The insert type of a table (`NewPost` for `Post`): generated by `#[fusion_table]`.
pub trait InsertRow: Send + Sized {
    /// The table this row goes into.
    type Table: Table;

    /// Adds the columns this value sets, in declaration order.
    #[doc(hidden)]
    fn __write_values(self, values: &mut InsertValues) -> Result<(), BoxDynError>;

    /// Binds each column of `insert`'s rows as one array, in declaration order.
    #[doc(hidden)]
    fn __bind_columns(insert: &mut BulkInsert<'_, Self>) -> Result<(), BoxDynError>;
}

/// The columns and bound values of one insert, collected by [`InsertRow`].
#[doc(hidden)]
#[derive(Default)]
pub struct InsertValues {
    columns: String,
    placeholders: String,
    args: PgArguments,
}

impl InsertValues {
    /// Sets `column` (already quoted) to `value`.
    pub fn set<'q, T>(&mut self, quoted_column: &str, value: T) -> Result<(), BoxDynError>
    where
        T: Encode<'q, Postgres> + Type<Postgres>,
    {
        self.args.add(value)?;
        if !self.columns.is_empty() {
            self.columns.push_str(", ");
            self.placeholders.push_str(", ");
        }
        self.columns.push_str(quoted_column);
        self.placeholders.push('$');
        self.placeholders.push_str(&self.args.len().to_string());
        Ok(())
    }
}

struct InsertStatement;

impl InsertStatement {
    fn build<T: Table>(row: T::Insert) -> Result<(String, PgArguments), sqlx::Error> {
        let mut values = InsertValues::default();
        row.__write_values(&mut values)
            .map_err(sqlx::Error::Encode)?;

        let mut sql = String::with_capacity(64 + T::COLUMN_LIST.len() + values.columns.len());
        sql.push_str("INSERT INTO ");
        sql.push_str(&quote_ident(T::NAME));
        if values.columns.is_empty() {
            sql.push_str(" DEFAULT VALUES");
        } else {
            sql.push_str(" (");
            sql.push_str(&values.columns);
            sql.push_str(") VALUES (");
            sql.push_str(&values.placeholders);
            sql.push(')');
        }
        sql.push_str(" RETURNING ");
        sql.push_str(T::COLUMN_LIST);
        Ok((sql, values.args))
    }
}

fn bind(
    write: impl FnOnce(&mut PgArguments) -> Result<(), BoxDynError>,
) -> Result<PgArguments, sqlx::Error> {
    let mut args = PgArguments::default();
    write(&mut args).map_err(sqlx::Error::Encode)?;
    Ok(args)
}
