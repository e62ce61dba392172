//! Drift: how a live database differs from the schema it should have, in plain words.

use std::collections::BTreeMap;
use std::fmt;

use crate::ddl::quote_literal;
use crate::table::Identity;

use super::change::{Change, Constraint};
use super::diff::changes;
use super::snapshot::{ColumnSnapshot, IndexSnapshot, Snapshot};

/// A constraint or index: (table, kind, name).
type NamedKey = (String, String, String);

/// A named item as the schema has it and as the database has it, rendered in words.
type Sides = (Option<String>, Option<String>);

/// One way the database differs from the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The table concerned, if the difference is in a table.
    pub table: Option<String>,
    /// The column concerned, if the difference is in a column.
    pub column: Option<String>,
    /// What differs (`column is missing`, `default`, `index "post_slug_index" is missing`).
    pub what: String,
    /// What the schema says.
    pub expected: String,
    /// What the database has.
    pub found: String,
}

/// Everything a drift check found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DriftReport {
    /// The differences in what the schema owns.
    pub differences: Vec<Difference>,
    /// Tables in the database that the schema does not have (sqlx's `_sqlx_migrations`,
    /// tables of other apps); not drift unless asked.
    pub unowned_tables: Vec<String>,
    /// Enum types in the database that the schema does not have; not drift unless asked.
    pub unowned_enums: Vec<String>,
}

impl DriftReport {
    /// Whether the database differs from the schema; with `include_unowned`, tables and enum
    /// types the schema does not own count too.
    pub fn has_drift(&self, include_unowned: bool) -> bool {
        let unowned = !self.unowned_tables.is_empty() || !self.unowned_enums.is_empty();
        !self.differences.is_empty() || (include_unowned && unowned)
    }
}

/// Compares the schema a database should have (`expected`, usually
/// `Snapshot::from_tables(...)`) with the one it has (`live`, from [`read_catalog`]).
///
/// Declared renames are ignored: a column still under its old name is reported as missing.
///
/// [`read_catalog`]: super::read_catalog
pub fn drift(expected: &Snapshot, live: &Snapshot) -> DriftReport {
    let mut report = DriftReport::default();
    let mut named: BTreeMap<NamedKey, Sides> = BTreeMap::new();

    let changes = changes(live, &expected.without_renames());
    // A missing table is one difference, not one more for each of its keys and indexes.
    let missing_tables: Vec<String> = (changes.iter())
        .filter_map(|change| match change {
            Change::CreateTable(table) => Some(table.name.clone()),
            _ => None,
        })
        .collect();

    for change in changes {
        match change {
            Change::AddConstraint { table, .. } | Change::CreateIndex { table, .. }
                if missing_tables.contains(&table) => {}
            Change::DropTable { name } => report.unowned_tables.push(name),
            Change::DropEnum { name } => report.unowned_enums.push(name),
            Change::AddConstraint { table, constraint } => {
                let key = (
                    table,
                    constraint.kind().to_owned(),
                    constraint.name().to_owned(),
                );
                named.entry(key).or_default().0 = Some(constraint_words(&constraint));
            }
            Change::DropConstraint { table, constraint } => {
                let key = (
                    table,
                    constraint.kind().to_owned(),
                    constraint.name().to_owned(),
                );
                named.entry(key).or_default().1 = Some(constraint_words(&constraint));
            }
            Change::CreateIndex { table, index } => {
                let key = (table, "index".to_owned(), index.name.clone());
                named.entry(key).or_default().0 = Some(index_words(&index));
            }
            Change::DropIndex { table, index } => {
                let key = (table, "index".to_owned(), index.name.clone());
                named.entry(key).or_default().1 = Some(index_words(&index));
            }
            other => report.differences.extend(describe(other)),
        }
    }

    for ((table, kind, name), sides) in named {
        let (what, expected, found) = match sides {
            (Some(expected), Some(found)) if expected == found => continue,
            (Some(expected), Some(found)) => {
                (format!("{kind} \"{name}\" differs"), expected, found)
            }
            (Some(expected), None) => (format!("{kind} \"{name}\" is missing"), expected, none()),
            (None, Some(found)) => (format!("unexpected {kind} \"{name}\""), none(), found),
            (None, None) => continue,
        };
        report
            .differences
            .push(difference(Some(table), None, what, expected, found));
    }
    report
}

