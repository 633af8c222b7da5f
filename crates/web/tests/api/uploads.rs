//! Chunked recordings through the candidate API: stored encrypted, retried chunks,
//! resuming after a drop, size limits, deadlines, and uploads never completed.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::MAX_UPLOAD_BYTES;
use crate::media::{
    at_first_question, complete, files_under, next_question, open_upload, put, recording, send_raw,
    status,
};

#[tokio::test]
async fn a_recording_uploaded_in_three_chunks_is_stored_encrypted_and_answers_the_question() {
    let (app, app_id, token, qid) = at_first_question().await;
    let upload = open_upload(&app, &token, &qid).await;
    // Chunks that straddle the 64 KiB encryption chunks.
    let data = recording(150_000, 1);
    for (from, to) in [(0, 70_000), (70_000, 140_000), (140_000, 150_000)] {
        let r = put(&app, &token, &upload, from, &data[from..to]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["received"], to);
    }
    let s = status(&app, &token, &upload).await;
    assert_eq!(
        (s.body["received"].clone(), s.body["complete"].clone()),
        (json!(150_000), json!(false))
    );

    let done = complete(&app, &token, &upload).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    assert_eq!(done.body["question_id"], qid);
    assert_eq!(done.body["kind"], "audio");
    assert_eq!(done.body["content_type"], "audio/webm;codecs=opus");
    assert_eq!(done.body["size_bytes"], 150_000);
    assert_eq!(done.body["sha256"], hex::encode(Sha256::digest(&data)));
    assert_eq!(done.body["transcript_status"], "pending");
    assert_eq!(done.body["duplicate"], false);
    assert!(
        done.body.get("object_key").is_none(),
        "storage stays internal"
    );

    // Completing again (a lost response) returns the same answer.
    let again = complete(&app, &token, &upload).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        (
            again.body["duplicate"].clone(),
            again.body["sha256"].clone()
        ),
        (json!(true), done.body["sha256"].clone())
    );
    assert_eq!(status(&app, &token, &upload).await.body["complete"], true);
    // The question counts as answered and the interview moves on.
    assert_ne!(next_question(&app, &token).await, qid);
    let state = app
        .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
        .await;
    assert_eq!(state.body["answered_count"], 1);

    // On disk: ciphertext only, which decrypts to the recording; staged chunks are gone.
    let answer = app
        .services
        .store
        .get_media_answer(app.org, app_id.parse().unwrap(), qid.parse().unwrap())
        .await
        .unwrap()
        .expect("a media answer");
    let on_disk = std::fs::read(app.media_dir.join(&answer.object_key)).unwrap();
    assert!(on_disk.len() > data.len());
    for at in [0, 1000, 70_000, 149_968] {
        let window = &data[at..at + 32];
        assert!(
            !on_disk.windows(32).any(|w| w == window),
            "plaintext at {at} on disk"
        );
    }
    let key = kaoguan_objects::ObjectKey::parse(&answer.object_key).unwrap();
    let plain = kaoguan_objects::read_all(app.services.objects.as_ref(), &key).unwrap();
    assert_eq!(plain, data);
    assert_eq!(
        files_under(&app.media_dir),
        vec![app.media_dir.join(&answer.object_key)],
        "only the assembled recording is left"
    );
    // Its transcription is queued.
    assert_eq!(app.services.store.pending_tasks().await.unwrap(), 1);
}

