//! API tokens for non-browser clients, stored in `api_token`.
//!
//! [`issue`] generates a token from the operating system's CSPRNG (256 bits, prefixed `fdb_`),
//! stores only its SHA-256 digest and its first characters, and hands back the plaintext once.
//! [`verify`] finds a presented token by its digest, so no comparison of secrets happens, and
//! tells unknown, revoked, expired and deactivated-user tokens apart.
//!
//! # Revocation
//!
//! `api_token` has no revoked column. [`revoke`] keeps the row, so the user's token list still
//! shows the token and when it was last used, and marks it by prefixing its digest with
//! `revoked:`: the stored value can no longer equal a token's digest, and [`verify`] looks up
//! both forms to answer [`TokenError::Revoked`] instead of [`TokenError::Unknown`]. It also
//! moves `expires_at` to the revocation time (unless the token had expired already), so a query
//! that checks only the expiry treats the token as dead too. Deleting the row would make a
//! revoked token indistinguishable from one that never existed.

use core::fmt;

use chrono::NaiveDateTime;
use sqlx::{Acquire, Executor, FromRow, Postgres, Row};

use super::db_error::is_foreign_key_violation;
use super::token_secret::{self, REVOKED_MARK};
use crate::foundation::User;

pub use super::error::TokenError;

/// A token as shown to its owner: every column of `api_token` but the digest.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct TokenInfo {
    /// The token's id.
    pub id: String,
    /// The user the token acts for.
    pub user_id: String,
    /// The name its owner gave it.
    pub name: String,
    /// Its first characters (`fdb_` and four more), to recognise it by.
    pub start: Option<String>,
    /// When it last verified.
    pub last_used_at: Option<NaiveDateTime>,
    /// When it expires (or, for a revoked token, was revoked); `None` for never.
    pub expires_at: Option<NaiveDateTime>,
    /// When it was issued.
    pub created_at: NaiveDateTime,
    /// Whether it has been revoked.
    pub revoked: bool,
}

/// A newly issued token: its row, and the plaintext, which exists nowhere else.
///
/// `Debug` leaves the plaintext out, so logging the value does not leak it.
#[derive(Clone)]
pub struct IssuedToken {
    /// The stored token.
    pub info: TokenInfo,
    /// The token to give to the client. It cannot be recovered later: only its digest is stored.
    pub plaintext: String,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("info", &self.info)
            .field("plaintext", &"<redacted>")
            .finish()
    }
}

/// A token that verified, with the user it acts for.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    /// The token, with `last_used_at` just set.
    pub token: TokenInfo,
    /// Its user.
    pub user: User,
}

/// The columns of [`TokenInfo`], for `SELECT` and `RETURNING`.
macro_rules! info_columns {
    () => {
        r#""id", "user_id", "name", "start", "last_used_at", "expires_at", "created_at", starts_with("token_hash", 'revoked:') AS "revoked""#
    };
}

const ISSUE_SQL: &str = concat!(
    r#"INSERT INTO "api_token" ("id", "user_id", "name", "token_hash", "start", "expires_at", "created_at") "#,
    "VALUES ($1, $2, $3, $4, $5, $6, LOCALTIMESTAMP) RETURNING ",
    info_columns!()
);

const FIND_SQL: &str = concat!(
    "SELECT ",
    info_columns!(),
    r#", ("expires_at" IS NOT NULL AND "expires_at" <= LOCALTIMESTAMP) AS "expired" "#,
    r#"FROM "api_token" WHERE "token_hash" = $1 OR "token_hash" = $2"#
);

const USER_SQL: &str = r#"SELECT * FROM "user" WHERE "id" = $1"#;

// The conditions are checked again so that a revocation or expiry between the lookup and this
// update is not overlooked.
const TOUCH_SQL: &str = concat!(
    r#"UPDATE "api_token" SET "last_used_at" = LOCALTIMESTAMP "#,
    r#"WHERE "id" = $1 AND "token_hash" = $2 "#,
    r#"AND ("expires_at" IS NULL OR "expires_at" > LOCALTIMESTAMP) RETURNING "#,
    info_columns!()
);

const LIST_SQL: &str = concat!(
    "SELECT ",
    info_columns!(),
    r#" FROM "api_token" WHERE "user_id" = $1 ORDER BY "created_at" DESC, "id""#
);

const REVOKE_SQL: &str = concat!(
    r#"UPDATE "api_token" SET "#,
    r#""token_hash" = CASE WHEN starts_with("token_hash", 'revoked:') THEN "token_hash" ELSE 'revoked:' || "token_hash" END, "#,
    r#""expires_at" = CASE WHEN starts_with("token_hash", 'revoked:') THEN "expires_at" "#,
    r#"ELSE LEAST(COALESCE("expires_at", LOCALTIMESTAMP), LOCALTIMESTAMP) END "#,
    r#"WHERE "id" = $1 AND "user_id" = $2 RETURNING "#,
    info_columns!()
);

