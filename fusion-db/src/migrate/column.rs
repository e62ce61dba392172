//! The changes to one column that exists in both schemas.

use super::change::Change;
use super::normalize::{same_default, type_key};
use super::snapshot::{ColumnSnapshot, Snapshot};
use super::widening::is_widening;

/// Identity is dropped before and added after the other column changes, because a column
/// cannot have both an identity and a default.
pub(crate) fn diff_column(
    table: &str,
    old: &ColumnSnapshot,
    new: &ColumnSnapshot,
    old_snapshot: &Snapshot,
    out: &mut Vec<Change>,
) {
    let (table, column) = (table.to_owned(), new.name.clone());
    if old.identity.is_some() && new.identity.is_none() {
        out.push(Change::SetIdentity {
            table: table.clone(),
            column: column.clone(),
            from: old.identity,
            to: None,
        });
    }

    let (from_key, to_key) = (type_key(&old.sql_type), type_key(&new.sql_type));
    if from_key != to_key {
        let from_is_enum = old_snapshot
            .enum_type(from_key.trim_end_matches("[]"))
            .is_some();
        out.push(Change::AlterType {
            table: table.clone(),
            column: column.clone(),
            from: old.sql_type.clone(),
            to: new.sql_type.clone(),
            old_default: old.default.clone(),
            new_default: new.default.clone(),
            widening: is_widening(&from_key, &to_key, from_is_enum),
            from_enum: from_is_enum,
        });
    } else if !same_default(old.default.as_deref(), new.default.as_deref()) {
        let (table, column) = (table.clone(), column.clone());
        match (&new.default, &old.default) {
            (Some(to), from) => out.push(Change::SetDefault {
                table,
                column,
                from: from.clone(),
                to: to.clone(),
            }),
            (None, Some(from)) => out.push(Change::DropDefault {
                table,
                column,
                from: from.clone(),
            }),
            (None, None) => {}
        }
    }

    match (old.nullable, new.nullable) {
        (true, false) => out.push(Change::SetNotNull {
            table: table.clone(),
            column: column.clone(),
            has_default: new.default.is_some(),
        }),
        (false, true) => out.push(Change::DropNotNull {
            table: table.clone(),
            column: column.clone(),
        }),
        _ => {}
    }

    if new.identity.is_some() && old.identity != new.identity {
        let (from, to) = (old.identity, new.identity);
        out.push(Change::SetIdentity {
            table,
            column,
            from,
            to,
        });
    }
}
