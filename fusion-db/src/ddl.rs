//! DDL rendering that runs in `const` context.
//!
//! Every statement fusion-db emits is written here, from metadata, by `const fn`s: the same code
//! gives a table's `DDL` at compile time and a migration's SQL at run time. Rendering runs twice,
//! once to count the bytes (so the caller can size a `[u8; N]`) and once to fill them.

use crate::enum_type::EnumDef;
use crate::table::{ForeignKeyDef, IndexDef, TableDef};

/// Writes bytes into a buffer, or only counts them when the buffer is empty.
pub struct SqlWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SqlWriter<'a> {
    /// A writer that fills `buf`; bytes past its end are counted but dropped.
    pub const fn new(buf: &'a mut [u8]) -> Self {
        SqlWriter { buf, len: 0 }
    }

    /// How many bytes have been written (or would have been).
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `text` as is.
    pub const fn push(&mut self, text: &str) {
        self.push_bytes(text.as_bytes());
    }

    // Const evaluation is interpreted, so whole slices are counted and copied at once rather
    // than byte by byte: rendering is most of what a table costs to compile.
    const fn push_bytes(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end <= self.buf.len() {
            let (_, tail) = self.buf.split_at_mut(self.len);
            let (target, _) = tail.split_at_mut(bytes.len());
            target.copy_from_slice(bytes);
        } else if self.len < self.buf.len() {
            let mut i = 0;
            while i < bytes.len() {
                self.push_byte(bytes[i]);
                i += 1;
            }
            return;
        }
        self.len = end;
    }

    const fn push_byte(&mut self, byte: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = byte;
        }
        self.len += 1;
    }

    /// Appends `name` as a double-quoted identifier, doubling any `"` inside it.
    pub const fn push_ident(&mut self, name: &str) {
        self.push_quoted(name, b'"');
    }

    /// Appends `text` as a single-quoted string literal, doubling any `'` inside it.
    pub const fn push_literal(&mut self, text: &str) {
        self.push_quoted(text, b'\'');
    }

    const fn push_quoted(&mut self, text: &str, quote: u8) {
        let mut rest = text.as_bytes();
        self.push_byte(quote);
        loop {
            let mut i = 0;
            while i < rest.len() && rest[i] != quote {
                i += 1;
            }
            let (plain, after) = rest.split_at(i);
            self.push_bytes(plain);
            if after.is_empty() {
                break;
            }
            self.push_byte(quote);
            self.push_byte(quote);
            rest = after.split_at(1).1;
        }
        self.push_byte(quote);
    }

    /// Appends `("a","b")`-style column lists without the parentheses: `"a","b"`.
    pub const fn push_ident_list(&mut self, names: &[&str]) {
        let mut i = 0;
        while i < names.len() {
            if i > 0 {
                self.push(",");
            }
            self.push_ident(names[i]);
            i += 1;
        }
    }
}

/// Writes `CREATE TABLE` for `table`, with its primary key, unique and check constraints.
pub const fn write_create_table(w: &mut SqlWriter<'_>, table: &TableDef) {
    w.push("CREATE TABLE ");
    w.push_ident(table.name);
    w.push(" (\n");

    let inline_key = match table.primary_key {
        Some(key) if is_inline_key(table.name, key.name, key.columns) => Some(key.columns[0]),
        _ => None,
    };
    let mut i = 0;
    while i < table.columns.len() {
        let column = &table.columns[i];
        if i > 0 {
            w.push(",\n");
        }
        w.push("\t");
        w.push_ident(column.name);
        w.push(" ");
        w.push(column.sql_type);
        if let Some(key) = inline_key {
            if str_eq(key, column.name) {
                w.push(" PRIMARY KEY");
            }
        }
        if let Some(identity) = column.identity {
            w.push(" ");
            w.push(identity.as_sql());
        }
        if let Some(default) = column.default {
            w.push(" DEFAULT ");
            w.push(default);
        }
        if !column.nullable {
            w.push(" NOT NULL");
        }
        i += 1;
    }

    if let Some(key) = table.primary_key {
        if !is_inline_key(table.name, key.name, key.columns) {
            w.push(",\n\tCONSTRAINT ");
            w.push_ident(key.name);
            w.push(" PRIMARY KEY(");
            w.push_ident_list(key.columns);
            w.push(")");
        }
    }
    let mut i = 0;
    while i < table.uniques.len() {
        w.push(",\n\tCONSTRAINT ");
        w.push_ident(table.uniques[i].name);
        w.push(" UNIQUE(");
        w.push_ident_list(table.uniques[i].columns);
        w.push(")");
        i += 1;
    }
    let mut i = 0;
    while i < table.checks.len() {
        w.push(",\n\tCONSTRAINT ");
        w.push_ident(table.checks[i].name);
        w.push(" CHECK (");
        w.push(table.checks[i].expression);
        w.push(")");
        i += 1;
    }
    w.push("\n);\n");
}

