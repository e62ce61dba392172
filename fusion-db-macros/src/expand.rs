//! Code generation for `#[fusion_table]`: the model, validated, quoted into items.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Item, ItemStruct, Path};

use crate::ast::{ident_name, Column, Table};
use crate::attr::{self, IdentityKind};
use crate::errors::Errors;
use crate::naming::{quote_ident, quote_list, MAX_IDENTIFIER_BYTES};
use crate::symbol::{COLUMN, TABLE_ATTRIBUTES};
use crate::types::TypeKind;
use crate::valid;

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

/// A foreign key's metadata and the module-level items that compute and check its name.
struct ForeignKey {
    def: TokenStream,
    items: TokenStream,
}

fn foreign_key(table: &Table<'_>, column: &Column<'_>) -> Option<ForeignKey> {
    let target = column.attrs.references.as_ref()?;
    let field = &target.segments.last()?.ident;
    let column_name = &column.name;
    let on_delete = action(
        column
            .attrs
            .on_delete
            .as_ref()
            .map(|action| action.value.as_str()),
    );
    let on_update = action(
        column
            .attrs
            .on_update
            .as_ref()
            .map(|action| action.value.as_str()),
    );
    let inner_ty = column.inner_ty;
    let target_column = format_ident!("__fusion_column_{}", ident_name(field), span = field.span());

    if table.is_self_path(target) {
        let ident = &table.item.ident;
        let table_name = &table.name;
        let fk_name = column.self_reference_fk_name(table)?;
        let target_name = table.column(field).map(|target| target.name.clone())?;
        let type_check = quote_spanned! {inner_ty.span()=>
            const _: &str = #ident::#target_column.referenced_by::<#inner_ty>();
        };
        return Some(ForeignKey {
            def: fk_def(
                &quote!(#fk_name),
                column_name,
                &quote!(#table_name),
                &quote!(#target_name),
                on_delete,
                on_update,
            ),
            items: type_check,
        });
    }

    let target_ty = type_path(target);
    let struct_ident = &table.item.ident;
    let field_ident = column.ident;
    let parts = format_ident!(
        "__FUSION_{}_{}_FK_PARTS",
        struct_ident,
        ident_name(field_ident)
    );
    let len = format_ident!(
        "__FUSION_{}_{}_FK_LEN",
        struct_ident,
        ident_name(field_ident)
    );
    let bytes = format_ident!(
        "__FUSION_{}_{}_FK_NAME",
        struct_ident,
        ident_name(field_ident)
    );
    let target_name = format_ident!(
        "__FUSION_{}_{}_FK_TARGET",
        struct_ident,
        ident_name(field_ident)
    );
    let prefix = format!("{}_{}_", table.name, column_name);
    let too_long = format!(
        "the foreign key name built for `{}.{}` (`{}<target table>_<target column>_fk`) is longer than PostgreSQL's {MAX_IDENTIFIER_BYTES} bytes; shorten the table or column names with `name = \"...\"`",
        table.name,
        column_name,
        prefix,
    );
    let foreign_table = quote!(<#target_ty as ::fusion_db::Table>::NAME);
    let foreign_column = quote!(#target_name);
    let span = target.span();
    let items = quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #parts: &[&str] = &[#prefix, #foreign_table, "_", #foreign_column, "_fk"];
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #len: usize = ::fusion_db::__private::concat_len(#parts);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #bytes: [u8; #len] = ::fusion_db::__private::concat::<#len>(#parts);
        const _: () = if #len > #MAX_IDENTIFIER_BYTES {
            ::core::panic!(#too_long)
        };
    };
    // The target column is named once, here, so a missing field is reported once, and the
    // type check is spanned on the referencing field's type.
    let type_check = quote_spanned! {inner_ty.span()=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #target_name: &str = <#target_ty>::#target_column.referenced_by::<#inner_ty>();
    };
    Some(ForeignKey {
        def: fk_def(
            &quote!(::fusion_db::__private::utf8(&#bytes)),
            column_name,
            &foreign_table,
            &foreign_column,
            on_delete,
            on_update,
        ),
        items: quote!(#items #type_check),
    })
}

fn fk_def(
    name: &TokenStream,
    column: &str,
    foreign_table: &TokenStream,
    foreign_column: &TokenStream,
    on_delete: TokenStream,
    on_update: TokenStream,
) -> TokenStream {
    quote! {
        ::fusion_db::ForeignKeyDef {
            name: #name,
            columns: &[#column],
            foreign_table: #foreign_table,
            foreign_columns: &[#foreign_column],
            on_delete: #on_delete,
            on_update: #on_update,
        }
    }
}

/// `a::b::Table` from `a::b::Table::field`.
fn type_path(target: &Path) -> Path {
    let mut path = target.clone();
    path.segments.pop();
    path.segments.pop_punct();
    path
}

fn action(action: Option<&str>) -> TokenStream {
    let variant = match action {
        Some("cascade") => quote!(Cascade),
        Some("restrict") => quote!(Restrict),
        Some("set null") => quote!(SetNull),
        Some("set default") => quote!(SetDefault),
        _ => quote!(NoAction),
    };
    quote!(::fusion_db::ReferentialAction::#variant)
}

/// One hidden associated const per column, through which foreign keys find the column's name
/// and check its Rust type.
fn column_refs(table: &Table<'_>) -> TokenStream {
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
fn row_mapping(table: &Table<'_>) -> TokenStream {
    let table_name = &table.name;
    let by_position = table.columns.iter().enumerate().map(|(index, column)| {
        let field = column.ident;
        let name = &column.name;
        let index = Literal::usize_suffixed(index);
        // Spanned on the field's type, so a type sqlx cannot decode is reported there.
        quote_spanned! {column.ty.span()=>
            #field: ::fusion_db::__private::sqlx::Row::try_get(row, #index)
                .map_err(|error| ::fusion_db::__private::column_error(error, #table_name, #name))?
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

fn insert_ident(table: &Table<'_>) -> syn::Ident {
    format_ident!("New{}", table.item.ident)
}

/// The insert type and its `InsertRow` impl, plus `FromRow` for the row type.
fn insert_type(table: &Table<'_>) -> TokenStream {
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

/// `KeyedTable` for a table with a primary key: find, update and delete by key.
fn keyed_table(table: &Table<'_>) -> TokenStream {
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

fn option_str(value: Option<&String>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
