//! `#[fusion_enum]`: a fieldless Rust enum as a PostgreSQL enum type.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, Item, ItemEnum};

use crate::attr::{self, WithSpan};
use crate::errors::Errors;
use crate::naming::{quote_ident, quote_literal, snake_case, MAX_IDENTIFIER_BYTES};
use crate::symbol::VARIANT;

pub(crate) fn fusion_enum(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let item = match syn::parse2::<Item>(input) {
        Ok(Item::Enum(item)) => item,
        Ok(Item::Struct(item)) => {
            errors.at(
                item.struct_token,
                "`#[fusion_enum]` expects a fieldless enum; for a table use `#[fusion_table]`",
            );
            let errors = errors.into_compile_errors();
            return quote!(#item #errors);
        }
        Ok(other) => {
            return syn::Error::new_spanned(other, "`#[fusion_enum]` expects a fieldless enum")
                .to_compile_error();
        }
        Err(error) => return error.to_compile_error(),
    };

    let name = attr::parse_enum_args(args, &mut errors).unwrap_or_else(|| WithSpan {
        value: snake_case(&item.ident.to_string()),
        span: item.ident.span(),
    });
    let values = variant_values(&item, &mut errors);
    check(&item, &name, &values, &mut errors);

    let mut item = item;
    for variant in &mut item.variants {
        variant.attrs.retain(|attr| !attr.path().is_ident(VARIANT));
    }
    if !errors.is_empty() {
        let errors = errors.into_compile_errors();
        return quote!(#item #errors);
    }
    expand(&item, &name.value, &values)
}

/// Each variant's database value: `#[variant(name = "...")]` or the variant's snake_case name.
fn variant_values(item: &ItemEnum, errors: &mut Errors) -> Vec<WithSpan<String>> {
    item.variants
        .iter()
        .map(|variant| {
            let explicit = variant
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident(VARIANT))
                .filter_map(|attr| attr::parse_variant_name(attr, errors))
                .next();
            explicit.unwrap_or_else(|| WithSpan {
                value: snake_case(&variant.ident.to_string()),
                span: variant.ident.span(),
            })
        })
        .collect()
}

fn check(
    item: &ItemEnum,
    name: &WithSpan<String>,
    values: &[WithSpan<String>],
    errors: &mut Errors,
) {
    if !item.generics.params.is_empty() {
        errors.at(
            &item.generics,
            "`#[fusion_enum]` does not support generic enums",
        );
    }
    for variant in &item.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.at(
                &variant.fields,
                "a PostgreSQL enum value carries no data: `#[fusion_enum]` expects fieldless variants",
            );
        }
    }
    if name.value.len() > MAX_IDENTIFIER_BYTES {
        errors.at_span(
            name.span,
            format!(
                "enum type name `{}` is {} bytes long; PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES} bytes",
                name.value,
                name.value.len()
            ),
        );
    }
    let mut seen = HashMap::new();
    for value in values {
        if value.value.is_empty() || value.value.len() > MAX_IDENTIFIER_BYTES {
            errors.at_span(value.span, "an enum value must be 1 to 63 bytes long");
        }
        if seen.insert(value.value.as_str(), ()).is_some() {
            errors.at_span(
                value.span,
                format!("two variants have the value `{}`", value.value),
            );
        }
    }
}

fn expand(item: &ItemEnum, name: &str, values: &[WithSpan<String>]) -> TokenStream {
    let ident = &item.ident;
    let values: Vec<&String> = values.iter().map(|value| &value.value).collect();
    let variants: Vec<&syn::Ident> = item.variants.iter().map(|variant| &variant.ident).collect();
    let sql_type = quote_ident(name);
    let array_type = format!("{sql_type}[]");
    // sqlx resolves these names with `to_regtype`, which folds unquoted names to lower case.
    let type_name = quote_ident(name);
    let array_name = quote_ident(&format!("_{name}"));
    let ddl = format!(
        "CREATE TYPE \"public\".{sql_type} AS ENUM({});\n",
        values
            .iter()
            .map(|value| quote_literal(value))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let sqlx = quote!(::fusion_db::__private::sqlx);
    quote! {
        #item

        #[automatically_derived]
        impl ::fusion_db::PgEnum for #ident {
            const DEF: &'static ::fusion_db::EnumDef = &::fusion_db::EnumDef {
                name: #name,
                values: &[#(#values),*],
            };
            const DDL: &'static str = #ddl;

            fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #values,)*
                }
            }

            fn from_str_value(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #(#values => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #[automatically_derived]
        impl ::fusion_db::ColumnType for #ident {
            const SQL_TYPE: &'static str = #sql_type;
            const ARRAY_SQL_TYPE: ::core::option::Option<&'static str> =
                ::core::option::Option::Some(#array_type);
            const ENUM: ::core::option::Option<&'static ::fusion_db::EnumDef> =
                ::core::option::Option::Some(<Self as ::fusion_db::PgEnum>::DEF);
        }

        #[automatically_derived]
        impl #sqlx::Type<#sqlx::Postgres> for #ident {
            fn type_info() -> #sqlx::postgres::PgTypeInfo {
                #sqlx::postgres::PgTypeInfo::with_name(#type_name)
            }

            fn compatible(ty: &#sqlx::postgres::PgTypeInfo) -> bool {
                ::fusion_db::__private::enum_type_matches(ty, #name, false)
            }
        }

        #[automatically_derived]
        impl #sqlx::postgres::PgHasArrayType for #ident {
            fn array_type_info() -> #sqlx::postgres::PgTypeInfo {
                #sqlx::postgres::PgTypeInfo::with_name(#array_name)
            }

            fn array_compatible(ty: &#sqlx::postgres::PgTypeInfo) -> bool {
                ::fusion_db::__private::enum_type_matches(ty, #name, true)
            }
        }

        #[automatically_derived]
        impl<'q> #sqlx::Encode<'q, #sqlx::Postgres> for #ident {
            fn encode_by_ref(
                &self,
                buf: &mut #sqlx::postgres::PgArgumentBuffer,
            ) -> ::core::result::Result<#sqlx::encode::IsNull, #sqlx::error::BoxDynError> {
                ::fusion_db::__private::encode_enum(self, buf)
            }
        }

        #[automatically_derived]
        impl<'r> #sqlx::Decode<'r, #sqlx::Postgres> for #ident {
            fn decode(
                value: #sqlx::postgres::PgValueRef<'r>,
            ) -> ::core::result::Result<Self, #sqlx::error::BoxDynError> {
                ::fusion_db::__private::decode_enum(value)
            }
        }
    }
}
