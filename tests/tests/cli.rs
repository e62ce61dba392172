//! The `db` command (`fusion_db::cli`) driven with argument vectors, as an app's binary would
//! run it: against a real PostgreSQL, a fresh database per test, and migrations in a temporary
//! directory.

use std::path::{Path, PathBuf};

use fusion_db::cli::{self, Config, Exit};
use fusion_db::foundation::User;
use fusion_db::{compose, fusion_table, Schema};
use fusion_db_tests::{admin_url, TestDb};
use tokio::runtime::Runtime;

/// The first version of the app: notes on the foundation's users.
mod v1 {
    use super::*;

    /// A note a user keeps.
    #[fusion_table(name = "note")]
    pub struct Note {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references = User::id, on_delete = "cascade")]
        pub owner_id: String,
        pub body: String,
    }

    compose! {
        /// The app's first schema.
        pub schema App = foundation + [Note];
    }
}

/// The second version: `body` is gone (destructive), `title` is new.
mod v2 {
    use super::*;

    /// A note a user keeps.
    #[fusion_table(name = "note")]
    pub struct Note {
        #[column(primary_key, identity)]
        pub id: i64,
        #[column(references = User::id, on_delete = "cascade")]
        pub owner_id: String,
        #[column(default = "untitled")]
        pub title: String,
    }

    compose! {
        /// The app's second schema.
        pub schema App = foundation + [Note];
    }
}

/// What one run of the command did.
struct Run {
    exit: Exit,
    out: String,
    err: String,
}

/// Runs `db <args>` for the schema `S` with `config`, as `src/bin/db.rs` would.
fn db<S: Schema>(config: &Config, args: &[&str]) -> Run {
    let argv = std::iter::once("db").chain(args.iter().copied());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = cli::run_with::<S, _, _>(argv, config, &mut out, &mut err);
    Run {
        exit,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

/// The URL of the database `name` on the test server: `DATABASE_URL` with its path replaced.
fn database_url(name: &str) -> String {
    let admin = admin_url();
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin.as_str(), String::new()),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    format!("{}/{name}{query}", &base[..path])
}

/// A fresh database, a temporary migrations directory, and a config naming both.
struct Setup {
    runtime: Runtime,
    db: TestDb,
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    config: Config,
}

impl Setup {
    fn new() -> Setup {
        let runtime = Runtime::new().unwrap();
        let db = runtime.block_on(TestDb::new());
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("migrations");
        let config = Config::new()
            .with_database_url(database_url(db.name()))
            .with_migrations_dir(&dir);
        Setup {
            runtime,
            db,
            _tmp: tmp,
            dir,
            config,
        }
    }

    fn sql(&self, sql: &str) {
        self.runtime.block_on(self.db.apply(sql));
    }

    fn finish(self) {
        self.runtime.block_on(self.db.drop_db());
    }
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sub in ["", "meta"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            if entry.path().is_file() {
                let name = entry.file_name().into_string().unwrap();
                found.push(if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                });
            }
        }
    }
    found.sort();
    found
}

#[test]
fn help_is_printed_and_mistakes_are_usage_errors() {
    let config = Config::new();

    let run = db::<v1::App>(&config, &["--help"]);
    assert_eq!(run.exit, Exit::Success);
    for command in ["print", "generate", "migrate", "check", "status"] {
        assert!(
            run.out.contains(command),
            "{command} missing from:\n{}",
            run.out
        );
    }
    for command in ["print", "generate", "migrate", "check", "status"] {
        let run = db::<v1::App>(&config, &[command, "--help"]);
        assert_eq!(run.exit, Exit::Success, "{command} --help");
        assert!(run.out.contains("Usage:"), "{command} --help:\n{}", run.out);
    }
    let run = db::<v1::App>(&config, &["generate", "--help"]);
    assert!(run.out.contains("--allow-destructive") && run.out.contains("--name"));
    let run = db::<v1::App>(&config, &["check", "--help"]);
    assert!(run.out.contains("--strict"));

    for args in [
        &[][..],
        &["frobnicate"],
        &["check", "--loose"],
        &["generate", "--name"],
    ] {
        let run = db::<v1::App>(&config, args);
        assert_eq!(run.exit, Exit::Usage, "{args:?}");
        assert!(!run.err.is_empty(), "{args:?}: no message");
    }
    assert_eq!(Exit::Success.code(), 0);
    assert_eq!(Exit::Drift.code(), 1);
    assert_eq!(Exit::Usage.code(), 2);
    assert_eq!(Exit::Failure.code(), 3);
}

