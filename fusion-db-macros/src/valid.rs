//! Rules that span several attributes or fields. Each function checks one rule.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::Lit;

use crate::ast::{Column, Table};
use crate::attr::{DefaultValue, KeySpec};
use crate::errors::Errors;
use crate::naming::MAX_IDENTIFIER_BYTES;
use crate::types::TypeKind;

pub(crate) fn check(table: &Table<'_>, errors: &mut Errors) {
    unique_column_names(table, errors);
    one_primary_key(table, errors);
    key_columns_exist(table, errors);
    unique_constraint_names(table, errors);
    identifier_lengths(table, errors);
    for column in &table.columns {
        identity_fits(column, errors);
        varchar_on_text(column, errors);
        default_fits_type(column, errors);
        actions_need_reference(column, errors);
        self_reference_exists(table, column, errors);
    }
}

/// Two fields may not map to one column name.
fn unique_column_names(table: &Table<'_>, errors: &mut Errors) {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for column in &table.columns {
        if seen.insert(column.name.as_str(), ()).is_some() {
            errors.at_span(
                column.name_span,
                format!("two fields map to the column `{}`", column.name),
            );
        }
    }
}

/// A table has at most one primary key: one field's `primary_key`, or `#[primary_key(...)]`.
fn one_primary_key(table: &Table<'_>, errors: &mut Errors) {
    let fields: Vec<&Column> = table
        .columns
        .iter()
        .filter(|column| column.attrs.primary_key.is_some())
        .collect();
    for extra in fields.iter().skip(1) {
        if let Some(span) = extra.attrs.primary_key {
            errors.at_span(
                span,
                "a table has one primary key; for a composite key write `#[primary_key(a, b)]` on the struct",
            );
        }
    }
    if let (Some(key), Some(first)) = (&table.attrs.primary_key, fields.first()) {
        let message = "a table has one primary key: remove either the field's `primary_key` or the struct's `#[primary_key(...)]`";
        errors.at_span(key.span, message);
        if let Some(span) = first.attrs.primary_key {
            errors.at_span(span, message);
        }
    }
    for column in table.primary_key_columns() {
        if column.nullable {
            errors.at(
                column.ty,
                format!(
                    "primary key column `{}` cannot be NULL: its field must not be an `Option`",
                    column.name
                ),
            );
        }
    }
}

/// Keys and indexes name columns of this table.
fn key_columns_exist(table: &Table<'_>, errors: &mut Errors) {
    let keys = table
        .attrs
        .primary_key
        .iter()
        .chain(&table.attrs.uniques)
        .chain(table.attrs.indexes.iter().map(|index| &index.key));
    for key in keys {
        for ident in &key.columns {
            if table.column(ident).is_none() {
                errors.at(
                    ident,
                    format!("table `{}` has no column `{}`", table.name, ident),
                );
            }
        }
    }
}

/// Constraint and index names must differ within the table (PostgreSQL shares one namespace
/// between indexes and the constraints backed by them).
fn unique_constraint_names(table: &Table<'_>, errors: &mut Errors) {
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut named = |name: String, span: Span, errors: &mut Errors| {
        if seen.insert(name.clone(), ()).is_some() {
            errors.at_span(
                span,
                format!(
                    "table `{}` has two constraints or indexes named `{name}`",
                    table.name
                ),
            );
        }
    };
    if let Some(name) = table.primary_key_name() {
        named(name, table.struct_span(), errors);
    }
    for (name, _) in table.unique_constraints() {
        named(name, table.struct_span(), errors);
    }
    for index in &table.attrs.indexes {
        named(table.index_name(&index.key), key_span(&index.key), errors);
    }
    for check in &table.attrs.checks {
        named(check.name.value.clone(), check.name.span, errors);
    }
}

/// PostgreSQL truncates identifiers past 63 bytes; fusion-db refuses them.
fn identifier_lengths(table: &Table<'_>, errors: &mut Errors) {
    let mut check = |name: &str, what: &str, span: Span| {
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.at_span(
                span,
                format!(
                    "{what} `{name}` is {} bytes long; PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES} bytes",
                    name.len()
                ),
            );
        }
    };
    check(&table.name, "table name", table.name_span);
    for column in &table.columns {
        check(&column.name, "column name", column.name_span);
        if let Some(name) = column.self_reference_fk_name(table) {
            let span = column
                .attrs
                .references
                .as_ref()
                .map_or(column.name_span, path_span);
            check(&name, "foreign key name", span);
        }
    }
    if let Some(name) = table.primary_key_name() {
        let span = table
            .attrs
            .primary_key
            .as_ref()
            .map_or(table.name_span, |key| key.span);
        check(&name, "primary key name", span);
    }
    for (name, columns) in table.unique_constraints() {
        let span = table
            .columns
            .iter()
            .find(|column| column.attrs.unique.is_some() && columns == [column.name.clone()])
            .and_then(|column| column.attrs.unique)
            .unwrap_or(table.name_span);
        check(&name, "unique constraint name", span);
    }
    for index in &table.attrs.indexes {
        check(
            &table.index_name(&index.key),
            "index name",
            key_span(&index.key),
        );
    }
    for constraint in &table.attrs.checks {
        check(
            &constraint.name.value,
            "check constraint name",
            constraint.name.span,
        );
    }
}

