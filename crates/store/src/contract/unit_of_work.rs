//! A state change and the work it causes commit together or not at all. Each test breaks
//! the inserts into the task queue or the event log (a trigger, on both databases), makes
//! the change, shows that nothing of it stayed, heals the table and shows the retry
//! doing all of it exactly once.

use kaoguan_domain::{ApplicationStatus, ReportStatus};
use serde_json::json;

use super::media::{appended, chunk, media_answer, open_upload};
use super::{at, new_job, new_org, started};
use crate::models::SlotState;
use crate::testing::TestDb;
use crate::{Effects, NewEvent, NewTask, Report, UploadState};

fn work(kind: &str, application: kaoguan_domain::ApplicationId) -> Effects {
    Effects::none()
        .task(NewTask {
            kind: kind.to_string(),
            payload: json!({"application_id": application}),
            run_at: at(0),
        })
        .event(NewEvent {
            kind: format!("{kind}.happened"),
            application_id: Some(application),
            payload: json!({}),
        })
}

pub async fn finishing_and_its_work_commit_together(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let effects = work("score_application", app.id);

    for broken in ["tasks", "events"] {
        db.break_inserts_into(broken).await;
        assert!(
            store
                .finish_application(org.id, app.id, at(300), &effects)
                .await
                .is_err(),
            "with {broken} broken the unit fails"
        );
        db.heal(broken).await;
        let now = store.get_application(org.id, app.id).await.expect("get");
        assert_eq!(
            now.status,
            ApplicationStatus::InProgress,
            "with {broken} broken the status did not change alone"
        );
        assert_eq!(store.pending_tasks().await.expect("pending"), 0);
        assert!(store
            .list_events(org.id, 0, 10)
            .await
            .expect("events")
            .is_empty());
    }

    assert!(store
        .finish_application(org.id, app.id, at(300), &effects)
        .await
        .expect("finish once healed"));
    assert!(!store
        .finish_application(org.id, app.id, at(301), &effects)
        .await
        .expect("finish again"));
    assert_eq!(
        store
            .get_application(org.id, app.id)
            .await
            .expect("get")
            .status,
        ApplicationStatus::Completed
    );
    assert_eq!(
        store.pending_tasks().await.expect("pending"),
        1,
        "queued once"
    );
    let events = store.list_events(org.id, 0, 10).await.expect("events");
    assert_eq!(events.len(), 1, "logged once: {events:?}");
    assert_eq!(events[0].kind, "score_application.happened");
    assert_eq!(events[0].application_id, Some(app.id));
}

pub async fn a_report_and_its_work_commit_together(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    assert!(store
        .finish_application(org.id, app.id, at(300), &Effects::none())
        .await
        .expect("finish"));
    let report = Report {
        application_id: app.id,
        status: ReportStatus::Ready,
        total: Some(71.5),
        model_version: "test".into(),
        body: json!({"total": 71.5}),
        red_flags: 0,
        flags: vec![],
        created_at: at(400),
    };
    let effects = work("llm_feedback", app.id);
    db.break_inserts_into("tasks").await;
    assert!(store.save_report(org.id, &report, &effects).await.is_err());
    db.heal("tasks").await;
    assert_eq!(store.get_report(org.id, app.id).await.expect("get"), None);
    assert_eq!(
        store
            .get_application(org.id, app.id)
            .await
            .expect("get")
            .status,
        ApplicationStatus::Completed,
        "not marked scored without its report"
    );
    assert!(store
        .list_events(org.id, 0, 10)
        .await
        .expect("events")
        .is_empty());

    store
        .save_report(org.id, &report, &effects)
        .await
        .expect("save once healed");
    assert!(store
        .get_report(org.id, app.id)
        .await
        .expect("get")
        .is_some());
    assert_eq!(store.pending_tasks().await.expect("pending"), 1);
    assert_eq!(
        store
            .list_events(org.id, 0, 10)
            .await
            .expect("events")
            .len(),
        1
    );
}

pub async fn a_recorded_answer_and_its_transcription_commit_together(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let (app, upload) = open_upload(store, org.id, 1000).await;
    let upload = appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 0, 25, "a"), at(60))
            .await
            .expect("append"),
    );
    let effects = work("transcribe_answer", app.id);
    db.break_inserts_into("tasks").await;
    assert!(store
        .record_media_answer(org.id, &media_answer(&upload), at(80), &effects)
        .await
        .is_err());
    db.heal("tasks").await;
    let slot = &store.list_slots(org.id, app.id).await.expect("slots")[0];
    assert_eq!(slot.state, SlotState::Presented, "the slot is still open");
    assert!(store
        .list_media_answers(org.id, app.id)
        .await
        .expect("list")
        .is_empty());
    assert_eq!(
        store
            .get_upload(org.id, app.id, upload.id)
            .await
            .expect("upload")
            .state,
        UploadState::Open
    );

    assert!(store
        .record_media_answer(org.id, &media_answer(&upload), at(81), &effects)
        .await
        .expect("record once healed"));
    assert_eq!(store.pending_tasks().await.expect("pending"), 1);
    assert_eq!(
        store
            .list_media_answers(org.id, app.id)
            .await
            .expect("list")
            .len(),
        1
    );
}

pub async fn events_are_read_in_order_within_their_org(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let other = new_org(store).await;
    let job = new_job(store, org.id).await;
    let mut apps = Vec::new();
    for i in 0..3 {
        let app = started(store, org.id, &job).await;
        store
            .finish_application(org.id, app.id, at(300 + i), &work("x", app.id))
            .await
            .expect("finish");
        apps.push(app.id);
    }
    let all = store.list_events(org.id, 0, 10).await.expect("events");
    assert_eq!(
        all.iter()
            .map(|e| e.application_id.unwrap())
            .collect::<Vec<_>>(),
        apps,
        "commit order"
    );
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
    let after = store
        .list_events(org.id, all[0].seq, 1)
        .await
        .expect("page");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].seq, all[1].seq);
    assert!(store
        .list_events(other.id, 0, 10)
        .await
        .expect("other org")
        .is_empty());
}
