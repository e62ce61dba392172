//! The mapping from Rust field types to PostgreSQL column types.

use core::marker::PhantomData;

use crate::enum_type::EnumDef;

/// A Rust type that has a PostgreSQL column type.
///
/// `#[fusion_table]` asks this trait for the SQL type of every field that has no
/// `#[column(sql_type = "...")]`. fusion-db implements it for the types in the README's type
/// table, `#[fusion_enum]` implements it for enums, and an app may implement it for its own
/// types (together with sqlx's `Type`, `Encode` and `Decode`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no PostgreSQL column type",
    label = "fusion-db cannot map this type to a column type",
    note = "give the column its type with `#[column(sql_type = \"...\")]`, mark an enum with `#[fusion_enum]`, or implement `fusion_db::ColumnType` for it"
)]
pub trait ColumnType {
    /// The column type as written in DDL.
    const SQL_TYPE: &'static str;

    /// The type of a column holding an array of this type, if PostgreSQL has one.
    const ARRAY_SQL_TYPE: Option<&'static str> = None;

    /// The PostgreSQL enum type behind this type, if it is one.
    const ENUM: Option<&'static EnumDef> = None;
}

macro_rules! column_types {
    ($($rust:ty => $sql:literal),* $(,)?) => {$(
        impl ColumnType for $rust {
            const SQL_TYPE: &'static str = $sql;
            const ARRAY_SQL_TYPE: Option<&'static str> = Some(concat!($sql, "[]"));
        }
    )*};
}

column_types! {
    String => "text",
    bool => "boolean",
    i16 => "smallint",
    i32 => "integer",
    i64 => "bigint",
    f32 => "real",
    f64 => "double precision",
    chrono::NaiveDateTime => "timestamp",
    chrono::DateTime<chrono::Utc> => "timestamp with time zone",
    chrono::NaiveDate => "date",
    chrono::NaiveTime => "time",
    serde_json::Value => "jsonb",
    uuid::Uuid => "uuid",
    Vec<u8> => "bytea",
}

impl<T> ColumnType for sqlx::types::Json<T> {
    const SQL_TYPE: &'static str = "jsonb";
    const ARRAY_SQL_TYPE: Option<&'static str> = Some("jsonb[]");
}

/// `Option<T>` has `T`'s column type; the column is nullable.
impl<T: ColumnType> ColumnType for Option<T> {
    const SQL_TYPE: &'static str = T::SQL_TYPE;
    const ARRAY_SQL_TYPE: Option<&'static str> = T::ARRAY_SQL_TYPE;
    const ENUM: Option<&'static EnumDef> = T::ENUM;
}

/// `Vec<T>` is a PostgreSQL array of `T` (except `Vec<u8>`, which is `bytea`).
impl<T: ColumnType> ColumnType for Vec<T> {
    const SQL_TYPE: &'static str = match T::ARRAY_SQL_TYPE {
        Some(sql_type) => sql_type,
        None => panic!("this element type has no PostgreSQL array type"),
    };
    const ENUM: Option<&'static EnumDef> = T::ENUM;
}

/// A typed reference to a column, generated for every field of a `#[fusion_table]` struct.
///
/// Foreign keys name their target column through it, so the target's real column name is used
/// and the referencing field's type is checked against the target's at compile time.
pub struct ColumnRef<T: ?Sized> {
    /// The column's name in the database.
    pub name: &'static str,
    rust_type: PhantomData<fn() -> T>,
}

impl<T: ?Sized> ColumnRef<T> {
    /// A reference to the column `name` whose field has the Rust type `T`.
    pub const fn new(name: &'static str) -> Self {
        ColumnRef {
            name,
            rust_type: PhantomData,
        }
    }
}

impl<T: ?Sized> ColumnRef<T> {
    /// The column's name, for a foreign key whose field has the type `F`; a compile error
    /// unless `F` is `T`.
    pub const fn referenced_by<F: ?Sized + References<T>>(self) -> &'static str {
        self.name
    }
}

impl<T: ?Sized> Clone for ColumnRef<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for ColumnRef<T> {}

impl<T: ?Sized> core::fmt::Debug for ColumnRef<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("ColumnRef").field(&self.name).finish()
    }
}

/// Holds when a field of type `Self` may reference a column of type `T`: the types are equal.
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot reference a column of type `{T}`",
    label = "this field references a `{T}` column",
    note = "a foreign key's field has the Rust type of the field it references (an `Option` aside)"
)]
pub trait References<T: ?Sized> {}

impl<T: ?Sized> References<T> for T {}
