//! The compile-time checks of a composed schema.
//!
//! The schema is checked table by table against the sorted index of its names (see `names`),
//! by binary search. Each problem is found when the later of the two tables involved is
//! checked, so `compose!` can report it at that table.

use core::cmp::Ordering;

use super::names::{compare_str, entry, name_of, object_count, Kind, SchemaName};
use super::problem::SchemaProblem;
use crate::table::TableDef;

/// A schema being composed, as `compose!` describes it to its compile-time checks.
///
/// The tables are the base schema's, then the listed ones; the listed ones are named in
/// messages by their Rust paths. A schema implemented by hand can be checked the same way:
///
/// ```
/// use fusion_db::foundation::{Session, User};
/// use fusion_db::schema::{schema_names, schema_names_len, Composition, SchemaName};
/// use fusion_db::{Table, TableDef};
///
/// const TABLES: [&TableDef; 2] = [User::DEF, Session::DEF];
/// const NAMES: [SchemaName; schema_names_len(&TABLES)] = schema_names(&TABLES);
/// const _: () = {
///     let composition = Composition {
///         schema: "Accounts",
///         tables: &TABLES,
///         names: &NAMES,
///         base: None,
///         listed: &["User", "Session"],
///     };
///     if let Some(problem) = composition.check() {
///         panic!("{}", problem.message());
///     }
/// };
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Composition<'a> {
    /// The schema's name, as messages give it.
    pub schema: &'a str,
    /// Every table of the schema, in order.
    pub tables: &'a [&'a TableDef],
    /// The names of `tables`, from [`schema_names`](super::schema_names).
    pub names: &'a [SchemaName],
    /// The base schema as written (`foundation`, `BlogSchema`), if there is one.
    pub base: Option<&'a str>,
    /// The Rust paths of the listed tables, which are the last `listed.len()` of `tables`.
    pub listed: &'a [&'a str],
}

impl Composition<'_> {
    /// How many tables come from the base schema.
    pub const fn base_len(&self) -> usize {
        self.tables.len().saturating_sub(self.listed.len())
    }

    /// The first problem of the schema, or `None`.
    ///
    /// The tables are checked in order, each against the tables before it (and its foreign
    /// keys against the whole schema), so a problem involving two tables is found at the later
    /// one: [`SchemaProblem::table`].
    pub const fn check(&self) -> Option<SchemaProblem> {
        let mut t = 0;
        while t < self.tables.len() {
            if let Some(mut problem) = self.check_table(t) {
                problem.table = t;
                return Some(problem);
            }
            t += 1;
        }
        None
    }

    const fn check_table(&self, t: usize) -> Option<SchemaProblem> {
        let table = self.tables[t];
        if let Some(problem) = self.earlier_clash(t, 0) {
            return Some(problem);
        }
        if let Some(problem) = self.missing_foreign_table(table) {
            return Some(problem);
        }
        let mut object = 1;
        while object <= object_count(table) {
            if let Some(problem) = self.earlier_clash(t, object) {
                return Some(problem);
            }
            object += 1;
        }
        None
    }

    /// Rule: every foreign key points at a table of the schema.
    const fn missing_foreign_table(&self, table: &TableDef) -> Option<SchemaProblem> {
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

    /// Rule: a name is taken once: no two tables share one, no two indexes or constraints
    /// share one, and no index (nor the primary key or unique constraint an index backs) has a
    /// table's name. Reports the clash of entry `object` of table `t` with an earlier entry.
    const fn earlier_clash(&self, t: usize, object: usize) -> Option<SchemaProblem> {
        let (name, kind) = entry(self.tables[t], object);
        let key = SchemaName { table: t, object };
        let at = self.lower_bound(name, t, object);
        if at >= self.names.len() || !self.is_entry(at, &key) {
            let mut m = SchemaProblem::new();
            m.push(&[
                "the names given to the checks of schema `",
                self.schema,
                "` are not ",
            ]);
            m.push(&["those of its tables; build them with `schema_names`"]);
            return Some(m);
        }
        let mut j = at;
        while j > 0 && compare_str(self.name_at(j - 1), name).is_eq() {
            j -= 1;
            let other = self.names[j];
            let other_kind = entry(self.tables[other.table], other.object).1;
            if let Some(problem) = self.clash(name, other.table, other_kind, t, kind) {
                return Some(problem);
            }
        }
        None
    }

    /// The problem, if any, of `name` being both a `first` of table `u` and a `second` of
    /// table `t`, `u` coming first.
    const fn clash(
        &self,
        name: &str,
        u: usize,
        first: Kind,
        t: usize,
        second: Kind,
    ) -> Option<SchemaProblem> {
        let mut m = SchemaProblem::new();
        match (first, second) {
            (Kind::Table, Kind::Table) => {
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
            }
            (Kind::Table, other) | (other, Kind::Table) => {
                if !other.is_index() {
                    return None;
                }
                let owner = if matches!(first, Kind::Table) { t } else { u };
                m.push(&[
                    "two objects in schema `",
                    self.schema,
                    "` are named `",
                    name,
                ]);
                m.push(&[
                    "`: table `",
                    name,
                    "` and the ",
                    other.describe(),
                    " of table `",
                ]);
                m.push(&[self.tables[owner].name, "`; PostgreSQL indexes share one"]);
                m.push(&[" namespace with tables"]);
            }
            _ => {
                m.push(&[
                    "two objects in schema `",
                    self.schema,
                    "` are named `",
                    name,
                    "`: the ",
                ]);
                m.push(&[
                    first.describe(),
                    " of table `",
                    self.tables[u].name,
                    "` and the ",
                ]);
                m.push(&[second.describe(), " of table `", self.tables[t].name, "`"]);
                m.push(&["; index and constraint names must be unique in a schema"]);
            }
        }
        Some(m)
    }

    /// The first position in `names` whose entry is not before (`name`, `table`, `object`).
    /// The tables may not match the names (a hand-written composition), so every position is
    /// checked before use.
    const fn lower_bound(&self, name: &str, table: usize, object: usize) -> usize {
        let (mut low, mut high) = (0, self.names.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let entry = self.names[middle];
            let before = match compare_str(self.name_at(middle), name) {
                Ordering::Equal => {
                    entry.table < table || (entry.table == table && entry.object < object)
                }
                order => order.is_lt(),
            };
            if before {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// The name at position `j` of `names`; empty if the entry is not one of `tables`.
    const fn name_at(&self, j: usize) -> &'static str {
        let entry = self.names[j];
        if entry.table < self.tables.len() && entry.object <= object_count(self.tables[entry.table])
        {
            name_of(self.tables, &entry)
        } else {
            ""
        }
    }

    const fn is_entry(&self, j: usize, key: &SchemaName) -> bool {
        self.names[j].table == key.table && self.names[j].object == key.object
    }

    const fn has_table(&self, name: &str) -> bool {
        let mut j = self.lower_bound(name, 0, 0);
        while j < self.names.len() && compare_str(self.name_at(j), name).is_eq() {
            if self.names[j].object == 0 {
                return true;
            }
            j += 1;
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
