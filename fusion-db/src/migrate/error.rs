//! The one error type of migrations: every variant names the file, table, column or database
//! at fault, so a message read in a CI log is enough to act on.

use std::fmt;
use std::path::PathBuf;

/// Why generating, applying or checking migrations failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The migrations directory does not exist.
    #[error("migrations directory {} does not exist", path.display())]
    DirectoryMissing {
        /// The directory that was looked for.
        path: PathBuf,
    },

    /// The migrations directory (or its `meta` subdirectory) could not be created or listed.
    #[error("cannot use migrations directory {}: {source}", path.display())]
    Directory {
        /// The directory at fault.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// A migration or snapshot file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadFile {
        /// The file at fault.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// A migration or snapshot file could not be written (or renamed into place).
    #[error("cannot write {}: {source}", path.display())]
    WriteFile {
        /// The file at fault.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// A snapshot file is not valid snapshot JSON.
    #[error("snapshot {} is corrupted: {source}", path.display())]
    SnapshotCorrupted {
        /// The snapshot file.
        path: PathBuf,
        /// What the JSON parser found.
        source: serde_json::Error,
    },

    /// A snapshot was written by a newer fusion-db whose format this one does not know.
    #[error(
        "snapshot {} has format version {found}, but this fusion-db reads versions up to \
         {supported}; upgrade fusion-db",
        path.display()
    )]
    SnapshotTooNew {
        /// The snapshot file.
        path: PathBuf,
        /// The version found in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },

    /// The directory holds migrations but no snapshot to diff against.
    #[error(
        "{} holds migrations but no snapshot in its meta/ directory, so the schema they build \
         is unknown; restore the meta/ directory from version control",
        dir.display()
    )]
    SnapshotMissing {
        /// The migrations directory.
        dir: PathBuf,
    },

    /// A migration name given by the user has nothing usable in it.
    #[error("migration name {name:?} has no letters or digits; use [a-z0-9_]")]
    InvalidName {
        /// The name as given.
        name: String,
    },

    /// The change needs statements that lose data or may fail, and they were not allowed.
    #[error("{}", DestructiveList(statements))]
    DestructiveChanges {
        /// Each refused statement, with why it is destructive.
        statements: Vec<String>,
    },

    /// The schema drops a value from an enum type, which PostgreSQL cannot do.
    #[error(
        "enum type \"{enum_name}\" loses value \"{value}\": PostgreSQL cannot drop a value from \
         an enum type; keep the value, or write the migration by hand (create a new type and \
         convert the columns)"
    )]
    EnumValueRemoved {
        /// The enum type.
        enum_name: String,
        /// The value that disappeared.
        value: String,
    },

    /// The schema reorders the existing values of an enum type, which PostgreSQL cannot do.
    #[error(
        "enum type \"{enum_name}\" reorders its existing values ({old} -> {new}): PostgreSQL can \
         only add values; keep the old order and add new values around it"
    )]
    EnumValuesReordered {
        /// The enum type.
        enum_name: String,
        /// The values in the snapshot, comma separated.
        old: String,
        /// The values in the schema, comma separated.
        new: String,
    },

    /// The database could not be reached.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The database URL, with any password hidden.
        url: String,
        /// The driver's error.
        source: sqlx::Error,
    },

    /// A query on the database failed (reading the catalogue or sqlx's bookkeeping table).
    #[error("{context}: {source}")]
    Database {
        /// What was being done.
        context: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },

    /// sqlx could not read the migrations directory (for example a badly named `.sql` file).
    #[error("cannot read migrations from {}: {message}", dir.display())]
    Source {
        /// The migrations directory.
        dir: PathBuf,
        /// sqlx's description of the problem.
        message: String,
    },

    /// A migration that was applied has since been edited.
    #[error(
        "migration {} (version {version}) was edited after it was applied; restore the applied \
         text and put the change in a new migration",
        path.display()
    )]
    MigrationModified {
        /// The edited file.
        path: PathBuf,
        /// Its version.
        version: i64,
    },

    /// A migration recorded as applied is no longer in the directory.
    #[error(
        "migration version {version} was applied to the database but is missing from {}",
        dir.display()
    )]
    MigrationMissing {
        /// The migrations directory.
        dir: PathBuf,
        /// The applied version without a file.
        version: i64,
    },

    /// A migration failed while it ran; its transaction was rolled back.
    #[error("migration {} failed: {source}", path.display())]
    MigrationFailed {
        /// The migration file.
        path: PathBuf,
        /// The database's error.
        source: sqlx::Error,
    },

    /// A migration is marked as partially applied in sqlx's bookkeeping table.
    #[error(
        "migration {} is marked as partially applied; fix the database by hand and delete its \
         row from _sqlx_migrations",
        path.display()
    )]
    MigrationDirty {
        /// The migration file.
        path: PathBuf,
    },

    /// Any other failure reported by sqlx's migrator.
    #[error("applying migrations from {} failed: {source}", dir.display())]
    Migrator {
        /// The migrations directory.
        dir: PathBuf,
        /// sqlx's error.
        source: sqlx::migrate::MigrateError,
    },
}

/// Renders the refused statements, one per line, and how to allow them.
struct DestructiveList<'a>(&'a [String]);

impl fmt::Display for DestructiveList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "refusing to generate {} destructive statement(s):",
            self.0.len()
        )?;
        for statement in self.0 {
            writeln!(f, "  {statement}")?;
        }
        write!(
            f,
            "review them, then generate again with --allow-destructive \
             (allow_destructive = true) to write them"
        )
    }
}
