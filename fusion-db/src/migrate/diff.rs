//! Comparing two snapshots into an ordered list of changes.
//!
//! Renames are taken only from the `renamed_from` the new schema declares, and are applied to
//! the old snapshot first; everything after compares the renamed old schema with the new one
//! by name. Changes are collected into phases whose order applies cleanly: enum types, renames,
//! dropped foreign keys, dropped indexes and constraints, new tables, added and altered
//! columns, dropped columns and tables, then new constraints, foreign keys and indexes.

use super::change::{Change, Constraint};
use super::column::diff_column;
use super::matching::{match_named, Matched};
use super::normalize::expression_key;
use super::renames::apply_renames;
use super::snapshot::{EnumSnapshot, ForeignKeySnapshot, KeySnapshot, Snapshot, TableSnapshot};

#[derive(Default)]
struct Phases {
    enums: Vec<Change>,
    renames: Vec<Change>,
    drop_foreign_keys: Vec<Change>,
    drop_constraints: Vec<Change>,
    create_tables: Vec<Change>,
    alter_columns: Vec<Change>,
    drops: Vec<Change>,
    add_constraints: Vec<Change>,
    add_foreign_keys: Vec<Change>,
    create_indexes: Vec<Change>,
}

/// Foreign keys that stay as they are, and the keys that are dropped: a kept foreign key that
/// points at a dropped key has to be dropped before it and added again after.
#[derive(Default)]
struct Dependencies {
    kept_foreign_keys: Vec<(String, ForeignKeySnapshot)>,
    dropped_keys: Vec<(String, Vec<String>)>,
}

/// The changes that turn the `old` schema into the `new` one, in an order that applies.
pub(crate) fn changes(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut phases = Phases::default();
    let mut dependencies = Dependencies::default();

    for enum_type in &new.enums {
        match old.enum_type(&enum_type.name) {
            None => phases.enums.push(Change::CreateEnum(enum_type.clone())),
            Some(old_enum) => diff_enum_values(old_enum, enum_type, &mut phases.enums),
        }
    }

    let old = apply_renames(old, new, &mut phases.renames);

    for table in &new.tables {
        match old.table(&table.name) {
            None => create_table(table, &mut phases),
            Some(old_table) => diff_table(old_table, table, &old, &mut phases, &mut dependencies),
        }
    }
    for table in old.tables.iter().filter(|t| new.table(&t.name).is_none()) {
        drop_table(table, &old, new, &mut phases);
    }
    for enum_type in old
        .enums
        .iter()
        .filter(|e| new.enum_type(&e.name).is_none())
    {
        let name = enum_type.name.clone();
        phases.drops.push(Change::DropEnum { name });
    }
    rebuild_dependent_foreign_keys(dependencies, &mut phases);

    [
        phases.enums,
        phases.renames,
        phases.drop_foreign_keys,
        phases.drop_constraints,
        phases.create_tables,
        phases.alter_columns,
        phases.drops,
        phases.add_constraints,
        phases.add_foreign_keys,
        phases.create_indexes,
    ]
    .concat()
}

/// PostgreSQL can only add enum values, so dropped or reordered values are reported as such
/// and the caller decides whether that is an error.
fn diff_enum_values(old: &EnumSnapshot, new: &EnumSnapshot, out: &mut Vec<Change>) {
    let enum_name = &new.name;
    for value in old.values.iter().filter(|v| !new.values.contains(v)) {
        let (enum_name, value) = (enum_name.clone(), value.clone());
        out.push(Change::DropEnumValue { enum_name, value });
    }

    let kept_in_old: Vec<&String> = old
        .values
        .iter()
        .filter(|v| new.values.contains(v))
        .collect();
    let kept_in_new: Vec<&String> = new
        .values
        .iter()
        .filter(|v| old.values.contains(v))
        .collect();
    if kept_in_old != kept_in_new {
        out.push(Change::ReorderEnum {
            enum_name: enum_name.clone(),
            old: old.values.clone(),
            new: new.values.clone(),
        });
        return;
    }

    for (i, value) in new.values.iter().enumerate() {
        if old.values.contains(value) {
            continue;
        }
        let after = i.checked_sub(1).and_then(|p| new.values.get(p)).cloned();
        let before = match after {
            Some(_) => None,
            None => new.values.iter().find(|v| old.values.contains(v)).cloned(),
        };
        out.push(Change::AddEnumValue {
            enum_name: enum_name.clone(),
            value: value.clone(),
            after,
            before,
        });
    }
}

fn create_table(table: &TableSnapshot, phases: &mut Phases) {
    phases
        .create_tables
        .push(Change::CreateTable(table.clone()));
    for fk in &table.foreign_keys {
        phases.add_foreign_keys.push(Change::AddConstraint {
            table: table.name.clone(),
            constraint: Constraint::ForeignKey(fk.clone()),
        });
    }
    for index in &table.indexes {
        let (table, index) = (table.name.clone(), index.clone());
        phases
            .create_indexes
            .push(Change::CreateIndex { table, index });
    }
}

/// A dropped table's foreign keys to other dropped tables go first, so the tables can be
/// dropped in any order without `CASCADE` (which could silently take views along).
fn drop_table(table: &TableSnapshot, old: &Snapshot, new: &Snapshot, phases: &mut Phases) {
    for fk in &table.foreign_keys {
        let target_dropped = fk.foreign_table != table.name
            && old.table(&fk.foreign_table).is_some()
            && new.table(&fk.foreign_table).is_none();
        if target_dropped {
            phases.drop_foreign_keys.push(Change::DropConstraint {
                table: table.name.clone(),
                constraint: Constraint::ForeignKey(fk.clone()),
            });
        }
    }
    let name = table.name.clone();
    phases.drops.push(Change::DropTable { name });
}

