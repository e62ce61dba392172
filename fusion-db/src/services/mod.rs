//! Typed services over the foundation tables: API tokens, the audit trail, runtime config and a
//! simulated outbox.
//!
//! Every function takes the connection to run on as an argument, so it runs inside the caller's
//! transaction when given `&mut *tx`, and on its own when given a pool. Functions of one statement
//! accept any [`sqlx::Executor`]; those that need several statements on one connection accept an
//! [`sqlx::Acquire`] (a pool, `&mut PgConnection` or `&mut Transaction`).
//!
//! Timestamps are the database's: a service writes `LOCALTIMESTAMP`, the value the foundation's
//! `DEFAULT now()` columns get, and compares expiries with it: they are in the server's
//! `TimeZone`, UTC when the server is set to UTC. (The outbox alone writes the statement's clock
//! time, so that messages sent in one transaction keep their order.)
//!
//! | module | table | what it does |
//! |---|---|---|
//! | [`tokens`] | `api_token` | issue, verify, list and revoke API tokens |
//! | [`audit`] | `audit_log` | record changes and read them back |
//! | [`config`] | `app_config` | typed key/value settings |
//! | [`mail`] | `mailbox` | the [`Mailer`](mail::Mailer) trait and an outbox that stores mail |

pub mod audit;
pub mod config;
mod db_error;
mod error;
pub mod mail;
mod mail_address;
mod token_secret;
pub mod tokens;
