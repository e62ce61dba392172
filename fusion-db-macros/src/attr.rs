//! Parsing of `#[fusion_table(...)]`, the struct-level attributes and `#[column(...)]`.
//!
//! Malformed input is recorded and parsing goes on, so one build reports every mistake.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Ident, Lit, LitInt, LitStr, Path, UnOp};

use crate::errors::Errors;
use crate::symbol::*;

/// A string value and where it was written.
pub(crate) struct WithSpan<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// Attributes that describe the table as a whole.
#[derive(Default)]
pub(crate) struct TableAttrs {
    pub(crate) name: Option<WithSpan<String>>,
    pub(crate) renamed_from: Option<WithSpan<String>>,
    pub(crate) primary_key: Option<KeySpec>,
    pub(crate) uniques: Vec<KeySpec>,
    pub(crate) indexes: Vec<IndexSpec>,
    pub(crate) checks: Vec<CheckSpec>,
}

/// A list of columns with an optional explicit name: primary key, unique constraint, index.
pub(crate) struct KeySpec {
    /// The attribute's path, for errors about the attribute as a whole.
    pub(crate) span: Span,
    pub(crate) name: Option<WithSpan<String>>,
    pub(crate) columns: Vec<Ident>,
}

pub(crate) struct IndexSpec {
    pub(crate) key: KeySpec,
    pub(crate) unique: bool,
}

pub(crate) struct CheckSpec {
    pub(crate) name: WithSpan<String>,
    pub(crate) sql: String,
}

/// The keys of one field's `#[column(...)]` attributes.
#[derive(Default)]
pub(crate) struct ColumnAttrs {
    pub(crate) name: Option<WithSpan<String>>,
    pub(crate) sql_type: Option<WithSpan<String>>,
    pub(crate) primary_key: Option<Span>,
    pub(crate) identity: Option<WithSpan<IdentityKind>>,
    pub(crate) unique: Option<Span>,
    pub(crate) varchar: Option<WithSpan<u32>>,
    pub(crate) default: Option<WithSpan<DefaultValue>>,
    pub(crate) references: Option<Path>,
    pub(crate) on_delete: Option<WithSpan<String>>,
    pub(crate) on_update: Option<WithSpan<String>>,
    pub(crate) renamed_from: Option<WithSpan<String>>,
}

#[derive(Clone, Copy)]
pub(crate) enum IdentityKind {
    Always,
    ByDefault,
}

/// A column default, as written.
pub(crate) enum DefaultValue {
    /// `default = <literal>`, with its leading `-` if negative.
    Literal {
        lit: Lit,
        minus: Option<syn::token::Minus>,
    },
    /// `default_now`.
    Now,
    /// `default_sql = "<expression>"`.
    Sql(String),
}

/// Parses the arguments of `#[fusion_table(...)]`.
pub(crate) fn parse_table_args(args: proc_macro2::TokenStream, errors: &mut Errors) -> TableAttrs {
    let mut attrs = TableAttrs::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident(NAME) {
            set_once(
                &mut attrs.name,
                nonempty_string(&meta, errors)?,
                &meta,
                errors,
            );
        } else if meta.path.is_ident(RENAMED_FROM) {
            set_once(
                &mut attrs.renamed_from,
                nonempty_string(&meta, errors)?,
                &meta,
                errors,
            );
        } else {
            unknown_key(&meta, &[NAME, RENAMED_FROM], "#[fusion_table(...)]", errors)?;
        }
        Ok(())
    });
    if let Err(error) = syn::parse::Parser::parse2(parser, args) {
        errors.push(error);
    }
    attrs
}

