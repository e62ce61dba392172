//! The migrations directory: numbered `.sql` files that sqlx applies, and the snapshots they
//! were generated from.
//!
//! ```text
//! migrations/
//!   0000_init.sql
//!   0001_add_post_slug.sql
//!   meta/
//!     0000_snapshot.json
//!     0001_snapshot.json
//! ```
//!
//! sqlx reads every `<version>_<name>.sql` file at the top of the directory, skips
//! subdirectories and ignores files that do not end in `.sql`, so the snapshots live in
//! `meta/` where they can never be mistaken for a migration. Files are written under a
//! temporary name (a dot file ending in `.tmp`, which sqlx ignores) and renamed into place.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::table::TableDef;

use super::error::MigrateError;
use super::plan::{diff, Step};
use super::snapshot::Snapshot;
use super::sql::schema_sql;

/// The subdirectory of the migrations directory that holds the snapshots.
pub const SNAPSHOT_DIR: &str = "meta";

/// The longest migration name generated or accepted, in bytes.
const MAX_NAME_LEN: usize = 60;

/// A migration file in the migrations directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// The version, the number the file name starts with.
    pub version: i64,
    /// The file name without `.sql` (`0001_add_post_slug`).
    pub name: String,
    /// The file's path.
    pub path: PathBuf,
    /// The snapshot written with it, if there is one.
    pub snapshot: Option<PathBuf>,
}

/// What [`generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    /// The schema is the one the newest snapshot records; nothing was written.
    NoChanges {
        /// The newest snapshot, or `None` when there is neither a snapshot nor a table.
        snapshot: Option<PathBuf>,
    },
    /// A new migration and its snapshot were written.
    Written(GeneratedMigration),
}

/// A migration written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedMigration {
    /// Its version.
    pub version: i64,
    /// Its file name without `.sql` (`0001_add_post_slug`).
    pub name: String,
    /// The `.sql` file.
    pub sql_path: PathBuf,
    /// The snapshot of the schema after it.
    pub snapshot_path: PathBuf,
    /// What it does; for the first migration, one step per created object.
    pub steps: Vec<Step>,
}

/// Generates the next migration in `dir` for the schema made of `tables`.
///
/// With no snapshot yet, writes `0000_<name>.sql` creating the whole schema (`init` unless a
/// name is given). Otherwise diffs the newest snapshot against `tables`: no difference writes
/// nothing and returns [`Generated::NoChanges`]; else the next number is written, named after
/// its first step unless a name is given. Steps that may lose data are refused, all listed in
/// one error, unless `allow_destructive`; allowed, each is preceded by a `-- destructive:`
/// comment. The directory is created if it does not exist.
pub fn generate(
    dir: &Path,
    tables: &[&TableDef],
    name: Option<&str>,
    allow_destructive: bool,
) -> Result<Generated, MigrateError> {
    create_dir(dir)?;
    create_dir(&dir.join(SNAPSHOT_DIR))?;
    let migrations = list_migrations(dir)?;
    let new = Snapshot::from_tables(tables);

    let Some((snapshot_version, snapshot_path)) = newest_snapshot(dir)? else {
        if !migrations.is_empty() {
            return Err(MigrateError::SnapshotMissing {
                dir: dir.to_owned(),
            });
        }
        if tables.is_empty() {
            return Ok(Generated::NoChanges { snapshot: None });
        }
        let steps = diff(&Snapshot::empty(), &new)?;
        let name = migration_name(0, name, "init")?;
        return write_migration(dir, 0, name, &schema_sql(tables), &new, steps);
    };

    let old = Snapshot::read(&snapshot_path)?;
    let steps = diff(&old, &new)?;
    if steps.is_empty() {
        let snapshot = Some(snapshot_path);
        return Ok(Generated::NoChanges { snapshot });
    }

    let destructive: Vec<&Step> = steps.iter().filter(|step| step.is_destructive()).collect();
    if !destructive.is_empty() && !allow_destructive {
        let statements = (destructive.iter())
            .map(|step| {
                let reason = step.destructive.as_deref().unwrap_or_default();
                format!("{}  -- {reason}", step.sql.trim_end().replace('\n', " "))
            })
            .collect();
        return Err(MigrateError::DestructiveChanges { statements });
    }

    let last_file = migrations.last().map_or(0, |file| file.version);
    let version = last_file.max(snapshot_version).saturating_add(1);
    let slug = steps.first().map_or("migration", |step| step.slug.as_str());
    let name = migration_name(version, name, slug)?;
    write_migration(dir, version, name, &steps_sql(&steps), &new, steps)
}

