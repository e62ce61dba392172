//! Code generation for `compose!`: the schema type and the consts behind its `Schema` impl.
//!
//! A proc macro cannot see other tables' names, so everything that needs them is left to const
//! evaluation: module-level consts (an array length may not mention `Self` inside an impl)
//! concatenate the tables' metadata, render the DDL, and build a sorted index of the schema's
//! names. The schema is checked once, table by table, against that index; a problem is found
//! at the later of the tables involved, and the one small const spanned on that table (or on
//! the base) panics with the message, so rustc reports it there.

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
    let (parts, len, tables, ddl_len, ddl) = (
        hidden("PARTS"),
        hidden("TABLES_LEN"),
        hidden("TABLES"),
        hidden("DDL_LEN"),
        hidden("DDL"),
    );
    let (names_len, names, composition) =
        (hidden("NAMES_LEN"), hidden("NAMES"), hidden("COMPOSITION"));
    let (problem, failed_at, message, base_len) = (
        hidden("PROBLEM"),
        hidden("FAILED_AT"),
        hidden("MESSAGE"),
        hidden("BASE_LEN"),
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
        let at = quote!(#failed_at < #base_len);
        check(base.span(), &at, &message)
    });
    let listed_checks = decl.tables.iter().enumerate().map(|(i, table)| {
        let at = quote!(#failed_at == #base_len + #i);
        check(table.span(), &at, &message)
    });

    // Spanned on the name, so a "these types implement `Schema`" hint quotes only the name.
    let schema_impl = quote_spanned! {ident.span()=>
        #[automatically_derived]
        impl ::fusion_db::Schema for #ident {
            const TABLES: &'static [&'static ::fusion_db::TableDef] = &#tables;
            const DDL: &'static str = ::fusion_db::ddl::utf8(&#ddl);
        }
    };

    // A schema of hundreds of tables renders and checks hundreds of kilobytes at compile time,
    // past rustc's default patience for const evaluation; the loops are bounded by the input.
    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #parts: &[&[&'static ::fusion_db::TableDef]] = &[#base_tables, &[#(#listed),*]];
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #len: usize = ::fusion_db::schema::tables_len(#parts);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #tables: [&'static ::fusion_db::TableDef; #len] =
            ::fusion_db::schema::concat_tables::<#len>(#parts);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #ddl_len: usize = ::fusion_db::ddl::schema_ddl_len(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #ddl: [u8; #ddl_len] = ::fusion_db::ddl::schema_ddl::<#ddl_len>(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #names_len: usize = ::fusion_db::schema::schema_names_len(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #names: [::fusion_db::schema::SchemaName; #names_len] =
            ::fusion_db::schema::schema_names::<#names_len>(&#tables);
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #composition: ::fusion_db::schema::Composition<'static> =
            ::fusion_db::schema::Composition {
                schema: #schema_name,
                tables: &#tables,
                names: &#names,
                base: #base_label,
                listed: &[#(#labels),*],
            };
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #problem: &::core::option::Option<::fusion_db::schema::SchemaProblem> =
            &#composition.check();
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #failed_at: usize = match #problem {
            ::core::option::Option::Some(problem) => problem.table(),
            ::core::option::Option::None => usize::MAX,
        };
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #message: &str = match #problem {
            ::core::option::Option::Some(problem) => problem.message(),
            ::core::option::Option::None => "",
        };
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, long_running_const_eval)]
        const #base_len: usize = #composition.base_len();
        #base_check
        #(#listed_checks)*
        #schema_impl
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

/// A const that fails the build at `span` with the schema's problem when it was found at the
/// tables `at` selects. Each is tiny: the schema is checked once, and rustc compiles many small
/// consts far faster than many that handle the problem's message buffer.
fn check(span: Span, at: &TokenStream, message: &Ident) -> TokenStream {
    quote_spanned! {span=>
        const _: () = if #at {
            ::core::panic!("{}", #message)
        };
    }
}
