//! Tables and columns named with SQL reserved words work in every statement fusion-db writes.

use fusion_db::{fusion_table, KeyedTable, Table};
use fusion_db_tests::{assert_catalog_matches, assert_violates, TestDb, UNIQUE_VIOLATION};

#[fusion_table(name = "user")]
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    #[column(name = "group")]
    pub group_name: String,
    #[column(unique)]
    pub r#where: Option<String>,
}

#[fusion_table]
#[index(r#type, chosen)]
#[unique(user, r#type, name = "order_user_type_key")]
#[check(name = "order_type_known", sql = "\"type\" IN ('in', 'out', 'from')")]
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    #[column(primary_key, identity)]
    pub id: i64,
    #[column(references = User::id, on_delete = "cascade")]
    pub user: String,
    pub r#type: String,
    #[column(name = "select", default = false)]
    pub chosen: bool,
    #[column(name = "from")]
    pub from_: Option<i32>,
    #[column(references = Order::id, on_delete = "set null")]
    pub r#in: Option<i64>,
}

#[fusion_table(name = "table")]
#[primary_key(r#where, r#order)]
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub r#where: String,
    pub r#order: i32,
    #[column(name = "column")]
    pub value: String,
}

#[tokio::test]
async fn reserved_word_tables_and_columns_apply_and_match_the_catalogue() {
    let db = TestDb::with_ddl(User::DDL).await;
    db.apply(Order::DDL).await;
    db.apply(Grid::DDL).await;
    for def in [User::DEF, Order::DEF, Grid::DEF] {
        assert_catalog_matches(db.pool(), def).await;
    }
    assert_eq!(Order::NAME, "order");
    assert_eq!(
        Order::COLUMN_LIST,
        r#""id", "user", "type", "select", "from", "in""#
    );
    db.drop_db().await;
}

