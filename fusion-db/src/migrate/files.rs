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
//! `meta/` where they can never be mistaken for a migration.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::MigrateError;
use super::snapshot::Snapshot;

/// The subdirectory of the migrations directory that holds the snapshots.
pub const SNAPSHOT_DIR: &str = "meta";

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

pub(crate) fn newest_snapshot(dir: &Path) -> Result<Option<(i64, PathBuf)>, MigrateError> {
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

pub(crate) fn snapshot_path(dir: &Path, version: i64) -> PathBuf {
    dir.join(SNAPSHOT_DIR)
        .join(format!("{version:04}_snapshot.json"))
}

/// The version a file stem starts with, as sqlx parses it: the digits before the first `_`.
fn file_version(stem: &str) -> Option<i64> {
    let (version, _) = stem.split_once('_')?;
    version.parse().ok()
}

pub(crate) fn create_dir(dir: &Path) -> Result<(), MigrateError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_as_sqlx_reads_them() {
        assert_eq!(file_version("0000_init"), Some(0));
        assert_eq!(file_version("0012_add_slug"), Some(12));
        assert_eq!(file_version("init"), None);
        assert_eq!(file_version("x_init"), None);
    }
}
