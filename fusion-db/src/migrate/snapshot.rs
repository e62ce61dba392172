//! Snapshots: a versioned, deterministic JSON description of a schema.
//!
//! A snapshot is written next to every generated migration and records the schema that the
//! migrations up to it build. The next `generate` diffs the newest snapshot against the current
//! schema. The same schema always gives the same bytes: tables, enums and named constraints are
//! sorted by name, columns keep their declaration order (it is the order of `CREATE TABLE`), the
//! JSON is pretty-printed with two spaces, LF line ends and a final newline, and nothing in it
//! depends on the time or the machine.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::table::{Identity, ReferentialAction, TableDef};

use super::error::MigrateError;

/// The snapshot format this build writes and the newest it reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The only dialect so far.
const DIALECT: &str = "postgresql";

/// A whole schema: its enum types and tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The snapshot format version ([`SNAPSHOT_VERSION`]).
    pub version: u32,
    /// The SQL dialect (`postgresql`).
    pub dialect: String,
    /// Enum types, sorted by name.
    pub enums: Vec<EnumSnapshot>,
    /// Tables, sorted by name.
    pub tables: Vec<TableSnapshot>,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumSnapshot {
    /// The type's name, unquoted.
    pub name: String,
    /// Its values, in their order in the type.
    pub values: Vec<String>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSnapshot {
    /// The table's name, unquoted.
    pub name: String,
    /// The name it had before, when the schema declares a rename. Never written to a file: a
    /// rename is a step between two snapshots, not part of either.
    #[serde(skip)]
    pub renamed_from: Option<String>,
    /// The columns, in declaration order.
    pub columns: Vec<ColumnSnapshot>,
    /// The primary key, if any.
    pub primary_key: Option<KeySnapshot>,
    /// Unique constraints, sorted by name.
    pub uniques: Vec<KeySnapshot>,
    /// Check constraints, sorted by name.
    pub checks: Vec<CheckSnapshot>,
    /// Foreign keys, sorted by name.
    pub foreign_keys: Vec<ForeignKeySnapshot>,
    /// Indexes that are not behind a constraint, sorted by name.
    pub indexes: Vec<IndexSnapshot>,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSnapshot {
    /// The column's name, unquoted.
    pub name: String,
    /// The name it had before, when the schema declares a rename (never written to a file).
    #[serde(skip)]
    pub renamed_from: Option<String>,
    /// The type as written in DDL (`text`, `varchar(200)`, `"status"`).
    #[serde(rename = "type")]
    pub sql_type: String,
    /// Whether the column accepts NULL.
    pub nullable: bool,
    /// The default as an SQL expression, if any.
    pub default: Option<String>,
    /// The identity clause, if the column is an identity column.
    #[serde(with = "identity_json")]
    pub identity: Option<Identity>,
}

/// A primary key or unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySnapshot {
    /// The constraint's name.
    pub name: String,
    /// Its columns, in key order.
    pub columns: Vec<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSnapshot {
    /// The constraint's name.
    pub name: String,
    /// The boolean expression.
    pub expression: String,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKeySnapshot {
    /// The constraint's name.
    pub name: String,
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub foreign_table: String,
    /// The referenced columns.
    pub foreign_columns: Vec<String>,
    /// The `ON DELETE` action.
    #[serde(with = "action_json")]
    pub on_delete: ReferentialAction,
    /// The `ON UPDATE` action.
    #[serde(with = "action_json")]
    pub on_update: ReferentialAction,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSnapshot {
    /// The index's name.
    pub name: String,
    /// The indexed columns, in index order.
    pub columns: Vec<String>,
    /// Whether it is a unique index.
    pub unique: bool,
}

impl Snapshot {
    /// A snapshot of no tables: what a fresh database has.
    pub fn empty() -> Snapshot {
        Snapshot {
            version: SNAPSHOT_VERSION,
            dialect: DIALECT.to_owned(),
            enums: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// The snapshot of a set of tables (a composed schema's `TABLES`), with the enum types
    /// their columns use and the renames they declare.
    pub fn from_tables(tables: &[&TableDef]) -> Snapshot {
        let mut snapshot = Snapshot::empty();
        for table in tables {
            for enum_def in table.enum_types() {
                if snapshot.enum_type(enum_def.name).is_none() {
                    snapshot.enums.push(EnumSnapshot {
                        name: enum_def.name.to_owned(),
                        values: strings(enum_def.values),
                    });
                }
            }
            snapshot.tables.push(TableSnapshot::from_def(table));
        }
        snapshot.sort();
        snapshot
    }

    /// Parses a snapshot file's text; `path` only names the file in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Snapshot, MigrateError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u64,
        }

        // The version is read on its own first, so a newer format is reported as such rather
        // than as whatever field this build fails to parse.
        let corrupted = |source| MigrateError::SnapshotCorrupted {
            path: path.to_owned(),
            source,
        };
        let probe: VersionOnly = serde_json::from_str(text).map_err(corrupted)?;
        if probe.version > u64::from(SNAPSHOT_VERSION) {
            return Err(MigrateError::SnapshotTooNew {
                path: path.to_owned(),
                found: probe.version,
                supported: SNAPSHOT_VERSION,
            });
        }

        let mut snapshot: Snapshot = serde_json::from_str(text).map_err(corrupted)?;
        if snapshot.version == 0 || snapshot.dialect != DIALECT {
            let message = format!(
                "expected version 1..={SNAPSHOT_VERSION} and dialect {DIALECT:?}, found version {} \
                 and dialect {:?}",
                snapshot.version, snapshot.dialect
            );
            return Err(corrupted(serde::de::Error::custom(message)));
        }
        snapshot.sort();
        Ok(snapshot)
    }

    /// Reads and parses a snapshot file.
    pub fn read(path: &Path) -> Result<Snapshot, MigrateError> {
        let text = std::fs::read_to_string(path).map_err(|source| MigrateError::ReadFile {
            path: path.to_owned(),
            source,
        })?;
        Snapshot::from_json(&text, path)
    }

    /// The snapshot as the bytes of its file: pretty JSON, LF line ends, a final newline.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// The table with this name, if any.
    pub fn table(&self, name: &str) -> Option<&TableSnapshot> {
        self.tables.iter().find(|table| table.name == name)
    }

    /// The enum type with this name, if any.
    pub fn enum_type(&self, name: &str) -> Option<&EnumSnapshot> {
        self.enums.iter().find(|enum_type| enum_type.name == name)
    }

    /// The same snapshot with every declared rename forgotten.
    pub fn without_renames(&self) -> Snapshot {
        let mut snapshot = self.clone();
        for table in &mut snapshot.tables {
            table.renamed_from = None;
            for column in &mut table.columns {
                column.renamed_from = None;
            }
        }
        snapshot
    }

    /// Puts everything that has no meaningful order into name order, so equal schemas give
    /// equal snapshots whatever order they were declared or read in.
    pub fn sort(&mut self) {
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut self.tables {
            table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
}

impl TableSnapshot {
    fn from_def(table: &TableDef) -> TableSnapshot {
        TableSnapshot {
            name: table.name.to_owned(),
            renamed_from: table.renamed_from.map(str::to_owned),
            columns: table
                .columns
                .iter()
                .map(|column| ColumnSnapshot {
                    name: column.name.to_owned(),
                    renamed_from: column.renamed_from.map(str::to_owned),
                    sql_type: column.sql_type.to_owned(),
                    nullable: column.nullable,
                    default: column.default.map(str::to_owned),
                    identity: column.identity,
                })
                .collect(),
            primary_key: table.primary_key.map(|key| KeySnapshot {
                name: key.name.to_owned(),
                columns: strings(key.columns),
            }),
            uniques: (table.uniques.iter())
                .map(|unique| KeySnapshot {
                    name: unique.name.to_owned(),
                    columns: strings(unique.columns),
                })
                .collect(),
            checks: (table.checks.iter())
                .map(|check| CheckSnapshot {
                    name: check.name.to_owned(),
                    expression: check.expression.to_owned(),
                })
                .collect(),
            foreign_keys: (table.foreign_keys.iter())
                .map(|fk| ForeignKeySnapshot {
                    name: fk.name.to_owned(),
                    columns: strings(fk.columns),
                    foreign_table: fk.foreign_table.to_owned(),
                    foreign_columns: strings(fk.foreign_columns),
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                })
                .collect(),
            indexes: (table.indexes.iter())
                .map(|index| IndexSnapshot {
                    name: index.name.to_owned(),
                    columns: strings(index.columns),
                    unique: index.unique,
                })
                .collect(),
        }
    }

    /// The column with this name, if any.
    pub fn column(&self, name: &str) -> Option<&ColumnSnapshot> {
        self.columns.iter().find(|column| column.name == name)
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// `Identity` in JSON: `"always"`, `"by default"` or `null`.
mod identity_json {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::table::Identity;

    pub fn serialize<S: Serializer>(value: &Option<Identity>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(Identity::Always) => s.serialize_str("always"),
            Some(Identity::ByDefault) => s.serialize_str("by default"),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Identity>, D::Error> {
        match Option::<String>::deserialize(d)?.as_deref() {
            None => Ok(None),
            Some("always") => Ok(Some(Identity::Always)),
            Some("by default") => Ok(Some(Identity::ByDefault)),
            Some(other) => Err(serde::de::Error::custom(format!(
                "unknown identity {other:?}, expected \"always\" or \"by default\""
            ))),
        }
    }
}

/// `ReferentialAction` in JSON: the SQL words (`"cascade"`, `"no action"`, ...).
mod action_json {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::table::ReferentialAction;

    const ALL: [ReferentialAction; 5] = [
        ReferentialAction::NoAction,
        ReferentialAction::Restrict,
        ReferentialAction::Cascade,
        ReferentialAction::SetNull,
        ReferentialAction::SetDefault,
    ];

    pub fn serialize<S: Serializer>(value: &ReferentialAction, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_sql())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ReferentialAction, D::Error> {
        let text = String::deserialize(d)?;
        ALL.into_iter()
            .find(|action| action.as_sql() == text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown referential action {text:?}")))
    }
}
