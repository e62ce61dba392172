//! `compose!`: tables and other schemas merged into one schema type.
//!
//! Parsing builds an owned model of each `schema` declaration and reports a table listed twice;
//! expansion writes the schema type and the module-level consts that concatenate the tables,
//! render the DDL and check the schema while the app compiles.

mod expand;
mod parse;

use proc_macro2::TokenStream;

use crate::errors::Errors;

pub(crate) fn compose(input: TokenStream) -> TokenStream {
    let declarations = match syn::parse2::<parse::Compose>(input) {
        Ok(compose) => compose.schemas,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::default();
    for declaration in &declarations {
        parse::check_listed_once(declaration, &mut errors);
    }
    if errors.is_empty() {
        declarations.iter().map(expand::schema).collect()
    } else {
        let stand_ins: TokenStream = declarations.iter().map(expand::stand_in).collect();
        let errors = errors.into_compile_errors();
        quote::quote!(#stand_ins #errors)
    }
}
