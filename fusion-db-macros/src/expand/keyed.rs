//! `KeyedTable`: find, update and delete by primary key.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Column, Table};
use crate::attr::IdentityKind;
use crate::naming::{quote_ident, quote_list};
use crate::types::TypeKind;

/// `KeyedTable` for a table with a primary key: find, update and delete by key.
pub(super) fn keyed_table(table: &Table<'_>) -> TokenStream {
    let keys = table.primary_key_columns();
    if keys.is_empty() {
        return TokenStream::new();
    }
    let ident = &table.item.ident;
    let quoted_table = quote_ident(&table.name);
    let column_list = quote_list(table.columns.iter().map(|column| column.name.as_str()));
    let others: Vec<&Column> = table
        .columns
        .iter()
        .filter(|column| !keys.iter().any(|key| key.name == column.name))
        // PostgreSQL refuses to write a GENERATED ALWAYS column.
        .filter(|column| {
            !matches!(
                column
                    .attrs
                    .identity
                    .as_ref()
                    .map(|identity| identity.value),
                Some(IdentityKind::Always)
            )
        })
        .collect();

    let key_condition = |first: usize| {
        keys.iter()
            .enumerate()
            .map(|(i, key)| format!("{} = ${}", quote_ident(&key.name), first + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let find_sql = format!(
        "SELECT {column_list} FROM {quoted_table} WHERE {}",
        key_condition(1)
    );
    let delete_sql = format!("DELETE FROM {quoted_table} WHERE {}", key_condition(1));
    let assignments = if others.is_empty() {
        let key = quote_ident(&keys[0].name);
        format!("{key} = {key}")
    } else {
        others
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{} = ${}", quote_ident(&column.name), i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let update_sql = format!(
        "UPDATE {quoted_table} SET {assignments} WHERE {} RETURNING {column_list}",
        key_condition(others.len() + 1)
    );

    let key_types: Vec<TokenStream> = keys.iter().map(|key| key_type(key)).collect();
    let key_type = match key_types.as_slice() {
        [single] => single.clone(),
        many => quote!((#(#many),*)),
    };
    let bind_key = if keys.len() == 1 {
        quote!(::fusion_db::__private::sqlx::Arguments::add(args, key)?;)
    } else {
        let parts = (0..keys.len()).map(syn::Index::from);
        quote!(#(::fusion_db::__private::sqlx::Arguments::add(args, key.#parts)?;)*)
    };
    let update_fields = others.iter().chain(keys.iter()).map(|column| column.ident);

    quote! {
        #[automatically_derived]
        impl ::fusion_db::KeyedTable for #ident {
            type Key<'k> = #key_type;
            const __FIND_SQL: &'static str = #find_sql;
            const __UPDATE_SQL: &'static str = #update_sql;
            const __DELETE_SQL: &'static str = #delete_sql;

            fn __bind_key(
                key: Self::Key<'_>,
                args: &mut ::fusion_db::__private::sqlx::postgres::PgArguments,
            ) -> ::core::result::Result<(), ::fusion_db::__private::sqlx::error::BoxDynError> {
                #bind_key
                ::core::result::Result::Ok(())
            }

            fn __bind_update(
                &self,
                args: &mut ::fusion_db::__private::sqlx::postgres::PgArguments,
            ) -> ::core::result::Result<(), ::fusion_db::__private::sqlx::error::BoxDynError> {
                #(::fusion_db::__private::sqlx::Arguments::add(args, &self.#update_fields)?;)*
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// How a caller passes one key column: by value for small copyable types, borrowed otherwise.
fn key_type(column: &Column<'_>) -> TokenStream {
    let ty = column.inner_ty;
    match column.kind {
        TypeKind::Text => quote!(&'k str),
        TypeKind::Bytes => quote!(&'k [u8]),
        TypeKind::Integer { .. }
        | TypeKind::Bool
        | TypeKind::Float
        | TypeKind::Other { copy: true } => {
            quote!(#ty)
        }
        _ => quote!(&'k #ty),
    }
}
