//! The index of a schema's names that its checks search.
//!
//! `compose!` sizes a module-level array with [`schema_names_len`] and fills it with
//! [`schema_names`]: every table's name and every constraint's and index's, sorted by name and
//! then by position in the schema. Const evaluation has no allocation and no standard sort;
//! this is a heapsort over positions, `O(n log n)`.

use core::cmp::Ordering;

use crate::table::TableDef;

/// One name in a schema's namespace: a table's, or one of its constraints' or indexes'.
///
/// Built by [`schema_names`]; an entry of the index the checks search. It holds positions, not
/// the name itself: const evaluation moves plain integers far faster than references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaName {
    pub(super) table: usize,
    /// 0 for the table itself, `k + 1` for its `k`th constraint or index (see `object_at`).
    pub(super) object: usize,
}

pub(super) const NO_NAME: SchemaName = SchemaName {
    table: 0,
    object: 0,
};

/// What a name belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Table,
    PrimaryKey,
    Unique,
    Index,
    ForeignKey,
    Check,
}

impl Kind {
    pub(super) const fn describe(self) -> &'static str {
        match self {
            Kind::Table => "table",
            Kind::PrimaryKey => "primary key",
            Kind::Unique => "unique constraint",
            Kind::Index => "index",
            Kind::ForeignKey => "foreign key",
            Kind::Check => "check constraint",
        }
    }

    /// Whether PostgreSQL makes an index of it, which then shares the namespace of tables.
    pub(super) const fn is_index(self) -> bool {
        matches!(self, Kind::PrimaryKey | Kind::Unique | Kind::Index)
    }
}

/// How many named constraints and indexes `table` has.
pub(super) const fn object_count(table: &TableDef) -> usize {
    let key = if table.primary_key.is_some() { 1 } else { 0 };
    key + table.uniques.len() + table.indexes.len() + table.foreign_keys.len() + table.checks.len()
}

/// The `k`th named constraint or index of `table`: primary key, uniques, indexes, foreign keys,
/// checks.
const fn object_at(table: &TableDef, k: usize) -> (&'static str, Kind) {
    let mut k = k;
    if let Some(key) = table.primary_key {
        if k == 0 {
            return (key.name, Kind::PrimaryKey);
        }
        k -= 1;
    }
    if k < table.uniques.len() {
        return (table.uniques[k].name, Kind::Unique);
    }
    k -= table.uniques.len();
    if k < table.indexes.len() {
        return (table.indexes[k].name, Kind::Index);
    }
    k -= table.indexes.len();
    if k < table.foreign_keys.len() {
        return (table.foreign_keys[k].name, Kind::ForeignKey);
    }
    k -= table.foreign_keys.len();
    (table.checks[k].name, Kind::Check)
}

/// The name and kind of entry `object` of `table` (0 is the table itself).
pub(super) const fn entry(table: &TableDef, object: usize) -> (&'static str, Kind) {
    if object == 0 {
        (table.name, Kind::Table)
    } else {
        object_at(table, object - 1)
    }
}

/// How many names `tables` put in the schema's namespace: each table's own and those of its
/// constraints and indexes.
pub const fn schema_names_len(tables: &[&TableDef]) -> usize {
    let mut len = 0;
    let mut t = 0;
    while t < tables.len() {
        len += 1 + object_count(tables[t]);
        t += 1;
    }
    len
}

/// Every name of `tables`, sorted, for [`Composition::names`](super::Composition::names); `N` must be
/// [`schema_names_len`]`(tables)`.
pub const fn schema_names<const N: usize>(tables: &[&'static TableDef]) -> [SchemaName; N] {
    let mut names = [NO_NAME; N];
    let mut len = 0;
    let mut t = 0;
    while t < tables.len() {
        let mut object = 0;
        while object <= object_count(tables[t]) {
            if len < N {
                names[len] = SchemaName { table: t, object };
            }
            len += 1;
            object += 1;
        }
        t += 1;
    }
    if len != N {
        panic!("schema_names: N is not schema_names_len(tables)");
    }
    sort(tables, &mut names);
    names
}

/// The name `entry` stands for.
pub(super) const fn name_of(tables: &[&TableDef], entry: &SchemaName) -> &'static str {
    self::entry(tables[entry.table], entry.object).0
}

pub(super) const fn compare_str(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        i += 1;
    }
    if a.len() < b.len() {
        Ordering::Less
    } else if a.len() > b.len() {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// Orders by name, then by position in the schema, so that among equal names the earlier
/// table's come first.
const fn compare(tables: &[&TableDef], a: &SchemaName, b: &SchemaName) -> Ordering {
    match compare_str(name_of(tables, a), name_of(tables, b)) {
        Ordering::Equal if a.table != b.table => {
            if a.table < b.table {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        Ordering::Equal if a.object != b.object => {
            if a.object < b.object {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        other => other,
    }
}

/// Heapsort: in place and `O(n log n)`, which const evaluation needs.
pub(super) const fn sort(tables: &[&TableDef], names: &mut [SchemaName]) {
    let mut start = names.len() / 2;
    while start > 0 {
        start -= 1;
        sift_down(tables, names, start, names.len());
    }
    let mut end = names.len();
    while end > 1 {
        end -= 1;
        swap(names, 0, end);
        sift_down(tables, names, 0, end);
    }
}

const fn sift_down(tables: &[&TableDef], names: &mut [SchemaName], start: usize, end: usize) {
    let mut root = start;
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(tables, &names[child], &names[child + 1]).is_lt() {
            child += 1;
        }
        if compare(tables, &names[root], &names[child]).is_lt() {
            swap(names, root, child);
            root = child;
        } else {
            return;
        }
    }
}

const fn swap(names: &mut [SchemaName], a: usize, b: usize) {
    let kept = names[a];
    names[a] = names[b];
    names[b] = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{IndexDef, PrimaryKeyDef};

    const fn table(name: &'static str, indexes: &'static [IndexDef]) -> TableDef {
        TableDef {
            name,
            columns: &[],
            primary_key: Some(PrimaryKeyDef {
                name: "pkey",
                columns: &[],
            }),
            uniques: &[],
            indexes,
            foreign_keys: &[],
            checks: &[],
            renamed_from: None,
        }
    }

    fn sorted(tables: &[&'static TableDef]) -> Vec<(&'static str, usize, usize)> {
        let mut names = vec![NO_NAME; schema_names_len(tables)];
        let mut len = 0;
        for (t, table) in tables.iter().enumerate() {
            for object in 0..=object_count(table) {
                names[len] = SchemaName { table: t, object };
                len += 1;
            }
        }
        sort(tables, &mut names);
        names
            .iter()
            .map(|n| (name_of(tables, n), n.table, n.object))
            .collect()
    }

    #[test]
    fn names_sort_by_name_then_position() {
        const B: TableDef = table("b", &[]);
        const A: TableDef = table("a", &[]);
        assert_eq!(
            sorted(&[&B, &A, &B]),
            [
                ("a", 1, 0),
                ("b", 0, 0),
                ("b", 2, 0),
                ("pkey", 0, 1),
                ("pkey", 1, 1),
                ("pkey", 2, 1)
            ]
        );
    }
}