/// Parses `#[primary_key]`, `#[unique]`, `#[index]`, `#[unique_index]` and `#[check]`.
pub(crate) fn parse_table_attrs(attrs: &[Attribute], table: &mut TableAttrs, errors: &mut Errors) {
    for attr in attrs {
        let path = attr.path();
        let result = if path.is_ident(PRIMARY_KEY) {
            parse_key(attr, errors).map(|key| match table.primary_key {
                Some(_) => errors.at(
                    path,
                    "duplicate `#[primary_key]`: a table has one primary key",
                ),
                None => table.primary_key = Some(key),
            })
        } else if path.is_ident(UNIQUE) {
            parse_key(attr, errors).map(|key| table.uniques.push(key))
        } else if path.is_ident(INDEX) || path.is_ident(UNIQUE_INDEX) {
            let unique = path.is_ident(UNIQUE_INDEX);
            parse_key(attr, errors).map(|key| table.indexes.push(IndexSpec { key, unique }))
        } else if path.is_ident(CHECK) {
            parse_check(attr, errors).map(|check| table.checks.extend(check))
        } else if path.is_ident(COLUMN) {
            errors.at(
                path,
                "`#[column(...)]` belongs on a field, not on the struct",
            );
            Ok(())
        } else {
            Ok(())
        };
        if let Err(error) = result {
            errors.push(error);
        }
    }
}

/// `#[index(a, b, name = "...")]`: columns by field name, and an optional name.
fn parse_key(attr: &Attribute, errors: &mut Errors) -> syn::Result<KeySpec> {
    let mut key = KeySpec {
        span: attr.path().span(),
        name: None,
        columns: Vec::new(),
    };
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident(NAME) && meta.input.peek(syn::Token![=]) {
            set_once(&mut key.name, nonempty_string(&meta, errors)?, &meta, errors);
        } else if let Some(ident) = meta.path.get_ident() {
            if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                return Err(meta.error(format!(
                    "expected a column name; the correct format looks like `#[{}(title, created_at, name = \"...\")]`",
                    attr_name(attr)
                )));
            }
            key.columns.push(ident.clone());
        } else {
            errors.at(&meta.path, "expected a column name");
        }
        Ok(())
    })?;
    if key.columns.is_empty() {
        errors.at(
            attr,
            format!("`#[{}]` needs at least one column", attr_name(attr)),
        );
    }
    Ok(key)
}

/// `#[check(name = "...", sql = "...")]`.
fn parse_check(attr: &Attribute, errors: &mut Errors) -> syn::Result<Option<CheckSpec>> {
    let mut name = None;
    let mut sql: Option<WithSpan<String>> = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident(NAME) {
            set_once(&mut name, nonempty_string(&meta, errors)?, &meta, errors);
        } else if meta.path.is_ident(SQL) {
            set_once(&mut sql, nonempty_string(&meta, errors)?, &meta, errors);
        } else {
            unknown_key(&meta, &[NAME, SQL], "#[check(...)]", errors)?;
        }
        Ok(())
    })?;
    let missing = match (&name, &sql) {
        (Some(_), Some(_)) => None,
        (Some(_), None) => Some("its SQL expression, `sql = \"...\"`"),
        (None, Some(_)) => Some("a name, `name = \"...\"`"),
        (None, None) => Some("a name and an expression, `name = \"...\", sql = \"...\"`"),
    };
    if let Some(missing) = missing {
        errors.at(attr, format!("`#[check(...)]` needs {missing}"));
    }
    Ok(name.zip(sql).map(|(name, sql)| CheckSpec {
        name,
        sql: sql.value,
    }))
}

/// Parses every `#[column(...)]` of a field.
pub(crate) fn parse_column_attrs(attrs: &[Attribute], errors: &mut Errors) -> ColumnAttrs {
    let mut column = ColumnAttrs::default();
    for attr in attrs {
        let path = attr.path();
        if crate::symbol::TABLE_ATTRIBUTES
            .iter()
            .any(|name| path.is_ident(name))
        {
            errors.at(
                path,
                format!(
                    "`#[{}]` belongs on the struct; on a field write `#[column(...)]`",
                    attr_name(attr)
                ),
            );
            continue;
        }
        if !path.is_ident(COLUMN) {
            continue;
        }
        if let Err(error) =
            attr.parse_nested_meta(|meta| parse_column_key(&meta, &mut column, errors))
        {
            errors.push(error);
        }
    }
    column
}

