//! The SQL a table's attributes stand for: constraint names, defaults, column types.

use proc_macro2::Span;
use syn::Lit;

use crate::ast::{ident_name, Column, Table};
use crate::attr::{DefaultValue, KeySpec};
use crate::naming::{joined, quote_literal};

/// A unique constraint, from a field's `unique` or the struct's `#[unique(...)]`.
pub(crate) struct UniqueConstraint {
    pub(crate) name: String,
    pub(crate) columns: Vec<String>,
    /// The field's `unique`, the attribute's path, or its `name = "..."`.
    pub(crate) span: Span,
    /// Whether the user chose the name.
    pub(crate) named: bool,
    /// Whether it comes from a field's `#[column(unique)]`, which cannot take a name.
    pub(crate) on_field: bool,
}

impl Table<'_> {
    /// The columns a struct-level key names, as column names (unknown ones left out).
    pub(crate) fn key_column_names(&self, key: &KeySpec) -> Vec<String> {
        key.columns
            .iter()
            .filter_map(|ident| self.column(ident))
            .map(|column| column.name.clone())
            .collect()
    }

    /// `<table>_pkey` for one column (PostgreSQL's own name), `<table>_<columns>_pk` for more.
    pub(crate) fn primary_key_name(&self) -> Option<String> {
        if let Some(name) = self
            .attrs
            .primary_key
            .as_ref()
            .and_then(|key| key.name.as_ref())
        {
            return Some(name.value.clone());
        }
        let columns: Vec<String> = self
            .primary_key_columns()
            .iter()
            .map(|column| column.name.clone())
            .collect();
        match columns.len() {
            0 => None,
            1 => Some(format!("{}_pkey", self.name)),
            _ => Some(format!("{}_{}_pk", self.name, joined(&columns))),
        }
    }

    /// Every unique constraint: `(name, columns)`, field-level first.
    pub(crate) fn unique_constraints(&self) -> Vec<(String, Vec<String>)> {
        self.spanned_unique_constraints()
            .into_iter()
            .map(|unique| (unique.name, unique.columns))
            .collect()
    }

    /// Every unique constraint with where it was declared, in `unique_constraints`' order.
    pub(crate) fn spanned_unique_constraints(&self) -> Vec<UniqueConstraint> {
        let single = self.columns.iter().filter_map(|column| {
            let span = column.attrs.unique?;
            Some(UniqueConstraint {
                name: format!("{}_{}_unique", self.name, column.name),
                columns: vec![column.name.clone()],
                span,
                named: false,
                on_field: true,
            })
        });
        let multi = self.attrs.uniques.iter().map(|key| {
            let columns = self.key_column_names(key);
            let (name, span) = match &key.name {
                Some(name) => (name.value.clone(), name.span),
                None => (
                    format!("{}_{}_unique", self.name, joined(&columns)),
                    key.span,
                ),
            };
            UniqueConstraint {
                name,
                columns,
                span,
                named: key.name.is_some(),
                on_field: false,
            }
        });
        single.chain(multi).collect()
    }

    /// An index's name: the given one, or drizzle-kit's `<table>_<columns>_index`.
    pub(crate) fn index_name(&self, key: &KeySpec) -> String {
        match &key.name {
            Some(name) => name.value.clone(),
            None => format!(
                "{}_{}_index",
                self.name,
                joined(&self.key_column_names(key))
            ),
        }
    }
}

impl Column<'_> {
    /// The default as an SQL expression, if the column has one.
    pub(crate) fn default_sql(&self) -> Option<String> {
        let default = self.attrs.default.as_ref()?;
        Some(match &default.value {
            DefaultValue::Now => "now()".to_owned(),
            DefaultValue::Sql(sql) => sql.clone(),
            DefaultValue::Literal { lit, minus } => {
                let sign = if minus.is_some() { "-" } else { "" };
                match lit {
                    Lit::Bool(value) => value.value.to_string(),
                    Lit::Int(value) => format!("{sign}{}", value.base10_digits()),
                    Lit::Float(value) => format!("{sign}{}", value.base10_digits()),
                    Lit::Str(value) => quote_literal(&value.value()),
                    _ => return None,
                }
            }
        })
    }

    /// The explicit SQL type (`sql_type` or `varchar`), if the field has one.
    pub(crate) fn explicit_sql_type(&self) -> Option<String> {
        if let Some(sql_type) = &self.attrs.sql_type {
            return Some(sql_type.value.clone());
        }
        self.attrs
            .varchar
            .as_ref()
            .map(|length| format!("varchar({})", length.value))
    }

    /// The name of the foreign key on this column when it references its own table.
    pub(crate) fn self_reference_fk_name(&self, table: &Table<'_>) -> Option<String> {
        let target = self.attrs.references.as_ref()?;
        if !table.is_self_path(target) {
            return None;
        }
        let field = target.segments.last()?;
        let target_name = table
            .column(&field.ident)
            .map(|column| column.name.clone())
            .unwrap_or_else(|| ident_name(&field.ident));
        Some(format!(
            "{}_{}_{}_{}_fk",
            table.name, self.name, table.name, target_name
        ))
    }
}

impl Table<'_> {
    /// Whether `references = <path>` points at this very struct (`Self::f` or `Name::f`).
    pub(crate) fn is_self_path(&self, target: &syn::Path) -> bool {
        let type_segments = target.segments.len().saturating_sub(1);
        type_segments == 1
            && target
                .segments
                .first()
                .is_some_and(|segment| segment.ident == "Self" || segment.ident == self.item.ident)
    }
}
