//! Procedural macros of fusion-db. Use them through the `fusion-db` crate, which documents them.

mod ast;
mod attr;
mod compose;
mod enums;
mod errors;
mod expand;
mod naming;
mod sql;
mod symbol;
mod types;
mod valid;

use proc_macro::TokenStream;

/// Declares a PostgreSQL table; documented in the `fusion-db` crate.
#[proc_macro_attribute]
pub fn fusion_table(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::fusion_table(args.into(), input.into()).into()
}

/// Declares a PostgreSQL enum type; documented in the `fusion-db` crate.
#[proc_macro_attribute]
pub fn fusion_enum(args: TokenStream, input: TokenStream) -> TokenStream {
    enums::fusion_enum(args.into(), input.into()).into()
}

/// Composes tables and schemas into one schema type; documented in the `fusion-db` crate.
#[proc_macro]
pub fn compose(input: TokenStream) -> TokenStream {
    compose::compose(input.into()).into()
}