#[tokio::test]
async fn insert_find_update_delete_on_reserved_word_names() {
    let db = TestDb::with_ddl(User::DDL).await;
    db.apply(Order::DDL).await;
    let pool = db.pool();

    let ann = User::insert(
        pool,
        NewUser {
            id: "ann".to_owned(),
            group_name: "admins".to_owned(),
            r#where: Some("here".to_owned()),
        },
    )
    .await
    .unwrap();
    assert_eq!(User::find(pool, "ann").await.unwrap().as_ref(), Some(&ann));
    let moved = User {
        group_name: "users".to_owned(),
        r#where: None,
        ..ann.clone()
    };
    assert_eq!(moved.update(pool).await.unwrap(), moved);
    let bob = |id: &str| NewUser {
        id: id.to_owned(),
        group_name: "users".to_owned(),
        r#where: Some("there".to_owned()),
    };
    User::insert(pool, bob("bob")).await.unwrap();
    assert_violates(
        User::insert(pool, bob("eve")).await,
        UNIQUE_VIOLATION,
        "user_where_unique",
    );

    let first = Order::insert(
        pool,
        NewOrder {
            id: None,
            user: "ann".to_owned(),
            r#type: "in".to_owned(),
            chosen: None,
            from_: Some(3),
            r#in: None,
        },
    )
    .await
    .unwrap();
    assert!(!first.chosen);
    let second = Order::insert(
        pool,
        NewOrder {
            id: None,
            user: "ann".to_owned(),
            r#type: "out".to_owned(),
            chosen: Some(true),
            from_: None,
            r#in: Some(first.id),
        },
    )
    .await
    .unwrap();
    assert_violates(
        Order::insert(
            pool,
            NewOrder {
                id: None,
                user: "ann".to_owned(),
                r#type: "out".to_owned(),
                chosen: None,
                from_: None,
                r#in: None,
            },
        )
        .await,
        UNIQUE_VIOLATION,
        "order_user_type_key",
    );

    let changed = Order {
        r#type: "from".to_owned(),
        chosen: false,
        ..second.clone()
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    assert_eq!(
        Order::all(pool).await.unwrap(),
        [first.clone(), changed.clone()]
    );
    let by_name: Vec<Order> = sqlx::query_as(r#"SELECT * FROM "order" ORDER BY "select", id"#)
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(by_name, [first.clone(), changed.clone()]);

    // The self-reference "in" is cleared when its target goes.
    assert!(Order::delete(pool, first.id).await.unwrap());
    assert!(!Order::delete(pool, first.id).await.unwrap());
    let left = Order::find(pool, changed.id).await.unwrap().unwrap();
    assert_eq!(left.r#in, None);

    // Deleting the "user" cascades into "order".
    assert!(User::delete(pool, "ann").await.unwrap());
    assert_eq!(Order::all(pool).await.unwrap(), []);

    db.drop_db().await;
}

#[tokio::test]
async fn composite_key_of_reserved_words() {
    let db = TestDb::with_ddl(Grid::DDL).await;
    let pool = db.pool();
    let row = Grid::insert(
        pool,
        NewGrid {
            r#where: "w".to_owned(),
            r#order: 1,
            value: "v".to_owned(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        Grid::find(pool, ("w", 1)).await.unwrap().as_ref(),
        Some(&row)
    );
    let changed = Grid {
        value: "v2".to_owned(),
        ..row
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    assert!(Grid::delete(pool, ("w", 1)).await.unwrap());
    assert_eq!(Grid::all(pool).await.unwrap(), []);
    db.drop_db().await;
}

/// Names that need quoting for other reasons: capitals, spaces, quotes, non-ASCII.
#[fusion_table(name = "Odd \"Table\" ü")]
#[index(mixed, quoted)]
#[unique(spaced, name = "Odd unique")]
#[derive(Debug, Clone, PartialEq)]
pub struct Odd {
    #[column(primary_key, identity, name = "ID")]
    pub id: i64,
    #[column(name = "Mixed Case")]
    pub mixed: String,
    #[column(name = "with\"quote")]
    pub quoted: Option<i32>,
    #[column(name = "with space", default = "it's")]
    pub spaced: String,
    #[column(name = "größe")]
    pub size: f64,
    #[column(name = "parent", references = Odd::id, on_delete = "cascade")]
    pub parent: Option<i64>,
}

#[fusion_table(name = "odd child")]
#[derive(Debug, Clone, PartialEq)]
pub struct OddChild {
    #[column(primary_key)]
    pub id: i32,
    #[column(name = "Odd ID", references = Odd::id, on_delete = "set null")]
    pub odd: Option<i64>,
}

#[tokio::test]
async fn names_that_need_quoting() {
    let db = TestDb::with_ddl(Odd::DDL).await;
    db.apply(OddChild::DDL).await;
    let pool = db.pool();
    for def in [Odd::DEF, OddChild::DEF] {
        assert_catalog_matches(pool, def).await;
    }

    let root = Odd::insert(
        pool,
        NewOdd {
            id: None,
            mixed: "M".to_owned(),
            quoted: Some(1),
            spaced: None,
            size: 1.5,
            parent: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(root.spaced, "it's");
    let leaf = Odd::insert(
        pool,
        NewOdd {
            id: None,
            mixed: "L".to_owned(),
            quoted: None,
            spaced: Some("s".to_owned()),
            size: -0.5,
            parent: Some(root.id),
        },
    )
    .await
    .unwrap();
    let child = OddChild::insert(
        pool,
        NewOddChild {
            id: 1,
            odd: Some(leaf.id),
        },
    )
    .await
    .unwrap();
    assert_violates(
        Odd::insert(
            pool,
            NewOdd {
                id: None,
                mixed: "X".to_owned(),
                quoted: None,
                spaced: Some("s".to_owned()),
                size: 0.0,
                parent: None,
            },
        )
        .await,
        UNIQUE_VIOLATION,
        "Odd unique",
    );

    let by_name: Vec<Odd> = sqlx::query_as(r#"SELECT * FROM "Odd ""Table"" ü" ORDER BY "ID""#)
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(by_name, [root.clone(), leaf.clone()]);
    let changed = Odd {
        mixed: "changed".to_owned(),
        quoted: Some(-1),
        ..leaf.clone()
    };
    assert_eq!(changed.update(pool).await.unwrap(), changed);
    assert_eq!(Odd::find(pool, leaf.id).await.unwrap(), Some(changed));

    // Deleting the root cascades to the leaf, which sets the child's reference to NULL.
    assert!(Odd::delete(pool, root.id).await.unwrap());
    assert_eq!(Odd::all(pool).await.unwrap(), []);
    assert_eq!(
        OddChild::find(pool, child.id).await.unwrap(),
        Some(OddChild { odd: None, ..child })
    );

    db.drop_db().await;
}

/// A named single-column primary key declared on the struct.
#[fusion_table]
#[primary_key(code, name = "currency_code_key")]
#[derive(Debug, Clone, PartialEq)]
pub struct Currency {
    pub code: String,
    pub digits: i16,
}

#[tokio::test]
async fn a_named_single_column_primary_key_keeps_its_name() {
    let db = TestDb::with_ddl(Currency::DDL).await;
    let pool = db.pool();
    assert_eq!(Currency::DEF.primary_key.unwrap().name, "currency_code_key");
    let eur = || NewCurrency {
        code: "EUR".to_owned(),
        digits: 2,
    };
    Currency::insert(pool, eur()).await.unwrap();
    assert_violates(
        Currency::insert(pool, eur()).await,
        UNIQUE_VIOLATION,
        "currency_code_key",
    );
    assert_catalog_matches(pool, Currency::DEF).await;
    db.drop_db().await;
}
