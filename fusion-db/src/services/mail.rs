//! Sending mail through the [`Mailer`] trait, and [`Outbox`], a mailer that stores each message
//! in `mailbox` instead of sending it, so development and tests can read what would have gone
//! out.
//!
//! Every mailer should check a message with [`Message::validate`] first, so that what a real
//! mail server would refuse later (an empty or malformed address, a line break in the subject,
//! a message without a body) fails the same way everywhere, the outbox included.
//!
//! An address is one plain `local@domain`; display names (`Ada <ada@example.com>`), quoted
//! local parts and lists are not accepted.

use core::future::Future;
use core::pin::Pin;

use sqlx::{Executor, PgPool, Postgres};

use super::mail_address;
use crate::foundation::Mailbox;

pub use super::error::{AddressField, MailError};

/// One mail message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The sender's address.
    pub from: String,
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text_body: Option<String>,
    /// The HTML body.
    pub html_body: Option<String>,
}

impl Message {
    /// A message from `from` to `to` with this subject and no body yet: add one with
    /// [`Message::text`] or [`Message::html`], or both.
    pub fn new(from: impl Into<String>, to: impl Into<String>, subject: impl Into<String>) -> Self {
        Message {
            from: from.into(),
            to: to.into(),
            subject: subject.into(),
            text_body: None,
            html_body: None,
        }
    }

    /// Sets the plain-text body.
    pub fn text(mut self, body: impl Into<String>) -> Self {
        self.text_body = Some(body.into());
        self
    }

    /// Sets the HTML body.
    pub fn html(mut self, body: impl Into<String>) -> Self {
        self.html_body = Some(body.into());
        self
    }

    /// Checks what a real mail server would refuse: both addresses, the subject, and that there
    /// is a body. An empty body counts as none.
    ///
    /// # Errors
    ///
    /// [`MailError::EmptyAddress`], [`MailError::MalformedAddress`],
    /// [`MailError::SubjectLineBreak`] or [`MailError::NoBody`].
    pub fn validate(&self) -> Result<(), MailError> {
        mail_address::check(AddressField::To, &self.to)?;
        mail_address::check(AddressField::From, &self.from)?;

        if self.subject.contains(['\r', '\n']) {
            return Err(MailError::SubjectLineBreak {
                to: self.to.clone(),
            });
        }

        let has_body = |body: &Option<String>| body.as_deref().is_some_and(|b| !b.is_empty());
        if !has_body(&self.text_body) && !has_body(&self.html_body) {
            return Err(MailError::NoBody {
                to: self.to.clone(),
            });
        }
        Ok(())
    }
}

/// The future a [`Mailer`] returns: boxed, so that `dyn Mailer` works and an app can choose
/// its mailer at run time.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>>;

/// Something that sends mail: a real transport in production, [`Outbox`] in development and
/// tests.
pub trait Mailer: Send + Sync {
    /// Sends `message`, after checking it with [`Message::validate`].
    ///
    /// # Errors
    ///
    /// The [`Message::validate`] errors, and whatever keeps the mailer from sending
    /// ([`MailError::Delivery`], [`MailError::Database`] for the outbox).
    fn send<'a>(&'a self, message: &'a Message) -> SendFuture<'a>;
}

/// A [`Mailer`] that stores every message in `mailbox` instead of sending it.
#[derive(Debug, Clone)]
pub struct Outbox {
    pool: PgPool,
}

impl Outbox {
    /// An outbox that writes through `pool`. To store a message as part of a transaction, call
    /// [`store`] with the transaction instead.
    pub fn new(pool: PgPool) -> Self {
        Outbox { pool }
    }

    /// The messages sent to `address`, newest first.
    ///
    /// # Errors
    ///
    /// As [`messages_to`].
    pub async fn messages_to(&self, address: &str) -> Result<Vec<Mailbox>, MailError> {
        messages_to(&self.pool, address).await
    }
}

impl Mailer for Outbox {
    fn send<'a>(&'a self, message: &'a Message) -> SendFuture<'a> {
        Box::pin(async move { store(&self.pool, message).await.map(|_| ()) })
    }
}

// The statement's own clock time rather than the transaction's, so that several messages
// stored in one transaction still list newest first.
const STORE_SQL: &str = r#"INSERT INTO "mailbox" ("id", "to_address", "from_address", "subject", "text_body", "html_body", "created_at") VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp()::timestamp) RETURNING *"#;

const MESSAGES_TO_SQL: &str =
    r#"SELECT * FROM "mailbox" WHERE "to_address" = $1 ORDER BY "created_at" DESC, "id" DESC"#;

/// Validates `message` and stores it in `mailbox`, returning the stored row: what
/// [`Outbox::send`](Mailer::send) does, on any executor (a transaction, to store the message
/// only if the transaction commits).
///
/// # Errors
///
/// The [`Message::validate`] errors, or [`MailError::Database`].
pub async fn store<'e, E>(executor: E, message: &Message) -> Result<Mailbox, MailError>
where
    E: Executor<'e, Database = Postgres>,
{
    message.validate()?;

    Ok(sqlx::query_as::<_, Mailbox>(STORE_SQL)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&message.to)
        .bind(&message.from)
        .bind(&message.subject)
        .bind(&message.text_body)
        .bind(&message.html_body)
        .fetch_one(executor)
        .await?)
}

/// The messages stored for `address`, newest first. The address must match exactly, as sent.
///
/// # Errors
///
/// [`MailError::EmptyAddress`] or [`MailError::MalformedAddress`] if `address` could never have
/// been sent to, [`MailError::Database`] if the query fails.
pub async fn messages_to<'e, E>(executor: E, address: &str) -> Result<Vec<Mailbox>, MailError>
where
    E: Executor<'e, Database = Postgres>,
{
    mail_address::check(AddressField::Lookup, address)?;

    Ok(sqlx::query_as::<_, Mailbox>(MESSAGES_TO_SQL)
        .bind(address)
        .fetch_all(executor)
        .await?)
}
