//! Compares a whole composed schema with what PostgreSQL's catalogue holds after its DDL ran:
//! the set of tables, the enum types, and table by table the columns, defaults, constraints
//! and indexes (through `fusion_db_tests::assert_catalog_matches`, plus exact defaults here).

use fusion_db::{ColumnDef, Schema, TableDef};
use fusion_db_tests::{assert_catalog_matches, canonical_type, CatalogTable};
use sqlx::PgPool;

/// Asserts that `pool`'s database holds exactly `S`'s tables and enum types, each as its
/// metadata describes it.
pub async fn assert_schema_matches<S: Schema>(pool: &PgPool) {
    let mut tables: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    tables.sort();
    let mut expected: Vec<&str> = S::TABLES.iter().map(|table| table.name).collect();
    expected.sort_unstable();
    assert_eq!(tables, expected, "tables");

    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(
        "SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         WHERE t.typnamespace = 'public'::regnamespace
         GROUP BY t.typname ORDER BY t.typname",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut expected: Vec<(String, Vec<String>)> = S::enum_types()
        .into_iter()
        .map(|def| {
            let values = def.values.iter().map(|v| (*v).to_owned()).collect();
            (def.name.to_owned(), values)
        })
        .collect();
    expected.sort();
    assert_eq!(enums, expected, "enum types");

    for table in S::TABLES {
        assert_catalog_matches(pool, table).await;
        assert_defaults_match(pool, table).await;
    }
}

/// Asserts that every column's default is the one the metadata gives, as PostgreSQL prints it.
pub async fn assert_defaults_match(pool: &PgPool, def: &TableDef) {
    let catalog = CatalogTable::load(pool, def.name).await;
    let found: Vec<(&str, Option<&str>)> = catalog
        .columns
        .iter()
        .map(|column| (column.name.as_str(), column.default.as_deref()))
        .collect();
    let expected: Vec<(&str, Option<String>)> = def
        .columns
        .iter()
        .map(|column| (column.name, printed_default(column)))
        .collect();
    let expected: Vec<(&str, Option<&str>)> = expected
        .iter()
        .map(|(name, default)| (*name, default.as_deref()))
        .collect();
    assert_eq!(found, expected, "{}: defaults", def.name);
}

/// The default as `pg_get_expr` prints it: a string literal carries a cast to the column's
/// type (without its length), a negative number is a quoted literal with a cast.
fn printed_default(column: &ColumnDef) -> Option<String> {
    let default = column.default?;
    let cast = || {
        let ty = canonical_type(column.sql_type);
        match ty.split_once('(') {
            Some((base, _)) => base.to_owned(),
            None => ty,
        }
    };
    if default.starts_with('\'') {
        Some(format!("{default}::{}", cast()))
    } else if default.starts_with('-') && default[1..].parse::<f64>().is_ok() {
        Some(format!("'{default}'::{}", cast()))
    } else {
        Some(default.to_owned())
    }
}
