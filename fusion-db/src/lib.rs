//! fusion-db: PostgreSQL tables as plain Rust structs, on sqlx.
//!
//! `#[fusion_table]` turns a struct into `const` table metadata ([`Table::DEF`]), the table's
//! DDL as a `const &str` ([`Table::DDL`]) and a typed sqlx row mapping ([`sqlx::FromRow`], an
//! insert type, and row helpers on [`Table`] and [`KeyedTable`]). `#[fusion_enum]` does the
//! same for PostgreSQL enum types.
//!
//! See the README for the attribute reference and the type table.

extern crate self as fusion_db;

mod bulk;
#[cfg(feature = "cli")]
pub mod cli;
mod column_type;
pub mod ddl;
mod enum_type;
pub mod foundation;
pub mod migrate;
mod row;
pub mod schema;
pub mod services;
mod table;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use column_type::{ColumnRef, ColumnType, References};
pub use enum_type::{EnumDef, PgEnum};
pub use fusion_db_macros::{compose, fusion_enum, fusion_table};
pub use row::{InsertRow, KeyedTable, Table};
pub use schema::Schema;
pub use table::{
    CheckDef, ColumnDef, ForeignKeyDef, Identity, IndexDef, PrimaryKeyDef, ReferentialAction,
    TableDef, UniqueDef,
};

#[doc(hidden)]
pub use bulk::{ArrayValue, BulkInsert};
#[doc(hidden)]
pub use row::InsertValues;

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
