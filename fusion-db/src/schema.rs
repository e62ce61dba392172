//! Schemas: sets of tables composed with `compose!`, and their DDL.

use crate::ddl::str_eq;
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

/// Checks a whole set of tables as `compose!` does, failing the build (or panicking at run time)
/// with the first problem: a foreign key to a table that is not in the set, two tables with one
/// name, or two indexes or constraints with one name.
///
/// For a [`Schema`] implemented by hand: `const _: () = check_schema(&TABLES, "MySchema");`.
pub const fn check_schema(tables: &[&TableDef], schema: &str) {
    let composition = Composition {
        schema,
        tables,
        base: None,
        listed: &[],
    };
    if let Some(problem) = composition.check_tables(0, tables.len()) {
        panic!("{}", problem.message());
    }
}

/// A schema being composed, as `compose!` describes it to its compile-time checks.
///
/// The tables are the base schema's, then the listed ones; the listed ones are named in
/// messages by their Rust paths.
#[derive(Debug, Clone, Copy)]
pub struct Composition<'a> {
    /// The schema's name, as messages give it.
    pub schema: &'a str,
    /// Every table of the schema, in order.
    pub tables: &'a [&'a TableDef],
    /// The base schema as written (`foundation`, `BlogSchema`), if there is one.
    pub base: Option<&'a str>,
    /// The Rust paths of the listed tables, which are the last `listed.len()` of `tables`.
    pub listed: &'a [&'a str],
}

/// What may share a name in PostgreSQL's namespace of a schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ObjectKind {
    PrimaryKey,
    Unique,
    Index,
    ForeignKey,
    Check,
}

impl ObjectKind {
    const fn describe(self) -> &'static str {
        match self {
            ObjectKind::PrimaryKey => "primary key",
            ObjectKind::Unique => "unique constraint",
            ObjectKind::Index => "index",
            ObjectKind::ForeignKey => "foreign key",
            ObjectKind::Check => "check constraint",
        }
    }

    /// Whether PostgreSQL makes an index of it, which then shares the namespace of tables.
    const fn is_index(self) -> bool {
        matches!(
            self,
            ObjectKind::PrimaryKey | ObjectKind::Unique | ObjectKind::Index
        )
    }
}

/// How many named constraints and indexes `table` has.
const fn object_count(table: &TableDef) -> usize {
    let key = if table.primary_key.is_some() { 1 } else { 0 };
    key + table.uniques.len() + table.indexes.len() + table.foreign_keys.len() + table.checks.len()
}

/// The `k`th named constraint or index of `table`: primary key, uniques, indexes, foreign keys,
/// checks.
const fn object_at(table: &TableDef, k: usize) -> (&'static str, ObjectKind) {
    let mut k = k;
    if let Some(key) = table.primary_key {
        if k == 0 {
            return (key.name, ObjectKind::PrimaryKey);
        }
        k -= 1;
    }
    if k < table.uniques.len() {
        return (table.uniques[k].name, ObjectKind::Unique);
    }
    k -= table.uniques.len();
    if k < table.indexes.len() {
        return (table.indexes[k].name, ObjectKind::Index);
    }
    k -= table.indexes.len();
    if k < table.foreign_keys.len() {
        return (table.foreign_keys[k].name, ObjectKind::ForeignKey);
    }
    k -= table.foreign_keys.len();
    (table.checks[k].name, ObjectKind::Check)
}

