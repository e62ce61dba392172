//! Code generation for `compose!`: the schema type and the consts behind its `Schema` impl.
//!
//! A proc macro cannot see other tables' names, so everything that needs them is left to const
//! evaluation: module-level consts concatenate the tables' metadata (an array length may not
//! mention `Self` inside an impl), render the DDL, and check the schema. Each check panics with
//! a message naming the tables involved, spanned on the table (or base) at fault, so rustc
//! reports it there.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Ident};

use super::parse::{path_label, Base, SchemaDecl};

pub(crate) fn schema(decl: &SchemaDecl) -> TokenStream {
    let item = schema_struct(decl);
    let ident = &decl.ident;
    let schema_name = ident.to_string();
    let hidden = |suffix: &str| format_ident!("__FUSION_SCHEMA_{}_{}", ident, suffix);
    let (parts, len, tables, ddl_len, ddl, composition) = (
        hidden("PARTS"),
        hidden("TABLES_LEN"),
        hidden("TABLES"),
        hidden("DDL_LEN"),
        hidden("DDL"),
        hidden("COMPOSITION"),
    );

    let base_tables = match &decl.base {
        Some(base) => {
            let path = base_path(base);
            quote_spanned!(base.span()=> <#path as ::fusion_db::Schema>::TABLES)
        }
        None => quote!(&[]),
    };
    let listed = decl
        .tables
        .iter()
        .map(|table| quote_spanned!(table.span()=> <#table as ::fusion_db::Table>::DEF));
    let base_label = match &decl.base {
        Some(base) => {
            let label = base.label();
            quote!(::core::option::Option::Some(#label))
        }
        None => quote!(::core::option::Option::None),
    };
    let labels = decl.tables.iter().map(path_label);

    let base_check = decl.base.as_ref().map(|base| {
        check(
            base.span(),
            &composition,
            quote!(0),
            quote!(#composition.base_len()),
        )
    });
    let listed_checks = decl.tables.iter().enumerate().map(|(i, table)| {
        check(
            table.span(),
            &composition,
            quote!(#composition.base_len() + #i),
            quote!(#composition.base_len() + #i + 1),
        )
    });

    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #parts: &[&[&'static ::fusion_db::TableDef]] = &[#base_tables, &[#(#listed),*]];
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #len: usize = ::fusion_db::schema::tables_len(#parts);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #tables: [&'static ::fusion_db::TableDef; #len] =
            ::fusion_db::schema::concat_tables::<#len>(#parts);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #ddl_len: usize = ::fusion_db::ddl::schema_ddl_len(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #ddl: [u8; #ddl_len] = ::fusion_db::ddl::schema_ddl::<#ddl_len>(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #composition: ::fusion_db::schema::Composition<'static> =
            ::fusion_db::schema::Composition {
                schema: #schema_name,
                tables: &#tables,
                base: #base_label,
                listed: &[#(#labels),*],
            };
        #base_check
        #(#listed_checks)*

        #[automatically_derived]
        impl ::fusion_db::Schema for #ident {
            const TABLES: &'static [&'static ::fusion_db::TableDef] = &#tables;
            const DDL: &'static str = ::fusion_db::ddl::utf8(&#ddl);
        }
    }
}

/// The schema type alone, emitted beside the errors when the declaration is invalid.
pub(crate) fn stand_in(decl: &SchemaDecl) -> TokenStream {
    schema_struct(decl)
}

fn schema_struct(decl: &SchemaDecl) -> TokenStream {
    let SchemaDecl {
        attrs, vis, ident, ..
    } = decl;
    let default_doc = if has_doc(attrs) {
        TokenStream::new()
    } else {
        let doc = format!("The schema `{ident}`, composed with `compose!`.");
        quote!(#[doc = #doc])
    };
    quote! {
        #(#attrs)*
        #default_doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #ident;
    }
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc"))
}

fn base_path(base: &Base) -> TokenStream {
    match base {
        Base::Foundation(span) => quote_spanned!(*span=> ::fusion_db::foundation::Foundation),
        Base::Schema(path) => quote!(#path),
    }
}

/// A const that checks tables `first..end` of the schema and fails the build at `span` with the
/// first problem found.
fn check(span: Span, composition: &Ident, first: TokenStream, end: TokenStream) -> TokenStream {
    quote_spanned! {span=>
        const _: () = if let ::core::option::Option::Some(problem) =
            #composition.check_tables(#first, #end)
        {
            ::core::panic!("{}", problem.message())
        };
    }
}
