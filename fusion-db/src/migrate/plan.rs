//! The public diff: migration steps with their SQL, each marked destructive or not.

use super::change::Change;
use super::diff::changes;
use super::error::MigrateError;
use super::snapshot::Snapshot;
use super::sql::{change_sql, literal};

/// One step of a migration: what it does, its SQL, and whether it needs the opt-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step in plain words (`add column "slug" to table "post"`).
    pub description: String,
    /// Its statements, each ending in `;` and a newline.
    pub sql: String,
    /// Why the step may lose data or fail on existing rows, if it may; such steps are only
    /// generated with the explicit opt-in.
    pub destructive: Option<String>,
    /// A short name for a migration that starts with this step (`add_post_slug`).
    pub(crate) slug: String,
    /// The enum type this step adds a value to and the value as an SQL literal, if it does.
    pub(crate) extends_enum: Option<(String, String)>,
}

impl Step {
    /// Whether the step needs the opt-in to be generated.
    pub fn is_destructive(&self) -> bool {
        self.destructive.is_some()
    }
}

/// The steps that migrate a database from the `old` schema to the `new` one, in an order that
/// applies cleanly. Renames come only from the `renamed_from` declared in `new`.
///
/// Fails when the change cannot be expressed in PostgreSQL: an enum type that loses or
/// reorders values.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Result<Vec<Step>, MigrateError> {
    changes(old, new).into_iter().map(step).collect()
}

fn step(change: Change) -> Result<Step, MigrateError> {
    match &change {
        Change::DropEnumValue { enum_name, value } => {
            return Err(MigrateError::EnumValueRemoved {
                enum_name: enum_name.clone(),
                value: value.clone(),
            });
        }
        Change::ReorderEnum {
            enum_name,
            old,
            new,
        } => {
            return Err(MigrateError::EnumValuesReordered {
                enum_name: enum_name.clone(),
                old: old.join(", "),
                new: new.join(", "),
            });
        }
        _ => {}
    }
    Ok(Step {
        description: change.describe(),
        sql: change_sql(&change),
        destructive: destructive_reason(&change),
        slug: change.slug(),
        extends_enum: match &change {
            Change::AddEnumValue {
                enum_name, value, ..
            } => Some((enum_name.clone(), literal(value))),
            _ => None,
        },
    })
}

fn destructive_reason(change: &Change) -> Option<String> {
    match change {
        Change::DropTable { name } => Some(format!("drops table \"{name}\" and all its rows")),
        Change::DropColumn { table, column } => Some(format!(
            "drops column \"{table}\".\"{}\" and its data",
            column.name
        )),
        Change::AlterType {
            table,
            column,
            from,
            to,
            widening: false,
            ..
        } => Some(format!(
            "narrows \"{table}\".\"{column}\" from {from} to {to}: values that do not fit fail \
             the migration or are converted"
        )),
        Change::SetNotNull {
            table,
            column,
            has_default: false,
        } => Some(format!(
            "makes \"{table}\".\"{column}\" NOT NULL without a default: fails if a row holds NULL"
        )),
        Change::SetNotNull {
            table,
            column,
            has_default: true,
        } => Some(format!(
            "makes \"{table}\".\"{column}\" NOT NULL: rows holding NULL get the column's default"
        )),
        Change::AddColumn { table, column }
            if !column.nullable && column.default.is_none() && column.identity.is_none() =>
        {
            Some(format!(
                "adds NOT NULL column \"{table}\".\"{}\" without a default: fails if the table \
                 has rows",
                column.name
            ))
        }
        _ => None,
    }
}
