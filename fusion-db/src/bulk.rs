//! Bulk inserts: any number of rows in one `INSERT … SELECT unnest($1), unnest($2), …`
//! statement.
//!
//! Every column travels as one array parameter, so a statement has a handful of parameters
//! whatever the row count, instead of one per value (PostgreSQL allows 65,535). A column the
//! insert type may leave unset gets a parallel `boolean[]` saying which rows set it; the others
//! get the column's default. Array columns cannot go through `unnest`, which would flatten
//! them, so their elements travel flat, each tagged with its row number, and `array_agg`
//! regroups them.

use core::fmt::Write as _;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgArguments, PgBindIterExt, PgHasArrayType, PgTypeInfo};
use sqlx::{Arguments, Encode, Postgres, Type};

use crate::ddl::{quote_ident, quote_literal};
use crate::row::{InsertRow, Table};
use crate::table::ColumnDef;

/// Builds the statement that inserts `rows` into `T`, returning the inserted rows or not.
pub(crate) fn insert_statement<T: Table>(
    rows: &[T::Insert],
    returning: bool,
) -> Result<(String, PgArguments), sqlx::Error> {
    let mut insert = BulkInsert {
        rows,
        table: T::NAME,
        columns: T::DEF.columns,
        args: PgArguments::default(),
        unnest: Vec::new(),
        targets: String::new(),
        select: String::new(),
        joins: String::new(),
    };
    T::Insert::__bind_columns(&mut insert).map_err(sqlx::Error::Encode)?;
    insert.finish(returning.then_some(T::COLUMN_LIST))
}

/// The statement and arguments of one bulk insert, built column by column by the insert type's
/// generated [`InsertRow`] impl.
#[doc(hidden)]
pub struct BulkInsert<'r, R> {
    rows: &'r [R],
    table: &'static str,
    columns: &'static [ColumnDef],
    args: PgArguments,
    /// The per-row arrays the row source unnests: parameter number and alias.
    unnest: Vec<(usize, String)>,
    /// The inserted columns, quoted and comma-separated.
    targets: String,
    /// The value of each inserted column, in the order of `targets`.
    select: String,
    /// `LEFT JOIN`s that regroup array columns' elements by row.
    joins: String,
}

/// A value of an array column as the insert type holds it: `Vec<T>`, or `Option<Vec<T>>` for a
/// nullable column.
#[doc(hidden)]
pub trait ArrayValue {
    /// The array's element type.
    type Element;

    /// The elements, or `None` for a NULL array.
    fn elements(&self) -> Option<&[Self::Element]>;
}

impl<T> ArrayValue for Vec<T> {
    type Element = T;

