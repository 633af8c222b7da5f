//! Applications: invitation, consent, finishing, and their org boundary.

use kaoguan_domain::{ApplicationId, ApplicationStatus, JobId, SecretDigest};

use super::{assert_not_found, at, candidate, invite, new_job, new_org};
use crate::Store;

pub async fn application_create_find_list(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (first, token) = invite(store, org.id, &job, 20).await;
    assert_eq!((first.org_id, first.job_id), (org.id, job.id));
    assert_eq!(first.status, ApplicationStatus::Invited);
    assert_eq!(first.candidate_name, "王小明");
    let email = first.candidate_email.as_deref().expect("email kept");
    assert!(
        email.starts_with("candidate-") && email.ends_with("@example.com"),
        "{email}"
    );
    let phone = first.candidate_phone.as_deref().expect("phone kept");
    assert!(
        phone.starts_with("+86139") && phone.len() == 14,
        "stored normalised: {phone}"
    );
    assert_eq!(
        (
            first.consent,
            first.consent_at,
            first.consent_version.as_deref()
        ),
        (None, None, None)
    );
    assert!(!first.practice_done);
    assert_eq!(
        (first.finished_at, first.created_at, first.updated_at),
        (None, at(20), at(20))
    );

    assert_eq!(
        store.get_application(org.id, first.id).await.expect("get"),
        first
    );
    assert_eq!(
        store.find_application_by_token(&token).await.expect("find"),
        Some(first.clone())
    );
    let stranger = SecretDigest::of("not a token");
    assert_eq!(
        store
            .find_application_by_token(&stranger)
            .await
            .expect("find"),
        None
    );

    let (second, _) = invite(store, org.id, &job, 21).await;
    let listed = store.list_applications(org.id, job.id).await.expect("list");
    let ids: Vec<ApplicationId> = listed.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![second.id, first.id], "newest first");
    assert_eq!(listed[1].candidate_name, "王小明");
    assert_eq!(listed[1].status, ApplicationStatus::Invited);
    assert_eq!((listed[1].report_status, listed[1].total), (None, None));
    assert_eq!(listed[1].created_at, at(20));

    let empty_job = new_job(store, org.id).await;
    assert!(store
        .list_applications(org.id, empty_job.id)
        .await
        .expect("list")
        .is_empty());
    assert_not_found(
        store.list_applications(org.id, JobId::new()).await,
        "list for unknown job",
    );
    assert_not_found(
        store
            .create_application(
                org.id,
                JobId::new(),
                &crate::NewApplication {
                    candidate: &candidate("Nobody"),
                    stage: &kaoguan_domain::StageKey::parse(kaoguan_domain::stage::AI_INTERVIEW)
                        .unwrap(),
                    token: &SecretDigest::of("x"),
                },
                at(22),
                &crate::Effects::none(),
            )
            .await,
        "application to unknown job",
    );

    store
        .mark_practice_done(org.id, first.id, at(25))
        .await
        .expect("practice");
    let practised = store.get_application(org.id, first.id).await.expect("get");
    assert!(practised.practice_done);
    assert_eq!(practised.updated_at, at(25));
}

pub async fn consent_accept_is_recorded_once(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 20).await;
    assert!(store
        .record_consent(org.id, app.id, true, "v1", at(30))
        .await
        .expect("consent"));
    let accepted = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(accepted.status, ApplicationStatus::InProgress);
    assert_eq!(accepted.consent, Some(true));
    assert_eq!(accepted.consent_at, Some(at(30)));
    assert_eq!(accepted.consent_version.as_deref(), Some("v1"));

    assert!(!store
        .record_consent(org.id, app.id, false, "v2", at(31))
        .await
        .expect("again"));
    assert!(!store
        .record_consent(org.id, app.id, true, "v2", at(32))
        .await
        .expect("again"));
    assert_eq!(
        store.get_application(org.id, app.id).await.expect("get"),
        accepted
    );
    assert_not_found(
        store
            .record_consent(org.id, ApplicationId::new(), true, "v1", at(33))
            .await,
        "consent for unknown application",
    );
}

pub async fn consent_refusal_is_recorded_once(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 20).await;
    assert!(store
        .record_consent(org.id, app.id, false, "v1", at(30))
        .await
        .expect("refuse"));
    let refused = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(refused.status, ApplicationStatus::HumanInterviewRequested);
    assert_eq!(
        (refused.consent, refused.consent_at),
        (Some(false), Some(at(30)))
    );

    assert!(!store
        .record_consent(org.id, app.id, true, "v1", at(31))
        .await
        .expect("again"));
    assert!(!store
        .finish_application(org.id, app.id, at(32), &crate::Effects::none())
        .await
        .expect("finish"));
    assert_eq!(
        store.get_application(org.id, app.id).await.expect("get"),
        refused
    );
}

