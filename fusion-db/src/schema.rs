//! Schemas: sets of tables composed with `compose!`, and their DDL.

use crate::enum_type::EnumDef;
use crate::table::TableDef;

/// A set of tables that live together in one database: the foundation, an app's tables, or
/// both, composed with `compose!`.
pub trait Schema: 'static {
    /// The tables, in a deterministic order (the order they were composed in).
    const TABLES: &'static [&'static TableDef];

    /// The statements that create the whole schema, in an order that always applies: enum
    /// types, then every `CREATE TABLE`, then every foreign key, then every index.
    const DDL: &'static str;

    /// The tables, in a deterministic order.
    fn tables() -> &'static [&'static TableDef] {
        Self::TABLES
    }

    /// The table with this name, if the schema has one.
    fn table(name: &str) -> Option<&'static TableDef> {
        Self::TABLES
            .iter()
            .copied()
            .find(|table| table.name == name)
    }

    /// The enum types the schema's columns use, each once, in order of first use.
    fn enum_types() -> Vec<&'static EnumDef> {
        let mut found: Vec<&'static EnumDef> = Vec::new();
        for enum_def in Self::TABLES.iter().flat_map(|table| table.enum_types()) {
            if !found.iter().any(|known| known.name == enum_def.name) {
                found.push(enum_def);
            }
        }
        found
    }
}
