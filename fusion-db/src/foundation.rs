//! The foundation: the tables every app needs, whatever it is about.
//!
//! Users and how they sign in (sessions, linked accounts, verification values, API tokens), a
//! simulated outbox, an audit log and a key/value store for settings. The tables match those of
//! the TypeScript original column for column, so a database it created needs no migration.
//!
//! An app composes its own tables on top of them with `compose!`:
//!
//! ```
//! use fusion_db::foundation::User;
//! use fusion_db::{compose, fusion_table, Schema};
//!
//! /// A note a user keeps.
//! #[fusion_table]
//! pub struct Note {
//!     #[column(primary_key, identity)]
//!     pub id: i64,
//!     #[column(references = User::id, on_delete = "cascade")]
//!     pub owner_id: String,
//!     pub body: String,
//! }
//!
//! compose! {
//!     /// Everything the notes app stores.
//!     pub schema NotesSchema = foundation + [Note];
//! }
//!
//! assert_eq!(NotesSchema::TABLES.len(), 9);
//! assert!(NotesSchema::DDL.contains(r#"CREATE TABLE "note""#));
//! ```
//!
//! An app without tables of its own uses [`Foundation`] as its schema.
//!
//! Timestamps are `timestamp` without time zone ([`NaiveDateTime`]), ids
//! are `text` chosen by the app, and `created_at` / `updated_at` default to `now()`. The
//! database does not touch `updated_at` on update; the app sets it.

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::{compose, fusion_table};

/// A person who can sign in.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// The user's id, chosen by the app (for example a random string).
    #[column(primary_key)]
    pub id: String,
    /// The name shown to other people.
    pub name: String,
    /// The email address, unique among users (constraint `user_email_unique`).
    #[column(unique)]
    pub email: String,
    /// Whether the user has proved they own the email address.
    #[column(default = false)]
    pub email_verified: bool,
    /// The URL of the user's picture, if they have one.
    pub image: Option<String>,
    /// Whether the user administers the whole site.
    #[column(default = false)]
    pub is_site_admin: bool,
    /// When the user was deactivated; `None` while the account is active.
    pub deactivated_at: Option<NaiveDateTime>,
    /// A free-form per-user key/value store (a JSON object), for example task fields collected
    /// from the user keyed by `task:<id>`.
    pub metadata: Option<Value>,
    /// When the user was created.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    /// When the user was last changed.
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
}

/// A signed-in session: a browser or client that presents `token` acts as `user_id`.
#[fusion_table]
#[index(user_id)]
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The session's id.
    #[column(primary_key)]
    pub id: String,
    /// When the session stops being valid.
    pub expires_at: NaiveDateTime,
    /// The session token the client presents (in a cookie or a header); unique.
    #[column(unique)]
    pub token: String,
    /// When the session was created.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    /// When the session was last changed (for example extended).
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
    /// The client's IP address when the session was created, if known.
    pub ip_address: Option<String>,
    /// The client's `User-Agent` when the session was created, if known.
    pub user_agent: Option<String>,
    /// The signed-in user; deleting the user deletes their sessions.
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: String,
}

/// A way a user signs in: an OAuth provider's account linked to the user, or a password
/// (provider `credential`).
#[fusion_table]
#[index(user_id)]
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The account's id.
    #[column(primary_key)]
    pub id: String,
    /// The user's id at the provider (for a password account, the user's own id).
    pub account_id: String,
    /// Which provider the account belongs to, such as `github`, `google` or `credential`.
    pub provider_id: String,
    /// The user the account signs in; deleting the user deletes their accounts.
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: String,
    /// The provider's OAuth access token, if it issued one.
    pub access_token: Option<String>,
    /// The provider's OAuth refresh token, if it issued one.
    pub refresh_token: Option<String>,
    /// The provider's OpenID Connect ID token, if it issued one.
    pub id_token: Option<String>,
    /// When `access_token` expires, if known.
    pub access_token_expires_at: Option<NaiveDateTime>,
    /// When `refresh_token` expires, if known.
    pub refresh_token_expires_at: Option<NaiveDateTime>,
    /// The OAuth scopes granted, as the provider lists them.
    pub scope: Option<String>,
    /// The password hash of a `credential` account (never the password itself).
    pub password: Option<String>,
    /// When the account was linked.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    /// When the account was last changed (for example its tokens refreshed).
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
}