/// Issues a token named `name` for the user `user_id`, valid until `expires_at` (or forever).
///
/// Returns the stored row and the plaintext token; show the plaintext to the user now, since
/// only its digest is kept. An `expires_at` that is not in the future gives a token that never
/// verifies.
///
/// # Errors
///
/// [`TokenError::EmptyName`] for a blank name, [`TokenError::UnknownUser`] if there is no such
/// user, [`TokenError::Random`] if the operating system cannot supply randomness,
/// [`TokenError::Database`] otherwise.
pub async fn issue<'e, E>(
    executor: E,
    user_id: &str,
    name: &str,
    expires_at: Option<NaiveDateTime>,
) -> Result<IssuedToken, TokenError>
where
    E: Executor<'e, Database = Postgres>,
{
    if name.trim().is_empty() {
        return Err(TokenError::EmptyName {
            user_id: user_id.to_owned(),
        });
    }

    let secret = token_secret::generate().map_err(TokenError::Random)?;
    let id = uuid::Uuid::new_v4().to_string();

    let info = sqlx::query_as::<_, TokenInfo>(ISSUE_SQL)
        .bind(&id)
        .bind(user_id)
        .bind(name)
        .bind(&secret.digest)
        .bind(&secret.start)
        .bind(expires_at)
        .fetch_one(executor)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                TokenError::UnknownUser {
                    user_id: user_id.to_owned(),
                }
            } else {
                TokenError::Database(e)
            }
        })?;

    Ok(IssuedToken {
        info,
        plaintext: secret.plaintext,
    })
}

/// Verifies a presented token: finds it by digest, checks that it is neither revoked nor
/// expired and that its user is active, and records `last_used_at`.
///
/// Runs three statements on one connection; pass `&mut *tx` to make them part of a
/// transaction.
///
/// # Errors
///
/// [`TokenError::Malformed`] for a string not shaped like a token, [`TokenError::Unknown`],
/// [`TokenError::Revoked`], [`TokenError::Expired`], [`TokenError::UserDeactivated`], or
/// [`TokenError::Database`].
pub async fn verify<'c, A>(conn: A, presented: &str) -> Result<VerifiedToken, TokenError>
where
    A: Acquire<'c, Database = Postgres>,
{
    token_secret::check_shape(presented).map_err(|reason| TokenError::Malformed { reason })?;
    let digest = token_secret::digest(presented);
    let revoked_digest = format!("{REVOKED_MARK}{digest}");
    let unknown = || TokenError::Unknown {
        start: token_secret::start(presented),
    };

    let mut conn = conn.acquire().await?;

    let Some(row) = sqlx::query(FIND_SQL)
        .bind(&digest)
        .bind(&revoked_digest)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Err(unknown());
    };
    let token = TokenInfo::from_row(&row)?;
    let expired: bool = row.try_get("expired")?;

    if token.revoked {
        return Err(revoked(token));
    }
    if let (true, Some(expired_at)) = (expired, token.expires_at) {
        return Err(TokenError::Expired {
            token_id: token.id,
            name: token.name,
            expired_at,
        });
    }

    // The foreign key cascades, so a missing user means the token went with it just now.
    let Some(user) = sqlx::query_as::<_, User>(USER_SQL)
        .bind(&token.user_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Err(unknown());
    };
    if let Some(deactivated_at) = user.deactivated_at {
        return Err(TokenError::UserDeactivated {
            token_id: token.id,
            name: token.name,
            user_id: user.id,
            deactivated_at,
        });
    }

    let touched = sqlx::query_as::<_, TokenInfo>(TOUCH_SQL)
        .bind(&token.id)
        .bind(&digest)
        .fetch_optional(&mut *conn)
        .await?;
    match touched {
        Some(token) => Ok(VerifiedToken { token, user }),
        None => Err(revoked(token)),
    }
}

fn revoked(token: TokenInfo) -> TokenError {
    TokenError::Revoked {
        token_id: token.id,
        name: token.name,
    }
}

/// The user's tokens, newest first, revoked ones included (see [`TokenInfo::revoked`]).
///
/// # Errors
///
/// [`TokenError::Database`] if the query fails.
pub async fn list<'e, E>(executor: E, user_id: &str) -> Result<Vec<TokenInfo>, TokenError>
where
    E: Executor<'e, Database = Postgres>,
{
    Ok(sqlx::query_as::<_, TokenInfo>(LIST_SQL)
        .bind(user_id)
        .fetch_all(executor)
        .await?)
}

/// Revokes the user's token `token_id` (see the [module docs](self) for what that stores) and
/// returns it. Revoking a revoked token changes nothing.
///
/// # Errors
///
/// [`TokenError::NotFound`] if the user has no token with that id, [`TokenError::Database`]
/// otherwise.
pub async fn revoke<'e, E>(
    executor: E,
    user_id: &str,
    token_id: &str,
) -> Result<TokenInfo, TokenError>
where
    E: Executor<'e, Database = Postgres>,
{
    sqlx::query_as::<_, TokenInfo>(REVOKE_SQL)
        .bind(token_id)
        .bind(user_id)
        .fetch_optional(executor)
        .await?
        .ok_or_else(|| TokenError::NotFound {
            user_id: user_id.to_owned(),
            token_id: token_id.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_spell_the_revoked_mark_as_the_secret_module_does() {
        let quoted = format!("'{REVOKED_MARK}'");
        for sql in [ISSUE_SQL, FIND_SQL, TOUCH_SQL, LIST_SQL, REVOKE_SQL] {
            assert!(sql.contains(&quoted), "{sql}");
        }
    }
}
