//! Rendering changes as PostgreSQL statements, in the conventions of [`crate::ddl`].
//!
//! Identifiers and literals are quoted by the same [`SqlWriter`] that writes the compile-time
//! DDL, and the whole-schema migration is `ddl::write_schema` itself; only the statements that
//! alter an existing table are new here. A created table is rendered from its snapshot, which
//! gives byte for byte the `CREATE TABLE` of `ddl::write_create_table` (a test holds the two
//! together).

pub(crate) use crate::ddl::quote_literal as literal;
use crate::ddl::{self, quote_ident as ident, render};
use crate::table::{Identity, TableDef};

use super::change::{Change, Constraint};
use super::normalize::same_default;
use super::snapshot::{ColumnSnapshot, ForeignKeySnapshot, IndexSnapshot, TableSnapshot};

/// The whole-schema DDL of `tables` (the text of `Schema::DDL`), built at run time.
pub fn schema_sql(tables: &[&TableDef]) -> String {
    render(|w| ddl::write_schema(w, tables))
}

fn ident_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| ident(name)).collect();
    quoted.join(",")
}

/// The statements of one change, each ending in `;\n`.
pub(crate) fn change_sql(change: &Change) -> String {
    match change {
        Change::CreateEnum(e) => {
            let values: Vec<&str> = e.values.iter().map(String::as_str).collect();
            render(|w| ddl::write_create_enum_parts(w, &e.name, &values))
        }
        Change::AddEnumValue {
            enum_name,
            value,
            after,
            before,
        } => {
            let position = match (after, before) {
                (Some(after), _) => format!(" AFTER {}", literal(after)),
                (None, Some(before)) => format!(" BEFORE {}", literal(before)),
                (None, None) => String::new(),
            };
            let (name, value) = (ident(enum_name), literal(value));
            format!("ALTER TYPE \"public\".{name} ADD VALUE {value}{position};\n")
        }
        Change::DropEnumValue { enum_name, value } => format!(
            "-- PostgreSQL cannot drop value {} of enum type {}\n",
            literal(value),
            ident(enum_name)
        ),
        Change::ReorderEnum { enum_name, .. } => format!(
            "-- PostgreSQL cannot reorder the values of enum type {}\n",
            ident(enum_name)
        ),
        Change::DropEnum { name } => format!("DROP TYPE \"public\".{};\n", ident(name)),
        Change::RenameTable { from, to } => {
            format!("ALTER TABLE {} RENAME TO {};\n", ident(from), ident(to))
        }
        Change::RenameColumn { table, from, to } => format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};\n",
            ident(table),
            ident(from),
            ident(to)
        ),
        Change::CreateTable(table) => create_table_sql(table),
        Change::DropTable { name } => format!("DROP TABLE {};\n", ident(name)),
        Change::AddColumn { table, column } => format!(
            "ALTER TABLE {} ADD COLUMN {};\n",
            ident(table),
            column_definition(column, false)
        ),
        Change::DropColumn { table, column } => format!(
            "ALTER TABLE {} DROP COLUMN {};\n",
            ident(table),
            ident(&column.name)
        ),
        Change::AlterType {
            table,
            column,
            to,
            old_default,
            new_default,
            widening,
            from_enum,
            from,
        } => {
            let defaults = (old_default.as_deref(), new_default.as_deref());
            let via_text = from_enum.then(|| {
                if from.ends_with("[]") {
                    "text[]"
                } else {
                    "text"
                }
            });
            alter_type_sql(table, column, to, defaults, *widening, via_text)
        }
        Change::SetDefault {
            table, column, to, ..
        } => alter_column(table, column, &format!("SET DEFAULT {to}")),
        Change::DropDefault { table, column, .. } => alter_column(table, column, "DROP DEFAULT"),
        Change::SetNotNull {
            table,
            column,
            has_default,
        } => {
            // Rows that hold NULL take the default first, so the constraint can be added.
            let fill = match has_default {
                true => format!(
                    "UPDATE {} SET {col} = DEFAULT WHERE {col} IS NULL;\n",
                    ident(table),
                    col = ident(column)
                ),
                false => String::new(),
            };
            format!("{fill}{}", alter_column(table, column, "SET NOT NULL"))
        }
        Change::DropNotNull { table, column } => alter_column(table, column, "DROP NOT NULL"),
        Change::SetIdentity {
            table,
            column,
            from,
            to,
        } => match (from, to) {
            (_, None) => alter_column(table, column, "DROP IDENTITY"),
            (None, Some(to)) => alter_column(table, column, &format!("ADD {}", to.as_sql())),
            (Some(_), Some(Identity::Always)) => {
                alter_column(table, column, "SET GENERATED ALWAYS")
            }
            (Some(_), Some(Identity::ByDefault)) => {
                alter_column(table, column, "SET GENERATED BY DEFAULT")
            }
        },
        Change::AddConstraint { table, constraint } => add_constraint_sql(table, constraint),
        Change::DropConstraint { table, constraint } => format!(
            "ALTER TABLE {} DROP CONSTRAINT {};\n",
            ident(table),
            ident(constraint.name())
        ),
        Change::RenameConstraint {
            table, from, to, ..
        } => format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {};\n",
            ident(table),
            ident(from),
            ident(to)
        ),
        Change::CreateIndex { table, index } => create_index_sql(table, index),
        Change::DropIndex { index, .. } => format!("DROP INDEX {};\n", ident(&index.name)),
        Change::RenameIndex { from, to, .. } => {
            format!("ALTER INDEX {} RENAME TO {};\n", ident(from), ident(to))
        }
    }
}

