//! Recognising the database refusals the services turn into their own errors.

/// SQLSTATE of a foreign-key violation.
const FOREIGN_KEY_VIOLATION: &str = "23503";

/// True if `error` is a foreign-key violation: the services' inserts reference only the user
/// table, so this means the user id given does not exist.
pub(crate) fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.code().as_deref() == Some(FOREIGN_KEY_VIOLATION),
        _ => false,
    }
}