    fn elements(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T> ArrayValue for Option<Vec<T>> {
    type Element = T;

    fn elements(&self) -> Option<&[T]> {
        self.as_deref()
    }
}

/// What the generated code calls, once per column in declaration order.
impl<'r, R> BulkInsert<'r, R> {
    /// A column every row sets.
    pub fn value<T>(
        &mut self,
        column: usize,
        value: impl Fn(&'r R) -> &'r T,
    ) -> Result<(), BoxDynError>
    where
        T: 'r,
        &'r T: Encode<'r, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let values = self.rows.iter().map(value);
        let expression = self.bind_per_row('c', column, values)?;
        self.set(column, expression)
    }

    /// A column with a default or an identity, which a row leaves to the database with `None`.
    pub fn optional<T>(
        &mut self,
        column: usize,
        value: impl Fn(&'r R) -> Option<&'r T> + Copy,
    ) -> Result<(), BoxDynError>
    where
        T: 'r,
        &'r T: Encode<'r, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let set = self.count_set(value);
        if set == 0 {
            return Ok(());
        }
        let values = self.rows.iter().map(value);
        let expression = self.bind_per_row('c', column, values)?;
        let expression = self.unless_unset(column, set, value, expression)?;
        self.set(column, expression)
    }

    /// An array column every row sets.
    pub fn array<V>(
        &mut self,
        column: usize,
        value: impl Fn(&'r R) -> &'r V + Copy,
    ) -> Result<(), BoxDynError>
    where
        V: ArrayValue + 'r,
        &'r V::Element: Encode<'r, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let expression = self.array_expression(column, move |row| Some(value(row)))?;
        self.set(column, expression)
    }

    /// An array column with a default, which a row leaves to the database with `None`.
    pub fn optional_array<V>(
        &mut self,
        column: usize,
        value: impl Fn(&'r R) -> Option<&'r V> + Copy,
    ) -> Result<(), BoxDynError>
    where
        V: ArrayValue + 'r,
        &'r V::Element: Encode<'r, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let set = self.count_set(value);
        if set == 0 {
            return Ok(());
        }
        let expression = self.array_expression(column, value)?;
        let expression = self.unless_unset(column, set, value, expression)?;
        self.set(column, expression)
    }
}

impl<'r, R> BulkInsert<'r, R> {
    fn finish(mut self, returning: Option<&str>) -> Result<(String, PgArguments), sqlx::Error> {
        let mut sql =
            String::with_capacity(128 + self.targets.len() + self.select.len() + self.joins.len());
        sql.push_str("INSERT INTO ");
        sql.push_str(&quote_ident(self.table));
        if !self.targets.is_empty() {
            sql.push_str(" (");
            sql.push_str(&self.targets);
            sql.push(')');
        }
        sql.push_str(" SELECT ");
        sql.push_str(&self.select);
        // `unnest` in a select list streams; `FROM UNNEST(…)` would first copy every array
        // into a tuplestore, which costs about a third more on the server. Several set-returning
        // functions in one select list advance together, one value of each per row.
        sql.push_str(" FROM (SELECT ");
        let mut first = true;
        for (param, alias) in &self.unnest {
            if !first {
                sql.push_str(", ");
            }
            first = false;
            let _ = write!(sql, "unnest(${param}) AS {alias}");
        }
        if self.unnest.is_empty() || !self.joins.is_empty() {
            // Row numbers, for the joins to match and when no column has a per-row array.
            let rows = i64::try_from(self.rows.len()).map_err(|e| sqlx::Error::Encode(e.into()))?;
            self.args.add(rows).map_err(sqlx::Error::Encode)?;
            if !first {
                sql.push_str(", ");
            }
            let _ = write!(sql, "generate_series(1, ${}) AS n", self.args.len());
        }
        sql.push_str(") AS u");
        sql.push_str(&self.joins);
        if !self.joins.is_empty() {
            // Joins may reorder rows; this keeps insertion (and RETURNING) in the caller's order.
            sql.push_str(" ORDER BY u.n");
        }
        if let Some(columns) = returning {
            sql.push_str(" RETURNING ");
            sql.push_str(columns);
        }
        Ok((sql, self.args))
    }

    /// How many rows set a column that may be left unset.
    fn count_set<T: ?Sized + 'r>(&self, value: impl Fn(&'r R) -> Option<&'r T>) -> usize {
        self.rows.iter().filter(|&row| value(row).is_some()).count()
    }

