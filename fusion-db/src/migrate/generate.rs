//! Generating the next migration: diff the newest snapshot against the schema, refuse what
//! is destructive unless allowed, and write the SQL with the new snapshot.

use std::io;
use std::path::{Path, PathBuf};

use crate::table::TableDef;

use super::error::MigrateError;
use super::files::MigrationFile;
use super::files::{create_dir, list_migrations, newest_snapshot, snapshot_path, SNAPSHOT_DIR};
use super::plan::{diff, Step};
use super::snapshot::Snapshot;
use super::sql::schema_sql;
use super::write::write_files;

/// The longest migration name generated or accepted, in bytes.
const MAX_NAME_LEN: usize = 60;

/// What [`generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    /// The schema is the one the newest snapshot records; nothing was written.
    NoChanges {
        /// The newest snapshot, or `None` when there is neither a snapshot nor a table.
        snapshot: Option<PathBuf>,
    },
    /// New migrations were written, each with its snapshot: one, or two when the change adds
    /// values to an enum type and uses them, since PostgreSQL cannot use an enum value in the
    /// transaction that added it and sqlx runs each migration in one transaction.
    Written(Vec<GeneratedMigration>),
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
        return generate_first(dir, tables, &new, name, &migrations);
    };

    let old = Snapshot::read(&snapshot_path)?;
    let steps = diff(&old, &new)?;
    if steps.is_empty() {
        let snapshot = Some(snapshot_path);
        return Ok(Generated::NoChanges { snapshot });
    }
    refuse_destructive(&steps, allow_destructive)?;

    let last_file = migrations.last().map_or(0, |file| file.version);
    let first_version = last_file.max(snapshot_version).saturating_add(1);
    let parts = split_enum_additions(&old, &new, steps)?;
    let last_part = parts.len().saturating_sub(1);

    // Every name is checked before anything is written.
    let mut named = Vec::new();
    for (index, (snapshot, steps)) in parts.into_iter().enumerate() {
        let version = first_version.saturating_add(i64::try_from(index).unwrap_or(i64::MAX));
        let given = match (name, index < last_part) {
            (Some(name), true) => Some(format!("{name}_enum_values")),
            (given, _) => given.map(str::to_owned),
        };
        let slug = steps.first().map_or("migration", |step| step.slug.as_str());
        let file_name = migration_name(version, given.as_deref(), slug)?;
        named.push((version, file_name, snapshot, steps));
    }

    let mut written = Vec::new();
    for (version, file_name, snapshot, steps) in named {
        let sql = steps_sql(&steps);
        written.push(write_migration(
            dir, version, file_name, &sql, &snapshot, steps,
        )?);
    }
    Ok(Generated::Written(written))
}

/// The first migration is the whole-schema DDL itself, the text of `Schema::DDL`.
fn generate_first(
    dir: &Path,
    tables: &[&TableDef],
    new: &Snapshot,
    name: Option<&str>,
    migrations: &[MigrationFile],
) -> Result<Generated, MigrateError> {
    if !migrations.is_empty() {
        let dir = dir.to_owned();
        return Err(MigrateError::SnapshotMissing { dir });
    }
    if tables.is_empty() {
        return Ok(Generated::NoChanges { snapshot: None });
    }
    let steps = diff(&Snapshot::empty(), new)?;
    let file_name = migration_name(0, name, "init")?;
    let migration = write_migration(dir, 0, file_name, &schema_sql(tables), new, steps)?;
    Ok(Generated::Written(vec![migration]))
}

fn refuse_destructive(steps: &[Step], allow_destructive: bool) -> Result<(), MigrateError> {
    let destructive = steps.iter().filter_map(|step| {
        let reason = step.destructive.as_deref()?;
        Some(format!(
            "{}  -- {reason}",
            step.sql.trim_end().replace('\n', " ")
        ))
    });
    let statements: Vec<String> = destructive.collect();
    if statements.is_empty() || allow_destructive {
        return Ok(());
    }
    Err(MigrateError::DestructiveChanges { statements })
}

/// When a step may use a value that another step adds to an enum type, the additions go first
/// in a migration of their own (with the snapshot in between), so they are committed before
/// the value is used.
fn split_enum_additions(
    old: &Snapshot,
    new: &Snapshot,
    steps: Vec<Step>,
) -> Result<Vec<(Snapshot, Vec<Step>)>, MigrateError> {
    let extended: Vec<&(String, String)> = steps
        .iter()
        .filter_map(|s| s.extends_enum.as_ref())
        .collect();
    // A step that names the type or one of the new values may use a new value; splitting when
    // it does not costs one extra migration, not a failed one.
    let uses_extended = (steps.iter())
        .filter(|step| step.extends_enum.is_none())
        .any(|step| {
            (extended.iter())
                .any(|(name, value)| step.sql.contains(name) || step.sql.contains(value))
        });
    if !uses_extended {
        return Ok(vec![(new.clone(), steps)]);
    }

    let mut between = old.clone();
    for enum_type in &mut between.enums {
        if let Some(extended) = new.enum_type(&enum_type.name) {
            enum_type.values.clone_from(&extended.values);
        }
    }
    let additions = diff(old, &between)?;
    let rest = diff(&between, new)?;
    Ok(vec![(between, additions), (new.clone(), rest)])
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
            // A line break in a name must not end the comment and turn the rest into SQL.
            let reason = reason.replace(['\n', '\r'], " ");
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
) -> Result<GeneratedMigration, MigrateError> {
    let sql_path = dir.join(format!("{name}.sql"));
    let snapshot_path = snapshot_path(dir, version);
    let json = snapshot
        .to_json()
        .map_err(|source| MigrateError::WriteFile {
            path: snapshot_path.clone(),
            source: io::Error::other(source),
        })?;
    write_files(&[(&sql_path, sql), (&snapshot_path, &json)])?;

    log_generated(&sql_path, &steps);
    Ok(GeneratedMigration {
        version,
        name,
        sql_path,
        snapshot_path,
        steps,
    })
}

/// Says what `generate` wrote: `generated migrations/0001_add_slug.sql (3 statements)`.
fn log_generated(sql_path: &Path, steps: &[Step]) {
    // Each step's SQL is statements that each end in `;` and a line break.
    let statements: usize = steps
        .iter()
        .map(|step| step.sql.matches(";\n").count())
        .sum();
    let destructive = steps.iter().filter(|step| step.is_destructive()).count();
    let path = sql_path.display();
    let plural = if statements == 1 { "" } else { "s" };
    match destructive {
        0 => tracing::info!("generated {path} ({statements} statement{plural})"),
        n => tracing::info!("generated {path} ({statements} statement{plural}, {n} destructive)"),
    }
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
        let derived = migration_name(1, None, "???").ok();
        assert_eq!(derived.as_deref(), Some("0001_migration"));
        let derived = migration_name(12, None, "add_post_slug").ok();
        assert_eq!(derived.as_deref(), Some("0012_add_post_slug"));
    }
}
