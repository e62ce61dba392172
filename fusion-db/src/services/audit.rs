//! An explicit change history, stored in `audit_log`.
//!
//! Record an [`Entry`] with [`record`] on the same transaction as the change it describes: the
//! entry is committed with the change or rolled back with it, so the history never claims a
//! change that did not happen nor misses one that did.
//!
//! Entries are ordered by `created_at` and then by `id`. `created_at` is the transaction's start
//! time, so the entries of one transaction share it and keep the order they were recorded in.

use serde::Serialize;
use sqlx::{Executor, Postgres};

use super::db_error::is_foreign_key_violation;
use crate::foundation::AuditLog;

pub use super::error::AuditError;

/// One change to record: who did what to which entity, and its state before and after.
///
/// ```
/// use fusion_db::services::audit::Entry;
///
/// #[derive(serde::Serialize)]
/// struct Post { title: String }
///
/// let old = Post { title: "Draft".into() };
/// let new = Post { title: "Hello".into() };
/// let entry = Entry::new("post.rename", "post", "42")
///     .actor("user-1")
///     .before(&old)
///     .after(&new);
/// ```
#[derive(Debug)]
pub struct Entry {
    actor_id: Option<String>,
    action: String,
    entity_type: String,
    entity_id: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    // Serialization fails rarely; keeping the error here lets the builder chain stay infallible
    // and [`record`] report it.
    serialize_error: Option<(&'static str, serde_json::Error)>,
}

impl Entry {
    /// A change named `action` (e.g. `"post.publish"`) to the entity `entity_type`/`entity_id`,
    /// by no one in particular (a system change) until [`Entry::actor`] says who.
    pub fn new(
        action: impl Into<String>,
        entity_type: impl Into<String>,
        entity_id: impl Into<String>,
    ) -> Entry {
        Entry {
            actor_id: None,
            action: action.into(),
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            before: None,
            after: None,
            serialize_error: None,
        }
    }

    /// The user who made the change.
    pub fn actor(mut self, user_id: impl Into<String>) -> Entry {
        self.actor_id = Some(user_id.into());
        self
    }

    /// The user who made the change, if any: `None` for a system change.
    pub fn actor_opt(mut self, user_id: Option<&str>) -> Entry {
        self.actor_id = user_id.map(str::to_owned);
        self
    }

    /// The entity's state before the change, stored as JSON.
    pub fn before<T: Serialize + ?Sized>(mut self, state: &T) -> Entry {
        self.before = self.serialize_state("before", state);
        self
    }

    /// The entity's state after the change, stored as JSON.
    pub fn after<T: Serialize + ?Sized>(mut self, state: &T) -> Entry {
        self.after = self.serialize_state("after", state);
        self
    }

    fn serialize_state<T: Serialize + ?Sized>(
        &mut self,
        side: &'static str,
        state: &T,
    ) -> Option<serde_json::Value> {
        match serde_json::to_value(state) {
            Ok(value) => Some(value),
            Err(e) => {
                self.serialize_error.get_or_insert((side, e));
                None
            }
        }
    }

    fn check(&mut self) -> Result<(), AuditError> {
        let empty = [
            ("action", &self.action),
            ("entity type", &self.entity_type),
            ("entity id", &self.entity_id),
        ]
        .into_iter()
        .find(|(_, value)| value.trim().is_empty());
        if let Some((field, _)) = empty {
            return Err(AuditError::EmptyField {
                field,
                entity_type: self.entity_type.clone(),
                entity_id: self.entity_id.clone(),
            });
        }

        if let Some((side, source)) = self.serialize_error.take() {
            return Err(AuditError::Serialize {
                side,
                action: self.action.clone(),
                entity_type: self.entity_type.clone(),
                entity_id: self.entity_id.clone(),
                source,
            });
        }
        Ok(())
    }
}

const RECORD_SQL: &str = r#"INSERT INTO "audit_log" ("actor_id", "action", "entity_type", "entity_id", "before", "after", "created_at") VALUES ($1, $2, $3, $4, $5, $6, LOCALTIMESTAMP) RETURNING *"#;

const HISTORY_SQL: &str = r#"SELECT * FROM "audit_log" WHERE "entity_type" = $1 AND "entity_id" = $2 ORDER BY "created_at", "id""#;

const ACTIONS_BY_SQL: &str = r#"SELECT * FROM "audit_log" WHERE "actor_id" = $1 ORDER BY "created_at" DESC, "id" DESC LIMIT $2"#;

/// Records `entry` and returns the stored row. Run it on the transaction that makes the change.
///
/// # Errors
///
/// [`AuditError::EmptyField`] if the action, entity type or id is blank,
/// [`AuditError::Serialize`] if a state did not serialize, [`AuditError::UnknownActor`] if the
/// actor is not a user, [`AuditError::Database`] otherwise.
pub async fn record<'e, E>(executor: E, mut entry: Entry) -> Result<AuditLog, AuditError>
where
    E: Executor<'e, Database = Postgres>,
{
    entry.check()?;

    let result = sqlx::query_as::<_, AuditLog>(RECORD_SQL)
        .bind(&entry.actor_id)
        .bind(&entry.action)
        .bind(&entry.entity_type)
        .bind(&entry.entity_id)
        .bind(&entry.before)
        .bind(&entry.after)
        .fetch_one(executor)
        .await;

    match (result, entry.actor_id) {
        (Ok(row), _) => Ok(row),
        (Err(e), Some(actor_id)) if is_foreign_key_violation(&e) => Err(AuditError::UnknownActor {
            actor_id,
            action: entry.action,
            entity_type: entry.entity_type,
            entity_id: entry.entity_id,
        }),
        (Err(e), _) => Err(AuditError::Database(e)),
    }
}

/// The history of one entity, oldest entry first.
///
/// # Errors
///
/// [`AuditError::Database`] if the query fails.
pub async fn history<'e, E>(
    executor: E,
    entity_type: &str,
    entity_id: &str,
) -> Result<Vec<AuditLog>, AuditError>
where
    E: Executor<'e, Database = Postgres>,
{
    Ok(sqlx::query_as::<_, AuditLog>(HISTORY_SQL)
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(executor)
        .await?)
}

/// The latest `limit` changes made by the user `actor_id`, newest first.
///
/// # Errors
///
/// [`AuditError::Database`] if the query fails.
pub async fn actions_by<'e, E>(
    executor: E,
    actor_id: &str,
    limit: u32,
) -> Result<Vec<AuditLog>, AuditError>
where
    E: Executor<'e, Database = Postgres>,
{
    Ok(sqlx::query_as::<_, AuditLog>(ACTIONS_BY_SQL)
        .bind(actor_id)
        .bind(i64::from(limit))
        .fetch_all(executor)
        .await?)
}
