//! The command line, as clap parses it. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Migrations for this app's schema: generate them from the schema, apply them, check a
/// database against the schema.
///
/// Commands that use a database read its URL from DATABASE_URL. Exit codes: 0 done,
/// 1 drift found or change refused, 2 usage or configuration error, 3 anything else failed.
#[derive(Debug, Parser)]
#[command(name = "db")]
pub(crate) struct Args {
    /// The migrations directory (default: `migrations` in the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the schema's DDL, the statements that create it in an empty database.
    ///
    /// Needs no database.
    Print,

    /// Write the next migration for the changes since the newest snapshot.
    ///
    /// The first run writes `0000_init.sql` with the whole schema; later runs write the next
    /// number, or nothing when the schema has not changed. Needs no database.
    Generate {
        /// The migration's name (`0001_<NAME>.sql`); derived from the first change when left out.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,

        /// Also write statements that may lose data (dropping a table or column, narrowing a
        /// type, making a column NOT NULL); without it they are listed and nothing is written.
        #[arg(long)]
        allow_destructive: bool,
    },

    /// Apply the pending migrations to the database at DATABASE_URL.
    ///
    /// Uses sqlx's migrator: one transaction per migration, under its migration lock.
    Migrate,

    /// Compare the database at DATABASE_URL with the schema; exit with 1 if they differ.
    ///
    /// Tables and enum types the schema does not own (such as `_sqlx_migrations`) are listed
    /// but are not drift unless `--strict` is given.
    Check {
        /// Also fail when the database has tables or enum types the schema does not own.
        #[arg(long)]
        strict: bool,
    },

    /// List the migrations: applied, pending, edited after they were applied, or missing.
    Status,
}
