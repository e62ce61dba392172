//! The command an app's own small binary runs to manage its migrations (feature `cli`).
//!
//! An app gets a `db` command with one line in `src/bin/db.rs`, naming its schema:
//!
//! ```no_run
//! // src/bin/db.rs; an app names the schema it composed with `compose!`.
//! fn main() -> std::process::ExitCode {
//!     fusion_db::cli::run::<fusion_db::foundation::Foundation>()
//! }
//! ```
//!
//! ```text
//! db print                                     the schema's DDL
//! db generate [--name N] [--allow-destructive] write the next migration, if the schema changed
//! db migrate                                   apply the pending migrations
//! db check [--strict]                          compare the database with the schema
//! db status                                    list applied and pending migrations
//! ```
//!
//! Every command takes `--dir DIR`, the migrations directory (default: `migrations` in the
//! current directory), and `--help`. `print` and `generate` need no database; the others
//! connect to the one `DATABASE_URL` names. What was done is logged through `tracing`
//! (`generated migrations/0001_add_post_slug.sql (1 statement)`, `applied migration
//! 0001_add_post_slug in 12 ms`); [`run`] installs a subscriber that writes these to stderr.
//!
//! # Exit codes
//!
//! - 0, [`Exit::Success`]: done; includes "no changes" and a check that found no drift.
//! - 1, [`Exit::Drift`]: `check` found drift, or `generate` refused the change (destructive
//!   statements without `--allow-destructive`, or an enum change PostgreSQL cannot make).
//! - 2, [`Exit::Usage`]: bad arguments, `DATABASE_URL` missing or malformed, `--dir` not
//!   found, an unusable `--name`.
//! - 3, [`Exit::Failure`]: anything else: the database unreachable, a migration that failed or
//!   was edited after it was applied, a corrupted snapshot, a file not written.
//!
//! Tests, and apps that parse their own configuration, call [`run_with`] (or [`run_async`]
//! inside a tokio runtime) with the arguments, a [`Config`] and where to write.

mod args;
mod commands;

use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Termination};

use clap::Parser;
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::migrate::MigrateError;
use crate::schema::Schema;

use args::{Args, Command};

/// The environment variable that holds the database URL.
pub const DATABASE_URL: &str = "DATABASE_URL";

/// The migrations directory used when neither `--dir` nor [`Config::with_migrations_dir`]
/// says otherwise, relative to the current directory.
pub const DEFAULT_MIGRATIONS_DIR: &str = "migrations";

/// How a command ended, as the process exit code a CI job checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: the database differs from the schema, or the change was refused.
    Drift,
    /// 2: bad arguments or configuration.
    Usage,
    /// 3: anything else failed.
    Failure,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Drift => 1,
            Exit::Usage => 2,
            Exit::Failure => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

impl Termination for Exit {
    fn report(self) -> ExitCode {
        self.into()
    }
}

/// What the command takes from its surroundings rather than its arguments.
#[derive(Debug, Clone)]
pub struct Config {
    database_url: Option<OsString>,
    migrations_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            database_url: None,
            migrations_dir: PathBuf::from(DEFAULT_MIGRATIONS_DIR),
        }
    }
}

impl Config {
    /// No database URL, and the default migrations directory.
    pub fn new() -> Config {
        Config::default()
    }

    /// The database URL from the `DATABASE_URL` environment variable, if it is set.
    pub fn from_env() -> Config {
        Config {
            database_url: std::env::var_os(DATABASE_URL),
            ..Config::default()
        }
    }

    /// Uses `url` as the database URL.
    pub fn with_database_url(mut self, url: impl Into<OsString>) -> Config {
        self.database_url = Some(url.into());
        self
    }

    /// Uses `dir` as the migrations directory unless `--dir` is given.
    pub fn with_migrations_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.migrations_dir = dir.into();
        self
    }

    /// The migrations directory unless `--dir` is given.
    pub fn migrations_dir(&self) -> &Path {
        &self.migrations_dir
    }

    fn database_url(&self) -> Result<&str, CommandError> {
        let missing = || {
            CommandError::Usage(format!(
                "{DATABASE_URL} is not set; set it to the database to use, for example \
                 {DATABASE_URL}=postgres://user:password@localhost:5432/app"
            ))
        };
        let url = self.database_url.as_deref().ok_or_else(missing)?;
        if url.is_empty() {
            return Err(missing());
        }
        url.to_str()
            .ok_or_else(|| CommandError::Usage(format!("{DATABASE_URL} is not valid UTF-8")))
    }
}

/// Runs the command named by the process's arguments for the schema `S`, and returns the exit
/// code; the whole of an app's `src/bin/db.rs`.
///
/// Reads `DATABASE_URL` from the environment, writes results to stdout, and errors and a log
/// of what was done to stderr (through a `tracing` subscriber it installs, unless the app
/// installed one already).
pub fn run<S: Schema>() -> ExitCode {
    init_tracing();
    let config = Config::from_env();
    run_with::<S, _, _>(
        std::env::args_os(),
        &config,
        &mut io::stdout(),
        &mut io::stderr(),
    )
    .into()
}

