//! The owned model of a `#[fusion_table]` struct, built from syn's tree.

use proc_macro2::Span;
use syn::{Fields, Ident, ItemStruct, Type};

use crate::attr::{self, ColumnAttrs, TableAttrs};
use crate::errors::Errors;
use crate::naming::snake_case;
use crate::types::{self, TypeKind};

/// A table, as declared.
pub(crate) struct Table<'a> {
    pub(crate) item: &'a ItemStruct,
    pub(crate) name: String,
    /// Where the name came from: `name = "..."` or the struct's identifier.
    pub(crate) name_span: Span,
    pub(crate) attrs: TableAttrs,
    pub(crate) columns: Vec<Column<'a>>,
}

/// A column: one named field of the struct.
pub(crate) struct Column<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a syn::Visibility,
    /// The field's doc comments, repeated on the insert type's field.
    pub(crate) docs: Vec<&'a syn::Attribute>,
    pub(crate) name: String,
    pub(crate) name_span: Span,
    /// The field's type as written.
    pub(crate) ty: &'a Type,
    /// The type without its `Option`.
    pub(crate) inner_ty: &'a Type,
    pub(crate) nullable: bool,
    pub(crate) kind: TypeKind,
    pub(crate) attrs: ColumnAttrs,
}

impl Column<'_> {
    /// Whether an insert may leave the column out for the database to fill in.
    pub(crate) fn has_default(&self) -> bool {
        self.attrs.default.is_some() || self.attrs.identity.is_some()
    }
}

impl<'a> Table<'a> {
    /// Builds the model, recording every malformed or misplaced attribute in `errors`.
    /// Returns `None` when the item is not a struct fusion-db can describe at all.
    pub(crate) fn from_item(
        item: &'a ItemStruct,
        args: TableAttrs,
        errors: &mut Errors,
    ) -> Option<Self> {
        if !item.generics.params.is_empty() {
            errors.at(
                &item.generics,
                "`#[fusion_table]` does not support generic structs: a table's row type must be concrete",
            );
        }
        let fields = match &item.fields {
            Fields::Named(fields) => &fields.named,
            Fields::Unnamed(_) | Fields::Unit => {
                errors.at_span(
                    item.ident.span(),
                    "`#[fusion_table]` expects a struct with named fields: each field is a column",
                );
                return None;
            }
        };

        let mut attrs = args;
        attr::parse_table_attrs(&item.attrs, &mut attrs, errors);

        let (name, name_span) = match &attrs.name {
            Some(name) => (name.value.clone(), name.span),
            None => (snake_case(&item.ident.to_string()), item.ident.span()),
        };

        let columns = fields
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let attrs = attr::parse_column_attrs(&field.attrs, errors);
                let (name, name_span) = match &attrs.name {
                    Some(name) => (name.value.clone(), name.span),
                    None => (ident_name(ident), ident.span()),
                };
                let (inner_ty, nullable) = match types::option_inner(&field.ty) {
                    Some(inner) => (inner, true),
                    None => (&field.ty, false),
                };
                Some(Column {
                    ident,
                    vis: &field.vis,
                    docs: field
                        .attrs
                        .iter()
                        .filter(|attr| attr.path().is_ident("doc"))
                        .collect(),
                    name,
                    name_span,
                    ty: &field.ty,
                    inner_ty,
                    nullable,
                    kind: types::classify(inner_ty),
                    attrs,
                })
            })
            .collect();

        Some(Table {
            item,
            name,
            name_span,
            attrs,
            columns,
        })
    }

    /// The column a struct-level attribute names, by field name or by column name.
    pub(crate) fn column(&self, ident: &Ident) -> Option<&Column<'a>> {
        let wanted = ident_name(ident);
        self.columns
            .iter()
            .find(|column| ident_name(column.ident) == wanted)
            .or_else(|| self.columns.iter().find(|column| column.name == wanted))
    }

    /// The primary key's columns, from a field's `primary_key` or the struct's `#[primary_key]`.
    pub(crate) fn primary_key_columns(&self) -> Vec<&Column<'a>> {
        if let Some(key) = &self.attrs.primary_key {
            return key
                .columns
                .iter()
                .filter_map(|ident| self.column(ident))
                .collect();
        }
        self.columns
            .iter()
            .filter(|column| column.attrs.primary_key.is_some())
            .take(1)
            .collect()
    }

    pub(crate) fn struct_span(&self) -> Span {
        self.item.ident.span()
    }
}

/// A field's name without its raw-identifier prefix: `r#type` -> `type`.
pub(crate) fn ident_name(ident: &Ident) -> String {
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(stripped) => stripped.to_owned(),
        None => name,
    }
}
