//! Writing files so that none is ever seen half-written: each goes to a temporary name in the
//! same directory (a dot file ending in `.tmp`, which sqlx ignores), is synced, and is then
//! renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::MigrateError;

/// Writes every file, or none: all are complete on disk before the first is renamed into
/// place, so an interrupted run leaves at most a stray temporary file.
pub(crate) fn write_files(files: &[(&Path, &str)]) -> Result<(), MigrateError> {
    let mut staged: Vec<PathBuf> = Vec::new();
    for (path, contents) in files {
        match stage(path, contents) {
            Ok(tmp) => staged.push(tmp),
            Err(error) => {
                staged.iter().for_each(|tmp| remove_quietly(tmp));
                return Err(error);
            }
        }
    }
    for (tmp, (path, _)) in staged.iter().zip(files) {
        fs::rename(tmp, path).map_err(|source| {
            staged.iter().for_each(|tmp| remove_quietly(tmp));
            MigrateError::WriteFile {
                path: path.to_path_buf(),
                source,
            }
        })?;
    }
    Ok(())
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
            remove_quietly(&tmp);
            let path = path.to_owned();
            Err(MigrateError::WriteFile { path, source })
        }
    }
}

/// Cleanup after a failure that is already being reported; a second error would hide it.
fn remove_quietly(path: &Path) {
    let _ = fs::remove_file(path);
}