fn parse_column_key(
    meta: &ParseNestedMeta,
    column: &mut ColumnAttrs,
    errors: &mut Errors,
) -> syn::Result<()> {
    let path = &meta.path;
    if path.is_ident(NAME) {
        set_once(
            &mut column.name,
            nonempty_string(meta, errors)?,
            meta,
            errors,
        );
    } else if path.is_ident(SQL_TYPE) {
        set_once(
            &mut column.sql_type,
            nonempty_string(meta, errors)?,
            meta,
            errors,
        );
    } else if path.is_ident(RENAMED_FROM) {
        set_once(
            &mut column.renamed_from,
            nonempty_string(meta, errors)?,
            meta,
            errors,
        );
    } else if path.is_ident(PRIMARY_KEY) {
        set_once(&mut column.primary_key, path.span(), meta, errors);
    } else if path.is_ident(UNIQUE) {
        set_once(&mut column.unique, path.span(), meta, errors);
    } else if path.is_ident(IDENTITY) {
        let kind = if meta.input.peek(syn::Token![=]) {
            let lit: LitStr = meta.value()?.parse()?;
            match lit.value().as_str() {
                "always" => IdentityKind::Always,
                "by default" => IdentityKind::ByDefault,
                _ => {
                    errors.at(&lit, "expected `identity`, `identity = \"by default\"` or `identity = \"always\"`");
                    IdentityKind::ByDefault
                }
            }
        } else {
            IdentityKind::ByDefault
        };
        let value = WithSpan {
            value: kind,
            span: path.span(),
        };
        set_once(&mut column.identity, value, meta, errors);
    } else if path.is_ident(VARCHAR) {
        let value = meta.value()?;
        let lit: LitInt = value.parse().map_err(|error| {
            syn::Error::new(error.span(), "`varchar` takes a length: `varchar = 100`")
        })?;
        match lit.base10_parse::<u32>() {
            Ok(length) if (1..=10_485_760).contains(&length) => {
                let value = WithSpan {
                    value: length,
                    span: lit.span(),
                };
                set_once(&mut column.varchar, value, meta, errors);
            }
            _ => errors.at(
                &lit,
                "`varchar` takes a length from 1 to 10485760, PostgreSQL's limit",
            ),
        }
    } else if path.is_ident(DEFAULT) {
        let expr: Expr = meta.value()?.parse()?;
        if let Some(value) = default_literal(&expr, errors) {
            set_default(
                column,
                WithSpan {
                    value,
                    span: expr.span(),
                },
                meta,
                errors,
            );
        }
    } else if path.is_ident(DEFAULT_NOW) {
        set_default(
            column,
            WithSpan {
                value: DefaultValue::Now,
                span: path.span(),
            },
            meta,
            errors,
        );
    } else if path.is_ident(DEFAULT_SQL) {
        let sql = nonempty_string(meta, errors)?;
        let value = WithSpan {
            value: DefaultValue::Sql(sql.value),
            span: sql.span,
        };
        set_default(column, value, meta, errors);
    } else if path.is_ident(REFERENCES) {
        let target: Path = meta.value()?.parse()?;
        if target.segments.len() < 2 {
            errors.at(
                &target,
                "expected `references = Table::field`, naming the target's struct and field",
            );
        } else if column.references.is_some() {
            errors.at(path, "duplicate `references`");
        } else {
            column.references = Some(target);
        }
    } else if path.is_ident(ON_DELETE) || path.is_ident(ON_UPDATE) {
        let action = action_value(meta, errors)?;
        let slot = if path.is_ident(ON_DELETE) {
            &mut column.on_delete
        } else {
            &mut column.on_update
        };
        if let Some(action) = action {
            set_once(slot, action, meta, errors);
        }
    } else {
        unknown_key(meta, COLUMN_KEYS, "#[column(...)]", errors)?;
    }
    Ok(())
}

/// `default`, `default_now` and `default_sql` are one slot: a column has one default.
fn set_default(
    column: &mut ColumnAttrs,
    value: WithSpan<DefaultValue>,
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) {
    if column.default.is_some() {
        errors.at(
            &meta.path,
            "a column has one default: use only one of `default`, `default_now` and `default_sql`",
        );
    } else {
        column.default = Some(value);
    }
}

