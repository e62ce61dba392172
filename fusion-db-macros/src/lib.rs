//! Procedural macros of fusion-db. Use them through the `fusion-db` crate.

use proc_macro::TokenStream;

/// Declares a PostgreSQL table; see the `fusion-db` crate.
#[proc_macro_attribute]
pub fn fusion_table(args: TokenStream, input: TokenStream) -> TokenStream {
    let _ = args;
    input
}

/// Declares a PostgreSQL enum type; see the `fusion-db` crate.
#[proc_macro_attribute]
pub fn fusion_enum(args: TokenStream, input: TokenStream) -> TokenStream {
    let _ = args;
    input
}
