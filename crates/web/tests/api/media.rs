//! What the media API tests share: the recorder's side of the candidate API (uploads,
//! chunks, whole recordings), a job and a candidate ready to record, and a stand-in for the
//! speech engine. The tests are in `uploads.rs` (chunked uploads) and `media_requests.rs`
//! (one-request recordings, refusals, documentation).

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

pub async fn status(app: &TestApp, token: &str, upload: &str) -> Reply {
    app.candidate(
        Method::GET,
        &format!("/api/v1/interview/{token}/uploads/{upload}"),
        None,
    )
    .await
}

pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
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