/// The migration files in `dir`, in version order, each with its snapshot if it has one.
///
/// Files that are not `<version>_<name>.sql` are left out, and so are `.down.sql` halves.
pub fn list_migrations(dir: &Path) -> Result<Vec<MigrationFile>, MigrateError> {
    let mut files = Vec::new();
    for (file_name, path) in read_dir(dir)? {
        let Some(stem) = file_name.strip_suffix(".sql") else {
            continue;
        };
        if stem.ends_with(".down") {
            continue;
        }
        let Some(version) = file_version(stem) else {
            continue;
        };
        let snapshot = snapshot_path(dir, version);
        files.push(MigrationFile {
            version,
            name: stem.trim_end_matches(".up").to_owned(),
            path,
            snapshot: snapshot.is_file().then_some(snapshot),
        });
    }
    files.sort_by(|a, b| a.version.cmp(&b.version).then_with(|| a.name.cmp(&b.name)));
    Ok(files)
}

/// The newest snapshot in `dir`'s `meta/` directory, read, if there is one.
pub fn read_newest_snapshot(dir: &Path) -> Result<Option<Snapshot>, MigrateError> {
    match newest_snapshot(dir)? {
        Some((_, path)) => Snapshot::read(&path).map(Some),
        None => Ok(None),
    }
}

fn newest_snapshot(dir: &Path) -> Result<Option<(i64, PathBuf)>, MigrateError> {
    let meta = dir.join(SNAPSHOT_DIR);
    if !meta.exists() {
        return Ok(None);
    }
    let snapshots = read_dir(&meta)?
        .into_iter()
        .filter_map(|(file_name, path)| {
            let stem = file_name.strip_suffix("_snapshot.json")?;
            Some((stem.parse::<i64>().ok()?, path))
        });
    Ok(snapshots.max_by_key(|(version, _)| *version))
}

fn snapshot_path(dir: &Path, version: i64) -> PathBuf {
    dir.join(SNAPSHOT_DIR)
        .join(format!("{version:04}_snapshot.json"))
}

/// The version a file stem starts with, as sqlx parses it: the digits before the first `_`.
fn file_version(stem: &str) -> Option<i64> {
    let (version, _) = stem.split_once('_')?;
    version.parse().ok()
}

fn create_dir(dir: &Path) -> Result<(), MigrateError> {
    let error = |source| MigrateError::Directory {
        path: dir.to_owned(),
        source,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(error(io::Error::other("it is a file, not a directory")));
    }
    fs::create_dir_all(dir).map_err(error)
}

/// The files of `dir` (not subdirectories) as (file name, path).
fn read_dir(dir: &Path) -> Result<Vec<(String, PathBuf)>, MigrateError> {
    if !dir.exists() {
        return Err(MigrateError::DirectoryMissing {
            path: dir.to_owned(),
        });
    }
    let error = |source| MigrateError::Directory {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(error)? {
        let entry = entry.map_err(error)?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        if let Some(file_name) = entry.file_name().to_str() {
            files.push((file_name.to_owned(), path));
        }
    }
    Ok(files)
}

/// `<version>_<name>`, with the name reduced to `[a-z0-9_]`; a given name that has nothing
/// left is an error, a derived one falls back to `migration`.
fn migration_name(
    version: i64,
    given: Option<&str>,
    derived: &str,
) -> Result<String, MigrateError> {
    let name = match given {
        Some(given) => {
            let name = sanitize_name(given);
            if name.is_empty() {
                let name = given.to_owned();
                return Err(MigrateError::InvalidName { name });
            }
            name
        }
        None => Some(sanitize_name(derived))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "migration".to_owned()),
    };
    Ok(format!("{version:04}_{name}"))
}

