//! What generated code reaches through `::fusion_db::__private`; not a public API.

pub use sqlx;

pub use crate::column_type::ColumnRef;
pub use crate::ddl::{concat, concat_len, table_ddl, table_ddl_len, utf8};
pub use crate::row::InsertValues;

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgValueRef};
use sqlx::{Decode, Encode, Postgres};

use crate::ddl::quote_ident;
use crate::enum_type::{EnumDef, PgEnum};

/// Whether a column's type is the enum type `name` (or an array of it). The enum's declared type
/// name is quoted so sqlx can look it up whatever its case, while the server reports it bare.
pub fn enum_type_matches(ty: &sqlx::postgres::PgTypeInfo, name: &str, array: bool) -> bool {
    use sqlx::TypeInfo;

    let found = ty.name();
    if array {
        found.strip_suffix("[]").map(unquote).as_deref() == Some(name)
            || unquote(found).strip_prefix('_') == Some(name)
    } else {
        unquote(found) == name
    }
}

/// An identifier as the server may print it (`mood`, `"We""ird"`), without its quoting.
fn unquote(name: &str) -> String {
    match name
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => name.to_owned(),
    }
}

/// Fails compilation (`message`) when a column of an enum type has a default that is not one of
/// the enum's values; other types pass.
pub const fn check_enum_default(enum_type: Option<&EnumDef>, value: &str, message: &str) {
    let Some(enum_type) = enum_type else {
        return;
    };
    let mut i = 0;
    while i < enum_type.values.len() {
        if crate::ddl::str_eq(enum_type.values[i], value) {
            return;
        }
        i += 1;
    }
    panic!("{}", message);
}

/// Names the table and column in a decode error raised while decoding by position.
#[cold]
pub fn column_error(error: sqlx::Error, table: &str, column: &str) -> sqlx::Error {
    match error {
        sqlx::Error::ColumnDecode { source, .. } => sqlx::Error::ColumnDecode {
            index: format!("{}.{}", quote_ident(table), quote_ident(column)),
            source,
        },
        other => other,
    }
}

/// Encodes an enum variant as its database value.
pub fn encode_enum<E: PgEnum>(
    value: &E,
    buf: &mut PgArgumentBuffer,
) -> Result<sqlx::encode::IsNull, BoxDynError> {
    <&str as Encode<'_, Postgres>>::encode(value.as_str(), buf)
}

/// Decodes a database value into an enum variant, naming the type when the value is unknown.
pub fn decode_enum<E: PgEnum>(value: PgValueRef<'_>) -> Result<E, BoxDynError> {
    let text = <&str as Decode<'_, Postgres>>::decode(value)?;
    E::from_str_value(text).ok_or_else(|| {
        format!(
            "\"{text}\" is not a value of the enum type \"{}\"",
            E::DEF.name
        )
        .into()
    })
}