/// Runs the command in `args` (the first item is the program's name, as in
/// `std::env::args_os()`) for the schema `S`, with `config` in place of the environment.
///
/// Results (the DDL, a drift report, the status list, `--help`) go to `out`, errors to `err`,
/// and a log of what was done to `tracing`. Blocks on a runtime of its own; inside a tokio
/// runtime, use [`run_async`].
pub fn run_with<S, I, T>(args: I, config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> Exit
where
    S: Schema,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args = match parse(args, out, err) {
        Ok(args) => args,
        Err(exit) => return exit,
    };
    if tokio::runtime::Handle::try_current().is_ok() {
        let error = CommandError::Runtime(
            "fusion_db::cli::run_with was called inside a tokio runtime; await \
             fusion_db::cli::run_async there instead"
                .to_owned(),
        );
        return finish(Err(error), err);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let error = CommandError::Runtime(format!("cannot start a tokio runtime: {error}"));
            return finish(Err(error), err);
        }
    };
    let result = runtime.block_on(execute::<S>(args, config, out));
    finish(result, err)
}

/// [`run_with`] for a caller already inside a tokio runtime.
pub async fn run_async<S, I, T>(
    args: I,
    config: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit
where
    S: Schema,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args = match parse(args, out, err) {
        Ok(args) => args,
        Err(exit) => return exit,
    };
    let result = execute::<S>(args, config, out).await;
    finish(result, err)
}

/// The parsed arguments, or the exit after `--help` or a usage error has been written.
fn parse<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Result<Args, Exit>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let error = match Args::try_parse_from(args) {
        Ok(args) => return Ok(args),
        Err(error) => error,
    };
    let text = error.render().to_string();
    // Help asked for goes to stdout and succeeds; a mistake goes to stderr.
    if error.use_stderr() {
        write_quietly(err, &text);
        Err(Exit::Usage)
    } else {
        write_quietly(out, &text);
        Err(Exit::Success)
    }
}

/// Writes `text` where a failure to write is left with nobody to report it to.
fn write_quietly(stream: &mut dyn Write, text: &str) {
    let _ = stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush());
}

async fn execute<S: Schema>(
    args: Args,
    config: &Config,
    out: &mut dyn Write,
) -> Result<Exit, CommandError> {
    let dir = args.dir.as_deref().unwrap_or(config.migrations_dir());
    match args.command {
        Command::Print => commands::print::<S>(out),
        Command::Generate {
            name,
            allow_destructive,
        } => commands::generate::<S>(dir, name.as_deref(), allow_destructive),
        Command::Migrate => {
            let pool = commands::connect(config).await?;
            let result = commands::migrate(&pool, dir).await;
            pool.close().await;
            result
        }
        Command::Check { strict } => {
            let pool = commands::connect(config).await?;
            let result = commands::check::<S>(&pool, strict, out).await;
            pool.close().await;
            result
        }
        Command::Status => {
            let pool = commands::connect(config).await?;
            let result = commands::status(&pool, dir, out).await;
            pool.close().await;
            result
        }
    }
}

fn finish(result: Result<Exit, CommandError>, err: &mut dyn Write) -> Exit {
    match result {
        Ok(exit) => exit,
        Err(error) => {
            write_quietly(err, &format!("error: {error}\n"));
            error.exit()
        }
    }
}

/// Why a command stopped.
#[derive(Debug)]
enum CommandError {
    /// Bad configuration, in words.
    Usage(String),
    /// The migrations engine failed.
    Migrate(MigrateError),
    /// The result could not be written out.
    Output(io::Error),
    /// No runtime to run the command on.
    Runtime(String),
}

impl CommandError {
    fn exit(&self) -> Exit {
        match self {
            CommandError::Usage(_) => Exit::Usage,
            CommandError::Migrate(error) => migrate_exit(error),
            CommandError::Output(_) | CommandError::Runtime(_) => Exit::Failure,
        }
    }
}

/// A refused change is a finding, like drift; a mistake in what was given is a usage error.
fn migrate_exit(error: &MigrateError) -> Exit {
    match error {
        MigrateError::DestructiveChanges { .. }
        | MigrateError::EnumValueRemoved { .. }
        | MigrateError::EnumValuesReordered { .. } => Exit::Drift,
        MigrateError::InvalidName { .. } | MigrateError::DirectoryMissing { .. } => Exit::Usage,
        MigrateError::Connect {
            source: sqlx::Error::Configuration(_),
            ..
        } => Exit::Usage,
        _ => Exit::Failure,
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Usage(message) | CommandError::Runtime(message) => f.write_str(message),
            CommandError::Migrate(error) => write!(f, "{error}"),
            CommandError::Output(error) => write!(f, "cannot write the output: {error}"),
        }
    }
}

impl From<MigrateError> for CommandError {
    fn from(error: MigrateError) -> CommandError {
        CommandError::Migrate(error)
    }
}

impl From<io::Error> for CommandError {
    fn from(error: io::Error) -> CommandError {
        CommandError::Output(error)
    }
}

/// Logs fusion-db's `info` lines and everyone's warnings to stderr, without timestamps or
/// targets: a command's log is read by a person or a CI job, not collected.
fn init_tracing() {
    let filter = Targets::new()
        .with_default(Level::WARN)
        .with_target("fusion_db", Level::INFO);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .with_filter(filter);
    // An app that set up its own subscriber keeps it.
    let _ = tracing_subscriber::registry().with(layer).try_init();
}