#[test]
fn print_and_generate_need_no_database() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    let config = Config::new().with_migrations_dir(&dir);

    let run = db::<v1::App>(&config, &["print"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(run.out, v1::App::DDL);

    let run = db::<v1::App>(&config, &["generate"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(files(&dir), ["0000_init.sql", "meta/0000_snapshot.json"]);
    let sql = std::fs::read_to_string(dir.join("0000_init.sql")).unwrap();
    assert_eq!(sql, v1::App::DDL);

    // --dir wins over the config's directory.
    let other = tmp.path().join("elsewhere");
    let other_arg = other.to_str().unwrap();
    let run = db::<v1::App>(
        &config,
        &["--dir", other_arg, "generate", "--name", "Start"],
    );
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(files(&other), ["0000_start.sql", "meta/0000_snapshot.json"]);

    let run = db::<v1::App>(&config, &["generate", "--name", "!!!"]);
    assert_eq!(
        run.exit,
        Exit::Success,
        "no changes, so the name is not needed"
    );
    let args = ["generate", "--allow-destructive", "--name", "!!!"];
    let run = db::<v2::App>(&config, &args);
    assert_eq!(run.exit, Exit::Usage, "{}", run.err);
}

#[test]
fn generate_migrate_check_status() {
    let setup = Setup::new();
    let config = &setup.config;

    let run = db::<v1::App>(config, &["generate"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    let generated = files(&setup.dir);
    assert_eq!(generated, ["0000_init.sql", "meta/0000_snapshot.json"]);

    let run = db::<v1::App>(config, &["status"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(run.out, "pending   0000_init\n");

    let run = db::<v1::App>(config, &["migrate"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);

    let run = db::<v1::App>(config, &["check"]);
    assert_eq!(run.exit, Exit::Success, "{}{}", run.out, run.err);
    assert!(
        run.out.starts_with("the database matches the schema\n"),
        "{}",
        run.out
    );
    assert!(run.out.contains("_sqlx_migrations"), "{}", run.out);

    // sqlx's bookkeeping table is not the schema's, which --strict counts against it.
    let run = db::<v1::App>(config, &["check", "--strict"]);
    assert_eq!(run.exit, Exit::Drift, "{}", run.out);

    let run = db::<v1::App>(config, &["status"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(run.out, "applied   0000_init\n");

    // Nothing changed: nothing is written, and migrating again is a no-op.
    let before = std::fs::read(setup.dir.join("0000_init.sql")).unwrap();
    let run = db::<v1::App>(config, &["generate"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    assert_eq!(files(&setup.dir), generated);
    assert_eq!(
        std::fs::read(setup.dir.join("0000_init.sql")).unwrap(),
        before
    );
    let run = db::<v1::App>(config, &["migrate"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.err);

    setup.sql(r#"ALTER TABLE "note" DROP COLUMN "body""#);
    let run = db::<v1::App>(config, &["check"]);
    assert_eq!(run.exit, Exit::Drift, "{}", run.out);
    assert!(
        run.out
            .contains(r#"table "note", column "body": column is missing"#),
        "{}",
        run.out
    );

    setup.finish();
}

#[test]
fn destructive_changes_need_the_flag() {
    let setup = Setup::new();
    let config = &setup.config;
    assert_eq!(db::<v1::App>(config, &["generate"]).exit, Exit::Success);
    assert_eq!(db::<v1::App>(config, &["migrate"]).exit, Exit::Success);

    // Dropping `body` loses data: refused, every statement named, nothing written.
    let run = db::<v2::App>(config, &["generate"]);
    assert_eq!(run.exit, Exit::Drift, "{}", run.err);
    assert!(run.err.contains(r#"DROP COLUMN "body""#), "{}", run.err);
    assert!(run.err.contains("--allow-destructive"), "{}", run.err);
    assert_eq!(files(&setup.dir).len(), 2);

    let run = db::<v2::App>(
        config,
        &["generate", "--allow-destructive", "--name", "drop body"],
    );
    assert_eq!(run.exit, Exit::Success, "{}", run.err);
    let sql = std::fs::read_to_string(setup.dir.join("0001_drop_body.sql")).unwrap();
    assert!(sql.contains("-- destructive:"), "{sql}");

    // The database still has v1's shape until the new migration is applied.
    let run = db::<v2::App>(config, &["check"]);
    assert_eq!(run.exit, Exit::Drift, "{}", run.out);
    let run = db::<v2::App>(config, &["status"]);
    assert_eq!(run.out, "applied   0000_init\npending   0001_drop_body\n");

    assert_eq!(db::<v2::App>(config, &["migrate"]).exit, Exit::Success);
    let run = db::<v2::App>(config, &["check"]);
    assert_eq!(run.exit, Exit::Success, "{}", run.out);

    setup.finish();
}

#[test]
fn a_missing_or_bad_database_url_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    let config = Config::new().with_migrations_dir(&dir);
    assert_eq!(db::<v1::App>(&config, &["generate"]).exit, Exit::Success);

    for command in ["migrate", "check", "status"] {
        let run = db::<v1::App>(&config, &[command]);
        assert_eq!(run.exit, Exit::Usage, "{command}");
        assert!(run.err.contains("DATABASE_URL is not set"), "{}", run.err);

        let empty = config.clone().with_database_url("");
        assert_eq!(db::<v1::App>(&empty, &[command]).exit, Exit::Usage);

        let malformed = config.clone().with_database_url("not a url");
        let run = db::<v1::App>(&malformed, &[command]);
        assert_eq!(run.exit, Exit::Usage, "{command}: {}", run.err);
    }
}

#[test]
fn an_unreachable_database_is_a_failure_naming_the_url() {
    // Port 1 refuses connections; the password must not be shown.
    let config = Config::new().with_database_url("postgres://app:s3cret@127.0.0.1:1/app");
    let run = db::<v1::App>(&config, &["check"]);
    assert_eq!(run.exit, Exit::Failure, "{}", run.err);
    assert!(
        run.err.contains("postgres://app:***@127.0.0.1:1/app"),
        "{}",
        run.err
    );
    assert!(!run.err.contains("s3cret"), "{}", run.err);
}

#[test]
fn a_missing_migrations_directory_is_a_usage_error() {
    let setup = Setup::new();
    for command in ["migrate", "status"] {
        let run = db::<v1::App>(&setup.config, &[command]);
        assert_eq!(run.exit, Exit::Usage, "{command}: {}", run.err);
        assert!(run.err.contains("does not exist"), "{}", run.err);
    }
    setup.finish();
}

#[tokio::test]
async fn run_async_works_inside_a_runtime_where_run_with_refuses() {
    let db = TestDb::new().await;
    let tmp = tempfile::tempdir().unwrap();
    let config = Config::new()
        .with_database_url(database_url(db.name()))
        .with_migrations_dir(tmp.path());

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = cli::run_with::<v1::App, _, _>(["db", "status"], &config, &mut out, &mut err);
    assert_eq!(exit, Exit::Failure);
    assert!(String::from_utf8(err).unwrap().contains("run_async"));

    for command in ["generate", "migrate", "check"] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit =
            cli::run_async::<v1::App, _, _>(["db", command], &config, &mut out, &mut err).await;
        let err = String::from_utf8(err).unwrap();
        assert_eq!(exit, Exit::Success, "{command}: {err}");
    }

    db.drop_db().await;
}
