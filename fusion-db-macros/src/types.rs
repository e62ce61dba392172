//! What the macro can tell about a field's Rust type from its tokens.
//!
//! The column's SQL type always comes from the `ColumnType` trait, so a type is never mapped by
//! its spelling alone; the spelling is used only to check attributes that make sense for some
//! types (`varchar`, `identity`, `default`) and to choose how a key is passed.

use syn::{GenericArgument, PathArguments, Type};

/// A coarse class of a field's type, enough to check attributes against it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TypeKind {
    Text,
    Bool,
    Integer {
        min: i128,
        max: i128,
    },
    Float,
    /// `Vec<u8>`.
    Bytes,
    /// `Vec<T>` for any other `T`.
    Array,
    /// Dates, times, UUIDs, JSON: types with a mapping but no literal defaults of their own.
    Other {
        copy: bool,
    },
    /// A type the macro does not know by name: an enum, or an app's own type.
    Unknown,
}

impl TypeKind {
    pub(crate) fn is_integer(self) -> bool {
        matches!(self, TypeKind::Integer { .. })
    }
}

/// `T` if `ty` is `Option<T>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    generic_argument(ty, "Option")
}

pub(crate) fn classify(ty: &Type) -> TypeKind {
    let Some(name) = last_segment(ty) else {
        return TypeKind::Unknown;
    };
    match name.as_str() {
        "String" => TypeKind::Text,
        "bool" => TypeKind::Bool,
        "i16" => TypeKind::Integer {
            min: i16::MIN.into(),
            max: i16::MAX.into(),
        },
        "i32" => TypeKind::Integer {
            min: i32::MIN.into(),
            max: i32::MAX.into(),
        },
        "i64" => TypeKind::Integer {
            min: i64::MIN.into(),
            max: i64::MAX.into(),
        },
        "f32" | "f64" => TypeKind::Float,
        "Vec" => match generic_argument(ty, "Vec").and_then(last_segment) {
            Some(element) if element == "u8" => TypeKind::Bytes,
            _ => TypeKind::Array,
        },
        "NaiveDateTime" | "NaiveDate" | "NaiveTime" | "DateTime" | "Uuid" => {
            TypeKind::Other { copy: true }
        }
        "Value" | "Json" => TypeKind::Other { copy: false },
        _ => TypeKind::Unknown,
    }
}

/// The last path segment's name: `chrono::NaiveDate` -> `NaiveDate`.
fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        Type::Group(group) => last_segment(&group.elem),
        Type::Paren(paren) => last_segment(&paren.elem),
        _ => None,
    }
}

/// The single type argument of `Wrapper<T>` when `ty`'s last segment is `wrapper`.
fn generic_argument<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let path = match ty {
        Type::Path(path) if path.qself.is_none() => &path.path,
        Type::Group(group) => return generic_argument(&group.elem, wrapper),
        _ => return None,
    };
    let segment = path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    match &segment.arguments {
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match args.args.first() {
            Some(GenericArgument::Type(inner)) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}
