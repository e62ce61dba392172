//! Reading a live database's `public` schema into a [`Snapshot`], through `pg_catalog`.
//!
//! Types are spelled as the DSL spells them (`varchar(200)`, `timestamp`, `"status"`);
//! defaults and check expressions are kept as PostgreSQL prints them and compared in their
//! normalised form, so a database built from a schema's DDL compares equal to the schema.

use std::collections::BTreeMap;

use sqlx::PgPool;

use crate::table::{Identity, ReferentialAction};

use super::error::MigrateError;
use super::normalize::dsl_type;
use super::snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot,
    Snapshot, TableSnapshot,
};

const TABLES: &str = "
SELECT c.relname::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 1";

const COLUMNS: &str = "
SELECT c.relname::text, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity::text
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

const CONSTRAINTS: &str = "
SELECT cl.relname::text, con.conname::text, con.contype::text,
       ARRAY(SELECT a.attname::text
             FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord),
       pg_catalog.pg_get_constraintdef(con.oid),
       ft.relname::text,
       ARRAY(SELECT a.attname::text
             FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord),
       con.confdeltype::text, con.confupdtype::text
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
LEFT JOIN pg_catalog.pg_class ft ON ft.oid = con.confrelid
WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'c', 'f')
ORDER BY 1, 2";

/// Indexes behind a primary key or unique constraint are part of the constraint, not indexes
/// of their own.
const INDEXES: &str = "
SELECT t.relname::text, i.relname::text, ix.indisunique,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(ix.indexrelid, k, true)
             FROM generate_series(1, ix.indnkeyatts::int) AS k
             ORDER BY k)
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2";

const ENUMS: &str = "
SELECT t.typname::text, e.enumlabel::text
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public'
ORDER BY t.typname, e.enumsortorder";

type ColumnRow = (String, String, String, bool, Option<String>, String);
type ConstraintRow = (
    String,
    String,
    String,
    Vec<String>,
    String,
    Option<String>,
    Vec<String>,
    String,
    String,
);
type IndexRow = (String, String, bool, Vec<String>);

/// Reads the `public` schema of the database behind `pool`: every table (including ones the
/// app does not own, such as `_sqlx_migrations`), its columns, keys, constraints and
/// indexes, and every enum type.
pub async fn read_catalog(pool: &PgPool) -> Result<Snapshot, MigrateError> {
    let error = |source| MigrateError::Database {
        context: "reading the database catalogue failed",
        source,
    };
    let table_names: Vec<(String,)> = sqlx::query_as(TABLES)
        .fetch_all(pool)
        .await
        .map_err(error)?;
    let columns: Vec<ColumnRow> = sqlx::query_as(COLUMNS)
        .fetch_all(pool)
        .await
        .map_err(error)?;
    let constraints: Vec<ConstraintRow> = sqlx::query_as(CONSTRAINTS)
        .fetch_all(pool)
        .await
        .map_err(error)?;
    let indexes: Vec<IndexRow> = sqlx::query_as(INDEXES)
        .fetch_all(pool)
        .await
        .map_err(error)?;
    let enum_values: Vec<(String, String)> =
        sqlx::query_as(ENUMS).fetch_all(pool).await.map_err(error)?;

    let mut snapshot = Snapshot::empty();
    snapshot.enums = collect_enums(enum_values);
    let enum_names: Vec<String> = snapshot.enums.iter().map(|e| e.name.clone()).collect();

    let mut tables: BTreeMap<String, TableSnapshot> = BTreeMap::new();
    for (name,) in table_names {
        tables.insert(name.clone(), empty_table(name));
    }
    for (table, name, format_type, not_null, default, identity) in columns {
        let Some(table) = tables.get_mut(&table) else {
            continue;
        };
        table.columns.push(ColumnSnapshot {
            name,
            renamed_from: None,
            sql_type: dsl_type(&format_type, &enum_names),
            nullable: !not_null,
            default,
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
        });
    }
    for row in constraints {
        if let Some(table) = tables.get_mut(&row.0) {
            add_constraint(table, row);
        }
    }
    for (table, name, unique, columns) in indexes {
        if let Some(table) = tables.get_mut(&table) {
            let columns = columns.iter().map(|c| unquote_identifier(c)).collect();
            table.indexes.push(IndexSnapshot {
                name,
                columns,
                unique,
            });
        }
    }

    snapshot.tables = tables.into_values().collect();
    snapshot.sort();
    Ok(snapshot)
}

fn collect_enums(rows: Vec<(String, String)>) -> Vec<EnumSnapshot> {
    let mut enums: Vec<EnumSnapshot> = Vec::new();
    for (name, value) in rows {
        match enums.last_mut() {
            Some(last) if last.name == name => last.values.push(value),
            _ => enums.push(EnumSnapshot {
                name,
                values: vec![value],
            }),
        }
    }
    enums
}

fn empty_table(name: String) -> TableSnapshot {
    TableSnapshot {
        name,
        renamed_from: None,
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
    }
}

fn add_constraint(table: &mut TableSnapshot, row: ConstraintRow) {
    let (_, name, kind, columns, definition, foreign_table, foreign_columns, on_delete, on_update) =
        row;
    match kind.as_str() {
        "p" => table.primary_key = Some(KeySnapshot { name, columns }),
        "u" => table.uniques.push(KeySnapshot { name, columns }),
        "c" => table.checks.push(CheckSnapshot {
            name,
            expression: check_expression(&definition),
        }),
        "f" => table.foreign_keys.push(ForeignKeySnapshot {
            name,
            columns,
            foreign_table: foreign_table.unwrap_or_default(),
            foreign_columns,
            on_delete: referential_action(&on_delete),
            on_update: referential_action(&on_update),
        }),
        _ => {}
    }
}

/// `CHECK ((views >= 0))` as printed by `pg_get_constraintdef`, without the keyword and the
/// outer parentheses: `(views >= 0)`.
fn check_expression(definition: &str) -> String {
    let body = definition
        .strip_prefix("CHECK ")
        .unwrap_or(definition)
        .trim();
    let body = body.strip_suffix(" NOT VALID").unwrap_or(body);
    match body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        Some(inner) => inner.to_owned(),
        None => body.to_owned(),
    }
}

/// `pg_constraint.confdeltype` / `confupdtype` letters.
fn referential_action(letter: &str) -> ReferentialAction {
    match letter {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// `pg_get_indexdef` quotes a column name only when it must (`"user"`, `"Name"`).
fn unquote_identifier(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_definitions_are_unwrapped() {
        assert_eq!(check_expression("CHECK ((views >= 0))"), "(views >= 0)");
        assert_eq!(check_expression("CHECK (ok) NOT VALID"), "ok");
        assert_eq!(unquote_identifier("\"user\""), "user");
        assert_eq!(unquote_identifier("author_id"), "author_id");
        assert_eq!(referential_action("n"), ReferentialAction::SetNull);
    }
}