fn alter_column(table: &str, column: &str, action: &str) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {} {action};\n",
        ident(table),
        ident(column)
    )
}

/// A widening keeps the default castable. Any other change drops the old default first and
/// sets the new one after, because the old default may not cast to the new type (a text
/// default of a column that becomes an enum).
fn alter_type_sql(
    table: &str,
    column: &str,
    to: &str,
    (old_default, new_default): (Option<&str>, Option<&str>),
    widening: bool,
    via_text: Option<&str>,
) -> String {
    let mut sql = String::new();
    let reset_default = !widening || !same_default(old_default, new_default);
    if reset_default && old_default.is_some() {
        sql.push_str(&alter_column(table, column, "DROP DEFAULT"));
    }
    let through = via_text.map(|text| format!("::{text}")).unwrap_or_default();
    let cast = format!("SET DATA TYPE {to} USING {}{through}::{to}", ident(column));
    sql.push_str(&alter_column(table, column, &cast));
    if let (true, Some(default)) = (reset_default, new_default) {
        sql.push_str(&alter_column(
            table,
            column,
            &format!("SET DEFAULT {default}"),
        ));
    }
    sql
}

/// A column as in `CREATE TABLE` and `ADD COLUMN`: name, type, primary key, identity,
/// default, `NOT NULL`, in that order.
fn column_definition(column: &ColumnSnapshot, inline_primary_key: bool) -> String {
    let mut sql = format!("{} {}", ident(&column.name), column.sql_type);
    if inline_primary_key {
        sql.push_str(" PRIMARY KEY");
    }
    if let Some(identity) = column.identity {
        sql.push(' ');
        sql.push_str(identity.as_sql());
    }
    if let Some(default) = &column.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    sql
}

/// `CREATE TABLE` with its primary key, unique and check constraints, as
/// `ddl::write_create_table` writes it. A one-column key is written inline only when it has
/// PostgreSQL's own name for it (`<table>_pkey`), so any other name survives.
pub(crate) fn create_table_sql(table: &TableSnapshot) -> String {
    let inline_key = table
        .primary_key
        .as_ref()
        .filter(|key| key.columns.len() == 1 && key.name == format!("{}_pkey", table.name));
    let mut lines: Vec<String> = (table.columns.iter())
        .map(|column| {
            let inline = inline_key.is_some_and(|key| key.columns.contains(&column.name));
            format!("\t{}", column_definition(column, inline))
        })
        .collect();

    if let Some(key) = table.primary_key.as_ref().filter(|_| inline_key.is_none()) {
        let (name, columns) = (ident(&key.name), ident_list(&key.columns));
        lines.push(format!("\tCONSTRAINT {name} PRIMARY KEY({columns})"));
    }
    for unique in &table.uniques {
        let (name, columns) = (ident(&unique.name), ident_list(&unique.columns));
        lines.push(format!("\tCONSTRAINT {name} UNIQUE({columns})"));
    }
    for check in &table.checks {
        let name = ident(&check.name);
        lines.push(format!("\tCONSTRAINT {name} CHECK ({})", check.expression));
    }
    format!(
        "CREATE TABLE {} (\n{}\n);\n",
        ident(&table.name),
        lines.join(",\n")
    )
}

fn add_constraint_sql(table: &str, constraint: &Constraint) -> String {
    let body = match constraint {
        Constraint::PrimaryKey(key) => format!("PRIMARY KEY({})", ident_list(&key.columns)),
        Constraint::Unique(key) => format!("UNIQUE({})", ident_list(&key.columns)),
        Constraint::Check(check) => format!("CHECK ({})", check.expression),
        Constraint::ForeignKey(fk) => return foreign_key_sql(table, fk),
    };
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} {body};\n",
        ident(table),
        ident(constraint.name())
    )
}

pub(crate) fn foreign_key_sql(table: &str, fk: &ForeignKeySnapshot) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES \"public\".{}({}) ON DELETE {} ON UPDATE {};\n",
        ident(table),
        ident(&fk.name),
        ident_list(&fk.columns),
        ident(&fk.foreign_table),
        ident_list(&fk.foreign_columns),
        fk.on_delete.as_sql(),
        fk.on_update.as_sql()
    )
}

pub(crate) fn create_index_sql(table: &str, index: &IndexSnapshot) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    format!(
        "CREATE {unique}INDEX {} ON {} USING btree ({});\n",
        ident(&index.name),
        ident(table),
        ident_list(&index.columns)
    )
}
