//! Recordings played back to reviewers: decrypted, with byte ranges, only within the
//! organisation, and the report page's player with its seek points.

use std::sync::Arc;

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::{create_user, TestApp, STRONG_ANSWER, WEAK_ANSWER};
use crate::console::sign_in;
use crate::media::{at_first_question, complete, open_upload, put, recording, Hears};

/// The answer's sentences, five seconds each.
fn sentences() -> Vec<(f64, f64, String)> {
    STRONG_ANSWER
        .split_inclusive(". ")
        .enumerate()
        .map(|(i, s)| (i as f64 * 5.0, i as f64 * 5.0 + 5.0, s.trim().to_string()))
        .collect()
}

/// A scored interview whose first answer is a recording: (app, application id, question
/// 1, question 2, the recording).
/// The recording's length: a little over two 64 KiB encryption chunks.
const LEN: usize = 150_000;

async fn recorded_interview() -> (TestApp, String, String, String, Vec<u8>) {
    let (mut app, app_id, token, q1) = at_first_question().await;
    // Hears the strong answer, sentence by sentence.
    app.services.transcription = Some(Arc::new(Hears {
        segments: sentences(),
        delivery: Value::Null,
    }));
    // Several 64 KiB encryption chunks, so ranges start and end inside and across them.
    let data = recording(LEN, 7);
    let upload = open_upload(&app, &token, &q1).await;
    assert_eq!(
        put(&app, &token, &upload, 0, &data).await.status,
        StatusCode::OK
    );
    assert_eq!(
        complete(&app, &token, &upload).await.status,
        StatusCode::CREATED
    );
    let q2 = app.answer_next(&token, WEAK_ANSWER).await;
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.drain_tasks().await;
    (app, app_id, q1, q2, data)
}