/// Writes the `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` statement of `fk`.
pub const fn write_foreign_key(w: &mut SqlWriter<'_>, table: &str, fk: &ForeignKeyDef) {
    w.push("ALTER TABLE ");
    w.push_ident(table);
    w.push(" ADD CONSTRAINT ");
    w.push_ident(fk.name);
    w.push(" FOREIGN KEY (");
    w.push_ident_list(fk.columns);
    w.push(") REFERENCES \"public\".");
    w.push_ident(fk.foreign_table);
    w.push("(");
    w.push_ident_list(fk.foreign_columns);
    w.push(") ON DELETE ");
    w.push(fk.on_delete.as_sql());
    w.push(" ON UPDATE ");
    w.push(fk.on_update.as_sql());
    w.push(";\n");
}

/// Writes the `CREATE [UNIQUE] INDEX` statement of `index`.
pub const fn write_index(w: &mut SqlWriter<'_>, table: &str, index: &IndexDef) {
    if index.unique {
        w.push("CREATE UNIQUE INDEX ");
    } else {
        w.push("CREATE INDEX ");
    }
    w.push_ident(index.name);
    w.push(" ON ");
    w.push_ident(table);
    w.push(" USING btree (");
    w.push_ident_list(index.columns);
    w.push(");\n");
}

/// Writes the `CREATE TYPE ... AS ENUM` statement of `enum_def`.
pub const fn write_create_enum(w: &mut SqlWriter<'_>, enum_def: &EnumDef) {
    write_create_enum_parts(w, enum_def.name, enum_def.values);
}

/// Writes `CREATE TYPE ... AS ENUM` from the type's name and values.
pub const fn write_create_enum_parts(w: &mut SqlWriter<'_>, name: &str, values: &[&str]) {
    w.push("CREATE TYPE \"public\".");
    w.push_ident(name);
    w.push(" AS ENUM(");
    let mut i = 0;
    while i < values.len() {
        if i > 0 {
            w.push(", ");
        }
        w.push_literal(values[i]);
        i += 1;
    }
    w.push(");\n");
}

/// Writes everything that creates `table` on its own: the table, then its foreign keys, then
/// its indexes. Enum types it uses are not included; a schema's DDL creates them first.
pub const fn write_table(w: &mut SqlWriter<'_>, table: &TableDef) {
    write_create_table(w, table);
    let mut i = 0;
    while i < table.foreign_keys.len() {
        write_foreign_key(w, table.name, &table.foreign_keys[i]);
        i += 1;
    }
    let mut i = 0;
    while i < table.indexes.len() {
        write_index(w, table.name, &table.indexes[i]);
        i += 1;
    }
}

/// Writes a whole schema in an order that always applies: every enum type (once), every
/// `CREATE TABLE`, every foreign key, every index.
pub const fn write_schema(w: &mut SqlWriter<'_>, tables: &[&TableDef]) {
    let mut t = 0;
    while t < tables.len() {
        let columns = tables[t].columns;
        let mut c = 0;
        while c < columns.len() {
            if let Some(enum_def) = columns[c].enum_type {
                if is_first_use_of_enum(tables, t, c, enum_def.name) {
                    write_create_enum(w, enum_def);
                }
            }
            c += 1;
        }
        t += 1;
    }
    let mut t = 0;
    while t < tables.len() {
        if !w.is_empty() {
            w.push("\n");
        }
        write_create_table(w, tables[t]);
        t += 1;
    }

    let mut t = 0;
    let mut first = true;
    while t < tables.len() {
        let mut i = 0;
        while i < tables[t].foreign_keys.len() {
            if first {
                w.push("\n");
                first = false;
            }
            write_foreign_key(w, tables[t].name, &tables[t].foreign_keys[i]);
            i += 1;
        }
        t += 1;
    }

    let mut t = 0;
    let mut first = true;
    while t < tables.len() {
        let mut i = 0;
        while i < tables[t].indexes.len() {
            if first {
                w.push("\n");
                first = false;
            }
            write_index(w, tables[t].name, &tables[t].indexes[i]);
            i += 1;
        }
        t += 1;
    }
}