impl Composition<'_> {
    /// How many tables come from the base schema.
    pub const fn base_len(&self) -> usize {
        self.tables.len().saturating_sub(self.listed.len())
    }

    /// The first problem of tables `first..end`, each checked against the tables before it (and
    /// its foreign keys against the whole schema), or `None`.
    ///
    /// Checking table by table reports every problem once, at the later of the two tables
    /// involved, so `compose!` can point at that table.
    pub const fn check_tables(&self, first: usize, end: usize) -> Option<SchemaProblem> {
        let mut t = first;
        while t < end && t < self.tables.len() {
            if let Some(problem) = self.duplicate_table(t) {
                return Some(problem);
            }
            if let Some(problem) = self.missing_foreign_table(t) {
                return Some(problem);
            }
            if let Some(problem) = self.duplicate_object(t) {
                return Some(problem);
            }
            t += 1;
        }
        None
    }

    /// Rule: no two tables share a name.
    const fn duplicate_table(&self, t: usize) -> Option<SchemaProblem> {
        let name = self.tables[t].name;
        let mut u = 0;
        while u < t {
            if str_eq(self.tables[u].name, name) {
                let mut m = SchemaProblem::new();
                m.push(&[
                    "schema `",
                    self.schema,
                    "` has two tables named `",
                    name,
                    "`: ",
                ]);
                self.describe_table(&mut m, u);
                m.push(&[" and "]);
                self.describe_table(&mut m, t);
                return Some(m);
            }
            u += 1;
        }
        None
    }

    /// Rule: every foreign key points at a table of the schema.
    const fn missing_foreign_table(&self, t: usize) -> Option<SchemaProblem> {
        let table = self.tables[t];
        let mut i = 0;
        while i < table.foreign_keys.len() {
            let fk = &table.foreign_keys[i];
            if !self.has_table(fk.foreign_table) {
                let mut m = SchemaProblem::new();
                m.push(&[
                    "table `",
                    table.name,
                    "` has a foreign key `",
                    fk.name,
                    "` to `",
                ]);
                m.push(&[
                    fk.foreign_table,
                    "`, which is not in schema `",
                    self.schema,
                    "`",
                ]);
                return Some(m);
            }
            i += 1;
        }
        None
    }

    /// Rule: no two indexes or constraints of the schema share a name, and no index (a primary
    /// key and a unique constraint are backed by one) has the name of a table. Index names
    /// share one namespace with tables in PostgreSQL; fusion-db extends the rule to foreign keys
    /// and checks so that a constraint name identifies one constraint in the whole schema.
    const fn duplicate_object(&self, t: usize) -> Option<SchemaProblem> {
        let table = self.tables[t];
        let mut k = 0;
        while k < object_count(table) {
            let (name, kind) = object_at(table, k);
            let mut u = 0;
            while u <= t {
                let other = self.tables[u];
                let end = if u == t { k } else { object_count(other) };
                let mut j = 0;
                while j < end {
                    let (other_name, other_kind) = object_at(other, j);
                    if str_eq(name, other_name) {
                        return Some(self.object_clash(name, other_kind, other.name, kind, t));
                    }
                    j += 1;
                }
                if kind.is_index() && str_eq(name, other.name) {
                    return Some(self.index_named_like_table(name, kind, table.name));
                }
                u += 1;
            }
            k += 1;
        }

        let mut u = 0;
        while u < t {
            let other = self.tables[u];
            let mut j = 0;
            while j < object_count(other) {
                let (other_name, other_kind) = object_at(other, j);
                if other_kind.is_index() && str_eq(other_name, table.name) {
                    return Some(self.index_named_like_table(other_name, other_kind, other.name));
                }
                j += 1;
            }
            u += 1;
        }
        None
    }

    const fn object_clash(
        &self,
        name: &str,
        first_kind: ObjectKind,
        first_table: &str,
        second_kind: ObjectKind,
        t: usize,
    ) -> SchemaProblem {
        let mut m = SchemaProblem::new();
        m.push(&[
            "two objects in schema `",
            self.schema,
            "` are named `",
            name,
            "`: the ",
        ]);
        m.push(&[
            first_kind.describe(),
            " of table `",
            first_table,
            "` and the ",
        ]);
        m.push(&[
            second_kind.describe(),
            " of table `",
            self.tables[t].name,
            "`",
        ]);
        m.push(&["; index and constraint names must be unique in a schema"]);
        m
    }

    const fn index_named_like_table(
        &self,
        name: &str,
        kind: ObjectKind,
        table: &str,
    ) -> SchemaProblem {
        let mut m = SchemaProblem::new();
        m.push(&[
            "two objects in schema `",
            self.schema,
            "` are named `",
            name,
            "`: table `",
        ]);
        m.push(&[
            name,
            "` and the ",
            kind.describe(),
            " of table `",
            table,
            "`",
        ]);
        m.push(&["; PostgreSQL indexes share one namespace with tables"]);
        m
    }

    const fn has_table(&self, name: &str) -> bool {
        let mut u = 0;
        while u < self.tables.len() {
            if str_eq(self.tables[u].name, name) {
                return true;
            }
            u += 1;
        }
        false
    }

    /// `` `Post` `` for a listed table, `` the one from `foundation` `` for a base table.
    const fn describe_table(&self, m: &mut SchemaProblem, t: usize) {
        let base_len = self.base_len();
        if t >= base_len {
            m.push(&["`", self.listed[t - base_len], "`"]);
        } else if let Some(base) = self.base {
            m.push(&["the one from `", base, "`"]);
        } else {
            m.push(&["table number "]);
            m.push_number(t + 1);
        }
    }
}

/// Why a schema is invalid: a message built at compile time, at most
/// [`SchemaProblem::CAPACITY`] bytes (longer ones are cut at a character boundary).
#[derive(Debug, Clone, Copy)]
pub struct SchemaProblem {
    text: [u8; SchemaProblem::CAPACITY],
    len: usize,
    cut: bool,
}

impl SchemaProblem {
    /// The most bytes a message keeps.
    pub const CAPACITY: usize = 512;

    const fn new() -> Self {
        SchemaProblem {
            text: [0; SchemaProblem::CAPACITY],
            len: 0,
            cut: false,
        }
    }

    const fn push(&mut self, parts: &[&str]) {
        let mut i = 0;
        while i < parts.len() && !self.cut {
            let bytes = parts[i].as_bytes();
            let room = Self::CAPACITY - self.len;
            let mut take = if bytes.len() < room {
                bytes.len()
            } else {
                room
            };
            // Cut only between characters, so the message stays UTF-8.
            while take > 0 && take < bytes.len() && bytes[take] & 0xC0 == 0x80 {
                take -= 1;
            }
            let mut j = 0;
            while j < take {
                self.text[self.len] = bytes[j];
                self.len += 1;
                j += 1;
            }
            self.cut = take < bytes.len();
            i += 1;
        }
    }

    const fn push_number(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut count = 0;
        let mut n = n;
        loop {
            digits[count] = b"0123456789"[n % 10];
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while count > 0 && self.len < Self::CAPACITY {
            count -= 1;
            self.text[self.len] = digits[count];
            self.len += 1;
        }
    }

    /// The message.
    pub const fn message(&self) -> &str {
        match core::str::from_utf8(self.text.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "the schema is invalid",
        }
    }
}
