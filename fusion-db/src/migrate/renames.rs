//! Declared renames, applied to the old snapshot before it is compared with the new one.
//!
//! A rename is taken only from a `renamed_from` in the new schema, and only when it applies:
//! the old name exists in the old snapshot, the new name does not yet, and the new schema does
//! not also keep the old name. Applying it also renames every reference to the table or
//! column (keys, indexes, foreign keys of other tables), so nothing else shows as changed.

use super::change::Change;
use super::snapshot::Snapshot;

/// Emits the declared renames that apply (the old name exists, the new one does not yet) and
/// returns the old snapshot with them applied.
pub(crate) fn apply_renames(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) -> Snapshot {
    let mut renamed = old.clone();

    for table in &new.tables {
        let Some(from) = &table.renamed_from else {
            continue;
        };
        let applies = renamed.table(&table.name).is_none()
            && renamed.table(from).is_some()
            && new.table(from).is_none();
        if applies {
            let (from, to) = (from.clone(), table.name.clone());
            rename_table(&mut renamed, &from, &to);
            out.push(Change::RenameTable { from, to });
        }
    }

    for table in &new.tables {
        for column in &table.columns {
            let (Some(from), Some(old_table)) = (&column.renamed_from, renamed.table(&table.name))
            else {
                continue;
            };
            let applies = old_table.column(&column.name).is_none()
                && old_table.column(from).is_some()
                && table.column(from).is_none();
            if applies {
                let (from, to) = (from.clone(), column.name.clone());
                rename_column(&mut renamed, &table.name, &from, &to);
                let table = table.name.clone();
                out.push(Change::RenameColumn { table, from, to });
            }
        }
    }
    renamed
}

fn rename_table(snapshot: &mut Snapshot, from: &str, to: &str) {
    for table in &mut snapshot.tables {
        if table.name == from {
            to.clone_into(&mut table.name);
        }
        for fk in &mut table.foreign_keys {
            if fk.foreign_table == from {
                to.clone_into(&mut fk.foreign_table);
            }
        }
    }
    snapshot.sort();
}

fn rename_column(snapshot: &mut Snapshot, table_name: &str, from: &str, to: &str) {
    let rename = |names: &mut Vec<String>| {
        for name in names.iter_mut().filter(|name| *name == from) {
            to.clone_into(name);
        }
    };
    for table in &mut snapshot.tables {
        for fk in table.foreign_keys.iter_mut() {
            if fk.foreign_table == table_name {
                rename(&mut fk.foreign_columns);
            }
        }
        if table.name != table_name {
            continue;
        }
        for column in table.columns.iter_mut().filter(|c| c.name == from) {
            to.clone_into(&mut column.name);
        }
        let keys = table.primary_key.iter_mut().chain(table.uniques.iter_mut());
        keys.for_each(|key| rename(&mut key.columns));
        table
            .foreign_keys
            .iter_mut()
            .for_each(|fk| rename(&mut fk.columns));
        table
            .indexes
            .iter_mut()
            .for_each(|index| rename(&mut index.columns));
    }
}
