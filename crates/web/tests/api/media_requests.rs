//! Whole recordings in one request, and what the media endpoints refuse or document:
//! idempotent answers, content types, unknown tokens and uploads, the OpenAPI entries.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::spawn_app;
use crate::media::{
    at_first_question, audio_job, complete, next_question, open_upload, put, recording, send_raw,
    status,
};

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
