//! Foreign keys: their metadata, and the module-level items that build and check their names
//! and types through the target table's own metadata.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Path;

use crate::ast::{ident_name, Column, Table};
use crate::naming::MAX_IDENTIFIER_BYTES;

/// A foreign key's metadata and the module-level items that compute and check its name.
pub(super) struct ForeignKey {
    pub(super) def: TokenStream,
    pub(super) items: TokenStream,
}

pub(super) fn foreign_key(table: &Table<'_>, column: &Column<'_>) -> Option<ForeignKey> {
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
        "__FUSION_{}__{}__FK_PARTS",
        struct_ident,
        ident_name(field_ident)
    );
    let len = format_ident!(
        "__FUSION_{}__{}__FK_LEN",
        struct_ident,
        ident_name(field_ident)
    );
    let bytes = format_ident!(
        "__FUSION_{}__{}__FK_NAME",
        struct_ident,
        ident_name(field_ident)
    );
    let target_name = format_ident!(
        "__FUSION_{}__{}__FK_TARGET",
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
