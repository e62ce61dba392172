//! Applying the migrations directory with sqlx's own migrator, and reporting what is applied.
//!
//! sqlx takes its advisory lock for the whole run, applies each pending file in its own
//! transaction and records it in `_sqlx_migrations` with its checksum, so a file edited after
//! it was applied is caught. This module adds errors that name the file, and a log line per
//! migration applied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

use super::error::MigrateError;
use super::files::{list_migrations, MigrationFile};

/// A migration that [`migrate`] applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i64,
    /// Its file name without `.sql` (`0001_add_post_slug`).
    pub name: String,
    /// How long it took, as sqlx measured it.
    pub duration: Duration,
}

/// Where a migration file stands in a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationState {
    /// Applied, and the file is unchanged since.
    Applied,
    /// Not applied yet.
    Pending,
    /// Applied, but the file was edited afterwards.
    Modified,
    /// Applied, but there is no file for it any more.
    FileMissing,
}

/// A migration and where it stands; see [`status`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Its version.
    pub version: i64,
    /// Its file name without `.sql`, or sqlx's description when the file is gone.
    pub name: String,
    /// The file, if there is one.
    pub path: Option<PathBuf>,
    /// Where it stands.
    pub state: MigrationState,
}

/// Connects to the database at `url`; an error names the URL with its password hidden.
pub async fn connect(url: &str) -> Result<PgPool, MigrateError> {
    PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await
        .map_err(|source| MigrateError::Connect {
            url: redact_password(url),
            source,
        })
}

/// Applies every pending migration in `dir` to the database behind `pool`, under sqlx's
/// migration lock, each in its own transaction, and logs each one applied ("applied migration
/// 0001_add_post_slug in 12 ms"). Returns the migrations applied, in order.
pub async fn migrate(pool: &PgPool, dir: &Path) -> Result<Vec<AppliedMigration>, MigrateError> {
    let files = list_migrations(dir)?;
    let migrator = Migrator::new(dir)
        .await
        .map_err(|error| name_the_file(error, dir, &files))?;

    let before = applied_rows(pool).await?;
    migrator
        .run(pool)
        .await
        .map_err(|error| name_the_file(error, dir, &files))?;
    let after = applied_rows(pool).await?;

    let mut applied = Vec::new();
    for (version, row) in after.into_iter().filter(|(v, _)| !before.contains_key(v)) {
        let name = file_name(&files, version).unwrap_or(row.description);
        let duration = Duration::from_nanos(u64::try_from(row.execution_time).unwrap_or(0));
        tracing::info!("applied migration {name} in {} ms", duration.as_millis());
        applied.push(AppliedMigration {
            version,
            name,
            duration,
        });
    }
    if applied.is_empty() {
        tracing::info!("no pending migrations in {}", dir.display());
    }
    Ok(applied)
}

/// Every migration in `dir` and every one recorded in the database, in version order, with
/// whether it is applied, pending, edited since it was applied, or gone from the directory.
pub async fn status(pool: &PgPool, dir: &Path) -> Result<Vec<MigrationStatus>, MigrateError> {
    let files = list_migrations(dir)?;
    let migrator = Migrator::new(dir)
        .await
        .map_err(|error| name_the_file(error, dir, &files))?;
    let mut applied = applied_rows(pool).await?;

    let mut statuses = Vec::new();
    for migration in migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
    {
        let state = match applied.remove(&migration.version) {
            Some(row) if row.checksum == *migration.checksum => MigrationState::Applied,
            Some(_) => MigrationState::Modified,
            None => MigrationState::Pending,
        };
        let file = files.iter().find(|file| file.version == migration.version);
        statuses.push(MigrationStatus {
            version: migration.version,
            name: file.map_or_else(|| migration.description.to_string(), |f| f.name.clone()),
            path: file.map(|file| file.path.clone()),
            state,
        });
    }
    for (version, row) in applied {
        statuses.push(MigrationStatus {
            version,
            name: row.description,
            path: None,
            state: MigrationState::FileMissing,
        });
    }
    statuses.sort_by_key(|status| status.version);
    Ok(statuses)
}

