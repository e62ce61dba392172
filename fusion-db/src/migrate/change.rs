//! One structural difference between two snapshots, before it is turned into SQL (a migration)
//! or into words (a drift report).

use crate::table::Identity;

use super::snapshot::{
    CheckSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot,
    TableSnapshot,
};

/// What changes from the old schema to the new one. Column and constraint names are those of
/// the new schema; renames come first and are applied to the old side before comparing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    CreateEnum(EnumSnapshot),
    AddEnumValue {
        enum_name: String,
        value: String,
        /// Where the value goes: after this value, or else before that one.
        after: Option<String>,
        before: Option<String>,
    },
    DropEnumValue {
        enum_name: String,
        value: String,
    },
    ReorderEnum {
        enum_name: String,
        old: Vec<String>,
        new: Vec<String>,
    },
    DropEnum {
        name: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    CreateTable(TableSnapshot),
    DropTable {
        name: String,
    },
    AddColumn {
        table: String,
        column: ColumnSnapshot,
    },
    DropColumn {
        table: String,
        column: ColumnSnapshot,
    },
    /// A type change; the defaults travel along because a default of the old type may not
    /// cast to the new one, and may then be dropped first and set again after.
    AlterType {
        table: String,
        column: String,
        from: String,
        to: String,
        old_default: Option<String>,
        new_default: Option<String>,
        widening: bool,
        /// The old type is an enum, which casts to no other type but text.
        from_enum: bool,
    },
    SetDefault {
        table: String,
        column: String,
        from: Option<String>,
        to: String,
    },
    DropDefault {
        table: String,
        column: String,
        from: String,
    },
    SetNotNull {
        table: String,
        column: String,
        has_default: bool,
    },
    DropNotNull {
        table: String,
        column: String,
    },
    SetIdentity {
        table: String,
        column: String,
        from: Option<Identity>,
        to: Option<Identity>,
    },
    AddConstraint {
        table: String,
        constraint: Constraint,
    },
    DropConstraint {
        table: String,
        constraint: Constraint,
    },
    RenameConstraint {
        table: String,
        kind: &'static str,
        from: String,
        to: String,
    },
    CreateIndex {
        table: String,
        index: IndexSnapshot,
    },
    DropIndex {
        table: String,
        index: IndexSnapshot,
    },
    RenameIndex {
        table: String,
        from: String,
        to: String,
    },
}

/// A named table constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Constraint {
    PrimaryKey(KeySnapshot),
    Unique(KeySnapshot),
    Check(CheckSnapshot),
    ForeignKey(ForeignKeySnapshot),
}

impl Constraint {
    pub(crate) fn name(&self) -> &str {
        match self {
            Constraint::PrimaryKey(key) | Constraint::Unique(key) => &key.name,
            Constraint::Check(check) => &check.name,
            Constraint::ForeignKey(fk) => &fk.name,
        }
    }

    /// The kind of constraint in words.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Constraint::PrimaryKey(_) => "primary key",
            Constraint::Unique(_) => "unique constraint",
            Constraint::Check(_) => "check constraint",
            Constraint::ForeignKey(_) => "foreign key",
        }
    }
}