#[tokio::test]
async fn retried_chunks_are_no_ops_and_misfits_say_where_to_resume() {
    let (app, _, token, qid) = at_first_question().await;
    let upload = open_upload(&app, &token, &qid).await;
    let data = recording(30_000, 2);
    for _ in 0..2 {
        let r = put(&app, &token, &upload, 0, &data[..10_000]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["received"], 10_000, "a retry changes nothing");
    }
    // Different bytes at a stored offset, a gap, and an overlap are refused.
    for (offset, bytes) in [
        (0, &data[10_000..20_000]),
        (15_000, &data[15_000..20_000]),
        (5_000, &data[5_000..20_000]),
    ] {
        let r = put(&app, &token, &upload, offset, bytes).await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "offset {offset}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["code"], "offset_mismatch");
        assert_eq!(r.body["expected_offset"], 10_000);
    }
    let r = send_raw(
        &app,
        Method::PUT,
        &format!("/api/v1/interview/{token}/uploads/{upload}"),
        vec![1],
        "application/octet-stream",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "offset");

    let r = put(&app, &token, &upload, 10_000, &data[10_000..]).await;
    assert_eq!(r.body["received"], 30_000);
    let done = complete(&app, &token, &upload).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    assert_eq!(done.body["sha256"], hex::encode(Sha256::digest(&data)));
    // A retried chunk after completion is still a no-op; new bytes are not.
    assert_eq!(
        put(&app, &token, &upload, 10_000, &data[10_000..])
            .await
            .status,
        StatusCode::OK
    );
    let late = put(&app, &token, &upload, 30_000, b"more").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.body["error"]["code"], "upload_complete");
}

#[tokio::test]
async fn an_upload_resumes_after_a_dropped_connection() {
    let (app, _, token, qid) = at_first_question().await;
    let upload = open_upload(&app, &token, &qid).await;
    let data = recording(200_000, 3);
    assert_eq!(
        put(&app, &token, &upload, 0, &data[..80_000]).await.status,
        StatusCode::OK
    );
    // The connection drops mid-way: the client no longer knows what arrived. It asks,
    // and carries on from there.
    let s = status(&app, &token, &upload).await;
    assert_eq!(s.status, StatusCode::OK);
    let resume = s.body["received"].as_u64().unwrap() as usize;
    assert_eq!(resume, 80_000);
    assert_eq!(
        put(&app, &token, &upload, resume, &data[resume..])
            .await
            .body["received"],
        200_000
    );
    let done = complete(&app, &token, &upload).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    assert_eq!(done.body["sha256"], hex::encode(Sha256::digest(&data)));
}