pub async fn finish_only_from_in_progress(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 20).await;
    assert!(!store
        .finish_application(org.id, app.id, at(25), &crate::Effects::none())
        .await
        .expect("finish invited"));
    assert!(store
        .record_consent(org.id, app.id, true, "v1", at(30))
        .await
        .expect("consent"));
    assert!(store
        .finish_application(org.id, app.id, at(300), &crate::Effects::none())
        .await
        .expect("finish"));
    let done = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(
        (done.status, done.finished_at),
        (ApplicationStatus::Completed, Some(at(300)))
    );
    assert!(!store
        .finish_application(org.id, app.id, at(400), &crate::Effects::none())
        .await
        .expect("finish again"));
    assert_eq!(
        store.get_application(org.id, app.id).await.expect("get"),
        done
    );
    assert_not_found(
        store
            .finish_application(
                org.id,
                ApplicationId::new(),
                at(401),
                &crate::Effects::none(),
            )
            .await,
        "unknown application",
    );
}

pub async fn application_is_invisible_to_other_orgs(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    let (app, token) = invite(store, org.id, &job, 20).await;
    let q = job.questions[0].id;

    assert_not_found(
        store.get_application(intruder, app.id).await,
        "get_application",
    );
    assert_not_found(
        store.list_applications(intruder, job.id).await,
        "list_applications",
    );
    assert_not_found(
        store
            .create_application(
                intruder,
                job.id,
                &crate::NewApplication {
                    candidate: &candidate("Mallory"),
                    stage: &kaoguan_domain::StageKey::parse(kaoguan_domain::stage::AI_INTERVIEW)
                        .unwrap(),
                    token: &SecretDigest::of("m"),
                },
                at(21),
                &crate::Effects::none(),
            )
            .await,
        "create_application in another org's job",
    );
    assert_not_found(
        store
            .record_consent(intruder, app.id, true, "v1", at(22))
            .await,
        "record_consent",
    );
    assert_not_found(
        store.mark_practice_done(intruder, app.id, at(22)).await,
        "mark_practice_done",
    );
    assert_not_found(
        store
            .finish_application(intruder, app.id, at(22), &crate::Effects::none())
            .await,
        "finish_application",
    );
    assert_not_found(store.list_slots(intruder, app.id).await, "list_slots");
    assert_not_found(
        store
            .present_question(intruder, app.id, q, at(22), at(90))
            .await,
        "present_question",
    );

    // The owner starts the interview; the intruder still cannot touch its slots.
    assert!(store
        .record_consent(org.id, app.id, true, "v1", at(30))
        .await
        .expect("consent"));
    let slot = store
        .present_question(org.id, app.id, q, at(40), at(190))
        .await
        .expect("present");
    assert_not_found(
        store.record_answer(intruder, app.id, q, "x", at(41)).await,
        "record_answer",
    );
    assert_not_found(
        store.mark_missed(intruder, app.id, q, at(41)).await,
        "mark_missed",
    );
    assert_eq!(
        store.list_slots(org.id, app.id).await.expect("slots"),
        vec![slot]
    );
    let owner_view = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(owner_view.status, ApplicationStatus::InProgress);
    assert!(!owner_view.practice_done);
    assert_eq!(
        store
            .list_applications(org.id, job.id)
            .await
            .expect("list")
            .len(),
        1
    );
    assert_eq!(
        store.find_application_by_token(&token).await.expect("find"),
        Some(owner_view)
    );
}

pub async fn stage_moves_only_from_the_stage_seen(store: &dyn Store) {
    use kaoguan_domain::{Position, RejectReason, StageKey};
    let key = |s: &str| StageKey::parse(s).expect("key");
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 20).await;
    assert_eq!(
        app.stage,
        key("ai_interview"),
        "an invitation is to the AI interview"
    );
    assert_eq!((app.held_from.clone(), app.stage_changed_at), (None, None));

    let seen = app.position();
    let held = Position {
        stage: key("on_hold"),
        held_from: Some(key("ai_interview")),
    };
    assert!(store
        .move_stage(
            org.id,
            app.id,
            &seen,
            &held,
            None,
            at(100),
            &crate::Effects::none()
        )
        .await
        .expect("hold"));
    let now = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(now.position(), held);
    assert_eq!(now.stage_changed_at, Some(at(100)));

    // A decision taken on the stage before the hold is stale: nothing changes.
    let second = Position::at(key("second_round"));
    assert!(!store
        .move_stage(
            org.id,
            app.id,
            &seen,
            &second,
            None,
            at(110),
            &crate::Effects::none()
        )
        .await
        .expect("stale move"));
    assert_eq!(
        store.get_application(org.id, app.id).await.expect("get"),
        now
    );
    assert_not_found(
        store
            .move_stage(
                intruder,
                app.id,
                &held,
                &second,
                None,
                at(120),
                &crate::Effects::none(),
            )
            .await,
        "another org moving it",
    );

    let rejected = Position::at(key("rejected"));
    assert!(store
        .move_stage(
            org.id,
            app.id,
            &held,
            &rejected,
            Some((RejectReason::Experience, Some("少于两年经验".into()))),
            at(130),
            &crate::Effects::none()
        )
        .await
        .expect("reject"));
    let done = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(done.position(), rejected);
    assert_eq!(done.reject_reason, Some(RejectReason::Experience));
    assert_eq!(done.reject_note.as_deref(), Some("少于两年经验"));
    let listed = store.list_applications(org.id, job.id).await.expect("list");
    assert_eq!(listed[0].stage, key("rejected"));

    // Reopened: the rejection's reason goes with the rejection.
    assert!(store
        .move_stage(
            org.id,
            app.id,
            &rejected,
            &second,
            None,
            at(140),
            &crate::Effects::none()
        )
        .await
        .expect("reopen"));
    let reopened = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!((reopened.reject_reason, reopened.reject_note), (None, None));
}

