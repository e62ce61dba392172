//! The errors of the services, one type per service.
//!
//! A message names what is at fault: the key, the token (by id and name, or by its display
//! start; never the secret), the address, the user.

use chrono::NaiveDateTime;

/// Why an API token could not be issued, verified or revoked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The presented string is not shaped like a token of this crate: wrong prefix, length or
    /// characters. It cannot match any token.
    #[error("the presented api token is malformed: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// No token has the presented token's digest.
    #[error("no api token matches the presented token {start}…")]
    Unknown {
        /// The presented token's first characters, as [`TokenInfo::start`] would show them.
        ///
        /// [`TokenInfo::start`]: crate::services::tokens::TokenInfo::start
        start: String,
    },

    /// The token has been revoked.
    #[error("api token {name:?} (id {token_id}) has been revoked")]
    Revoked {
        /// The token's id.
        token_id: String,
        /// The token's name.
        name: String,
    },

    /// The token's expiry has passed.
    #[error("api token {name:?} (id {token_id}) expired at {expired_at}")]
    Expired {
        /// The token's id.
        token_id: String,
        /// The token's name.
        name: String,
        /// When it expired.
        expired_at: NaiveDateTime,
    },

    /// The token's user has been deactivated.
    #[error(
        "api token {name:?} (id {token_id}) belongs to user {user_id}, deactivated at {deactivated_at}"
    )]
    UserDeactivated {
        /// The token's id.
        token_id: String,
        /// The token's name.
        name: String,
        /// The deactivated user.
        user_id: String,
        /// When the user was deactivated.
        deactivated_at: NaiveDateTime,
    },

    /// A token was to be issued for a user that does not exist.
    #[error("cannot issue an api token for user {user_id}: no such user")]
    UnknownUser {
        /// The id given for the user.
        user_id: String,
    },

    /// A token was to be issued with an empty name.
    #[error("cannot issue an api token for user {user_id}: the name is empty")]
    EmptyName {
        /// The user the token was for.
        user_id: String,
    },

    /// The user has no token with this id.
    #[error("user {user_id} has no api token with id {token_id}")]
    NotFound {
        /// The user whose token was asked for.
        user_id: String,
        /// The token id that was asked for.
        token_id: String,
    },

    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed")]
    Random(#[source] getrandom::Error),

    /// The database refused or failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Why an audit entry could not be recorded or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// The entry's action, entity type or entity id is empty.
    #[error("audit entry for {entity_type}/{entity_id}: the {field} is empty")]
    EmptyField {
        /// The empty field: `"action"`, `"entity type"` or `"entity id"`.
        field: &'static str,
        /// The entry's entity type.
        entity_type: String,
        /// The entry's entity id.
        entity_id: String,
    },

    /// The state before or after the change could not be serialized to JSON.
    #[error(
        "audit entry {action:?} for {entity_type}/{entity_id}: cannot serialize the {side} state"
    )]
    Serialize {
        /// `"before"` or `"after"`.
        side: &'static str,
        /// The entry's action.
        action: String,
        /// The entry's entity type.
        entity_type: String,
        /// The entry's entity id.
        entity_id: String,
        /// What serde_json reported.
        #[source]
        source: serde_json::Error,
    },

    /// The entry names an actor that is not a user.
    #[error(
        "audit entry {action:?} for {entity_type}/{entity_id}: no user {actor_id} to be its actor"
    )]
    UnknownActor {
        /// The id given for the actor.
        actor_id: String,
        /// The entry's action.
        action: String,
        /// The entry's entity type.
        entity_type: String,
        /// The entry's entity id.
        entity_id: String,
    },

    /// The database refused or failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Why a config value could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No value is stored under the key.
    #[error("config key {key:?} is not set")]
    Missing {
        /// The key.
        key: String,
    },

    /// The stored value does not deserialize into the requested type.
    #[error("config key {key:?} holds a value of another shape than {expected}")]
    WrongShape {
        /// The key.
        key: String,
        /// The Rust type that was asked for.
        expected: &'static str,
        /// What serde_json reported.
        #[source]
        source: serde_json::Error,
    },

    /// The value to store could not be serialized to JSON.
    #[error("config key {key:?}: cannot serialize the value")]
    Serialize {
        /// The key.
        key: String,
        /// What serde_json reported.
        #[source]
        source: serde_json::Error,
    },

    /// The key is empty.
    #[error("config key is empty")]
    EmptyKey,

    /// The value was to be recorded as set by a user that does not exist.
    #[error("config key {key:?}: no user {user_id} to record as its updater")]
    UnknownUser {
        /// The key.
        key: String,
        /// The id given for the user.
        user_id: String,
    },

    /// The database refused or failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Which address of a message is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressField {
    /// The recipient.
    To,
    /// The sender.
    From,
    /// An address to list the outbox for.
    Lookup,
}

impl core::fmt::Display for AddressField {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AddressField::To => "to",
            AddressField::From => "from",
            AddressField::Lookup => "lookup",
        })
    }
}

/// Why a message could not be sent, or the outbox not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MailError {
    /// An address is empty.
    #[error("the {field} address is empty")]
    EmptyAddress {
        /// Which address.
        field: AddressField,
    },

    /// An address is not of the form `local@domain`.
    #[error("the {field} address {address:?} is malformed: {reason}")]
    MalformedAddress {
        /// Which address.
        field: AddressField,
        /// The address as given.
        address: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// The subject holds a line break, which would end the mail header.
    #[error("the subject of the message to {to} holds a line break")]
    SubjectLineBreak {
        /// The recipient.
        to: String,
    },

    /// The message has neither a text nor an HTML body.
    #[error("the message to {to} has neither a text nor an HTML body")]
    NoBody {
        /// The recipient.
        to: String,
    },

    /// A mailer other than the outbox failed to deliver the message.
    #[error("delivering the message to {to} failed")]
    Delivery {
        /// The recipient.
        to: String,
        /// What the mailer reported.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The database refused or failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}
