//! Recorded answers through the candidate API: chunked, resumable, idempotent uploads,
//! the whole-recording endpoint, limits, deadlines, and encryption at rest.

use chrono::Duration;
use kaoguan_domain::Language;
use kaoguan_service::media::{TranscriptResult, Transcription};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::{sample_job, spawn_app, Reply, TestApp, MAX_UPLOAD_BYTES, STRONG_ANSWER};

/// A stand-in for the speech engine that "hears" the strong answer in the given segments
/// and reports the given delivery measures, whatever it is handed.
pub struct Hears {
    pub segments: Vec<(f64, f64, String)>,
    pub delivery: Value,
}

impl Transcription for Hears {
    fn transcribe(
        &self,
        _media: &[u8],
        _content_type: &str,
        language: Language,
        _vocabulary: &[String],
    ) -> Result<TranscriptResult, String> {
        Ok(TranscriptResult {
            text: STRONG_ANSWER.into(),
            language,
            segments: self.segments.clone(),
            delivery: self.delivery.clone(),
        })
    }
}

/// The standard job with both questions taking text or audio answers.
pub fn audio_job() -> Value {
    let mut job = sample_job();
    for q in job["questions"].as_array_mut().unwrap() {
        q["modes"] = json!(["text", "audio"]);
    }
    job
}

/// Bytes that look like nothing in particular and never repeat a 32-byte window.
pub fn recording(len: usize, seed: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut block = Sha256::digest([seed]).to_vec();
    while out.len() < len {
        out.extend_from_slice(&block);
        block = Sha256::digest(&block).to_vec();
    }
    out.truncate(len);
    out
}

