//! The blog's committed migrations never go stale: they are what `db generate` writes for
//! `BlogSchema` today, and they build a database with no drift from it.

use std::fs;
use std::path::{Path, PathBuf};

use fusion_db::cli::{self, Config, Exit};
use fusion_db::foundation::{NewUser, User};
use fusion_db::migrate::{self, MigrationState, Snapshot};
use fusion_db::{KeyedTable, Schema, Table};
use fusion_db_example_blog::{BlogSchema, NewPost, Post, PostStatus, MIGRATOR};
use fusion_db_tests::TestDb;

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations")
}

/// The files of a migrations directory and of its `meta/`, relative to it, with their bytes.
fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for sub in ["", "meta"] {
        for entry in fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                files.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn generate(dir: &Path) {
    let config = Config::new().with_migrations_dir(dir);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = cli::run_with::<BlogSchema, _, _>(["db", "generate"], &config, &mut out, &mut err);
    assert_eq!(exit, Exit::Success, "{}", String::from_utf8_lossy(&err));
}

#[test]
fn the_committed_migrations_are_what_generate_writes() {
    let committed_files = read_all(&committed());
    let names: Vec<&str> = committed_files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"0000_init.sql") && names.contains(&"meta/0000_snapshot.json"),
        "{names:?}"
    );

    // On a copy of the committed directory, generating finds nothing new to write: the newest
    // snapshot is the schema. Otherwise run `db generate` in examples/blog and commit.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("migrations");
    fs::create_dir_all(copy.join("meta")).unwrap();
    for (name, bytes) in &committed_files {
        fs::write(copy.join(name), bytes).unwrap();
    }
    generate(&copy);
    assert_eq!(
        read_all(&copy),
        committed_files,
        "generate wrote something new"
    );

    // While the blog has a single migration, generating from nothing writes exactly the
    // committed directory, which is the schema's DDL; after a second, the copy above carries
    // the check.
    if migrate::list_migrations(&committed()).unwrap().len() == 1 {
        let fresh = tmp.path().join("fresh");
        generate(&fresh);
        assert_eq!(read_all(&fresh), committed_files);
        let sql = fs::read_to_string(fresh.join("0000_init.sql")).unwrap();
        assert_eq!(sql, BlogSchema::DDL);
    }
}

#[tokio::test]
async fn the_committed_migrations_apply_with_no_drift() {
    let db = TestDb::new().await;
    let pool = db.pool();

    // sqlx's own migrator, with the files embedded by `sqlx::migrate!`: a `0000` version is
    // accepted, and `meta/` is skipped.
    MIGRATOR.run(pool).await.unwrap();
    let statuses = migrate::status(pool, &committed()).await.unwrap();
    assert!(!statuses.is_empty());
    for status in &statuses {
        assert_eq!(status.state, MigrationState::Applied, "{}", status.name);
    }

    let live = migrate::read_catalog(pool).await.unwrap();
    let report = migrate::drift(&Snapshot::from_tables(BlogSchema::TABLES), &live);
    assert!(!report.has_drift(false), "{report}");
    assert_eq!(report.unowned_tables, ["_sqlx_migrations"]);

    // The tables work: a post gets its status from the enum type's default.
    let author = User::insert(
        pool,
        NewUser {
            id: "ada".to_owned(),
            name: "Ada".to_owned(),
            email: "ada@example.com".to_owned(),
            email_verified: None,
            image: None,
            is_site_admin: None,
            deactivated_at: None,
            metadata: None,
            created_at: None,
            updated_at: None,
        },
    )
    .await
    .unwrap();
    let post = Post::insert(
        pool,
        NewPost {
            id: None,
            author_id: author.id.clone(),
            slug: "hello".to_owned(),
            title: "Hello".to_owned(),
            body: "First post.".to_owned(),
            status: None,
            published_at: None,
            created_at: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(post.status, PostStatus::Draft);
    assert_eq!(Post::find(pool, post.id).await.unwrap(), Some(post));

    db.drop_db().await;
}
