//! Unique, check and foreign-key constraints are enforced under the names the metadata gives
//! them, and foreign keys' `on_delete` / `on_update` actions do what they declare.

use fusion_db::{fusion_table, KeyedTable, Table};
use fusion_db_tests::{
    assert_violates, db_refusal, TestDb, CHECK_VIOLATION, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION,
};

#[fusion_table(name = "accounts")]
#[unique(org, handle)]
#[unique_index(lower_handle, name = "accounts_lower_handle_key")]
#[check(name = "accounts_age_not_negative", sql = "age >= 0")]
#[check(name = "accounts_handle_not_blank", sql = "btrim(handle) <> ''")]
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub org: String,
    pub handle: String,
    pub lower_handle: String,
    pub age: i32,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = Account::id)]
    pub account_id: i64,
    #[column(references = Account::email)]
    pub invited_by: Option<String>,
}

fn account(email: &str, org: &str, handle: &str, age: i32) -> NewAccount {
    NewAccount {
        id: None,
        email: email.to_owned(),
        org: org.to_owned(),
        handle: handle.to_owned(),
        lower_handle: handle.to_lowercase(),
        age,
    }
}

async fn accounts_db() -> TestDb {
    let db = TestDb::with_ddl(Account::DDL).await;
    db.apply(Membership::DDL).await;
    db
}

#[tokio::test]
async fn unique_constraints_reject_duplicates_by_name() {
    let db = accounts_db().await;
    let pool = db.pool();
    let first = Account::insert(pool, account("a@x.io", "acme", "Ann", 30))
        .await
        .unwrap();

    assert_violates(
        Account::insert(pool, account("a@x.io", "other", "Bob", 1)).await,
        UNIQUE_VIOLATION,
        "accounts_email_unique",
    );
    assert_violates(
        Account::insert(pool, account("b@x.io", "acme", "Ann", 1)).await,
        UNIQUE_VIOLATION,
        "accounts_org_handle_unique",
    );
    // A unique index reports its own name as the constraint.
    assert_violates(
        Account::insert(pool, account("c@x.io", "acme", "ANN", 1)).await,
        UNIQUE_VIOLATION,
        "accounts_lower_handle_key",
    );
    let mut same_id = account("d@x.io", "d", "d", 1);
    same_id.id = Some(first.id);
    assert_violates(
        Account::insert(pool, same_id).await,
        UNIQUE_VIOLATION,
        "accounts_pkey",
    );

    // The same handle in another org is fine for the two-column constraint, and an update
    // into a duplicate is refused like an insert.
    let second = Account::insert(pool, account("e@x.io", "other", "Eve", 5))
        .await
        .unwrap();
    assert_violates(
        Account {
            email: "a@x.io".to_owned(),
            ..second.clone()
        }
        .update(pool)
        .await,
        UNIQUE_VIOLATION,
        "accounts_email_unique",
    );
    assert_eq!(Account::all(pool).await.unwrap(), vec![first, second]);

    db.drop_db().await;
}

#[tokio::test]
async fn check_constraints_reject_rows_by_name() {
    let db = accounts_db().await;
    let pool = db.pool();

    assert_violates(
        Account::insert(pool, account("a@x.io", "acme", "ann", -1)).await,
        CHECK_VIOLATION,
        "accounts_age_not_negative",
    );
    assert_violates(
        Account::insert(pool, account("a@x.io", "acme", "  ", 1)).await,
        CHECK_VIOLATION,
        "accounts_handle_not_blank",
    );
    let ok = Account::insert(pool, account("a@x.io", "acme", "ann", 0))
        .await
        .unwrap();
    assert_violates(
        Account {
            age: -5,
            ..ok.clone()
        }
        .update(pool)
        .await,
        CHECK_VIOLATION,
        "accounts_age_not_negative",
    );
    assert_eq!(Account::find(pool, ok.id).await.unwrap(), Some(ok));

    db.drop_db().await;
}

