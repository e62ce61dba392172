//! Every attribute and key the macros accept.

// Attributes.
pub(crate) const COLUMN: &str = "column";
pub(crate) const PRIMARY_KEY: &str = "primary_key";
pub(crate) const UNIQUE: &str = "unique";
pub(crate) const INDEX: &str = "index";
pub(crate) const UNIQUE_INDEX: &str = "unique_index";
pub(crate) const CHECK: &str = "check";
pub(crate) const VARIANT: &str = "variant";

/// The attributes `#[fusion_table]` reads on the struct itself.
pub(crate) const TABLE_ATTRIBUTES: &[&str] = &[PRIMARY_KEY, UNIQUE, INDEX, UNIQUE_INDEX, CHECK];

// Keys.
pub(crate) const NAME: &str = "name";
pub(crate) const RENAMED_FROM: &str = "renamed_from";
pub(crate) const SQL_TYPE: &str = "sql_type";
pub(crate) const IDENTITY: &str = "identity";
pub(crate) const VARCHAR: &str = "varchar";
pub(crate) const DEFAULT: &str = "default";
pub(crate) const DEFAULT_NOW: &str = "default_now";
pub(crate) const DEFAULT_SQL: &str = "default_sql";
pub(crate) const REFERENCES: &str = "references";
pub(crate) const ON_DELETE: &str = "on_delete";
pub(crate) const ON_UPDATE: &str = "on_update";
pub(crate) const SQL: &str = "sql";

/// The keys of `#[column(...)]`, for "expected one of" messages.
pub(crate) const COLUMN_KEYS: &[&str] = &[
    NAME,
    SQL_TYPE,
    PRIMARY_KEY,
    IDENTITY,
    UNIQUE,
    VARCHAR,
    DEFAULT,
    DEFAULT_NOW,
    DEFAULT_SQL,
    REFERENCES,
    ON_DELETE,
    ON_UPDATE,
    RENAMED_FROM,
];

/// The `on_delete` / `on_update` actions.
pub(crate) const ACTIONS: &[&str] = &[
    "cascade",
    "restrict",
    "set null",
    "set default",
    "no action",
];

/// `a`, `b` or `c` as an English list of backquoted names.
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
        None => String::new(),
    }
}
