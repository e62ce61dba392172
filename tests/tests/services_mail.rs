//! The simulated outbox against a real PostgreSQL: what is sent can be read back, newest first;
//! what a real mailer would refuse is refused before anything is stored.

use fusion_db::foundation::Foundation;
use fusion_db::services::mail::{self, AddressField, MailError, Mailer, Message, Outbox};
use fusion_db::Schema;
use fusion_db_tests::TestDb;

fn welcome(to: &str) -> Message {
    Message::new("noreply@example.com", to, "Welcome")
        .text("Hello!")
        .html("<p>Hello!</p>")
}

#[tokio::test]
async fn sent_mail_reads_back_newest_first() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let outbox = Outbox::new(db.pool().clone());
    // Apps hold their mailer as a trait object, to choose it by configuration.
    let mailer: &dyn Mailer = &outbox;

    mailer.send(&welcome("ada@example.com")).await.unwrap();
    let reset = Message::new(
        "noreply@example.com",
        "ada@example.com",
        "Reset your password",
    )
    .text("Follow the link.");
    mailer.send(&reset).await.unwrap();
    mailer.send(&welcome("bob@example.com")).await.unwrap();

    let ada = outbox.messages_to("ada@example.com").await.unwrap();
    let subjects: Vec<&str> = ada.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["Reset your password", "Welcome"]);
    let first = &ada[1];
    assert_eq!(first.from_address, "noreply@example.com");
    assert_eq!(first.to_address, "ada@example.com");
    assert_eq!(first.text_body.as_deref(), Some("Hello!"));
    assert_eq!(first.html_body.as_deref(), Some("<p>Hello!</p>"));
    assert_eq!(ada[0].html_body, None);

    assert_eq!(
        outbox.messages_to("bob@example.com").await.unwrap().len(),
        1
    );
    assert!(outbox
        .messages_to("carol@example.com")
        .await
        .unwrap()
        .is_empty());

    db.drop_db().await;
}

#[tokio::test]
async fn store_follows_the_callers_transaction() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let pool = db.pool();

    let mut tx = pool.begin().await.unwrap();
    for subject in ["one", "two", "three"] {
        mail::store(
            &mut *tx,
            &Message::new("a@example.com", "b@example.com", subject).text("x"),
        )
        .await
        .unwrap();
    }
    // Stored in one transaction, still listed newest first.
    let subjects: Vec<String> = mail::messages_to(&mut *tx, "b@example.com")
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(subjects, ["three", "two", "one"]);
    tx.rollback().await.unwrap();
    assert!(mail::messages_to(pool, "b@example.com")
        .await
        .unwrap()
        .is_empty());

    let mut tx = pool.begin().await.unwrap();
    let stored = mail::store(&mut *tx, &welcome("b@example.com"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        mail::messages_to(pool, "b@example.com").await.unwrap(),
        vec![stored]
    );

    db.drop_db().await;
}

#[tokio::test]
async fn invalid_messages_are_refused_and_not_stored() {
    let db = TestDb::with_ddl(Foundation::DDL).await;
    let outbox = Outbox::new(db.pool().clone());

    let err = outbox.send(&welcome("")).await.unwrap_err();
    assert!(
        matches!(
            err,
            MailError::EmptyAddress {
                field: AddressField::To
            }
        ),
        "{err:?}"
    );

    let err = outbox
        .send(&Message::new("", "ada@example.com", "Hi").text("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            MailError::EmptyAddress {
                field: AddressField::From
            }
        ),
        "{err:?}"
    );

    for bad in [
        "ada",
        "ada@",
        "@example.com",
        "ada@@example.com",
        "Ada <ada@example.com>",
        "ada@example.com\r\nBcc: eve@example.com",
    ] {
        let err = outbox.send(&welcome(bad)).await.unwrap_err();
        match &err {
            MailError::MalformedAddress {
                field: AddressField::To,
                address,
                ..
            } => assert_eq!(address, bad),
            other => panic!("{bad:?}: expected MalformedAddress, got {other:?}"),
        }
        assert!(err.to_string().contains("the to address"), "{err}");
    }

    let err = outbox
        .send(&Message::new("noreply@example", "ada@example.com", "Empty"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MailError::NoBody { to } if to == "ada@example.com"),
        "{err:?}"
    );
    let err = outbox
        .send(&Message::new("noreply@example", "ada@example.com", "Empty").text(""))
        .await
        .unwrap_err();
    assert!(matches!(err, MailError::NoBody { .. }), "{err:?}");

    let err = outbox
        .send(&Message::new("noreply@example", "ada@example.com", "Hi\nBcc: eve").text("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, MailError::SubjectLineBreak { .. }), "{err:?}");

    // Either body alone is enough.
    let html_only = Message::new("noreply@example", "ada@example.com", "Hi").html("<p>x</p>");
    outbox.send(&html_only).await.unwrap();

    let err = outbox.messages_to("not an address").await.unwrap_err();
    assert!(
        matches!(
            err,
            MailError::MalformedAddress {
                field: AddressField::Lookup,
                ..
            }
        ),
        "{err:?}"
    );

    let stored: i64 = sqlx::query_scalar(r#"SELECT count(*) FROM "mailbox""#)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 1, "only the valid message is stored");

    db.drop_db().await;
}