#[tokio::test]
async fn foreign_keys_reject_dangling_references_by_name() {
    let db = accounts_db().await;
    let pool = db.pool();
    let ann = Account::insert(pool, account("ann@x.io", "acme", "ann", 30))
        .await
        .unwrap();

    assert_violates(
        Membership::insert(
            pool,
            NewMembership {
                id: None,
                account_id: ann.id + 1000,
                invited_by: None,
            },
        )
        .await,
        FOREIGN_KEY_VIOLATION,
        "membership_account_id_accounts_id_fk",
    );
    // A foreign key to a unique, non-key column.
    assert_violates(
        Membership::insert(
            pool,
            NewMembership {
                id: None,
                account_id: ann.id,
                invited_by: Some("nobody@x.io".to_owned()),
            },
        )
        .await,
        FOREIGN_KEY_VIOLATION,
        "membership_invited_by_accounts_email_fk",
    );
    let member = Membership::insert(
        pool,
        NewMembership {
            id: None,
            account_id: ann.id,
            invited_by: Some("ann@x.io".to_owned()),
        },
    )
    .await
    .unwrap();

    // Without on_delete the action is `no action`: the referenced row cannot go.
    assert_violates(
        Account::delete(pool, ann.id).await,
        FOREIGN_KEY_VIOLATION,
        "membership_account_id_accounts_id_fk",
    );
    assert!(Membership::delete(pool, member.id).await.unwrap());
    assert!(Account::delete(pool, ann.id).await.unwrap());

    db.drop_db().await;
}

/// The referenced table of the `on_delete` tests.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    #[column(primary_key)]
    pub id: String,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Parent::id, on_delete = "cascade", on_update = "cascade")]
    pub parent_id: String,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct SetNullChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Parent::id, on_delete = "set null", on_update = "set null")]
    pub parent_id: Option<String>,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct RestrictChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Parent::id, on_delete = "restrict", on_update = "restrict")]
    pub parent_id: String,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct NoActionChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Parent::id, on_delete = "no action")]
    pub parent_id: String,
}

#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct SetDefaultChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(
        references = Parent::id,
        on_delete = "set default",
        on_update = "set default",
        default = "orphanage"
    )]
    pub parent_id: String,
}

/// A tree whose children go with their parent.
#[fusion_table]
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Node::id, on_delete = "cascade")]
    pub parent_id: Option<i32>,
}

async fn parents_db(ids: &[&str]) -> TestDb {
    let db = TestDb::new().await;
    for ddl in [
        Parent::DDL,
        CascadeChild::DDL,
        SetNullChild::DDL,
        RestrictChild::DDL,
        NoActionChild::DDL,
        SetDefaultChild::DDL,
        Node::DDL,
    ] {
        db.apply(ddl).await;
    }
    for id in ids {
        Parent::insert(
            db.pool(),
            NewParent {
                id: (*id).to_owned(),
            },
        )
        .await
        .unwrap();
    }
    db
}

async fn rename_parent(db: &TestDb, from: &str, to: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE parent SET id = $2 WHERE id = $1")
        .bind(from)
        .bind(to)
        .execute(db.pool())
        .await
        .map(|_| ())
}

#[tokio::test]
async fn on_delete_cascade_deletes_children_and_on_update_cascade_follows() {
    let db = parents_db(&["p1", "p2"]).await;
    let pool = db.pool();
    for (id, parent) in [(1, "p1"), (2, "p1"), (3, "p2")] {
        let new = NewCascadeChild {
            id,
            parent_id: parent.to_owned(),
        };
        CascadeChild::insert(pool, new).await.unwrap();
    }

    assert!(Parent::delete(pool, "p1").await.unwrap());
    let left = CascadeChild::all(pool).await.unwrap();
    assert_eq!(
        left,
        [CascadeChild {
            id: 3,
            parent_id: "p2".to_owned()
        }]
    );

    rename_parent(&db, "p2", "p2-renamed").await.unwrap();
    let child = CascadeChild::find(pool, 3).await.unwrap().unwrap();
    assert_eq!(child.parent_id, "p2-renamed");

    db.drop_db().await;
}

