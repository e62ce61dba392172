//! Schemas: sets of tables composed with [`compose!`], and their DDL.
//!
//! An app lists its tables once, on top of the foundation (or of a library's schema, or of
//! nothing), and gets one type that knows all of them:
//!
//! ```
//! use chrono::NaiveDateTime;
//! use fusion_db::foundation::User;
//! use fusion_db::schema::{compose, Schema};
//! use fusion_db::fusion_table;
//!
//! /// A blog post.
//! #[fusion_table]
//! #[index(author_id, created_at)]
//! pub struct Post {
//!     #[column(primary_key, identity)]
//!     pub id: i64,
//!     #[column(references = User::id, on_delete = "cascade")]
//!     pub author_id: String,
//!     pub title: String,
//!     #[column(default_now)]
//!     pub created_at: NaiveDateTime,
//! }
//!
//! /// A comment on a post.
//! #[fusion_table]
//! pub struct Comment {
//!     #[column(primary_key, identity)]
//!     pub id: i64,
//!     #[column(references = Post::id, on_delete = "cascade")]
//!     pub post_id: i64,
//!     pub body: String,
//! }
//!
//! compose! {
//!     /// Everything this app stores.
//!     pub schema AppSchema = foundation + [Post, Comment];
//! }
//!
//! // The whole DDL is a `const &str`: enum types, every CREATE TABLE, every foreign key, every
//! // index, so that it applies to an empty database in one go.
//! const DDL: &str = AppSchema::DDL;
//! println!("{DDL}");
//!
//! assert_eq!(AppSchema::TABLES.len(), 10); // the 8 foundation tables, then post and comment
//! assert_eq!(AppSchema::table("comment").map(|t| t.columns.len()), Some(3));
//! ```
//!
//! # `compose!`
//!
//! ```text
//! compose! {
//!     /// docs
//!     pub schema AppSchema = foundation + [Post, Comment];   // on the foundation tables
//!     pub schema Blog = [Post, Comment];                      // app tables only
//!     pub schema App = my_library::LibrarySchema + [Like];    // on another composed schema
//!     pub schema Plain = foundation;                          // a base alone
//! }
//! ```
//!
//! Each declaration makes a unit struct implementing [`Schema`], with the attributes and doc
//! comments written on it; it derives `Debug`, `Clone`, `Copy`, `Default`, `PartialEq`, `Eq`
//! and `Hash`. Its tables are the base's, in the base's order, then the listed ones in the
//! order listed. `foundation` stands for [`crate::foundation::Foundation`].
//!
//! The schema is checked while the app compiles; a problem is a build error at the listed table
//! (or base) it concerns, naming the tables involved:
//!
//! - a foreign key to a table that is not in the schema;
//! - two tables with one name, or one table listed twice;
//! - two indexes or constraints with one name anywhere in the schema (PostgreSQL's indexes,
//!   which back primary keys and unique constraints too, share one namespace with tables;
//!   fusion-db holds foreign keys and checks to the same rule, so that a constraint name means
//!   one constraint), or an index with the name of a table.
//!
//! The checks run in `const` evaluation with one sorted index of the schema's names, so their
//! cost grows with the number of names times its logarithm; no code is generated per pair of
//! tables.

mod check;
mod names;
mod problem;

pub use check::Composition;
/// Composes tables into one schema type; see [the module documentation](self).
#[doc(inline)]
pub use fusion_db_macros::compose;
pub use names::{schema_names, schema_names_len, SchemaName};
pub use problem::SchemaProblem;

use crate::enum_type::EnumDef;
use crate::table::TableDef;

/// A set of tables that live together in one database: the foundation, an app's tables, or
/// both, composed with `compose!`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a schema",
    label = "not a schema",
    note = "a schema is `foundation` or a type declared with `compose!`, such as `pub schema AppSchema = foundation + [Post];`"
)]
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

/// A table with no columns, to fill arrays before they are written.
const NO_TABLE: TableDef = TableDef {
    name: "",
    columns: &[],
    primary_key: None,
    uniques: &[],
    indexes: &[],
    foreign_keys: &[],
    checks: &[],
    renamed_from: None,
};

/// How many tables `parts` hold together.
pub const fn tables_len(parts: &[&[&TableDef]]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// `parts` joined into one array of tables, in order; `N` must be [`tables_len`]`(parts)`.
///
/// `compose!` joins its base schema's tables and its listed tables with this.
pub const fn concat_tables<const N: usize>(
    parts: &[&[&'static TableDef]],
) -> [&'static TableDef; N] {
    let mut tables: [&'static TableDef; N] = [&NO_TABLE; N];
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            if len < N {
                tables[len] = parts[i][j];
            }
            len += 1;
            j += 1;
        }
        i += 1;
    }
    if len != N {
        panic!("concat_tables: N is not the number of tables");
    }
    tables
}
