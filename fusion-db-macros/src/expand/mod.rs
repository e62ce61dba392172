//! Code generation for `#[fusion_table]`: the model, validated, quoted into items.

mod foreign_key;
mod keyed;
mod rows;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Item, ItemStruct, Lit};

use crate::ast::{Column, Table};
use crate::attr::{self, DefaultValue, IdentityKind};
use crate::errors::Errors;
use crate::naming::{quote_ident, quote_list};
use crate::symbol::{COLUMN, TABLE_ATTRIBUTES};
use crate::types::TypeKind;
use crate::valid;

use foreign_key::{foreign_key, ForeignKey};
use keyed::keyed_table;
use rows::{column_refs, insert_ident, insert_type, row_mapping};

pub(crate) fn fusion_table(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let item = match syn::parse2::<Item>(input) {
        Ok(Item::Struct(item)) => item,
        Ok(Item::Enum(item)) => {
            errors.at(
                item.enum_token,
                "`#[fusion_table]` expects a struct with named fields; for a PostgreSQL enum type use `#[fusion_enum]`",
            );
            let errors = errors.into_compile_errors();
            return quote!(#item #errors);
        }
        Ok(other) => {
            let message = "`#[fusion_table]` expects a struct with named fields";
            return syn::Error::new_spanned(&other, message).to_compile_error();
        }
        Err(error) => return error.to_compile_error(),
    }
    .clone();

    let args = attr::parse_table_args(args, &mut errors);
    let table = Table::from_item(&item, args, &mut errors);
    if let Some(table) = &table {
        valid::check(table, &mut errors);
    }
    match table {
        Some(table) if errors.is_empty() => expand(&table),
        _ => {
            let stand_in = strip_attributes(&item);
            let errors = errors.into_compile_errors();
            quote!(#stand_in #errors)
        }
    }
}

/// The struct as the user wrote it, without the attributes only fusion-db understands.
fn strip_attributes(item: &ItemStruct) -> ItemStruct {
    let mut item = item.clone();
    item.attrs.retain(|attr| !is_fusion_attribute(attr));
    for field in &mut item.fields {
        field.attrs.retain(|attr| !is_fusion_attribute(attr));
    }
    item
}

/// The attributes fusion-db reads, wherever they were (wrongly) written: the parser reports
/// misplaced ones, and none may reach rustc, which does not know them.
fn is_fusion_attribute(attr: &Attribute) -> bool {
    attr.path().is_ident(COLUMN)
        || TABLE_ATTRIBUTES
            .iter()
            .any(|name| attr.path().is_ident(name))
}

fn expand(table: &Table<'_>) -> TokenStream {
    let item = strip_attributes(table.item);
    let ident = &table.item.ident;
    let name = &table.name;
    let ddl_len = format_ident!("__FUSION_{}_DDL_LEN", ident);
    let ddl_bytes = format_ident!("__FUSION_{}_DDL", ident);

    let column_defs = table.columns.iter().map(column_def);
    let primary_key = primary_key_def(table);
    let uniques = table.unique_constraints().into_iter().map(
        |(name, columns)| quote!(::fusion_db::UniqueDef { name: #name, columns: &[#(#columns),*] }),
    );
    let indexes = table.attrs.indexes.iter().map(|index| {
        let index_name = table.index_name(&index.key);
        let columns = table.key_column_names(&index.key);
        let unique = index.unique;
        quote!(::fusion_db::IndexDef { name: #index_name, columns: &[#(#columns),*], unique: #unique })
    });
    let checks = table.attrs.checks.iter().map(|check| {
        let (check_name, sql) = (&check.name.value, &check.sql);
        quote!(::fusion_db::CheckDef { name: #check_name, expression: #sql })
    });
    let renamed_from = option_str(table.attrs.renamed_from.as_ref().map(|name| &name.value));
    let foreign_keys: Vec<ForeignKey> = table
        .columns
        .iter()
        .filter_map(|column| foreign_key(table, column))
        .collect();
    let fk_defs = foreign_keys.iter().map(|fk| &fk.def);
    let fk_items = foreign_keys.iter().map(|fk| &fk.items);

    let column_refs = column_refs(table);
    let enum_defaults = table
        .columns
        .iter()
        .filter_map(|column| enum_default_check(table, column));
    let row_mapping = row_mapping(table);
    let insert = insert_type(table);
    let keyed = keyed_table(table);
    let column_list = quote_list(table.columns.iter().map(|column| column.name.as_str()));
    let select_all = select_all_sql(table, &column_list);
    let insert_ident = insert_ident(table);

    quote! {
        #item

        #[automatically_derived]
        impl ::fusion_db::Table for #ident {
            const NAME: &'static str = #name;
            const DEF: &'static ::fusion_db::TableDef = &::fusion_db::TableDef {
                name: #name,
                columns: &[#(#column_defs),*],
                primary_key: #primary_key,
                uniques: &[#(#uniques),*],
                indexes: &[#(#indexes),*],
                foreign_keys: &[#(#fk_defs),*],
                checks: &[#(#checks),*],
                renamed_from: #renamed_from,
            };
            const DDL: &'static str = ::fusion_db::__private::utf8(&#ddl_bytes);
            const COLUMN_LIST: &'static str = #column_list;
            const __SELECT_ALL_SQL: &'static str = #select_all;
            type Insert = #insert_ident;

            #row_mapping
        }

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #ddl_len: usize =
            ::fusion_db::__private::table_ddl_len(<#ident as ::fusion_db::Table>::DEF);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #ddl_bytes: [u8; #ddl_len] =
            ::fusion_db::__private::table_ddl::<#ddl_len>(<#ident as ::fusion_db::Table>::DEF);

        #(#fk_items)*
        #column_refs
        #(#enum_defaults)*
        #insert
        #keyed
    }
}

fn column_def(column: &Column<'_>) -> TokenStream {
    let name = &column.name;
    let ty = column.ty;
    let (sql_type, enum_type) = match column.explicit_sql_type() {
        Some(sql_type) => (quote!(#sql_type), quote!(::core::option::Option::None)),
        None => (
            quote_spanned!(ty.span()=> <#ty as ::fusion_db::ColumnType>::SQL_TYPE),
            quote_spanned!(ty.span()=> <#ty as ::fusion_db::ColumnType>::ENUM),
        ),
    };
    let nullable = column.nullable;
    let default = option_str(column.default_sql().as_ref());
    let identity = match column
        .attrs
        .identity
        .as_ref()
        .map(|identity| identity.value)
    {
        Some(IdentityKind::ByDefault) => {
            quote!(::core::option::Option::Some(
                ::fusion_db::Identity::ByDefault
            ))
        }
        Some(IdentityKind::Always) => {
            quote!(::core::option::Option::Some(::fusion_db::Identity::Always))
        }
        None => quote!(::core::option::Option::None),
    };
    let renamed_from = option_str(column.attrs.renamed_from.as_ref().map(|name| &name.value));
    quote! {
        ::fusion_db::ColumnDef {
            name: #name,
            sql_type: #sql_type,
            nullable: #nullable,
            default: #default,
            identity: #identity,
            enum_type: #enum_type,
            renamed_from: #renamed_from,
        }
    }
}

fn primary_key_def(table: &Table<'_>) -> TokenStream {
    let columns: Vec<&String> = table
        .primary_key_columns()
        .into_iter()
        .map(|column| &column.name)
        .collect();
    match table.primary_key_name() {
        Some(name) => quote! {
            ::core::option::Option::Some(::fusion_db::PrimaryKeyDef {
                name: #name,
                columns: &[#(#columns),*],
            })
        },
        None => quote!(::core::option::Option::None),
    }
}

fn select_all_sql(table: &Table<'_>, column_list: &str) -> String {
    let keys: Vec<&str> = table
        .primary_key_columns()
        .into_iter()
        .map(|column| column.name.as_str())
        .collect();
    let mut sql = format!("SELECT {column_list} FROM {}", quote_ident(&table.name));
    if !keys.is_empty() {
        sql.push_str(" ORDER BY ");
        sql.push_str(&quote_list(keys));
    }
    sql
}

fn option_str(value: Option<&String>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// A string default on a column whose type the macro does not know may be an enum's: check it
/// against the enum's values at compile time, through the type's own metadata.
fn enum_default_check(table: &Table<'_>, column: &Column<'_>) -> Option<TokenStream> {
    let default = column.attrs.default.as_ref()?;
    let DefaultValue::Literal {
        lit: Lit::Str(value),
        ..
    } = &default.value
    else {
        return None;
    };
    if column.kind != TypeKind::Unknown || column.explicit_sql_type().is_some() {
        return None;
    }
    let inner_ty = column.inner_ty;
    let message = format!(
        "the default {:?} of `{}.{}` is not a value of the column's enum type",
        value.value(),
        table.name,
        column.name
    );
    Some(quote_spanned! {default.span=>
        const _: () = ::fusion_db::__private::check_enum_default(
            <#inner_ty as ::fusion_db::ColumnType>::ENUM,
            #value,
            #message,
        );
    })
}