struct AppliedRow {
    description: String,
    checksum: Vec<u8>,
    execution_time: i64,
}

/// sqlx's bookkeeping rows by version; none before the first run creates the table.
async fn applied_rows(pool: &PgPool) -> Result<BTreeMap<i64, AppliedRow>, MigrateError> {
    let error = |source| MigrateError::Database {
        context: "reading _sqlx_migrations failed",
        source,
    };
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await
        .map_err(error)?;
    if !exists {
        return Ok(BTreeMap::new());
    }

    let rows: Vec<(i64, String, Vec<u8>, i64)> = sqlx::query_as(
        "SELECT version, description, checksum, execution_time FROM _sqlx_migrations \
         WHERE success ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .map_err(error)?;
    let rows = rows
        .into_iter()
        .map(|(version, description, checksum, execution_time)| {
            let row = AppliedRow {
                description,
                checksum,
                execution_time,
            };
            (version, row)
        });
    Ok(rows.collect())
}

fn file_name(files: &[MigrationFile], version: i64) -> Option<String> {
    let file = files.iter().find(|file| file.version == version)?;
    Some(file.name.clone())
}

fn file_path(files: &[MigrationFile], dir: &Path, version: i64) -> PathBuf {
    match files.iter().find(|file| file.version == version) {
        Some(file) => file.path.clone(),
        None => dir.join(format!("{version:04}_*.sql")),
    }
}

/// sqlx's errors carry a version number; ours carry the file.
fn name_the_file(
    error: sqlx::migrate::MigrateError,
    dir: &Path,
    files: &[MigrationFile],
) -> MigrateError {
    use sqlx::migrate::MigrateError as Sqlx;
    match error {
        Sqlx::Execute(source) => MigrateError::Database {
            context: "running migrations failed",
            source,
        },
        Sqlx::ExecuteMigration(source, version) => MigrateError::MigrationFailed {
            path: file_path(files, dir, version),
            source,
        },
        Sqlx::Source(source) => MigrateError::Source {
            dir: dir.to_owned(),
            message: source.to_string(),
        },
        Sqlx::VersionMissing(version) => MigrateError::MigrationMissing {
            dir: dir.to_owned(),
            version,
        },
        Sqlx::VersionMismatch(version) => MigrateError::MigrationModified {
            path: file_path(files, dir, version),
            version,
        },
        Sqlx::Dirty(version) => MigrateError::MigrationDirty {
            path: file_path(files, dir, version),
        },
        source => MigrateError::Migrator {
            dir: dir.to_owned(),
            source,
        },
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
pub(crate) fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    // An unencoded `/` or `?` in a password ends the authority early; the first `@` after a
    // `:` still marks where the user info stops.
    let user_info_end = match rest[..authority_end].rfind('@') {
        Some(at) => Some(at),
        None => rest.find('@').filter(|&at| rest[..at].contains(':')),
    };
    let redacted = match user_info_end {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{user}:***{}", &rest[at..]),
            None => rest.to_owned(),
        },
        None => rest.to_owned(),
    };
    format!("{scheme}://{}", redact_password_parameter(&redacted))
}

/// Hides the value of a `password=` query parameter.
fn redact_password_parameter(rest: &str) -> String {
    let Some((path, query)) = rest.split_once('?') else {
        return rest.to_owned();
    };
    let parameters: Vec<String> = query
        .split('&')
        .map(|parameter| match parameter.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => parameter.to_owned(),
        })
        .collect();
    format!("{path}?{}", parameters.join("&"))
}

#[cfg(test)]
mod tests {
    use super::redact_password;

    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(
            redact_password("postgres://app:s3cret@db:5432/app"),
            "postgres://app:***@db:5432/app"
        );
        assert_eq!(
            redact_password("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(redact_password("not a url"), "not a url");
        assert_eq!(
            redact_password("postgres://a:b@h/db?application_name=x@y"),
            "postgres://a:***@h/db?application_name=x@y"
        );
        assert_eq!(
            redact_password("postgres://u:pa/ss@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            redact_password("postgres://u@h/db?sslmode=require&password=s3cret"),
            "postgres://u@h/db?sslmode=require&password=***"
        );
    }
}