impl Change {
    /// The change in plain words, naming the table and column.
    pub(crate) fn describe(&self) -> String {
        match self {
            Change::CreateEnum(e) => format!("create enum type \"{}\"", e.name),
            Change::AddEnumValue {
                enum_name, value, ..
            } => format!("add value '{value}' to enum type \"{enum_name}\""),
            Change::DropEnumValue { enum_name, value } => {
                format!("drop value '{value}' from enum type \"{enum_name}\"")
            }
            Change::ReorderEnum { enum_name, .. } => {
                format!("reorder the values of enum type \"{enum_name}\"")
            }
            Change::DropEnum { name } => format!("drop enum type \"{name}\""),
            Change::RenameTable { from, to } => format!("rename table \"{from}\" to \"{to}\""),
            Change::RenameColumn { table, from, to } => {
                format!("rename column \"{from}\" of table \"{table}\" to \"{to}\"")
            }
            Change::CreateTable(t) => format!("create table \"{}\"", t.name),
            Change::DropTable { name } => format!("drop table \"{name}\" and all its rows"),
            Change::AddColumn { table, column } => {
                format!("add column \"{}\" to table \"{table}\"", column.name)
            }
            Change::DropColumn { table, column } => format!(
                "drop column \"{}\" of table \"{table}\" and its data",
                column.name
            ),
            Change::AlterType {
                table,
                column,
                from,
                to,
                ..
            } => format!("change the type of \"{table}\".\"{column}\" from {from} to {to}"),
            Change::SetDefault {
                table, column, to, ..
            } => format!("set the default of \"{table}\".\"{column}\" to {to}"),
            Change::DropDefault { table, column, .. } => {
                format!("drop the default of \"{table}\".\"{column}\"")
            }
            Change::SetNotNull { table, column, .. } => {
                format!("make \"{table}\".\"{column}\" NOT NULL")
            }
            Change::DropNotNull { table, column } => {
                format!("make \"{table}\".\"{column}\" nullable")
            }
            Change::SetIdentity { table, column, .. } => {
                format!("change the identity of \"{table}\".\"{column}\"")
            }
            Change::AddConstraint { table, constraint } => format!(
                "add {} \"{}\" to table \"{table}\"",
                constraint.kind(),
                constraint.name()
            ),
            Change::DropConstraint { table, constraint } => format!(
                "drop {} \"{}\" of table \"{table}\"",
                constraint.kind(),
                constraint.name()
            ),
            Change::RenameConstraint {
                table,
                kind,
                from,
                to,
            } => format!("rename {kind} \"{from}\" of table \"{table}\" to \"{to}\""),
            Change::CreateIndex { table, index } => {
                format!("create index \"{}\" on table \"{table}\"", index.name)
            }
            Change::DropIndex { index, .. } => format!("drop index \"{}\"", index.name),
            Change::RenameIndex { from, to, .. } => {
                format!("rename index \"{from}\" to \"{to}\"")
            }
        }
    }

    /// A short name for a migration whose first change this is (`add_post_slug`); the caller
    /// sanitises it.
    pub(crate) fn slug(&self) -> String {
        match self {
            Change::CreateEnum(e) => format!("create_{}", e.name),
            Change::AddEnumValue {
                enum_name, value, ..
            } => format!("add_{enum_name}_{value}"),
            Change::DropEnumValue { enum_name, .. } | Change::ReorderEnum { enum_name, .. } => {
                format!("alter_{enum_name}")
            }
            Change::DropEnum { name } | Change::DropTable { name } => format!("drop_{name}"),
            Change::RenameTable { to, .. } => format!("rename_{to}"),
            Change::RenameColumn { table, to, .. } => format!("rename_{table}_{to}"),
            Change::CreateTable(t) => format!("create_{}", t.name),
            Change::AddColumn { table, column } => format!("add_{table}_{}", column.name),
            Change::DropColumn { table, column } => format!("drop_{table}_{}", column.name),
            Change::AlterType { table, column, .. }
            | Change::SetDefault { table, column, .. }
            | Change::DropDefault { table, column, .. }
            | Change::SetNotNull { table, column, .. }
            | Change::DropNotNull { table, column }
            | Change::SetIdentity { table, column, .. } => format!("alter_{table}_{column}"),
            Change::AddConstraint { constraint, .. } => format!("add_{}", constraint.name()),
            Change::DropConstraint { constraint, .. } => format!("drop_{}", constraint.name()),
            Change::RenameConstraint { to, .. } | Change::RenameIndex { to, .. } => {
                format!("rename_{to}")
            }
            Change::CreateIndex { index, .. } => format!("add_{}", index.name),
            Change::DropIndex { index, .. } => format!("drop_{}", index.name),
        }
    }
}