#[tokio::test]
async fn uploads_past_the_size_limit_are_refused() {
    let (app, _, token, qid) = at_first_question().await;
    let upload = open_upload(&app, &token, &qid).await;
    let data = recording(MAX_UPLOAD_BYTES as usize + 10, 4);
    let first = 1_500_000;
    assert_eq!(
        put(&app, &token, &upload, 0, &data[..first]).await.status,
        StatusCode::OK
    );
    let r = put(&app, &token, &upload, first, &data[first..]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "too_large");
    assert_eq!(status(&app, &token, &upload).await.body["received"], first);

    let r = send_raw(
        &app,
        Method::POST,
        &format!("/api/v1/interview/{token}/answers/{qid}/media"),
        data,
        "audio/wav",
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
}

#[tokio::test]
async fn late_chunks_are_refused_and_a_late_finish_keeps_what_came_in_time() {
    let (app, _, token, q1) = at_first_question().await;
    let upload = open_upload(&app, &token, &q1).await;
    let data = recording(50_000, 5);
    assert_eq!(
        put(&app, &token, &upload, 0, &data[..30_000]).await.status,
        StatusCode::OK
    );
    // Think 30 s + answer 120 s + grace 5 s: 170 s is past the window.
    app.clock.advance(Duration::seconds(170));
    let r = put(&app, &token, &upload, 30_000, &data[30_000..]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "deadline_passed");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("time for this question is over"));
    // Finishing a moment late still records the bytes that arrived in time.
    let done = complete(&app, &token, &upload).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    assert_eq!(done.body["size_bytes"], 30_000);

    let q2 = next_question(&app, &token).await;
    assert_ne!(q2, q1);
    let upload = open_upload(&app, &token, &q2).await;
    assert_eq!(
        put(&app, &token, &upload, 0, &data).await.status,
        StatusCode::OK
    );
    // More than a minute past the window the browser's own completion is late; closing
    // the slot keeps what arrived in time all the same, so the answer is there.
    app.clock.advance(Duration::seconds(150 + 5 + 61));
    let r = complete(&app, &token, &upload).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.body["size_bytes"].clone(), r.body["duplicate"].clone()),
        (json!(50_000), json!(true))
    );
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers/{q2}/uploads"),
            Some(json!({"content_type": "audio/mp4"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "already_answered");
    // The same recording sent whole is recognised as the answer already kept.
    let r = send_raw(
        &app,
        Method::POST,
        &format!("/api/v1/interview/{token}/answers/{q2}/media"),
        data.clone(),
        "audio/webm",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["duplicate"], true);
}

#[tokio::test]
async fn uploads_never_completed_are_kept_or_swept_once_nothing_else_can_complete_them() {
    use kaoguan_service::media::Swept;
    let (app, _, token, q1) = at_first_question().await;
    let upload = open_upload(&app, &token, &q1).await;
    let data = recording(50_000, 6);
    assert_eq!(
        put(&app, &token, &upload, 0, &data[..30_000]).await.status,
        StatusCode::OK
    );
    let sweep = || kaoguan_service::media::sweep_abandoned_uploads(&app.services);
    // The browser went away. Past the window but within the completion allowance the
    // browser may still complete it, so the sweep leaves it and its staged chunk alone.
    app.clock.advance(Duration::seconds(150 + 5 + 30));
    assert_eq!(sweep().await.unwrap(), Swept::default());
    assert_eq!(files_under(&app.media_dir).len(), 1, "the staged chunk");
    assert_eq!(status(&app, &token, &upload).await.body["received"], 30_000);

    // Past the allowance the question still waits for an answer: what was recorded in
    // time becomes it (one answer object in place of the staged chunk), exactly once.
    app.clock.advance(Duration::seconds(31));
    assert_eq!(
        sweep().await.unwrap(),
        Swept {
            salvaged: 1,
            discarded: 0
        }
    );
    assert_eq!(files_under(&app.media_dir).len(), 1, "the answer object");
    let done = status(&app, &token, &upload).await;
    assert_eq!(
        (done.body["complete"].clone(), done.body["received"].clone()),
        (json!(true), json!(30_000))
    );
    assert_eq!(sweep().await.unwrap(), Swept::default());
    let again = complete(&app, &token, &upload).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["size_bytes"], 30_000);

    // An upload whose question was answered another way is discarded with its chunks.
    let q2 = next_question(&app, &token).await;
    assert_ne!(q2, q1);
    let typed_over = open_upload(&app, &token, &q2).await;
    assert_eq!(
        put(&app, &token, &typed_over, 0, &data[..1_000])
            .await
            .status,
        StatusCode::OK
    );
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers"),
            Some(json!({"question_id": q2, "text": "I typed my answer instead."})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    app.clock.advance(Duration::seconds(60 + 120 + 5 + 61));
    assert_eq!(
        sweep().await.unwrap(),
        Swept {
            salvaged: 0,
            discarded: 1
        }
    );
    assert_eq!(
        files_under(&app.media_dir).len(),
        1,
        "only q1's answer is left"
    );
    assert_eq!(
        status(&app, &token, &typed_over).await.status,
        StatusCode::NOT_FOUND
    );
}

/// A candidate whose browser died mid-answer comes back after the window: moving on keeps
/// the recording that arrived in time as the question's answer, and queues its
/// transcription, instead of counting the question as unanswered.
#[tokio::test]
async fn coming_back_after_the_window_keeps_the_unfinished_recording() {
    let (app, _, token, q1) = at_first_question().await;
    let upload = open_upload(&app, &token, &q1).await;
    let data = recording(40_000, 9);
    assert_eq!(
        put(&app, &token, &upload, 0, &data[..25_000]).await.status,
        StatusCode::OK
    );
    app.clock.advance(Duration::seconds(150 + 5 + 10));
    let q2 = next_question(&app, &token).await;
    assert_ne!(q2, q1);
    let done = status(&app, &token, &upload).await;
    assert_eq!(
        (done.body["complete"].clone(), done.body["received"].clone()),
        (json!(true), json!(25_000))
    );
    // The browser's own completion, arriving now, finds the same answer.
    let r = complete(&app, &token, &upload).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["size_bytes"], 25_000);
    assert_eq!(
        r.body["sha256"],
        hex::encode(Sha256::digest(&data[..25_000]))
    );
}