/// A short-lived value that proves something: an email verification or password reset token,
/// a one-time code.
#[fusion_table]
#[index(identifier)]
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// The verification's id.
    #[column(primary_key)]
    pub id: String,
    /// What is being verified, such as an email address or `reset-password:<token>`.
    pub identifier: String,
    /// The value to compare with what the user presents.
    pub value: String,
    /// When the value stops being accepted.
    pub expires_at: NaiveDateTime,
    /// When the value was issued.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    /// When the value was last changed.
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
}

/// A token a program presents to act as a user through the API.
#[fusion_table]
#[index(user_id)]
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    /// The token's id.
    #[column(primary_key)]
    pub id: String,
    /// The user the token acts as; deleting the user deletes their tokens.
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: String,
    /// A name the user gave the token, to recognise it in a list.
    pub name: String,
    /// A digest of the token, unique; the token itself is shown once when created and never
    /// stored, so a leaked database does not leak usable tokens.
    #[column(unique)]
    pub token_hash: String,
    /// The token's first few characters, kept to help the user recognise it in a list.
    pub start: Option<String>,
    /// When the token was last presented, if ever.
    pub last_used_at: Option<NaiveDateTime>,
    /// When the token stops being accepted; `None` if it does not expire.
    pub expires_at: Option<NaiveDateTime>,
    /// When the token was created.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// A simulated outbox: mail the app "sends" in development is stored here instead, to be read
/// back in tests or a development inbox.
#[fusion_table]
#[index(to_address, created_at)]
#[derive(Debug, Clone, PartialEq)]
pub struct Mailbox {
    /// The message's id.
    #[column(primary_key)]
    pub id: String,
    /// The recipient's address.
    pub to_address: String,
    /// The sender's address.
    pub from_address: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body, if the message has one.
    pub text_body: Option<String>,
    /// The HTML body, if the message has one.
    pub html_body: Option<String>,
    /// When the message was "sent".
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// A record of something someone did, kept for accountability.
#[fusion_table]
#[index(entity_type, entity_id, created_at)]
#[index(actor_id)]
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLog {
    /// The entry's number, assigned by the database in order.
    #[column(primary_key, identity)]
    pub id: i64,
    /// The user who acted; `None` for the system, and set to NULL when the user is deleted so
    /// the entry survives them.
    #[column(references = User::id, on_delete = "set null")]
    pub actor_id: Option<String>,
    /// What was done, such as `user.deactivate` or `post.publish`.
    pub action: String,
    /// The kind of thing it was done to, such as `user` or `post`.
    pub entity_type: String,
    /// The id of the thing it was done to.
    pub entity_id: String,
    /// The thing as it was before, if recorded.
    pub before: Option<Value>,
    /// The thing as it was after, if recorded.
    pub after: Option<Value>,
    /// When it was done.
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// An app-wide setting, changed at run time by an administrator.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    /// The setting's name, such as `signup.enabled`.
    #[column(primary_key)]
    pub key: String,
    /// The setting's value, as JSON.
    pub value: Value,
    /// When the setting was last changed.
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
    /// The user who last changed it; set to NULL when that user is deleted.
    #[column(references = User::id, on_delete = "set null")]
    pub updated_by: Option<String>,
}

compose! {
    /// The foundation tables alone, as a schema: for an app with no tables of its own, and the
    /// base `compose!` means by `foundation`.
    ///
    /// Its tables, in order: `user`, `session`, `account`, `verification`, `api_token`,
    /// `mailbox`, `audit_log`, `app_config`.
    pub schema Foundation = [
        User,
        Session,
        Account,
        Verification,
        ApiToken,
        Mailbox,
        AuditLog,
        AppConfig,
    ];
}