fn describe(change: Change) -> Vec<Difference> {
    let one = |table, column, what: &str, expected, found| {
        vec![difference(table, column, what.to_owned(), expected, found)]
    };
    match change {
        Change::CreateEnum(e) => one(
            None,
            None,
            &format!("enum type \"{}\" is missing", e.name),
            quoted_values(&e.values),
            none(),
        ),
        Change::AddEnumValue {
            enum_name, value, ..
        } => one(
            None,
            None,
            &format!("enum type \"{enum_name}\" lacks a value"),
            quote_literal(&value),
            none(),
        ),
        Change::DropEnumValue { enum_name, value } => {
            let what = format!("enum type \"{enum_name}\" has an extra value");
            one(None, None, &what, none(), quote_literal(&value))
        }
        Change::ReorderEnum {
            enum_name,
            old,
            new,
        } => one(
            None,
            None,
            &format!("order of the values of enum type \"{enum_name}\""),
            quoted_values(&new),
            quoted_values(&old),
        ),
        Change::CreateTable(table) => {
            let expected = format!("{} columns", table.columns.len());
            one(Some(table.name), None, "table is missing", expected, none())
        }
        Change::AddColumn { table, column } => {
            let expected = column_words(&column);
            one(
                Some(table),
                Some(column.name),
                "column is missing",
                expected,
                none(),
            )
        }
        Change::DropColumn { table, column } => {
            let found = column_words(&column);
            one(
                Some(table),
                Some(column.name),
                "unexpected column",
                none(),
                found,
            )
        }
        Change::AlterType {
            table,
            column,
            from,
            to,
            old_default,
            new_default,
            ..
        } => {
            let (table, column) = (Some(table), Some(column));
            let mut found = one(table.clone(), column.clone(), "type", to, from);
            if !super::normalize::same_default(old_default.as_deref(), new_default.as_deref()) {
                let (expected, found_default) = (or_none(new_default), or_none(old_default));
                found.extend(one(table, column, "default", expected, found_default));
            }
            found
        }
        Change::SetDefault {
            table,
            column,
            from,
            to,
        } => one(Some(table), Some(column), "default", to, or_none(from)),
        Change::DropDefault {
            table,
            column,
            from,
        } => one(Some(table), Some(column), "default", none(), from),
        Change::SetNotNull { table, column, .. } => one(
            Some(table),
            Some(column),
            "nullability",
            "NOT NULL".to_owned(),
            "nullable".to_owned(),
        ),
        Change::DropNotNull { table, column } => one(
            Some(table),
            Some(column),
            "nullability",
            "nullable".to_owned(),
            "NOT NULL".to_owned(),
        ),
        Change::SetIdentity {
            table,
            column,
            from,
            to,
        } => one(
            Some(table),
            Some(column),
            "identity",
            identity_words(to),
            identity_words(from),
        ),
        Change::RenameConstraint {
            table,
            kind,
            from,
            to,
        } => one(Some(table), None, &format!("name of a {kind}"), to, from),
        Change::RenameIndex { table, from, to } => {
            one(Some(table), None, "name of an index", to, from)
        }
        // Renames are forgotten before comparing, and the rest are collected by the caller.
        Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::DropTable { .. }
        | Change::DropEnum { .. }
        | Change::AddConstraint { .. }
        | Change::DropConstraint { .. }
        | Change::CreateIndex { .. }
        | Change::DropIndex { .. } => Vec::new(),
    }
}

fn difference(
    table: Option<String>,
    column: Option<String>,
    what: String,
    expected: String,
    found: String,
) -> Difference {
    Difference {
        table,
        column,
        what,
        expected,
        found,
    }
}

fn none() -> String {
    "nothing".to_owned()
}

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(none)
}

fn quoted_values(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
    values.join(", ")
}

fn identity_words(identity: Option<Identity>) -> String {
    identity.map_or_else(none, |identity| identity.as_sql().to_owned())
}

fn column_words(column: &ColumnSnapshot) -> String {
    let mut words = column.sql_type.clone();
    if let Some(identity) = column.identity {
        words.push(' ');
        words.push_str(identity.as_sql());
    }
    if let Some(default) = &column.default {
        words.push_str(" DEFAULT ");
        words.push_str(default);
    }
    if !column.nullable {
        words.push_str(" NOT NULL");
    }
    words
}

fn constraint_words(constraint: &Constraint) -> String {
    match constraint {
        Constraint::PrimaryKey(key) => format!("PRIMARY KEY ({})", key.columns.join(", ")),
        Constraint::Unique(key) => format!("UNIQUE ({})", key.columns.join(", ")),
        Constraint::Check(check) => format!("CHECK ({})", check.expression),
        Constraint::ForeignKey(fk) => format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
            fk.columns.join(", "),
            fk.foreign_table,
            fk.foreign_columns.join(", "),
            fk.on_delete.as_sql(),
            fk.on_update.as_sql()
        ),
    }
}

fn index_words(index: &IndexSnapshot) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    format!("{unique}INDEX ({})", index.columns.join(", "))
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.table, &self.column) {
            (Some(table), Some(column)) => write!(f, "table \"{table}\", column \"{column}\": ")?,
            (Some(table), None) => write!(f, "table \"{table}\": ")?,
            _ => {}
        }
        write!(
            f,
            "{} (expected {}, found {})",
            self.what, self.expected, self.found
        )
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.differences.len() {
            0 => writeln!(f, "the database matches the schema")?,
            n => writeln!(f, "the database differs from the schema in {n} place(s):")?,
        }
        for difference in &self.differences {
            writeln!(f, "  {difference}")?;
        }
        if !self.unowned_tables.is_empty() {
            let tables = self.unowned_tables.join(", ");
            writeln!(f, "tables the schema does not own: {tables}")?;
        }
        if !self.unowned_enums.is_empty() {
            let enums = self.unowned_enums.join(", ");
            writeln!(f, "enum types the schema does not own: {enums}")?;
        }
        Ok(())
    }
}