fn sanitize_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        if !(c == '_' && (out.is_empty() || out.ends_with('_'))) {
            out.push(c);
        }
    }
    out.truncate(MAX_NAME_LEN);
    out.trim_end_matches('_').to_owned()
}

/// The migration text: the steps in order, a destructive one preceded by a comment saying why.
fn steps_sql(steps: &[Step]) -> String {
    let mut sql = String::new();
    for step in steps {
        if let Some(reason) = &step.destructive {
            sql.push_str(&format!("-- destructive: {reason}\n"));
        }
        sql.push_str(&step.sql);
    }
    sql
}

fn write_migration(
    dir: &Path,
    version: i64,
    name: String,
    sql: &str,
    snapshot: &Snapshot,
    steps: Vec<Step>,
) -> Result<Generated, MigrateError> {
    let sql_path = dir.join(format!("{name}.sql"));
    let snapshot_path = snapshot_path(dir, version);
    let json = snapshot
        .to_json()
        .map_err(|source| MigrateError::WriteFile {
            path: snapshot_path.clone(),
            source: io::Error::other(source),
        })?;

    // Both files are complete on disk before either is renamed into place, so an interrupted
    // run leaves at most a stray temporary file, never a half-written migration.
    let sql_tmp = stage(&sql_path, sql)?;
    let snapshot_tmp = match stage(&snapshot_path, &json) {
        Ok(tmp) => tmp,
        Err(error) => {
            let _ = fs::remove_file(&sql_tmp);
            return Err(error);
        }
    };
    commit(&sql_tmp, &sql_path)?;
    commit(&snapshot_tmp, &snapshot_path)?;

    tracing::info!(
        "wrote migration {name} ({} steps, {} destructive)",
        steps.len(),
        steps.iter().filter(|step| step.is_destructive()).count()
    );
    Ok(Generated::Written(GeneratedMigration {
        version,
        name,
        sql_path,
        snapshot_path,
        steps,
    }))
}

fn temporary_path(path: &Path) -> PathBuf {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    path.with_file_name(format!(".{}.tmp", file_name.unwrap_or_default()))
}

fn stage(path: &Path, contents: &str) -> Result<PathBuf, MigrateError> {
    let tmp = temporary_path(path);
    let written = fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(contents.as_bytes())?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(tmp),
        Err(source) => {
            let _ = fs::remove_file(&tmp);
            let path = path.to_owned();
            Err(MigrateError::WriteFile { path, source })
        }
    }
}

fn commit(tmp: &Path, path: &Path) -> Result<(), MigrateError> {
    fs::rename(tmp, path).map_err(|source| {
        let _ = fs::remove_file(tmp);
        let path = path.to_owned();
        MigrateError::WriteFile { path, source }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_reduced_to_safe_characters() {
        assert_eq!(sanitize_name("Add Post-Slug!"), "add_post_slug");
        assert_eq!(sanitize_name("__x__y__"), "x_y");
        assert_eq!(sanitize_name("émoji"), "moji");
        assert!(migration_name(1, Some("!!!"), "x").is_err());
        assert_eq!(
            migration_name(1, None, "???").ok().as_deref(),
            Some("0001_migration")
        );
        assert_eq!(
            migration_name(12, None, "add_post_slug").ok().as_deref(),
            Some("0012_add_post_slug")
        );
    }

    #[test]
    fn versions_are_read_as_sqlx_reads_them() {
        assert_eq!(file_version("0000_init"), Some(0));
        assert_eq!(file_version("0012_add_slug"), Some(12));
        assert_eq!(file_version("init"), None);
        assert_eq!(file_version("x_init"), None);
    }
}
