//! What generated code reaches through `::fusion_db::__private`; not a public API.

pub use sqlx;

pub use crate::column_type::ColumnRef;
pub use crate::ddl::{concat, concat_len, table_ddl, table_ddl_len, utf8};
pub use crate::row::InsertValues;

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgValueRef};
use sqlx::{Decode, Encode, Postgres};

use crate::enum_type::PgEnum;

/// Whether a column's type is the enum type `name` (or an array of it). The enum's declared type
/// name is quoted so sqlx can look it up whatever its case, while the server reports it bare.
pub fn enum_type_matches(ty: &sqlx::postgres::PgTypeInfo, name: &str, array: bool) -> bool {
    use sqlx::TypeInfo;

    let found = ty.name();
    let found = found.trim_matches('"');
    if array {
        found
            .strip_suffix("[]")
            .map(|element| element.trim_matches('"'))
            == Some(name)
            || found.strip_prefix('_') == Some(name)
    } else {
        found == name
    }
}

/// Names the table and column in a decode error raised while decoding by position.
#[cold]
pub fn column_error(error: sqlx::Error, table: &str, column: &str) -> sqlx::Error {
    match error {
        sqlx::Error::ColumnDecode { source, .. } => sqlx::Error::ColumnDecode {
            index: format!("\"{table}\".\"{column}\""),
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