async fn fetch(
    app: &TestApp,
    path: &str,
    bearer: Option<&str>,
    range: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    if let Some(r) = range {
        req = req.header("range", r);
    }
    let resp = req.send().await.expect("request failed");
    let status = resp.status();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn hr_hears_the_recording_whole_or_in_ranges() {
    let (app, app_id, q1, q2, data) = recorded_interview().await;
    let path = format!("/api/v1/applications/{app_id}/answers/{q1}/recording");

    let (status, h, body) = fetch(&app, &path, Some(&app.token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&h, "content-type"), "audio/webm;codecs=opus");
    assert_eq!(header(&h, "content-length"), LEN.to_string());
    assert_eq!(header(&h, "accept-ranges"), "bytes");
    assert!(header(&h, "cache-control").contains("no-store"));
    assert!(body == data, "the decrypted recording is what was uploaded");

    let (status, h, body) = fetch(&app, &path, Some(&app.token), Some("bytes=100-199")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&h, "content-range"), format!("bytes 100-199/{LEN}"));
    assert_eq!(header(&h, "content-length"), "100");
    assert!(body == data[100..200]);

    let (status, h, body) = fetch(&app, &path, Some(&app.token), Some("bytes=-10")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&h, "content-range"),
        format!("bytes {}-{}/{LEN}", LEN - 10, LEN - 1)
    );
    assert!(body == data[LEN - 10..]);

    // Across the boundary of the first two encryption chunks, and to the end.
    let (status, h, body) = fetch(&app, &path, Some(&app.token), Some("bytes=65000-140000")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&h, "content-length"), "75001");
    assert!(body == data[65_000..=140_000]);
    let (status, h, body) = fetch(&app, &path, Some(&app.token), Some("bytes=149000-")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&h, "content-range"),
        format!("bytes 149000-{}/{LEN}", LEN - 1)
    );
    assert!(body == data[149_000..]);
    let (status, h, _) = fetch(
        &app,
        &path,
        Some(&app.token),
        Some(&format!("bytes={LEN}-")),
    )
    .await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&h, "content-range"), format!("bytes */{LEN}"));

    // A typed answer has no recording; neither has an unknown application.
    let typed = format!("/api/v1/applications/{app_id}/answers/{q2}/recording");
    assert_eq!(
        fetch(&app, &typed, Some(&app.token), None).await.0,
        StatusCode::NOT_FOUND
    );
    let unknown = format!(
        "/api/v1/applications/{}/answers/{q1}/recording",
        uuid::Uuid::new_v4()
    );
    assert_eq!(
        fetch(&app, &unknown, Some(&app.token), None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn recordings_are_never_public_nor_seen_across_organisations() {
    let (app, app_id, q1, _q2, _data) = recorded_interview().await;
    let path = format!("/api/v1/applications/{app_id}/answers/{q1}/recording");
    assert_eq!(
        fetch(&app, &path, None, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fetch(&app, &path, Some("not-a-token"), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The console's route needs a session: without one it sends the browser to sign in.
    let page_path = format!("/applications/{app_id}/answers/{q1}/recording");
    let (status, _, body) = fetch(&app, &page_path, None, None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(body.len() < 1000, "no media in the redirect");

    let other = kaoguan_service::auth::ensure_org(&app.services, "Other Org", "Europe/Berlin")
        .await
        .unwrap();
    create_user(
        &app.services,
        other.id,
        "hr@other.example.com",
        Role::Hr,
        None,
    )
    .await;
    let foreign = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"hr@other.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let (status, _, body) = fetch(&app, &path, Some(foreign.expose()), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.len() < 1000, "no media in the refusal");
}

#[tokio::test]
async fn the_report_page_plays_the_recording_and_seeks_to_the_evidence() {
    let (app, app_id, q1, q2, data) = recorded_interview().await;
    sign_in(&app).await;
    let html = app
        .client
        .get(app.url(&format!("/applications/{app_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let src = format!("/applications/{app_id}/answers/{q1}/recording");
    assert!(
        html.contains(&format!(
            r#"<audio id="player-{q1}" controls preload="metadata" src="{src}">"#
        )),
        "a player for the recorded answer"
    );
    assert!(
        !html.contains(&format!("player-{q2}\"")),
        "no player for the typed answer"
    );
    // Every segment is a seek point at its own start.
    for (start, _, _) in sentences() {
        assert!(
            html.contains(&format!(
                r#"data-player="player-{q1}" data-seek="{start:.2}""#
            )),
            "a seek point at {start:.2}"
        );
    }
    // Evidence quotes of the recorded answer seek to the sentence they come from.
    let starts: Vec<String> = sentences()
        .iter()
        .map(|(s, _, _)| format!("{s:.2}"))
        .collect();
    let mut seekable = 0;
    for part in html.split(r#"<q class="evidence seekable""#).skip(1) {
        let at = part
            .split("data-seek=\"")
            .nth(1)
            .and_then(|p| p.split('"').next())
            .expect("a seek time");
        let quote = part
            .split('>')
            .nth(1)
            .and_then(|p| p.split("</q").next())
            .unwrap_or_default();
        let i = starts
            .iter()
            .position(|s| s == at)
            .expect("a segment start");
        let sentence = &sentences()[i].2;
        let opening: String = quote.chars().take(12).collect();
        assert!(
            sentence.contains(opening.trim()),
            "evidence {quote:?} seeks to {at}, which says {sentence:?}"
        );
        seekable += 1;
    }
    assert!(seekable > 0, "the strong answer's evidence is seekable");

    // The player's own source, with the session cookie, in ranges as a browser asks.
    let (status, h, body) = fetch(&app, &src, None, Some("bytes=0-")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&h, "content-range"),
        format!("bytes 0-{}/{LEN}", LEN - 1)
    );
    assert!(body == data);
}

#[tokio::test]
async fn a_late_seek_decrypts_only_the_chunks_it_plays() {
    let (app, app_id, q1, _q2, data) = recorded_interview().await;
    let path = format!("/api/v1/applications/{app_id}/answers/{q1}/recording");

    // Ranges starting exactly at the encryption chunk boundaries (64 KiB, 128 KiB), one
    // chunk exactly, and the last byte alone.
    for (first, last) in [
        (65_536, 131_071),
        (131_072, LEN - 1),
        (131_071, 131_072),
        (LEN - 1, LEN - 1),
    ] {
        let (status, h, body) = fetch(
            &app,
            &path,
            Some(&app.token),
            Some(&format!("bytes={first}-{last}")),
        )
        .await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            header(&h, "content-range"),
            format!("bytes {first}-{last}/{LEN}")
        );
        assert!(body == data[first..=last], "bytes {first}-{last}");
    }

    // Damage the first chunk on disk. A seek into the last chunk never reads it, so it
    // still plays; a range over the damage is refused rather than played.
    let answer = app
        .services
        .store
        .get_media_answer(app.org, app_id.parse().unwrap(), q1.parse().unwrap())
        .await
        .unwrap()
        .expect("a media answer");
    let file = app.media_dir.join(&answer.object_key);
    let mut sealed = std::fs::read(&file).unwrap();
    sealed[1_000] ^= 0x10; // past the 48-byte header, inside chunk 0
    std::fs::write(&file, &sealed).unwrap();

    let (status, _, body) = fetch(&app, &path, Some(&app.token), Some("bytes=140000-")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert!(body == data[140_000..], "the seek read only the last chunk");

    // The response is streamed: the failed chunk ends the connection, before or after the
    // response head went out, depending on when hyper flushed it. Either way nothing plays.
    let sent = app
        .client
        .get(app.url(&path))
        .bearer_auth(&app.token)
        .header("range", "bytes=100-199")
        .send()
        .await;
    let played = match sent {
        Ok(resp) => matches!(resp.bytes().await, Ok(b) if b == data[100..200]),
        Err(_) => false,
    };
    assert!(!played, "damaged bytes were played");
}
