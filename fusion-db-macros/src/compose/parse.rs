//! The model of `compose!`'s input: one or more `schema` declarations.
//!
//! ```text
//! /// docs
//! pub schema AppSchema = foundation + [Post, Comment];
//! pub schema Blog = [Post, Comment];
//! pub schema App = Blog + [Like];
//! ```

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{bracketed, Attribute, Ident, Path, Token, Visibility};

use crate::errors::Errors;

mod kw {
    syn::custom_keyword!(schema);
}

/// The shorthand for the schema of the foundation tables.
const FOUNDATION: &str = "foundation";

/// Everything one `compose!` call declares.
pub(crate) struct Compose {
    pub(crate) schemas: Vec<SchemaDecl>,
}

/// `#[attrs] vis schema Name = base + [tables];`
pub(crate) struct SchemaDecl {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) ident: Ident,
    pub(crate) base: Option<Base>,
    pub(crate) tables: Vec<Path>,
}

/// The schema a declaration builds on; its tables come first.
pub(crate) enum Base {
    /// `foundation`: the foundation tables of fusion-db.
    Foundation(Span),
    /// Another schema type, such as one a library crate composed.
    Schema(Path),
}

impl Base {
    /// The base as the user wrote it, for messages.
    pub(crate) fn label(&self) -> String {
        match self {
            Base::Foundation(_) => FOUNDATION.to_owned(),
            Base::Schema(path) => path_label(path),
        }
    }

    pub(crate) fn span(&self) -> Span {
        match self {
            Base::Foundation(span) => *span,
            Base::Schema(path) => path.span(),
        }
    }
}

impl Parse for Compose {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut schemas = Vec::new();
        while !input.is_empty() {
            schemas.push(input.parse()?);
        }
        if schemas.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "expected a schema declaration, like `pub schema AppSchema = foundation + [Post, Comment];`",
            ));
        }
        Ok(Compose { schemas })
    }
}

impl Parse for SchemaDecl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if !input.peek(kw::schema) {
            return Err(input.error(
                "expected `schema`, as in `pub schema AppSchema = foundation + [Post, Comment];`",
            ));
        }
        input.parse::<kw::schema>()?;
        let ident: Ident = input.parse()?;
        input.parse::<Token![=]>()?;

        let (base, tables, end) = if input.peek(syn::token::Bracket) {
            let (tables, end) = parse_table_list(input)?;
            (None, tables, end)
        } else {
            let base = parse_base(input)?;
            if input.peek(Token![+]) {
                input.parse::<Token![+]>()?;
                if !input.peek(syn::token::Bracket) {
                    return Err(input.error(
                        "expected a list of tables in brackets after `+`, like `[Post, Comment]`; a schema has at most one base schema",
                    ));
                }
                let (tables, end) = parse_table_list(input)?;
                (Some(base), tables, end)
            } else {
                let end = base.span();
                (Some(base), Vec::new(), end)
            }
        };

        if !input.peek(Token![;]) {
            let message =
                "expected `;` after the schema; write its tables as `foundation + [Post, Comment]`";
            // At the end of the input syn would point at the whole macro call.
            let span = if input.is_empty() { end } else { input.span() };
            return Err(syn::Error::new(span, message));
        }
        input.parse::<Token![;]>()?;
        Ok(SchemaDecl {
            attrs,
            vis,
            ident,
            base,
            tables,
        })
    }
}

fn parse_base(input: ParseStream<'_>) -> syn::Result<Base> {
    let path: Path = input.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            "expected `foundation`, a schema type, or a list of tables in brackets",
        )
    })?;
    if path.leading_colon.is_none() && path.segments.len() == 1 {
        let segment = &path.segments[0];
        if segment.ident == FOUNDATION && segment.arguments.is_none() {
            return Ok(Base::Foundation(segment.ident.span()));
        }
    }
    Ok(Base::Schema(path))
}

/// The tables in `[...]`, and the span of the closing bracket.
fn parse_table_list(input: ParseStream<'_>) -> syn::Result<(Vec<Path>, Span)> {
    let content;
    let brackets = bracketed!(content in input);
    let tables = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
    Ok((tables.into_iter().collect(), brackets.span.close()))
}

/// A table may appear in a schema's list only once.
pub(crate) fn check_listed_once(decl: &SchemaDecl, errors: &mut Errors) {
    for (i, table) in decl.tables.iter().enumerate() {
        let label = path_label(table);
        if decl.tables[..i]
            .iter()
            .any(|earlier| path_label(earlier) == label)
        {
            errors.at(
                table,
                format!("`{label}` is listed twice in schema `{}`", decl.ident),
            );
        }
    }
}

/// `a::b::Post` as written, without the spaces a token stream would print.
pub(crate) fn path_label(path: &Path) -> String {
    let mut label = String::new();
    if path.leading_colon.is_some() {
        label.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            label.push_str("::");
        }
        label.push_str(&segment.ident.to_string());
    }
    label
}
