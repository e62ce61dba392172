//! Row mapping: the hidden column references, `FromRow`, positional decoding and the insert
//! type.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemStruct, Path};

use crate::ast::{ident_name, Table};
use crate::naming::quote_ident;
use crate::types::TypeKind;

/// One hidden associated const per column, through which foreign keys find the column's name
/// and check its Rust type.
pub(super) fn column_refs(table: &Table<'_>) -> TokenStream {
    let ident = &table.item.ident;
    let consts = table.columns.iter().map(|column| {
        let const_ident = format_ident!("__fusion_column_{}", ident_name(column.ident));
        let inner_ty = column.inner_ty;
        let name = &column.name;
        quote! {
            pub const #const_ident: ::fusion_db::__private::ColumnRef<#inner_ty> =
                ::fusion_db::__private::ColumnRef::new(#name);
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}

/// `FromRow` by column name, and `from_ordered_row` by position.
pub(super) fn row_mapping(table: &Table<'_>) -> TokenStream {
    let table_name = &table.name;
    let by_position = table.columns.iter().enumerate().map(|(index, column)| {
        let field = column.ident;
        let name = &column.name;
        let index = Literal::usize_suffixed(index);
        // Spanned on the field's type, so a type sqlx cannot decode is reported there.
        quote_spanned! {column.ty.span()=>
            #field: match ::fusion_db::__private::sqlx::Row::try_get(row, #index) {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(error) => {
                    return ::core::result::Result::Err(
                        ::fusion_db::__private::column_error(error, #table_name, #name),
                    );
                }
            }
        }
    });
    quote! {
        fn from_ordered_row(
            row: &::fusion_db::__private::sqlx::postgres::PgRow,
        ) -> ::core::result::Result<Self, ::fusion_db::__private::sqlx::Error> {
            ::core::result::Result::Ok(Self { #(#by_position),* })
        }
    }
}

pub(super) fn insert_ident(table: &Table<'_>) -> syn::Ident {
    format_ident!("New{}", table.item.ident)
}

/// The insert type and its `InsertRow` impl, plus `FromRow` for the row type.
pub(super) fn insert_type(table: &Table<'_>) -> TokenStream {
    let ident = &table.item.ident;
    let vis = &table.item.vis;
    let insert_ident = insert_ident(table);
    let derives = insert_derives(table.item);
    let doc = format!(
        "A row to insert into `{}`: [`{}`] without what the database fills in. `None` leaves a column with a default or an identity to the database.",
        table.name, ident
    );
    let fields = table.columns.iter().map(|column| {
        let (field, field_vis, ty) = (column.ident, column.vis, column.ty);
        let docs = &column.docs;
        if column.has_default() {
            quote!(#(#docs)* #field_vis #field: ::core::option::Option<#ty>)
        } else {
            quote!(#(#docs)* #field_vis #field: #ty)
        }
    });
    let writes = table.columns.iter().map(|column| {
        let field = column.ident;
        let quoted = quote_ident(&column.name);
        if column.has_default() {
            quote_spanned! {column.ty.span()=>
                if let ::core::option::Option::Some(value) = self.#field {
                    values.set(#quoted, value)?;
                }
            }
        } else {
            quote_spanned!(column.ty.span()=> values.set(#quoted, self.#field)?;)
        }
    });
    let bulk_binds = table.columns.iter().enumerate().map(|(index, column)| {
        let field = column.ident;
        let index = Literal::usize_suffixed(index);
        let bind = match (column.has_default(), column.kind == TypeKind::Array) {
            (false, false) => quote!(value(#index, |row| &row.#field)),
            (true, false) => quote!(optional(#index, |row| row.#field.as_ref())),
            (false, true) => quote!(array(#index, |row| &row.#field)),
            (true, true) => quote!(optional_array(#index, |row| row.#field.as_ref())),
        };
        // Spanned on the field's type: a type without sqlx's `PgHasArrayType` is reported there.
        quote_spanned!(column.ty.span()=> insert.#bind?;)
    });
    let by_name = table.columns.iter().map(|column| {
        let field = column.ident;
        let name = &column.name;
        quote_spanned!(column.ty.span()=> #field: ::fusion_db::__private::sqlx::Row::try_get(row, #name)?)
    });
    quote! {
        #[doc = #doc]
        #derives
        #vis struct #insert_ident {
            #(#fields),*
        }

        #[automatically_derived]
        impl ::fusion_db::InsertRow for #insert_ident {
            type Table = #ident;

            fn __write_values(
                self,
                values: &mut ::fusion_db::InsertValues,
            ) -> ::core::result::Result<(), ::fusion_db::__private::sqlx::error::BoxDynError> {
                #(#writes)*
                ::core::result::Result::Ok(())
            }

            fn __bind_columns(
                insert: &mut ::fusion_db::BulkInsert<'_, Self>,
            ) -> ::core::result::Result<(), ::fusion_db::__private::sqlx::error::BoxDynError> {
                #(#bulk_binds)*
                ::core::result::Result::Ok(())
            }
        }

        #[automatically_derived]
        impl<'r> ::fusion_db::__private::sqlx::FromRow<'r, ::fusion_db::__private::sqlx::postgres::PgRow>
            for #ident
        {
            fn from_row(
                row: &'r ::fusion_db::__private::sqlx::postgres::PgRow,
            ) -> ::core::result::Result<Self, ::fusion_db::__private::sqlx::Error> {
                ::core::result::Result::Ok(Self { #(#by_name),* })
            }
        }
    }
}

/// The insert type derives the standard traits the row type derives.
fn insert_derives(item: &ItemStruct) -> TokenStream {
    const COPIED: &[&str] = &["Debug", "Clone", "PartialEq", "Eq", "Hash", "Default"];
    let mut kept: Vec<Path> = Vec::new();
    for attr in item
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            let copied = meta
                .path
                .segments
                .last()
                .is_some_and(|segment| COPIED.iter().any(|name| segment.ident == name));
            if copied {
                kept.push(meta.path.clone());
            }
            Ok(())
        });
    }
    if kept.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#kept),*)])
    }
}