    /// Binds the array column's elements flat, with the row number of each, and returns the
    /// expression that regroups them. Rows for which `value` is `None` contribute nothing.
    fn array_expression<V>(
        &mut self,
        column: usize,
        value: impl Fn(&'r R) -> Option<&'r V> + Copy,
    ) -> Result<String, BoxDynError>
    where
        V: ArrayValue + 'r,
        &'r V::Element: Encode<'r, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let elements = move |row: &'r R| value(row).and_then(ArrayValue::elements);
        let flat = self.rows.iter().filter_map(elements).flatten();
        let cast = self.bind_array(flat)?;
        let elements_param = self.args.len();
        let owners = (1_i64..).zip(self.rows).flat_map(|(number, row)| {
            let count = elements(row).map_or(0, <[V::Element]>::len);
            core::iter::repeat_n(number, count)
        });
        self.args.add(owners.bind_iter())?;
        let owners_param = self.args.len();

        let group = format!("a{column}");
        // The ordinality keeps each array's elements in their order.
        write!(
            self.joins,
            " LEFT JOIN (SELECT e.r, array_agg(e.v{cast} ORDER BY e.i) AS v \
             FROM UNNEST(${elements_param}, ${owners_param}) WITH ORDINALITY AS e(v, r, i) \
             GROUP BY e.r) AS {group} ON {group}.r = u.n"
        )?;
        // A row without elements has no group: it gets an empty array, unless its array is NULL.
        let array = format!("COALESCE({group}.v, '{{}}')");
        let is_null = move |row: &'r R| value(row).is_some_and(|value| value.elements().is_none());
        if !self.rows.iter().any(is_null) {
            return Ok(array);
        }
        let present = self.rows.iter().map(|row| !is_null(row));
        let present = self.bind_per_row('p', column, present)?;
        Ok(format!("CASE WHEN {present} THEN {array} END"))
    }

    /// Wraps `expression` so that rows which leave the column unset get its default; `set` is
    /// how many rows set it.
    fn unless_unset<T: ?Sized + 'r>(
        &mut self,
        column: usize,
        set: usize,
        value: impl Fn(&'r R) -> Option<&'r T>,
        expression: String,
    ) -> Result<String, BoxDynError> {
        if set == self.rows.len() {
            return Ok(expression);
        }
        let flags = self.rows.iter().map(|row| value(row).is_some());
        let set = self.bind_per_row('s', column, flags)?;
        let default = self.default_sql(column)?;
        Ok(format!(
            "CASE WHEN {set} THEN {expression} ELSE {default} END"
        ))
    }

    /// The column's default as an expression of the column's type (the cast keeps, say, a
    /// `timestamp` from being compared as `timestamptz` against `now()`). An identity column's
    /// default is the next value of its sequence.
    fn default_sql(&self, column: usize) -> Result<String, BoxDynError> {
        let def = self.column_def(column)?;
        let mut sql = String::from("CAST((");
        match (def.identity, def.default) {
            (Some(_), _) => {
                sql.push_str("nextval(pg_get_serial_sequence(");
                sql.push_str(&quote_literal(&quote_ident(self.table)));
                sql.push_str(", ");
                sql.push_str(&quote_literal(def.name));
                sql.push_str("))");
            }
            (None, Some(default)) => sql.push_str(default),
            (None, None) => {
                return Err(format!(
                    "column \"{}\".\"{}\" has neither a default nor an identity",
                    self.table, def.name
                )
                .into())
            }
        }
        sql.push_str(") AS ");
        sql.push_str(def.sql_type);
        sql.push(')');
        Ok(sql)
    }

    /// Binds one value per row, unnested as `u.<kind><column>`; returns the expression that
    /// reads a row's value.
    fn bind_per_row<'q, I>(
        &mut self,
        kind: char,
        column: usize,
        values: I,
    ) -> Result<String, BoxDynError>
    where
        I: Iterator,
        I::Item: Encode<'q, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        let cast = self.bind_array(values)?;
        let alias = format!("{kind}{column}");
        let expression = format!("u.{alias}{cast}");
        self.unnest.push((self.args.len(), alias));
        Ok(expression)
    }

    /// Binds `values` as one array parameter; returns the cast that turns an element back into
    /// its type. `jsonb` travels as `text` and is cast row by row: PostgreSQL parses a `jsonb[]`
    /// parameter about three times slower than the same values one row at a time.
    fn bind_array<'q, I>(&mut self, values: I) -> Result<&'static str, BoxDynError>
    where
        I: Iterator,
        I::Item: Encode<'q, Postgres> + Type<Postgres> + PgHasArrayType,
    {
        if I::Item::type_info() == serde_json::Value::type_info() {
            self.args.add(values.map(JsonbAsText).bind_iter())?;
            Ok("::jsonb")
        } else {
            self.args.add(values.bind_iter())?;
            Ok("")
        }
    }

    /// Adds `column` to the inserted columns, with `expression` as its value.
    fn set(&mut self, column: usize, expression: String) -> Result<(), BoxDynError> {
        let def = self.column_def(column)?;
        if !self.targets.is_empty() {
            self.targets.push_str(", ");
            self.select.push_str(", ");
        }
        self.targets.push_str(&quote_ident(def.name));
        self.select.push_str(&expression);
        Ok(())
    }

    fn column_def(&self, column: usize) -> Result<&'static ColumnDef, BoxDynError> {
        self.columns
            .get(column)
            .ok_or_else(|| format!("table \"{}\" has no column number {column}", self.table).into())
    }
}