fn diff_table(
    old: &TableSnapshot,
    new: &TableSnapshot,
    old_snapshot: &Snapshot,
    phases: &mut Phases,
    dependencies: &mut Dependencies,
) {
    let table = &new.name;
    for column in &new.columns {
        match old.column(&column.name) {
            None => phases.alter_columns.push(Change::AddColumn {
                table: table.clone(),
                column: column.clone(),
            }),
            Some(old_column) => {
                diff_column(
                    table,
                    old_column,
                    column,
                    old_snapshot,
                    &mut phases.alter_columns,
                );
            }
        }
    }
    for column in old.columns.iter().filter(|c| new.column(&c.name).is_none()) {
        let (table, column) = (table.clone(), column.clone());
        phases.drops.push(Change::DropColumn { table, column });
    }

    let keys = [
        (old.primary_key.as_slice(), new.primary_key.as_slice(), true),
        (old.uniques.as_slice(), new.uniques.as_slice(), false),
    ];
    for (old_keys, new_keys, primary) in keys {
        let wrap = |key: &KeySnapshot| match primary {
            true => Constraint::PrimaryKey(key.clone()),
            false => Constraint::Unique(key.clone()),
        };
        let matched = match_named(
            old_keys,
            new_keys,
            |k| &k.name,
            |a, b| a.columns == b.columns,
        );
        for key in &matched.dropped {
            dependencies
                .dropped_keys
                .push((table.clone(), key.columns.clone()));
        }
        matched.emit(table, wrap, phases, Phase::Constraints);
    }

    let checks = match_named(
        &old.checks,
        &new.checks,
        |c| &c.name,
        |a, b| expression_key(&a.expression) == expression_key(&b.expression),
    );
    checks.emit(
        table,
        |c| Constraint::Check(c.clone()),
        phases,
        Phase::Constraints,
    );

    let fks = match_named(
        &old.foreign_keys,
        &new.foreign_keys,
        |f| &f.name,
        same_foreign_key,
    );
    for fk in &fks.kept {
        dependencies
            .kept_foreign_keys
            .push((table.clone(), (*fk).clone()));
    }
    fks.emit(
        table,
        |f| Constraint::ForeignKey(f.clone()),
        phases,
        Phase::ForeignKeys,
    );

    let indexes = match_named(
        &old.indexes,
        &new.indexes,
        |i| &i.name,
        |a, b| a.columns == b.columns && a.unique == b.unique,
    );
    for index in indexes.dropped.iter().filter(|index| index.unique) {
        dependencies
            .dropped_keys
            .push((table.clone(), index.columns.clone()));
    }
    for index in indexes.dropped {
        let (table, index) = (table.clone(), index.clone());
        phases
            .drop_constraints
            .push(Change::DropIndex { table, index });
    }
    for (from, to) in indexes.renamed {
        phases.drop_constraints.push(Change::RenameIndex {
            table: table.clone(),
            from: from.name.clone(),
            to: to.name.clone(),
        });
    }
    for index in indexes.added {
        let (table, index) = (table.clone(), index.clone());
        phases
            .create_indexes
            .push(Change::CreateIndex { table, index });
    }
}

fn same_foreign_key(a: &ForeignKeySnapshot, b: &ForeignKeySnapshot) -> bool {
    a.columns == b.columns
        && a.foreign_table == b.foreign_table
        && a.foreign_columns == b.foreign_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
}

fn rebuild_dependent_foreign_keys(dependencies: Dependencies, phases: &mut Phases) {
    let sorted = |columns: &[String]| {
        let mut columns = columns.to_vec();
        columns.sort();
        columns
    };
    for (table, fk) in dependencies.kept_foreign_keys {
        let target = sorted(&fk.foreign_columns);
        let depends_on_dropped_key =
            (dependencies.dropped_keys.iter()).any(|(key_table, columns)| {
                *key_table == fk.foreign_table && sorted(columns) == target
            });
        if depends_on_dropped_key {
            let constraint = Constraint::ForeignKey(fk);
            phases.drop_foreign_keys.push(Change::DropConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
            });
            phases
                .add_foreign_keys
                .push(Change::AddConstraint { table, constraint });
        }
    }
}

/// Which phases a kind of constraint is dropped and added in.
#[derive(Clone, Copy)]
enum Phase {
    Constraints,
    ForeignKeys,
}

impl<T> Matched<'_, T> {
    fn emit(self, table: &str, wrap: impl Fn(&T) -> Constraint, phases: &mut Phases, phase: Phase) {
        for item in self.dropped {
            let change = Change::DropConstraint {
                table: table.to_owned(),
                constraint: wrap(item),
            };
            match phase {
                Phase::Constraints => phases.drop_constraints.push(change),
                Phase::ForeignKeys => phases.drop_foreign_keys.push(change),
            }
        }
        for (from, to) in self.renamed {
            let (from, to) = (wrap(from), wrap(to));
            phases.drop_constraints.push(Change::RenameConstraint {
                table: table.to_owned(),
                kind: to.kind(),
                from: from.name().to_owned(),
                to: to.name().to_owned(),
            });
        }
        for item in self.added {
            let change = Change::AddConstraint {
                table: table.to_owned(),
                constraint: wrap(item),
            };
            match phase {
                Phase::Constraints => phases.add_constraints.push(change),
                Phase::ForeignKeys => phases.add_foreign_keys.push(change),
            }
        }
    }
}
