//! Migrations of a 500-table schema (10 columns each, a primary key, a foreign key, a unique
//! constraint and an index per table): writing the first migration, diffing two versions, and
//! writing the second migration from the first one's snapshot. No database is involved.
//!
//!     cargo bench -p fusion-db-benches --bench migrate

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use fusion_db::migrate::{self, Generated, Snapshot};
use fusion_db::{
    ColumnDef, ForeignKeyDef, IndexDef, PrimaryKeyDef, ReferentialAction, TableDef, UniqueDef,
};

const TABLES: usize = 500;

/// The first version of the schema.
static V1: LazyLock<Vec<&'static TableDef>> = LazyLock::new(|| schema(1));

/// The second: 5 new tables; in every 10th table a new column, in every 20th a widened
/// column, in every 25th a renamed column, in every 50th a new index.
static V2: LazyLock<Vec<&'static TableDef>> = LazyLock::new(|| schema(2));

fn main() {
    LazyLock::force(&V1);
    LazyLock::force(&V2);
    divan::main();
}

fn leak(text: String) -> &'static str {
    text.leak()
}

fn leak_list(items: Vec<&'static str>) -> &'static [&'static str] {
    items.leak()
}

fn column(name: &'static str, sql_type: &'static str, nullable: bool) -> ColumnDef {
    ColumnDef {
        name,
        sql_type,
        nullable,
        default: None,
        identity: None,
        enum_type: None,
        renamed_from: None,
    }
}

fn schema(version: u8) -> Vec<&'static TableDef> {
    let count = if version == 1 { TABLES } else { TABLES + 5 };
    (0..count).map(|i| table(i, version)).collect()
}

fn table(i: usize, version: u8) -> &'static TableDef {
    let v2 = version == 2;
    let name = leak(format!("table_{i}"));
    let mut columns = vec![
        ColumnDef {
            identity: Some(fusion_db::Identity::ByDefault),
            ..column("id", "bigint", false)
        },
        column("parent_id", "bigint", true),
        column("name", "text", false),
        column("email", "varchar(200)", false),
        column("age", "integer", false),
        ColumnDef {
            default: Some("true"),
            ..column("active", "boolean", false)
        },
        column("balance", "double precision", false),
        ColumnDef {
            default: Some("now()"),
            ..column("created_at", "timestamp", false)
        },
        column("profile", "jsonb", false),
        column("nickname", "text", true),
    ];
    if v2 && i.is_multiple_of(20) {
        columns[4].sql_type = "bigint";
    }
    if v2 && i.is_multiple_of(25) {
        columns[9] = ColumnDef {
            renamed_from: Some("nickname"),
            ..column("handle", "text", true)
        };
    }
    if v2 && i.is_multiple_of(10) {
        columns.push(column("note", "text", true));
    }
    let mut indexes = vec![IndexDef {
        name: leak(format!("{name}_created_at_index")),
        columns: leak_list(vec!["created_at"]),
        unique: false,
    }];
    if v2 && i.is_multiple_of(50) {
        indexes.push(IndexDef {
            name: leak(format!("{name}_age_name_index")),
            columns: leak_list(vec!["age", "name"]),
            unique: false,
        });
    }
    let parent = leak(format!("table_{}", i.saturating_sub(1)));
    Box::leak(Box::new(TableDef {
        name,
        columns: columns.leak(),
        primary_key: Some(PrimaryKeyDef {
            name: leak(format!("{name}_pkey")),
            columns: leak_list(vec!["id"]),
        }),
        uniques: vec![UniqueDef {
            name: leak(format!("{name}_email_unique")),
            columns: leak_list(vec!["email"]),
        }]
        .leak(),
        indexes: indexes.leak(),
        foreign_keys: vec![ForeignKeyDef {
            name: leak(format!("{name}_parent_id_{parent}_id_fk")),
            columns: leak_list(vec!["parent_id"]),
            foreign_table: parent,
            foreign_columns: leak_list(vec!["id"]),
            on_delete: ReferentialAction::Cascade,
            on_update: ReferentialAction::NoAction,
        }]
        .leak(),
        checks: &[],
        renamed_from: None,
    }))
}

/// An empty directory of its own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let path =
            std::env::temp_dir().join(format!("fusion_bench_{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn written(generated: Generated) -> usize {
    match generated {
        Generated::Written(migrations) => migrations.iter().map(|m| m.steps.len()).sum(),
        Generated::NoChanges { .. } => panic!("expected a migration"),
    }
}

/// `generate` with no migration yet: snapshot the schema, render its SQL, write both files.
#[divan::bench(sample_count = 20)]
fn first_migration(bencher: Bencher) {
    bencher.with_inputs(TempDir::new).bench_local_values(|dir| {
        let steps = written(
            migrate::generate(dir.path(), &V1, None, false).unwrap_or_else(|e| panic!("{e}")),
        );
        (dir, steps)
    });
}

/// `generate` after the first migration: read its snapshot, diff, write the next files.
#[divan::bench(sample_count = 20)]
fn second_migration(bencher: Bencher) {
    bencher
        .with_inputs(|| {
            let dir = TempDir::new();
            migrate::generate(dir.path(), &V1, None, false).unwrap_or_else(|e| panic!("{e}"));
            dir
        })
        .bench_local_values(|dir| {
            let steps = written(
                migrate::generate(dir.path(), &V2, None, false).unwrap_or_else(|e| panic!("{e}")),
            );
            (dir, steps)
        });
}

/// The diff alone, between two snapshots built beforehand.
#[divan::bench(sample_count = 20)]
fn diff_two_versions(bencher: Bencher) {
    let old = Snapshot::from_tables(&V1);
    let new = Snapshot::from_tables(&V2);
    bencher.bench_local(|| migrate::diff(&old, &new).unwrap_or_else(|e| panic!("{e}")));
}

/// The snapshot of the schema's metadata: the step both `generate`s start with.
#[divan::bench(sample_count = 20)]
fn snapshot_from_tables() -> Snapshot {
    Snapshot::from_tables(&V2)
}