/// A `jsonb` value encoded as the `text` of its JSON.
struct JsonbAsText<T>(T);

/// The version byte that starts `jsonb`'s binary format, before the JSON text.
const JSONB_VERSION: u8 = 1;

impl<'q, T: Encode<'q, Postgres>> Encode<'q, Postgres> for JsonbAsText<T> {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let start = buf.len();
        if let IsNull::Yes = self.0.encode_by_ref(buf)? {
            return Ok(IsNull::Yes);
        }
        if buf.get(start) != Some(&JSONB_VERSION) {
            return Err("a jsonb value did not start with the binary format's version byte".into());
        }
        buf.remove(start);
        Ok(IsNull::No)
    }
}

impl<T> Type<Postgres> for JsonbAsText<T> {
    fn type_info() -> PgTypeInfo {
        String::type_info()
    }
}

impl<T> PgHasArrayType for JsonbAsText<T> {
    fn array_type_info() -> PgTypeInfo {
        String::array_type_info()
    }
}

#[cfg(test)]
mod tests {
    use crate::fusion_table;

    #[fusion_table(name = "item")]
    pub struct Item {
        #[column(primary_key, identity)]
        pub id: i64,
        pub name: String,
        #[column(default = 1)]
        pub rank: i32,
        pub tags: Vec<String>,
    }

    fn item(id: Option<i64>, rank: Option<i32>) -> NewItem {
        NewItem {
            id,
            name: "n".into(),
            rank,
            tags: Vec::new(),
        }
    }

    #[test]
    fn unset_columns_are_left_out_and_mixed_ones_fall_back_to_the_default() {
        let rows = [item(None, Some(2)), item(None, None)];
        let (sql, _) = super::insert_statement::<Item>(&rows, false).unwrap();
        assert_eq!(
            sql,
            "INSERT INTO \"item\" (\"name\", \"rank\", \"tags\") \
             SELECT u.c1, CASE WHEN u.s2 THEN u.c2 ELSE CAST((1) AS integer) END, \
             COALESCE(a3.v, '{}') \
             FROM (SELECT unnest($1) AS c1, unnest($2) AS c2, unnest($3) AS s2, \
             generate_series(1, $6) AS n) AS u \
             LEFT JOIN (SELECT e.r, array_agg(e.v ORDER BY e.i) AS v \
             FROM UNNEST($4, $5) WITH ORDINALITY AS e(v, r, i) GROUP BY e.r) AS a3 ON a3.r = u.n \
             ORDER BY u.n"
        );
    }

    #[test]
    fn an_identity_falls_back_to_its_sequence() {
        let rows = [item(Some(5), Some(1)), item(None, Some(1))];
        let (sql, _) = super::insert_statement::<Item>(&rows, true).unwrap();
        assert!(
            sql.starts_with(
                "INSERT INTO \"item\" (\"id\", \"name\", \"rank\", \"tags\") \
             SELECT CASE WHEN u.s0 THEN u.c0 \
             ELSE CAST((nextval(pg_get_serial_sequence('\"item\"', 'id'))) AS bigint) END, \
             u.c1, u.c2,"
            ),
            "{sql}"
        );
        assert!(
            sql.ends_with(" RETURNING \"id\", \"name\", \"rank\", \"tags\""),
            "{sql}"
        );
    }
}