#[tokio::test]
async fn on_delete_cascade_through_a_self_reference() {
    let db = parents_db(&[]).await;
    let pool = db.pool();
    for (id, parent_id) in [(1, None), (2, Some(1)), (3, Some(2)), (4, None)] {
        Node::insert(pool, NewNode { id, parent_id }).await.unwrap();
    }
    assert!(Node::delete(pool, 1).await.unwrap());
    assert_eq!(
        Node::all(pool).await.unwrap(),
        [Node {
            id: 4,
            parent_id: None
        }]
    );
    db.drop_db().await;
}

#[tokio::test]
async fn on_delete_set_null_clears_the_reference() {
    let db = parents_db(&["p1", "p2"]).await;
    let pool = db.pool();
    for (id, parent) in [(1, Some("p1")), (2, Some("p2")), (3, None)] {
        let new = NewSetNullChild {
            id,
            parent_id: parent.map(str::to_owned),
        };
        SetNullChild::insert(pool, new).await.unwrap();
    }

    assert!(Parent::delete(pool, "p1").await.unwrap());
    rename_parent(&db, "p2", "p2-renamed").await.unwrap();
    let parents: Vec<Option<String>> = SetNullChild::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|child| child.parent_id)
        .collect();
    assert_eq!(parents, [None, None, None]);

    db.drop_db().await;
}

#[tokio::test]
async fn on_delete_restrict_and_no_action_refuse_the_delete() {
    let db = parents_db(&["p1", "p2", "p3"]).await;
    let pool = db.pool();
    let restrict = NewRestrictChild {
        id: 1,
        parent_id: "p1".to_owned(),
    };
    RestrictChild::insert(pool, restrict).await.unwrap();
    let no_action = NewNoActionChild {
        id: 1,
        parent_id: "p2".to_owned(),
    };
    NoActionChild::insert(pool, no_action).await.unwrap();

    assert_violates(
        Parent::delete(pool, "p1").await,
        FOREIGN_KEY_VIOLATION,
        "restrict_child_parent_id_parent_id_fk",
    );
    assert_violates(
        rename_parent(&db, "p1", "p1-renamed").await,
        FOREIGN_KEY_VIOLATION,
        "restrict_child_parent_id_parent_id_fk",
    );
    assert_violates(
        Parent::delete(pool, "p2").await,
        FOREIGN_KEY_VIOLATION,
        "no_action_child_parent_id_parent_id_fk",
    );
    // Unreferenced parents go; the refused ones are all still there.
    assert!(Parent::delete(pool, "p3").await.unwrap());
    let ids: Vec<String> = Parent::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|parent| parent.id)
        .collect();
    assert_eq!(ids, ["p1", "p2"]);

    // Once the child is gone the parent can go.
    assert!(RestrictChild::delete(pool, 1).await.unwrap());
    assert!(Parent::delete(pool, "p1").await.unwrap());

    db.drop_db().await;
}

#[tokio::test]
async fn on_delete_set_default_falls_back_to_the_default() {
    let db = parents_db(&["orphanage", "p1", "p2"]).await;
    let pool = db.pool();
    for (id, parent) in [(1, Some("p1")), (2, Some("p2")), (3, None)] {
        let new = NewSetDefaultChild {
            id,
            parent_id: parent.map(str::to_owned),
        };
        SetDefaultChild::insert(pool, new).await.unwrap();
    }
    assert_eq!(
        SetDefaultChild::find(pool, 3)
            .await
            .unwrap()
            .unwrap()
            .parent_id,
        "orphanage"
    );

    assert!(Parent::delete(pool, "p1").await.unwrap());
    rename_parent(&db, "p2", "p2-renamed").await.unwrap();
    let parents: Vec<String> = SetDefaultChild::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|child| child.parent_id)
        .collect();
    assert_eq!(parents, ["orphanage", "orphanage", "orphanage"]);

    // The default itself must exist: without it the delete is refused.
    let refusal = db_refusal(Parent::delete(pool, "orphanage").await);
    assert_eq!(
        (refusal.code.as_str(), refusal.constraint.as_deref()),
        (
            FOREIGN_KEY_VIOLATION,
            Some("set_default_child_parent_id_parent_id_fk")
        )
    );

    db.drop_db().await;
}
