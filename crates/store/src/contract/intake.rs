//! An intake (application, resume, screening and events) commits whole; one person stays
//! one candidate across an organisation's jobs, and only within it.

use kaoguan_domain::{ApplicationId, InterviewToken, StageKey};

use super::{assert_not_found, at, candidate, new_job, new_org};
use crate::{Effects, IntakeOutcome, NewApplication, NewIntake, NewResume, Store};

pub async fn an_intake_commits_whole_and_one_person_stays_one_candidate(
    db: &crate::testing::TestDb,
) {
    let store: &dyn Store = &db.store;
    let org = new_org(store).await;
    let (a, b, c) = (
        new_job(store, org.id).await,
        new_job(store, org.id).await,
        new_job(store, org.id).await,
    );
    let person = candidate("王芳");
    let stage: StageKey = "screening".parse().expect("stage");
    let tokens: Vec<_> = (0..8)
        .map(|_| InterviewToken::generate().digest())
        .collect();
    let resume = NewResume {
        file_name: "王芳.txt".into(),
        format: "text".into(),
        size_bytes: 42,
        sha256: "00".repeat(32),
        text: "王芳 身份证号 ******************".into(),
        parsed: serde_json::json!({"name": {"value": "王芳"}}),
    };
    let screening = serde_json::json!({"passed": true, "score": 100.0, "reasons": []});
    let effects = Effects::none().event(crate::NewEvent {
        kind: "application.screened".into(),
        application_id: None,
        payload: serde_json::json!({}),
    });
    let intake = |id, n: usize| NewIntake {
        id,
        candidate: &person,
        stage: &stage,
        token: &tokens[n],
        source: "api",
        resume: Some(&resume),
        screening: &screening,
    };

    db.break_inserts_into("resumes").await;
    let first_id = ApplicationId::new();
    assert!(store
        .create_intake(org.id, a.id, &intake(first_id, 1), at(20), &effects)
        .await
        .is_err());
    db.heal("resumes").await;
    assert!(store
        .list_applications(org.id, a.id)
        .await
        .expect("list")
        .is_empty());
    assert!(store
        .list_events(org.id, 0, 100)
        .await
        .expect("events")
        .iter()
        .all(|e| e.kind != "application.screened"));

    let IntakeOutcome::Created(first) = store
        .create_intake(org.id, a.id, &intake(first_id, 2), at(21), &effects)
        .await
        .expect("intake")
    else {
        panic!("a new person makes a new application")
    };
    assert_eq!(first.id, first_id);
    assert_eq!(first.stage, stage);
    let kept = store
        .get_resume(org.id, first.id)
        .await
        .expect("resume")
        .expect("a resume");
    assert_eq!(kept.text, resume.text);
    assert_eq!(kept.corrections, serde_json::json!({}));
    let (verdict, _) = store
        .get_screening(org.id, first.id)
        .await
        .expect("screening")
        .expect("kept");
    assert_eq!(verdict, screening);
    let events = store.list_events(org.id, 0, 100).await.expect("events");
    assert!(events
        .iter()
        .any(|e| e.kind == "application.screened" && e.application_id == Some(first.id)));

    // The same person again to the same job: nothing new.
    assert_eq!(
        store
            .create_intake(
                org.id,
                a.id,
                &intake(ApplicationId::new(), 3),
                at(22),
                &effects
            )
            .await
            .expect("again"),
        IntakeOutcome::Existing(first.id)
    );
    // To another job by intake, and to a third by invitation: the same candidate.
    let IntakeOutcome::Created(second) = store
        .create_intake(
            org.id,
            b.id,
            &intake(ApplicationId::new(), 4),
            at(23),
            &effects,
        )
        .await
        .expect("intake b")
    else {
        panic!("another job takes the person")
    };
    assert_eq!(second.candidate_id, first.candidate_id);
    let invited = store
        .create_application(
            org.id,
            c.id,
            &NewApplication {
                candidate: &person,
                stage: &stage,
                token: &InterviewToken::generate().digest(),
            },
            at(24),
            &Effects::none(),
        )
        .await
        .expect("invite");
    assert_eq!(invited.candidate_id, first.candidate_id);

    // Another organisation's applicant with the same contacts is its own candidate, and
    // this organisation's jobs are not found from there.
    let other = new_org(store).await;
    let their_job = new_job(store, other.id).await;
    let IntakeOutcome::Created(theirs) = store
        .create_intake(
            other.id,
            their_job.id,
            &intake(ApplicationId::new(), 5),
            at(25),
            &effects,
        )
        .await
        .expect("other org")
    else {
        panic!("a new application in the other org")
    };
    assert_ne!(theirs.candidate_id, first.candidate_id);
    assert_not_found(
        store
            .create_intake(
                other.id,
                a.id,
                &intake(ApplicationId::new(), 6),
                at(26),
                &effects,
            )
            .await,
        "intake into another org's job",
    );
    assert_not_found(
        store
            .set_intake_settings(other.id, a.id, Some("years_experience >= 1"), true)
            .await,
        "settings of another org's job",
    );
    assert!(store
        .get_resume(other.id, first.id)
        .await
        .expect("read")
        .is_none());
    let fix = serde_json::json!({"school": "浙江工商大学"});
    assert_not_found(
        store.set_resume_corrections(other.id, first.id, &fix).await,
        "correcting another org's resume",
    );
    assert_not_found(
        store
            .set_screening(other.id, first.id, &screening, at(27), &Effects::none())
            .await,
        "screening another org's application",
    );
    store
        .set_resume_corrections(org.id, first.id, &fix)
        .await
        .expect("correct");
    let kept = store
        .get_resume(org.id, first.id)
        .await
        .expect("resume")
        .expect("a resume");
    assert_eq!(kept.corrections, fix);
    assert_eq!(kept.parsed, resume.parsed, "what was read is kept");
    let again = serde_json::json!({"passed": false, "score": 0.0, "reasons": []});
    store
        .set_screening(org.id, first.id, &again, at(28), &effects)
        .await
        .expect("screen again");
    let (verdict, when) = store
        .get_screening(org.id, first.id)
        .await
        .expect("screening")
        .expect("kept");
    assert_eq!((verdict, when), (again, at(28)));
    store
        .set_intake_settings(org.id, a.id, Some("years_experience >= 1"), true)
        .await
        .expect("settings");
    let job = store.get_job(org.id, a.id).await.expect("job");
    assert_eq!(job.screening_rule.as_deref(), Some("years_experience >= 1"));
    assert!(job.apply_open);
}
