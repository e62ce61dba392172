//! PostgreSQL enum types, declared with `#[fusion_enum]`.

/// A PostgreSQL enum type: its name and its values in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumDef {
    /// The type's name in the database, unquoted.
    pub name: &'static str,
    /// The values, in the order of the Rust variants.
    pub values: &'static [&'static str],
}

/// A Rust enum that is a PostgreSQL enum type; implemented by `#[fusion_enum]`.
pub trait PgEnum: Sized + 'static {
    /// The type's metadata.
    const DEF: &'static EnumDef;
    /// Its `CREATE TYPE` statement.
    const DDL: &'static str;

    /// The database value of this variant.
    fn as_str(&self) -> &'static str;

    /// The variant for a database value, if there is one.
    fn from_str_value(value: &str) -> Option<Self>;
}
