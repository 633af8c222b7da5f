//! Recorded answers: stored once per presented question with their transcript, and never
//! seen from another organisation. (Uploads themselves: [`super::media`].)

use kaoguan_domain::{AnswerMode, ApplicationId, QuestionId};
use serde_json::json;

use super::media::{appended, chunk, media_answer, new_upload, open_upload, rejected};
use super::{assert_not_found, at, new_org};
use crate::{
    NewMediaAnswer, SlotState, Store, StoreError, Transcript, TranscriptState, UploadState,
};

pub async fn media_answer_is_recorded_once_with_its_transcript(store: &dyn Store) {
    let org = new_org(store).await;
    let (app, upload) = open_upload(store, org.id, 1000).await;
    let upload = appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 0, 25, "a"), at(60))
            .await
            .expect("append"),
    );
    assert!(store
        .list_media_answers(org.id, app.id)
        .await
        .expect("list")
        .is_empty());
    // The size must be what was received.
    let wrong_size = NewMediaAnswer {
        size_bytes: 24,
        ..media_answer(&upload)
    };
    assert!(matches!(
        store
            .record_media_answer(org.id, &wrong_size, at(80), &crate::Effects::none())
            .await,
        Err(StoreError::Conflict(_))
    ));
    let slots = store.list_slots(org.id, app.id).await.expect("slots");
    assert_eq!(slots[0].state, SlotState::Presented, "rolled back");

    assert!(store
        .record_media_answer(
            org.id,
            &media_answer(&upload),
            at(80),
            &crate::Effects::none()
        )
        .await
        .expect("record"));
    let slot = &store.list_slots(org.id, app.id).await.expect("slots")[0];
    assert_eq!(slot.state, SlotState::Answered);
    assert_eq!(
        (slot.answered_at, slot.text.as_deref()),
        (Some(at(80)), None)
    );
    let done = store
        .get_upload(org.id, app.id, upload.id)
        .await
        .expect("get");
    assert_eq!(
        (done.state, done.completed_at),
        (UploadState::Complete, Some(at(80)))
    );
    rejected(
        store
            .append_chunk(org.id, &chunk(upload.id, 25, 5, "b"), at(81))
            .await
            .expect("append after completion"),
    );
    assert!(!store
        .record_media_answer(
            org.id,
            &media_answer(&upload),
            at(82),
            &crate::Effects::none()
        )
        .await
        .expect("record again"));

    let answer = store
        .get_media_answer(org.id, app.id, upload.question_id)
        .await
        .expect("get")
        .expect("an answer");
    assert_eq!(
        (answer.upload_id, answer.kind, answer.size_bytes),
        (upload.id, AnswerMode::Audio, 25)
    );
    assert_eq!(answer.content_type, "audio/webm;codecs=opus");
    assert_eq!(answer.sha256, "ab".repeat(32));
    assert_eq!(answer.object_key, format!("answers/{}", upload.id));
    assert_eq!(answer.created_at, at(80));
    assert_eq!(answer.transcript_state, TranscriptState::Pending);
    assert_eq!(
        (
            &answer.transcript,
            &answer.transcript_error,
            answer.transcribed_at
        ),
        (&None, &None, None)
    );
    assert_eq!(
        store
            .list_media_answers(org.id, app.id)
            .await
            .expect("list"),
        vec![answer.clone()]
    );

    store
        .fail_transcript(
            org.id,
            app.id,
            upload.question_id,
            "no speech model installed",
            at(90),
        )
        .await
        .expect("fail");
    let failed = store
        .get_media_answer(org.id, app.id, upload.question_id)
        .await
        .expect("get")
        .expect("an answer");
    assert_eq!(failed.transcript_state, TranscriptState::Failed);
    assert_eq!(
        failed.transcript_error.as_deref(),
        Some("no speech model installed")
    );
    assert_eq!(
        (failed.transcript, failed.transcribed_at),
        (None, Some(at(90)))
    );

    let transcript = Transcript {
        text: "我会先道歉，然后核实订单的哈希值。".into(),
        language: "zh".into(),
        segments: json!([{"start": 0.0, "end": 2.5, "text": "我会先道歉，"}, {"start": 2.5, "end": 5.0, "text": "然后核实订单的哈希值。"}]),
        delivery: json!({"rate_per_minute": 212.5, "pause_ratio": 0.12, "fillers": {"嗯": 1}}),
    };
    store
        .save_transcript(org.id, app.id, upload.question_id, &transcript, at(95))
        .await
        .expect("save");
    let done = store
        .get_media_answer(org.id, app.id, upload.question_id)
        .await
        .expect("get")
        .expect("an answer");
    assert_eq!(done.transcript_state, TranscriptState::Done);
    assert_eq!(done.transcript, Some(transcript));
    assert_eq!(
        (done.transcript_error, done.transcribed_at),
        (None, Some(at(95)))
    );

    assert_not_found(
        store
            .save_transcript(
                org.id,
                app.id,
                QuestionId::new(),
                &done.transcript.clone().expect("transcript"),
                at(96),
            )
            .await,
        "transcript of an unknown answer",
    );
    assert_not_found(
        store.list_media_answers(org.id, ApplicationId::new()).await,
        "media answers of unknown application",
    );
}

pub async fn media_is_invisible_to_other_orgs(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let (app, upload) = open_upload(store, org.id, 1000).await;
    let q = upload.question_id;

    assert_not_found(
        store.get_upload(intruder, app.id, upload.id).await,
        "get upload from another org",
    );
    assert_not_found(
        store.list_upload_chunks(intruder, upload.id).await,
        "list chunks from another org",
    );
    assert_not_found(
        store
            .append_chunk(intruder, &chunk(upload.id, 0, 10, "x"), at(60))
            .await,
        "append from another org",
    );
    assert_not_found(
        store
            .create_upload(intruder, &new_upload(&app, q, 10), at(60))
            .await,
        "create upload in another org",
    );
    assert_not_found(
        store
            .record_media_answer(
                intruder,
                &media_answer(&upload),
                at(80),
                &crate::Effects::none(),
            )
            .await,
        "record an answer from another org",
    );
    assert!(store
        .record_media_answer(
            org.id,
            &media_answer(&upload),
            at(80),
            &crate::Effects::none()
        )
        .await
        .expect("record"));
    assert_eq!(
        store
            .get_media_answer(intruder, app.id, q)
            .await
            .expect("get"),
        None
    );
    assert_not_found(
        store.list_media_answers(intruder, app.id).await,
        "list answers from another org",
    );
    let transcript = Transcript {
        text: "forged".into(),
        language: "en".into(),
        segments: json!([]),
        delivery: json!({}),
    };
    assert_not_found(
        store
            .save_transcript(intruder, app.id, q, &transcript, at(90))
            .await,
        "save a transcript from another org",
    );
    assert_not_found(
        store
            .fail_transcript(intruder, app.id, q, "x", at(90))
            .await,
        "fail a transcript from another org",
    );
    let kept = store
        .get_media_answer(org.id, app.id, q)
        .await
        .expect("get")
        .expect("an answer");
    assert_eq!(kept.transcript_state, TranscriptState::Pending);
}