pub async fn a_job_keeps_its_own_pipeline(store: &dyn Store) {
    use kaoguan_domain::{Pipeline, Stage, StageKey};
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    assert_eq!(job.pipeline, None);
    let own = Pipeline::new(vec![
        Stage {
            key: StageKey::parse("phone_screen").expect("key"),
            name: "电话初筛".into(),
        },
        Stage {
            key: StageKey::parse("hired").expect("key"),
            name: "入职".into(),
        },
    ])
    .expect("pipeline");
    store
        .set_pipeline(org.id, job.id, Some(&own), at(50))
        .await
        .expect("set");
    let read = store.get_job(org.id, job.id).await.expect("get");
    assert_eq!(read.pipeline, Some(own.clone()));
    assert_eq!(read.pipeline(), own);
    store
        .set_pipeline(org.id, job.id, None, at(60))
        .await
        .expect("reset");
    let read = store.get_job(org.id, job.id).await.expect("get");
    assert_eq!(read.pipeline, None);
    assert_eq!(read.pipeline().first().as_str(), "screening");
}

pub async fn one_person_applies_to_a_job_once(store: &dyn Store) {
    use crate::NewCandidate;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let other_job = new_job(store, org.id).await;
    let person = NewCandidate {
        name: "张伟".parse().expect("name"),
        email: Some("Zhang.Wei@Example.com".parse().expect("email")),
        phone: Some("+86 186-0000-0001".parse().expect("phone")),
    };
    let create = |job: JobId, c: NewCandidate, secs: i64| async move {
        store
            .create_application(
                org.id,
                job,
                &crate::NewApplication {
                    candidate: &c,
                    stage: &kaoguan_domain::StageKey::parse(kaoguan_domain::stage::AI_INTERVIEW)
                        .unwrap(),
                    token: &SecretDigest::of(&format!("t{secs}")),
                },
                at(secs),
                &crate::Effects::none(),
            )
            .await
    };
    let first = create(job.id, person.clone(), 10).await.expect("first");
    for (again, what) in [
        (
            NewCandidate {
                email: Some("zhang.wei@example.com".parse().expect("email")),
                phone: None,
                ..person.clone()
            },
            "same email in another case",
        ),
        (
            NewCandidate {
                email: None,
                phone: Some("18600000001".parse().expect("phone")),
                ..person.clone()
            },
            "same phone without +86",
        ),
    ] {
        assert!(
            matches!(
                create(job.id, again.clone(), 20).await,
                Err(crate::StoreError::Conflict(_))
            ),
            "{what}"
        );
        assert_eq!(
            store
                .find_application_by_contact(org.id, job.id, &again)
                .await
                .expect("find"),
            Some(first.id),
            "{what}"
        );
    }
    assert_eq!(
        store
            .list_applications(org.id, job.id)
            .await
            .expect("list")
            .len(),
        1,
        "nothing half-created"
    );
    create(other_job.id, person.clone(), 30)
        .await
        .expect("another job takes them");
    let no_contact = NewCandidate {
        email: None,
        phone: None,
        ..person
    };
    create(job.id, no_contact.clone(), 40)
        .await
        .expect("no contact: not checked");
    create(job.id, no_contact, 50).await.expect("nor twice");
    assert_eq!(
        store
            .find_application_by_contact(
                org.id,
                job.id,
                &NewCandidate {
                    name: "李娜".parse().expect("name"),
                    email: Some("li.na@example.com".parse().expect("email")),
                    phone: None,
                }
            )
            .await
            .expect("find"),
        None
    );
}
