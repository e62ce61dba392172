//! Runtime settings: JSON values under text keys, stored in `app_config`.
//!
//! [`get`] deserializes a value into the type the caller asks for; [`set`] serializes any
//! `Serialize` value and records who set it and when. [`set`] is one
//! `INSERT … ON CONFLICT ("key") DO UPDATE` statement, so concurrent writers of one key never
//! fail on the primary key and the last one to commit wins whole.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{Executor, Postgres};

use super::db_error::is_foreign_key_violation;
use crate::foundation::AppConfig;

pub use super::error::ConfigError;

const GET_SQL: &str = r#"SELECT "value" FROM "app_config" WHERE "key" = $1"#;

const SET_SQL: &str = r#"INSERT INTO "app_config" ("key", "value", "updated_at", "updated_by") VALUES ($1, $2, LOCALTIMESTAMP, $3) ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at", "updated_by" = EXCLUDED."updated_by" RETURNING *"#;

const DELETE_SQL: &str = r#"DELETE FROM "app_config" WHERE "key" = $1"#;

const LIST_SQL: &str = r#"SELECT * FROM "app_config" ORDER BY "key""#;

/// The value under `key`, deserialized into `T`.
///
/// # Errors
///
/// [`ConfigError::Missing`] if nothing is stored under `key`, [`ConfigError::WrongShape`] if
/// the stored value is not a `T`, [`ConfigError::Database`] if the query fails.
pub async fn get<'e, T, E>(executor: E, key: &str) -> Result<T, ConfigError>
where
    T: DeserializeOwned,
    E: Executor<'e, Database = Postgres>,
{
    find(executor, key)
        .await?
        .ok_or_else(|| ConfigError::Missing {
            key: key.to_owned(),
        })
}

/// The value under `key`, deserialized into `T`, or `None` if nothing is stored there.
///
/// # Errors
///
/// [`ConfigError::WrongShape`] if the stored value is not a `T`, [`ConfigError::Database`] if
/// the query fails.
pub async fn find<'e, T, E>(executor: E, key: &str) -> Result<Option<T>, ConfigError>
where
    T: DeserializeOwned,
    E: Executor<'e, Database = Postgres>,
{
    let stored: Option<serde_json::Value> = sqlx::query_scalar(GET_SQL)
        .bind(key)
        .fetch_optional(executor)
        .await?;

    stored
        .map(|value| {
            serde_json::from_value(value).map_err(|source| ConfigError::WrongShape {
                key: key.to_owned(),
                expected: core::any::type_name::<T>(),
                source,
            })
        })
        .transpose()
}

/// Stores `value` under `key`, replacing any earlier value, and records `updated_by` (the user
/// making the change, or `None` for the system) and the time. Returns the stored row.
///
/// # Errors
///
/// [`ConfigError::EmptyKey`] for an empty key, [`ConfigError::Serialize`] if `value` does not
/// serialize, [`ConfigError::UnknownUser`] if `updated_by` is not a user,
/// [`ConfigError::Database`] otherwise.
pub async fn set<'e, T, E>(
    executor: E,
    key: &str,
    value: &T,
    updated_by: Option<&str>,
) -> Result<AppConfig, ConfigError>
where
    T: Serialize + ?Sized,
    E: Executor<'e, Database = Postgres>,
{
    if key.is_empty() {
        return Err(ConfigError::EmptyKey);
    }
    let value = serde_json::to_value(value).map_err(|source| ConfigError::Serialize {
        key: key.to_owned(),
        source,
    })?;

    sqlx::query_as::<_, AppConfig>(SET_SQL)
        .bind(key)
        .bind(value)
        .bind(updated_by)
        .fetch_one(executor)
        .await
        .map_err(|e| match updated_by {
            Some(user_id) if is_foreign_key_violation(&e) => ConfigError::UnknownUser {
                key: key.to_owned(),
                user_id: user_id.to_owned(),
            },
            _ => ConfigError::Database(e),
        })
}

/// Removes `key`; `true` if it was set.
///
/// # Errors
///
/// [`ConfigError::Database`] if the statement fails.
pub async fn delete<'e, E>(executor: E, key: &str) -> Result<bool, ConfigError>
where
    E: Executor<'e, Database = Postgres>,
{
    let result = sqlx::query(DELETE_SQL).bind(key).execute(executor).await?;
    Ok(result.rows_affected() > 0)
}

/// Every stored setting, ordered by key.
///
/// # Errors
///
/// [`ConfigError::Database`] if the query fails.
pub async fn list<'e, E>(executor: E) -> Result<Vec<AppConfig>, ConfigError>
where
    E: Executor<'e, Database = Postgres>,
{
    Ok(sqlx::query_as::<_, AppConfig>(LIST_SQL)
        .fetch_all(executor)
        .await?)
}