/// A candidate at their first (audio) question: (app, application id, token, question id).
pub async fn at_first_question() -> (TestApp, String, String, String) {
    let app = spawn_app().await;
    let r = app.post("/api/v1/jobs", audio_job()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (app_id, token) = app.invite(r.body["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    let qid = next_question(&app, &token).await;
    (app, app_id, token, qid)
}

pub async fn next_question(app: &TestApp, token: &str) -> String {
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["question"]["id"]
        .as_str()
        .expect("a question")
        .to_string()
}

/// A request with a raw body and no bearer, as the recorder sends it.
pub async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Vec<u8>,
    content_type: &str,
) -> Reply {
    let resp = app
        .client
        .request(method, app.url(path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request failed");
    let status = resp.status();
    let text = resp.text().await.unwrap();
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

pub async fn open_upload(app: &TestApp, token: &str, qid: &str) -> String {
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers/{qid}/uploads"),
            Some(json!({"content_type": "audio/webm;codecs=opus"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["received"], 0);
    assert_eq!(r.body["max_bytes"], MAX_UPLOAD_BYTES);
    assert_eq!(r.body["complete"], false);
    assert_eq!(r.body["kind"], "audio");
    r.body["upload_id"].as_str().unwrap().to_string()
}

pub async fn put(app: &TestApp, token: &str, upload: &str, offset: usize, bytes: &[u8]) -> Reply {
    send_raw(
        app,
        Method::PUT,
        &format!("/api/v1/interview/{token}/uploads/{upload}?offset={offset}"),
        bytes.to_vec(),
        "application/octet-stream",
    )
    .await
}

pub async fn complete(app: &TestApp, token: &str, upload: &str) -> Reply {
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/uploads/{upload}/complete"),
        None,
    )
    .await
}

/// Records a whole answer in one chunk: open, put, complete.
pub async fn upload_whole(app: &TestApp, token: &str, qid: &str, bytes: &[u8]) {
    let upload = open_upload(app, token, qid).await;
    assert_eq!(
        put(app, token, &upload, 0, bytes).await.status,
        StatusCode::OK
    );
    assert_eq!(
        complete(app, token, &upload).await.status,
        StatusCode::CREATED
    );
}

async fn status(app: &TestApp, token: &str, upload: &str) -> Reply {
    app.candidate(
        Method::GET,
        &format!("/api/v1/interview/{token}/uploads/{upload}"),
        None,
    )
    .await
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

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

#[tokio::test]
async fn a_whole_recording_in_one_request_is_an_idempotent_answer() {
    let (app, _, token, qid) = at_first_question().await;
    let path = format!("/api/v1/interview/{token}/answers/{qid}/media");
    let data = recording(1_300_000, 6);
    let r = send_raw(&app, Method::POST, &path, data.clone(), "audio/wav").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        (r.body["size_bytes"].clone(), r.body["content_type"].clone()),
        (json!(1_300_000), json!("audio/wav"))
    );
    assert_eq!(r.body["sha256"], hex::encode(Sha256::digest(&data)));
    let again = send_raw(&app, Method::POST, &path, data.clone(), "audio/wav").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        (
            again.body["duplicate"].clone(),
            again.body["upload_id"].clone()
        ),
        (json!(true), r.body["upload_id"].clone())
    );
    let other = send_raw(&app, Method::POST, &path, recording(1000, 7), "audio/wav").await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.body["error"]["code"], "already_answered");

    let q2 = next_question(&app, &token).await;
    let path = format!("/api/v1/interview/{token}/answers/{q2}/media");
    let video = send_raw(&app, Method::POST, &path, recording(100, 8), "video/mp4").await;
    assert_eq!(
        video.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        video.body
    );
    assert!(video.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("does not take video"));
    let empty = send_raw(&app, Method::POST, &path, vec![], "audio/ogg").await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
}

#[tokio::test]
async fn non_audio_content_types_are_415() {
    let (app, _, token, qid) = at_first_question().await;
    for ct in [
        "text/plain",
        "application/json",
        "image/png",
        "audio/x-unknown",
    ] {
        let r = app
            .candidate(
                Method::POST,
                &format!("/api/v1/interview/{token}/answers/{qid}/uploads"),
                Some(json!({"content_type": ct})),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{ct}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["code"], "unsupported_media_type");
        let r = send_raw(
            &app,
            Method::POST,
            &format!("/api/v1/interview/{token}/answers/{qid}/media"),
            b"hello".to_vec(),
            ct,
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{ct}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn unknown_tokens_and_uploads_are_404() {
    let (app, _, token, qid) = at_first_question().await;
    let upload = open_upload(&app, &token, &qid).await;
    let stranger = uuid::Uuid::new_v4();
    for path in [
        format!("/api/v1/interview/{token}/uploads/{stranger}"),
        format!("/api/v1/interview/{token}/uploads/not-an-id"),
        format!("/api/v1/interview/nope/uploads/{upload}"),
    ] {
        assert_eq!(
            app.candidate(Method::GET, &path, None).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            put(&app, "nope", &upload, 0, b"x").await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        complete(&app, &token, &stranger.to_string()).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/nope/answers/{qid}/uploads"),
            Some(json!({"content_type": "audio/ogg"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers/{stranger}/uploads"),
            Some(json!({"content_type": "audio/ogg"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Another candidate's token does not reach this candidate's upload.
    let job = app.post("/api/v1/jobs", audio_job()).await.body;
    let (_, other) = app.invite(job["id"].as_str().unwrap(), "B").await;
    assert_eq!(
        status(&app, &other, &upload).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        put(&app, &other, &upload, 0, b"x").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        complete(&app, &other, &upload).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_upload_endpoints_are_documented() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.body;
    for path in [
        "/api/v1/interview/{token}/answers/{question_id}/uploads",
        "/api/v1/interview/{token}/uploads/{upload_id}",
        "/api/v1/interview/{token}/uploads/{upload_id}/complete",
        "/api/v1/interview/{token}/answers/{question_id}/media",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc["paths"]["/api/v1/interview/{token}/uploads/{upload_id}"]["put"].is_object());
    assert!(doc["components"]["schemas"]["UploadView"].is_object());
}
