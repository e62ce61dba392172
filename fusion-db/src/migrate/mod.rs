//! Migrations that live in the app: snapshot, diff, generate, apply, and check for drift.
//!
//! An app keeps a `migrations/` directory of numbered SQL files that sqlx applies, with a
//! JSON snapshot of the schema next to each (in `migrations/meta/`). [`generate()`] compares
//! the newest snapshot with the composed schema and writes the next migration; [`migrate`]
//! applies pending migrations with sqlx's migrator; [`read_catalog`] and [`drift()`] compare
//! a live database with the schema.
//!
//! ```no_run
//! # use fusion_db::{migrate::MigrateError, TableDef};
//! # async fn run(tables: &[&'static TableDef]) -> Result<(), MigrateError> {
//! use std::path::Path;
//! use fusion_db::migrate::{self, Snapshot};
//!
//! let dir = Path::new("migrations");
//! migrate::generate(dir, tables, None, false)?;
//!
//! let pool = migrate::connect("postgres://postgres@127.0.0.1/app").await?;
//! migrate::migrate(&pool, dir).await?;
//!
//! let live = migrate::read_catalog(&pool).await?;
//! let report = migrate::drift(&Snapshot::from_tables(tables), &live);
//! assert!(!report.has_drift(false), "{report}");
//! # Ok(())
//! # }
//! ```
//!
//! Renames are never guessed: a table or column is renamed only when the schema declares
//! `renamed_from`. Steps that may lose data (dropping a table or column, narrowing a type,
//! making a column without a default `NOT NULL`, adding a `NOT NULL` column without a default)
//! are refused unless the caller opts in.

mod apply;
mod catalog;
mod change;
mod column;
mod diff;
mod drift;
mod error;
mod files;
mod generate;
mod matching;
mod normalize;
mod plan;
mod renames;
mod snapshot;
mod sql;
mod widening;
mod write;

#[cfg(test)]
#[path = "../../tests/fixtures/blog.rs"]
mod fixtures;
#[cfg(test)]
mod tests;

pub use apply::{connect, migrate, status, AppliedMigration, MigrationState, MigrationStatus};
pub use catalog::read_catalog;
pub use drift::{drift, Difference, DriftReport};
pub use error::MigrateError;
pub use files::{list_migrations, read_newest_snapshot, MigrationFile, SNAPSHOT_DIR};
pub use generate::{generate, Generated, GeneratedMigration};
pub use plan::{diff, Step};
pub use snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot,
    Snapshot, TableSnapshot, SNAPSHOT_VERSION,
};
pub use sql::schema_sql;
