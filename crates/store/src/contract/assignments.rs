//! Assignments are made once, stay within their organisation and come back out.

use kaoguan_domain::Role;

use super::{at, invite, new_job, new_org, unique};
use crate::{Effects, NewAssignment, NewUser, Store};

pub(super) async fn staff(
    store: &dyn Store,
    org: kaoguan_domain::OrgId,
    role: Role,
) -> kaoguan_domain::UserId {
    store
        .create_user(
            NewUser {
                org_id: org,
                email: format!("{}@example.com", unique("u"))
                    .parse()
                    .expect("email"),
                display_name: "Staff".into(),
                password_hash: "x".into(),
                role,
                department: None,
            },
            at(1),
        )
        .await
        .expect("user")
        .id
}

pub async fn assignments_are_made_once_and_stay_in_their_org(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 10).await;
    let hr = staff(store, org.id, Role::Hr).await;
    let iv = staff(store, org.id, Role::Interviewer).await;
    let one = NewAssignment {
        user_id: iv,
        job_id: job.id,
        application_id: Some(app.id),
        assigned_by: hr,
    };
    let whole = NewAssignment {
        application_id: None,
        ..one.clone()
    };
    assert!(store
        .assign(org.id, &one, at(20), &Effects::none())
        .await
        .expect("assign"));
    assert!(!store
        .assign(org.id, &one, at(21), &Effects::none())
        .await
        .expect("again"));
    assert!(store
        .assign(org.id, &whole, at(22), &Effects::none())
        .await
        .expect("whole"));
    assert!(!store
        .assign(org.id, &whole, at(23), &Effects::none())
        .await
        .expect("whole again"));
    let mine = store.assignments_of_user(org.id, iv).await.expect("mine");
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].application_id, Some(app.id));
    assert_eq!(mine[1].application_id, None);
    assert_eq!(mine[0].user_role, Role::Interviewer);

    // Another organisation can neither assign into this one nor see or remove its rows.
    let other = new_org(store).await;
    let stranger = staff(store, other.id, Role::Interviewer).await;
    let across = NewAssignment {
        user_id: stranger,
        ..one.clone()
    };
    assert!(!store
        .assign(org.id, &across, at(30), &Effects::none())
        .await
        .expect("across"));
    assert!(!store
        .assign(other.id, &one, at(31), &Effects::none())
        .await
        .expect("other org"));
    assert!(store
        .assignments_of_job(other.id, job.id)
        .await
        .expect("none")
        .is_empty());
    assert!(!store
        .unassign(other.id, &mine[0].id, at(32), &Effects::none())
        .await
        .expect("no"));
    super::assert_not_found(
        store.get_assignment(other.id, &mine[0].id).await,
        "another org's assignment",
    );

    assert!(store
        .unassign(org.id, &mine[0].id, at(33), &Effects::none())
        .await
        .expect("remove"));
    assert_eq!(
        store
            .assignments_of_job(org.id, job.id)
            .await
            .expect("left")
            .len(),
        1
    );
}