/// `identity` is for NOT NULL integer columns and replaces any default.
fn identity_fits(column: &Column<'_>, errors: &mut Errors) {
    let Some(identity) = &column.attrs.identity else {
        return;
    };
    if !column.kind.is_integer() || column.nullable {
        errors.at_span(
            identity.span,
            "`identity` needs an `i16`, `i32` or `i64` field (not an `Option`)",
        );
    }
    if let Some(default) = &column.attrs.default {
        errors.at_span(
            default.span,
            "an identity column generates its values; it cannot also have a default",
        );
    }
}

/// `varchar = N` sets the length of a `String` column.
fn varchar_on_text(column: &Column<'_>, errors: &mut Errors) {
    let Some(varchar) = &column.attrs.varchar else {
        return;
    };
    if column.kind != TypeKind::Text {
        errors.at_span(
            varchar.span,
            "`varchar` applies to `String` and `Option<String>` fields; use `sql_type` for other types",
        );
    }
    if let Some(sql_type) = &column.attrs.sql_type {
        errors.at_span(
            sql_type.span,
            "`sql_type` and `varchar` both set the column's type; keep one",
        );
    }
}

/// A literal default must be a value of the field's type.
fn default_fits_type(column: &Column<'_>, errors: &mut Errors) {
    let Some(default) = &column.attrs.default else {
        return;
    };
    let DefaultValue::Literal { lit, negative } = &default.value else {
        return;
    };
    let kind = column.kind;
    let fits = match lit {
        Lit::Bool(_) => kind == TypeKind::Bool || kind == TypeKind::Unknown,
        Lit::Int(int) => match kind {
            TypeKind::Integer { min, max } => match int.base10_parse::<i128>() {
                Ok(value) => {
                    let value = if *negative { -value } else { value };
                    if value < min || value > max {
                        errors.at_span(
                            default.span,
                            format!("default {value} is out of range for this column's type"),
                        );
                        return;
                    }
                    true
                }
                Err(_) => false,
            },
            TypeKind::Float | TypeKind::Unknown => true,
            _ => false,
        },
        Lit::Float(_) => matches!(kind, TypeKind::Float | TypeKind::Unknown),
        Lit::Str(_) => !matches!(
            kind,
            TypeKind::Bool
                | TypeKind::Integer { .. }
                | TypeKind::Float
                | TypeKind::Bytes
                | TypeKind::Array
        ),
        _ => false,
    };
    if !fits {
        errors.at_span(
            default.span,
            "this default does not fit the field's type; for an SQL expression use `default_sql = \"...\"`",
        );
    }
}

/// `on_delete` and `on_update` describe a foreign key, so they need `references`; `set null`
/// needs a nullable column and `set default` a default.
fn actions_need_reference(column: &Column<'_>, errors: &mut Errors) {
    for action in [&column.attrs.on_delete, &column.attrs.on_update]
        .into_iter()
        .flatten()
    {
        if column.attrs.references.is_none() {
            errors.at_span(
                action.span,
                "`on_delete` and `on_update` describe a foreign key: add `references = Table::field`",
            );
        } else if action.value == "set null" && !column.nullable {
            errors.at_span(
                action.span,
                format!(
                    "\"set null\" needs a nullable column, but `{}` is NOT NULL: make the field an `Option`",
                    column.name
                ),
            );
        } else if action.value == "set default" && column.attrs.default.is_none() {
            errors.at_span(
                action.span,
                format!("\"set default\" needs a default on `{}`", column.name),
            );
        }
    }
}

/// A reference to this same struct must name one of its fields.
fn self_reference_exists(table: &Table<'_>, column: &Column<'_>, errors: &mut Errors) {
    let Some(target) = &column.attrs.references else {
        return;
    };
    if !table.is_self_path(target) {
        return;
    }
    if let Some(field) = target.segments.last() {
        if table.column(&field.ident).is_none() {
            errors.at(
                &field.ident,
                format!(
                    "table `{}` has no field `{}` to reference",
                    table.name, field.ident
                ),
            );
        }
    }
}

fn key_span(key: &KeySpec) -> Span {
    key.name.as_ref().map_or(key.span, |name| name.span)
}

fn path_span(path: &syn::Path) -> Span {
    syn::spanned::Spanned::span(path)
}
