//! Rules that span several attributes or fields. Each function checks one rule.

use std::collections::HashMap;

use proc_macro2::Span;
use quote::{quote, ToTokens};
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
    key_columns_distinct(table, errors);
    unique_constraint_names(table, errors);
    identifier_lengths(table, errors);
    for column in &table.columns {
        identity_fits(column, errors);
        varchar_on_text(column, errors);
        default_fits_type(column, errors);
        actions_need_reference(column, errors);
        self_reference_exists(table, column, errors);
        self_reference_target_unique(table, column, errors);
    }
}

/// Two fields may not map to one column name.
fn unique_column_names(table: &Table<'_>, errors: &mut Errors) {
    let mut seen: HashMap<&str, &Column> = HashMap::new();
    for column in &table.columns {
        if let Some(first) = seen.insert(column.name.as_str(), column) {
            errors.at_span(
                column.name_span,
                format!(
                    "fields `{}` and `{}` both map to the column `{}`; give one of them another `#[column(name = \"...\")]`",
                    first.ident, column.ident, column.name
                ),
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

/// A key or index names each column once (PostgreSQL rejects a repeated key column).
fn key_columns_distinct(table: &Table<'_>, errors: &mut Errors) {
    let keys = table
        .attrs
        .primary_key
        .iter()
        .chain(&table.attrs.uniques)
        .chain(table.attrs.indexes.iter().map(|index| &index.key));
    for key in keys {
        let mut seen: Vec<String> = Vec::new();
        for ident in &key.columns {
            let Some(column) = table.column(ident) else {
                continue;
            };
            if seen.contains(&column.name) {
                errors.at(
                    ident,
                    format!("column `{}` is already part of this key", column.name),
                );
            } else {
                seen.push(column.name.clone());
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
        named(name, primary_key_span(table), errors);
    }
    for unique in table.spanned_unique_constraints() {
        named(unique.name, unique.span, errors);
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
    let mut check = |name: &str, what: &str, span: Span, remedy: &str| {
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.at_span(
                span,
                format!(
                    "{what} `{name}` is {} bytes long, but PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES} bytes; {remedy}",
                    name.len()
                ),
            );
        }
    };
    check(
        &table.name,
        "table name",
        table.name_span,
        "choose a shorter one with `#[fusion_table(name = \"...\")]`",
    );
    for column in &table.columns {
        check(
            &column.name,
            "column name",
            column.name_span,
            "choose a shorter one with `#[column(name = \"...\")]`",
        );
    }
    if let Some(name) = table.primary_key_name() {
        let remedy = match &table.attrs.primary_key {
            Some(key) if key.name.is_some() => "choose a shorter name",
            Some(_) => "name it with `#[primary_key(..., name = \"...\")]`",
            None => "shorten the table name, or name the key with `#[primary_key(<column>, name = \"...\")]` on the struct",
        };
        check(&name, "primary key name", primary_key_span(table), remedy);
    }
    for unique in table.spanned_unique_constraints() {
        let remedy = if unique.named {
            "choose a shorter name"
        } else if unique.on_field {
            "name it with `#[unique(<column>, name = \"...\")]` on the struct instead of `#[column(unique)]`"
        } else {
            "name it with `name = \"...\"`"
        };
        check(&unique.name, "unique constraint name", unique.span, remedy);
    }
    for index in &table.attrs.indexes {
        let remedy = if index.key.name.is_some() {
            "choose a shorter name"
        } else {
            "name it with `name = \"...\"`"
        };
        check(
            &table.index_name(&index.key),
            "index name",
            key_span(&index.key),
            remedy,
        );
    }
    for constraint in &table.attrs.checks {
        check(
            &constraint.name.value,
            "check constraint name",
            constraint.name.span,
            "choose a shorter name",
        );
    }
    self_reference_name_lengths(table, errors);
}

/// The generated name of a foreign key to this same table must fit, like every other name.
fn self_reference_name_lengths(table: &Table<'_>, errors: &mut Errors) {
    for column in &table.columns {
        let (Some(name), Some(target)) = (
            column.self_reference_fk_name(table),
            &column.attrs.references,
        ) else {
            continue;
        };
        if name.len() > MAX_IDENTIFIER_BYTES {
            errors.at(
                target,
                format!(
                    "foreign key name `{name}` is {} bytes long, but PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES} bytes; shorten the table or column names with `name = \"...\"`",
                    name.len()
                ),
            );
        }
    }
}

/// `identity` is for NOT NULL integer columns and replaces any default.
fn identity_fits(column: &Column<'_>, errors: &mut Errors) {
    let Some(identity) = &column.attrs.identity else {
        return;
    };
    if !column.kind.is_integer() {
        errors.at_span(
            identity.span,
            format!(
                "`identity` needs an `i16`, `i32` or `i64` field, and `{}` is `{}`",
                column.ident,
                type_name(column)
            ),
        );
    } else if column.nullable {
        errors.at_span(
            identity.span,
            format!(
                "an `identity` column is NOT NULL: declare `{}` as `{ty}`, not `Option<{ty}>`",
                column.ident,
                ty = type_name(column)
            ),
        );
    }
    if let Some(default) = &column.attrs.default {
        errors.at_span(
            default.span,
            "an `identity` column gets its values from the database, so it cannot also have a default: remove one of them",
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
    let DefaultValue::Literal { lit, minus } = &default.value else {
        return;
    };
    if let (Lit::Str(text), Some(varchar)) = (lit, &column.attrs.varchar) {
        let length = text.value().chars().count();
        if length > varchar.value as usize {
            errors.at(
                lit,
                format!(
                    "this default is {length} characters long, but `{}` is `varchar({})`",
                    column.name, varchar.value
                ),
            );
            return;
        }
    }
    let kind = column.kind;
    let written = quote!(#minus #lit);
    let fits = match lit {
        Lit::Bool(_) => kind == TypeKind::Bool || kind == TypeKind::Unknown,
        Lit::Int(int) => match kind {
            TypeKind::Integer { min, max } => match int.base10_parse::<i128>() {
                Ok(value) => {
                    let value = if minus.is_some() { -value } else { value };
                    if value < min || value > max {
                        errors.at(
                            &written,
                            format!(
                                "default {value} is out of range for `{}`: it holds {min} to {max}",
                                type_name(column)
                            ),
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
        errors.at(
            &written,
            format!(
                "{} default does not fit the `{}` field `{}`; write a literal of the field's type, or an SQL expression with `default_sql = \"...\"`",
                literal_kind(lit),
                type_name(column),
                column.ident
            ),
        );
    }
}

/// How a literal is described in an error: "a string default ...".
fn literal_kind(lit: &Lit) -> &'static str {
    match lit {
        Lit::Bool(_) => "a bool",
        Lit::Int(_) => "an integer",
        Lit::Float(_) => "a float",
        Lit::Str(_) => "a string",
        Lit::ByteStr(_) | Lit::CStr(_) => "a byte string",
        Lit::Byte(_) => "a byte",
        Lit::Char(_) => "a char",
        _ => "this",
    }
}

/// The field's type without `Option`, as written: `i16`, `chrono::NaiveDate`.
fn type_name(column: &Column<'_>) -> String {
    column
        .inner_ty
        .to_token_stream()
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

/// `on_delete` and `on_update` describe a foreign key, so they need `references`; `set null`
/// needs a nullable column and `set default` a default.
fn actions_need_reference(column: &Column<'_>, errors: &mut Errors) {
    let actions = [
        ("on_delete", &column.attrs.on_delete),
        ("on_update", &column.attrs.on_update),
    ];
    for (key, action) in actions {
        let Some(action) = action else {
            continue;
        };
        if column.attrs.references.is_none() {
            errors.at_span(
                action.span,
                format!(
                    "`{key}` belongs to a foreign key, and `{}` has none: add `references = Table::field`",
                    column.name
                ),
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

/// PostgreSQL lets a foreign key reference only a primary key or unique column; for a reference
/// to this same struct that is checked here.
fn self_reference_target_unique(table: &Table<'_>, column: &Column<'_>, errors: &mut Errors) {
    let Some(path) = &column.attrs.references else {
        return;
    };
    let Some(field) = path.segments.last() else {
        return;
    };
    if !table.is_self_path(path) {
        return;
    }
    let Some(target) = table.column(&field.ident) else {
        return;
    };
    let alone = |columns: &[String]| columns == [target.name.clone()];
    let primary_key: Vec<String> = table
        .primary_key_columns()
        .iter()
        .map(|key| key.name.clone())
        .collect();
    let unique = alone(&primary_key)
        || table
            .spanned_unique_constraints()
            .iter()
            .any(|unique| alone(&unique.columns))
        || table
            .attrs
            .indexes
            .iter()
            .any(|index| index.unique && alone(&table.key_column_names(&index.key)));
    if !unique {
        errors.at(
            &field.ident,
            format!(
                "a foreign key must reference a primary key or unique column, and `{}` is neither: mark it `#[column(primary_key)]` or `#[column(unique)]`",
                target.name
            ),
        );
    }
}

/// Where the primary key was declared: the struct's attribute, or the field's `primary_key`.
fn primary_key_span(table: &Table<'_>) -> Span {
    if let Some(key) = &table.attrs.primary_key {
        return key_span(key);
    }
    table
        .columns
        .iter()
        .find_map(|column| column.attrs.primary_key)
        .unwrap_or_else(|| table.struct_span())
}

fn key_span(key: &KeySpec) -> Span {
    key.name.as_ref().map_or(key.span, |name| name.span)
}
