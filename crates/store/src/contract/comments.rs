//! A comment, its mention messages and its event commit together, stay in their
//! organisation, and come back out for the people mentioned.

use kaoguan_domain::Role;

use super::assignments::staff;
use super::{assert_not_found, at, invite, new_job, new_org};
use crate::{Comment, Effects, NewMessage, Store};

pub async fn a_comment_and_its_mentions_commit_together(db: &crate::testing::TestDb) {
    let store: &dyn Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 10).await;
    let author = staff(store, org.id, Role::Hr).await;
    let mentioned = staff(store, org.id, Role::Interviewer).await;
    let comment = Comment {
        id: uuid::Uuid::new_v4().to_string(),
        application_id: app.id,
        author_id: author,
        author_name: String::new(),
        body: "@Staff 请看第二题".into(),
        mentions: vec![mentioned],
        created_at: at(20),
    };
    let messages = vec![NewMessage {
        recipient: format!("user:{mentioned}"),
        template: "comment_mention".into(),
        payload: serde_json::json!({"comment_id": comment.id}),
    }];
    let effects = Effects::none().event(crate::NewEvent {
        kind: "comment.added".into(),
        application_id: Some(app.id),
        payload: serde_json::json!({}),
    });

    db.break_inserts_into("outbox").await;
    assert!(store
        .add_comment(org.id, &comment, &messages, &effects)
        .await
        .is_err());
    db.heal("outbox").await;
    assert!(store
        .list_comments(org.id, app.id)
        .await
        .expect("list")
        .is_empty());
    assert!(store
        .mentions_of(org.id, mentioned, 10)
        .await
        .expect("mentions")
        .is_empty());

    store
        .add_comment(org.id, &comment, &messages, &effects)
        .await
        .expect("comment");
    let listed = store.list_comments(org.id, app.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].author_name.as_str(),
            &listed[0].mentions,
            &listed[0].body
        ),
        ("Staff", &vec![mentioned], &comment.body)
    );
    let found = store
        .mentions_of(org.id, mentioned, 10)
        .await
        .expect("mentions");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].comment.id, comment.id);
    assert_eq!(found[0].job_id, job.id);
    assert!(store
        .mentions_of(org.id, author, 10)
        .await
        .expect("mentions")
        .is_empty());
    let messages_now = store.list_messages(org.id, app.id).await.expect("messages");
    assert_eq!(messages_now.len(), 1);

    // Another organisation's application takes no comment of ours.
    let other = new_org(store).await;
    assert_not_found(
        store
            .add_comment(
                other.id,
                &Comment {
                    id: uuid::Uuid::new_v4().to_string(),
                    ..comment
                },
                &[],
                &Effects::none(),
            )
            .await,
        "another org's application",
    );
    assert!(store
        .list_comments(other.id, app.id)
        .await
        .expect("list")
        .is_empty());
}
