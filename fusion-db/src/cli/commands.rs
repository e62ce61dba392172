//! The commands themselves: each returns the exit status or the failure that stopped it, and
//! writes its result (DDL, drift report, status list) to `out`.

use std::io::Write;
use std::path::Path;

use sqlx::{Connection, PgConnection, PgPool};

use crate::migrate::{self, Generated, MigrateError, MigrationState, Snapshot};
use crate::schema::Schema;

use super::{CommandError, Config, Exit};

pub(crate) fn print<S: Schema>(out: &mut dyn Write) -> Result<Exit, CommandError> {
    out.write_all(S::DDL.as_bytes())?;
    if !S::DDL.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

pub(crate) fn generate<S: Schema>(
    dir: &Path,
    name: Option<&str>,
    allow_destructive: bool,
) -> Result<Exit, CommandError> {
    match migrate::generate(dir, S::TABLES, name, allow_destructive)? {
        Generated::NoChanges {
            snapshot: Some(snapshot),
        } => tracing::info!("no changes: the schema matches {}", snapshot.display()),
        Generated::NoChanges { snapshot: None } => {
            tracing::info!("no changes: the schema has no tables")
        }
        // The engine logs each migration it writes.
        Generated::Written(_) => {}
    }
    Ok(Exit::Success)
}

/// The engine logs each migration it applies, or that none was pending.
pub(crate) async fn migrate(pool: &PgPool, dir: &Path) -> Result<Exit, CommandError> {
    migrate::migrate(pool, dir).await?;
    Ok(Exit::Success)
}

pub(crate) async fn check<S: Schema>(
    pool: &PgPool,
    strict: bool,
    out: &mut dyn Write,
) -> Result<Exit, CommandError> {
    let live = migrate::read_catalog(pool).await?;
    let report = migrate::drift(&Snapshot::from_tables(S::TABLES), &live);
    write!(out, "{report}")?;
    out.flush()?;

    if report.has_drift(strict) {
        Ok(Exit::Drift)
    } else {
        Ok(Exit::Success)
    }
}

pub(crate) async fn status(
    pool: &PgPool,
    dir: &Path,
    out: &mut dyn Write,
) -> Result<Exit, CommandError> {
    let statuses = migrate::status(pool, dir).await?;
    if statuses.is_empty() {
        writeln!(out, "no migrations in {}", dir.display())?;
    }
    for status in &statuses {
        let (state, note) = match status.state {
            MigrationState::Applied => ("applied", ""),
            MigrationState::Pending => ("pending", ""),
            MigrationState::Modified => ("modified", "  (edited after it was applied)"),
            MigrationState::FileMissing => ("missing", "  (applied, but its file is gone)"),
        };
        writeln!(out, "{state:<9} {}{note}", status.name)?;
    }
    out.flush()?;

    let count = |state| statuses.iter().filter(|s| s.state == state).count();
    tracing::info!(
        "{} applied, {} pending",
        count(MigrationState::Applied),
        count(MigrationState::Pending)
    );
    Ok(Exit::Success)
}

/// Connects to the database the config names.
pub(crate) async fn connect(config: &Config) -> Result<PgPool, CommandError> {
    let url = config.database_url()?;
    match migrate::connect(url).await {
        Ok(pool) => Ok(pool),
        // The pool only says it timed out; one plain connection says why (refused, unknown
        // host, authentication failed, no such database).
        Err(MigrateError::Connect {
            url: shown,
            source: sqlx::Error::PoolTimedOut,
        }) => {
            let source = match PgConnection::connect(url).await {
                Ok(connection) => {
                    let _ = connection.close().await;
                    sqlx::Error::PoolTimedOut
                }
                Err(error) => error,
            };
            Err(MigrateError::Connect { url: shown, source }.into())
        }
        Err(error) => Err(error.into()),
    }
}