fn default_literal(expr: &Expr, errors: &mut Errors) -> Option<DefaultValue> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => Some(DefaultValue::Literal {
            lit: lit.clone(),
            minus: None,
        }),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(minus),
            expr: inner,
            ..
        }) => match &**inner {
            Expr::Lit(ExprLit {
                lit: lit @ (Lit::Int(_) | Lit::Float(_)),
                ..
            }) => Some(DefaultValue::Literal {
                lit: lit.clone(),
                minus: Some(*minus),
            }),
            _ => {
                errors.at(
                    expr,
                    "`default` takes a literal: a bool, a number or a string",
                );
                None
            }
        },
        _ => {
            errors.at(
                expr,
                "`default` takes a literal: a bool, a number or a string; for an SQL expression use `default_sql = \"...\"`",
            );
            None
        }
    }
}

fn action_value(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<Option<WithSpan<String>>> {
    let lit: LitStr = meta.value()?.parse()?;
    let value = lit.value().to_lowercase();
    if ACTIONS.contains(&value.as_str()) {
        Ok(Some(WithSpan {
            value,
            span: lit.span(),
        }))
    } else {
        errors.at(
            &lit,
            format!(
                "unknown referential action; expected one of {}",
                one_of(ACTIONS)
            ),
        );
        Ok(None)
    }
}

fn string_value(meta: &ParseNestedMeta) -> syn::Result<WithSpan<String>> {
    // Without this, a bare `name` is reported at the end of the attribute, far from the key.
    if !meta.input.peek(syn::Token![=]) {
        return Err(meta.error(format!("expected `{} = \"...\"`", path_name(&meta.path))));
    }
    let lit: LitStr = meta.value()?.parse()?;
    Ok(WithSpan {
        value: lit.value(),
        span: lit.span(),
    })
}

/// A string value that names or spells out something in SQL, where an empty string is an error.
fn nonempty_string(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<WithSpan<String>> {
    let value = string_value(meta)?;
    if value.value.is_empty() {
        errors.at_span(
            value.span,
            format!("`{}` cannot be empty", path_name(&meta.path)),
        );
    }
    Ok(value)
}

/// Stores a key's value, or reports the key at its second occurrence.
fn set_once<T>(slot: &mut Option<T>, value: T, meta: &ParseNestedMeta, errors: &mut Errors) {
    if slot.is_some() {
        errors.at(&meta.path, format!("duplicate `{}`", path_name(&meta.path)));
    } else {
        *slot = Some(value);
    }
}

/// Reports an unknown key at the key and skips its value, so later keys are still read.
fn unknown_key(
    meta: &ParseNestedMeta,
    expected: &[&str],
    attribute: &str,
    errors: &mut Errors,
) -> syn::Result<()> {
    errors.at(
        &meta.path,
        format!(
            "unknown key `{}` in `{attribute}`; expected {}",
            path_name(&meta.path),
            one_of(expected)
        ),
    );
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _ = meta.parse_nested_meta(|nested| {
            if nested.input.peek(syn::Token![=]) {
                nested.value()?.parse::<Expr>()?;
            }
            Ok(())
        });
    }
    Ok(())
}

fn path_name(path: &Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn attr_name(attr: &Attribute) -> String {
    path_name(attr.path())
}

/// Parses the arguments of `#[fusion_enum(...)]`: an optional `name = "..."`.
pub(crate) fn parse_enum_args(
    args: proc_macro2::TokenStream,
    errors: &mut Errors,
) -> Option<WithSpan<String>> {
    let mut name = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident(NAME) {
            set_once(&mut name, string_value(&meta)?, &meta, errors);
        } else {
            unknown_key(&meta, &[NAME], "#[fusion_enum(...)]", errors)?;
        }
        Ok(())
    });
    if let Err(error) = syn::parse::Parser::parse2(parser, args) {
        errors.push(error);
    }
    name
}

/// Parses `#[variant(name = "...")]` on an enum variant.
pub(crate) fn parse_variant_name(
    attr: &Attribute,
    errors: &mut Errors,
) -> Option<WithSpan<String>> {
    let mut name = None;
    let result = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident(NAME) {
            set_once(&mut name, string_value(&meta)?, &meta, errors);
        } else {
            unknown_key(&meta, &[NAME], "#[variant(...)]", errors)?;
        }
        Ok(())
    });
    if let Err(error) = result {
        errors.push(error);
    }
    name
}