const fn is_first_use_of_enum(
    tables: &[&TableDef],
    table: usize,
    column: usize,
    name: &str,
) -> bool {
    let mut t = 0;
    while t <= table {
        let columns = tables[t].columns;
        let end = if t == table { column } else { columns.len() };
        let mut c = 0;
        while c < end {
            if let Some(other) = columns[c].enum_type {
                if str_eq(other.name, name) {
                    return false;
                }
            }
            c += 1;
        }
        t += 1;
    }
    true
}

/// A one-column key named `<table>_pkey`, PostgreSQL's own name, is written inline as drizzle-kit
/// does; any other key is a named constraint.
const fn is_inline_key(table: &str, name: &str, columns: &[&str]) -> bool {
    let (table, name) = (table.as_bytes(), name.as_bytes());
    let suffix = b"_pkey";
    if columns.len() != 1 || name.len() != table.len() + suffix.len() {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        let expected = if i < table.len() {
            table[i]
        } else {
            suffix[i - table.len()]
        };
        if name[i] != expected {
            return false;
        }
        i += 1;
    }
    true
}

/// Byte-wise string equality, usable in `const` context.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The length of a table's DDL (see [`write_table`]).
pub const fn table_ddl_len(table: &TableDef) -> usize {
    let mut w = SqlWriter::new(&mut []);
    write_table(&mut w, table);
    w.len()
}

/// A table's DDL as bytes; `N` must be [`table_ddl_len`].
pub const fn table_ddl<const N: usize>(table: &TableDef) -> [u8; N] {
    let mut buf = [0u8; N];
    write_table(&mut SqlWriter::new(&mut buf), table);
    buf
}

/// The length of a schema's DDL (see [`write_schema`]).
pub const fn schema_ddl_len(tables: &[&TableDef]) -> usize {
    let mut w = SqlWriter::new(&mut []);
    write_schema(&mut w, tables);
    w.len()
}

/// A schema's DDL as bytes; `N` must be [`schema_ddl_len`].
pub const fn schema_ddl<const N: usize>(tables: &[&TableDef]) -> [u8; N] {
    let mut buf = [0u8; N];
    write_schema(&mut SqlWriter::new(&mut buf), tables);
    buf
}

/// The total length of `parts` joined.
pub const fn concat_len(parts: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// `parts` joined, as bytes; `N` must be [`concat_len`].
pub const fn concat<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut buf = [0u8; N];
    let mut w = SqlWriter::new(&mut buf);
    let mut i = 0;
    while i < parts.len() {
        w.push(parts[i]);
        i += 1;
    }
    buf
}

/// Runs a writer twice at run time, first counting then filling, as the compile-time DDL does.
pub(crate) fn render(write: impl Fn(&mut SqlWriter<'_>)) -> String {
    let mut counter = SqlWriter::new(&mut []);
    write(&mut counter);
    let mut buf = vec![0u8; counter.len()];
    write(&mut SqlWriter::new(&mut buf));
    // Every byte comes from a `&str` or an ASCII quote, so this is always valid UTF-8.
    String::from_utf8_lossy(&buf).into_owned()
}

/// `name` as a double-quoted identifier, built at run time.
pub(crate) fn quote_ident(name: &str) -> String {
    render(|w| w.push_ident(name))
}

/// `text` as a single-quoted string literal, built at run time.
pub(crate) fn quote_literal(text: &str) -> String {
    render(|w| w.push_literal(text))
}

/// Turns bytes built by this module back into a `&str` in `const` context.
pub const fn utf8(bytes: &[u8]) -> &str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("fusion-db built DDL that is not UTF-8"),
    }
}
