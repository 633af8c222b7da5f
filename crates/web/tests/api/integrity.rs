//! Integrity signals through the candidate API and into the report: stored per question,
//! replaced by each report, bounded, refused after the window, and never part of a score.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, Reply, TestApp, STRONG_ANSWER, WEAK_ANSWER};
use crate::media::{at_first_question, complete, open_upload, put, recording, send_raw, Hears};

async fn send_counts(app: &TestApp, token: &str, qid: &str, counts: Value) -> Reply {
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/answers/{qid}/integrity"),
        Some(counts),
    )
    .await
}

fn counts(paste: u32, chars: u32, losses: u32, away: u32) -> Value {
    json!({"paste_events": paste, "pasted_chars": chars, "focus_losses": losses, "away_seconds": away})
}

async fn finish_and_score(app: &TestApp, token: &str) {
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.drain_tasks().await;
}

async fn report(app: &TestApp, app_id: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/applications/{app_id}/report"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

#[tokio::test]
async fn the_latest_counts_replace_earlier_ones_and_reach_the_report() {
    let (app, app_id, token, q1) = at_first_question().await;

    let r = send_counts(&app, &token, &q1, counts(1, 40, 1, 3)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (
            r.body["paste_events"].clone(),
            r.body["away_seconds"].clone()
        ),
        (json!(1), json!(3))
    );
    // The page's beacon on close sends the same JSON as text/plain.
    let beacon = send_raw(
        &app,
        Method::POST,
        &format!("/api/v1/interview/{token}/answers/{q1}/integrity"),
        json!({"paste_events": 2, "pasted_chars": 95, "focus_losses": 3, "away_seconds": 21,
               "faces": {"checks": 50, "no_face": 4, "multiple_faces": 1}})
        .to_string()
        .into_bytes(),
        "text/plain;charset=UTF-8",
    )
    .await;
    assert_eq!(beacon.status, StatusCode::OK, "{}", beacon.body);
    assert_eq!(beacon.body["faces"]["no_face"], 4);

    app.answer_next(&token, STRONG_ANSWER).await;
    let q2 = app.answer_next(&token, WEAK_ANSWER).await;
    finish_and_score(&app, &token).await;

    let body = report(&app, &app_id).await;
    assert_eq!(body["status"], "ready", "{body}");
    assert!(
        body["integrity_note"]
            .as_str()
            .is_some_and(|n| n.contains("never change any score")),
        "{body}"
    );
    let first = &body["answers"][0];
    assert_eq!(first["question_id"], q1);
    let browser = &first["integrity"]["browser"];
    assert_eq!(
        (
            browser["paste_events"].clone(),
            browser["pasted_chars"].clone(),
            browser["focus_losses"].clone(),
            browser["away_seconds"].clone()
        ),
        (json!(2), json!(95), json!(3), json!(21)),
        "the latest report replaced the first: {first}"
    );
    assert_eq!(
        browser["faces"],
        json!({"checks": 50, "no_face": 4, "multiple_faces": 1})
    );
    assert_eq!(first["integrity"]["long_silences"], Value::Null);
    // The second question got no counts: nothing to show.
    assert_eq!(body["answers"][1]["question_id"], q2);
    assert_eq!(body["answers"][1]["integrity"], Value::Null);
    // The same signals in the detail the console renders.
    assert_eq!(
        body["detail"]["answers"][0]["integrity"],
        first["integrity"]
    );
}

#[tokio::test]
async fn malformed_or_impossible_counts_are_refused_with_the_field() {
    let (app, app_id, token, q1) = at_first_question().await;
    let refused = |r: Reply, status: StatusCode, field: Option<&str>| {
        assert_eq!(r.status, status, "{}", r.body);
        if let Some(f) = field {
            assert_eq!(r.body["error"]["field"], f, "{}", r.body);
        }
    };
    let cases = [
        (counts(1, 2, 0, 0), None),
        (
            json!({"paste_events": -1, "pasted_chars": 0, "focus_losses": 0, "away_seconds": 0}),
            Some("paste_events"),
        ),
        (counts(0, 12, 0, 0), Some("pasted_chars")),
        (counts(0, 0, 0, 9), Some("away_seconds")),
        (counts(0, 0, 10_001, 0), Some("focus_losses")),
        // More time away than the question's window (30 s + 120 s + 5 s grace) holds.
        (counts(0, 0, 1, 156), Some("away_seconds")),
        (
            json!({"paste_events": 1, "pasted_chars": 1, "focus_losses": 0, "away_seconds": 0,
                "faces": {"checks": 2, "no_face": 2, "multiple_faces": 1}}),
            Some("faces"),
        ),
        (
            json!({"paste_events": 0, "pasted_chars": 0, "focus_losses": 0}),
            Some(""),
        ),
        (
            json!({"paste_events": 0, "pasted_chars": 0, "focus_losses": 0, "away_seconds": 0, "keystrokes": 5}),
            Some(""),
        ),
        (
            json!({"paste_events": 1.5, "pasted_chars": 0, "focus_losses": 0, "away_seconds": 0}),
            Some("paste_events"),
        ),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let r = send_counts(&app, &token, &q1, body.clone()).await;
        match (i, field) {
            (0, _) => assert_eq!(r.status, StatusCode::OK, "{}", r.body),
            (_, Some("")) => refused(r, StatusCode::UNPROCESSABLE_ENTITY, None),
            (_, f) => refused(r, StatusCode::UNPROCESSABLE_ENTITY, f),
        }
    }
    let path = format!("/api/v1/interview/{token}/answers/{q1}/integrity");
    let r = send_raw(
        &app,
        Method::POST,
        &path,
        b"{not json".to_vec(),
        "application/json",
    )
    .await;
    refused(r, StatusCode::BAD_REQUEST, None);
    let r = send_raw(
        &app,
        Method::POST,
        &path,
        b"<x/>".to_vec(),
        "application/xml",
    )
    .await;
    refused(r, StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
    let r = send_raw(
        &app,
        Method::POST,
        &path,
        vec![b' '; 10_000],
        "application/json",
    )
    .await;
    refused(r, StatusCode::PAYLOAD_TOO_LARGE, None);

    // Refusals stored nothing: the one valid report stands.
    let stored = app
        .services
        .store
        .list_integrity(app.org, app_id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (
            stored[0].counts.paste_events(),
            stored[0].counts.pasted_chars()
        ),
        (1, 2)
    );
}

#[tokio::test]
async fn counts_are_refused_outside_the_question_window_and_for_unknown_questions() {
    let (app, app_id, token, q1) = at_first_question().await;

    // Practice is never stored; ids that name no shown question are 404s.
    for qid in ["practice", "not-an-id", &uuid::Uuid::new_v4().to_string()] {
        let r = send_counts(&app, &token, qid, counts(0, 0, 0, 0)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{qid}: {}", r.body);
    }
    // A wrong token is no interview at all.
    let r = send_counts(&app, "no-such-token", &q1, counts(0, 0, 0, 0)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    assert_eq!(
        send_counts(&app, &token, &q1, counts(1, 5, 1, 4))
            .await
            .status,
        StatusCode::OK
    );
    // The second question of this job has not been shown yet.
    let r = app.get(&format!("/api/v1/applications/{app_id}")).await;
    let job_id = r.body["job_id"].as_str().expect("job id").to_string();
    let job = app.get(&format!("/api/v1/jobs/{job_id}")).await;
    let q2 = job.body["questions"][1]["id"].as_str().unwrap().to_string();
    let r = send_counts(&app, &token, &q2, counts(0, 0, 0, 0)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "question_not_started");

    // Within the grace period after the deadline: still taken.
    app.clock.advance(Duration::seconds(30 + 120 + 4));
    assert_eq!(
        send_counts(&app, &token, &q1, counts(1, 5, 2, 6))
            .await
            .status,
        StatusCode::OK
    );
    // After deadline + grace: refused, and what was stored stays.
    app.clock.advance(Duration::seconds(2));
    let r = send_counts(&app, &token, &q1, counts(0, 0, 0, 0)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "deadline_passed");
    let stored = app
        .services
        .store
        .list_integrity(app.org, app_id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].counts.focus_losses(), 2);
}

/// Two candidates give the same answers; one pastes and leaves the page a lot. The scores
/// must not differ: the signals are for review only.
#[tokio::test]
async fn signals_never_change_a_score() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let mut totals = Vec::new();
    let mut answer_scores = Vec::new();
    for (name, noisy) in [("Quiet", false), ("Noisy", true)] {
        let (app_id, token) = app.invite(job_id, name).await;
        app.start_interview(&token).await;
        for text in [STRONG_ANSWER, WEAK_ANSWER] {
            let r = app
                .candidate(
                    Method::GET,
                    &format!("/api/v1/interview/{token}/next"),
                    None,
                )
                .await;
            let qid = r.body["question"]["id"].as_str().unwrap().to_string();
            if noisy {
                let r = send_counts(&app, &token, &qid, counts(12, 4_000, 9, 80)).await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            }
            let r = app
                .candidate(
                    Method::POST,
                    &format!("/api/v1/interview/{token}/answers"),
                    Some(json!({"question_id": qid, "text": text})),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        finish_and_score(&app, &token).await;
        let body = report(&app, &app_id).await;
        assert_eq!(body["status"], "ready", "{body}");
        assert_eq!(
            body["answers"][0]["integrity"].is_null(),
            !noisy,
            "{name}: {body}"
        );
        totals.push(body["total"].as_f64().expect("a total"));
        answer_scores.push(
            body["answers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["score"].as_f64())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(totals[0], totals[1], "the total is the same");
    assert_eq!(
        answer_scores[0], answer_scores[1],
        "every answer's score is the same"
    );
}

#[tokio::test]
async fn long_silences_of_a_recording_are_surfaced_from_its_delivery_measures() {
    let (mut app, app_id, token, q1) = at_first_question().await;
    // Hears nothing in particular but reports the pause measures the speech crate produces.
    app.services.transcription = Some(std::sync::Arc::new(Hears {
        segments: vec![(0.0, 30.0, STRONG_ANSWER.into())],
        delivery: json!({
            "language": "en", "total_s": 31.0, "speech_s": 22.5,
            "pauses": {"pause_ratio": 0.25, "long_count": 2, "long_total_s": 7.5,
                       "longest_s": 4.75, "long_threshold_s": 2.0, "leading_silence_s": 0.4}
        }),
    }));
    let upload = open_upload(&app, &token, &q1).await;
    assert_eq!(
        put(&app, &token, &upload, 0, &recording(4_000, 3))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        complete(&app, &token, &upload).await.status,
        StatusCode::CREATED
    );
    app.answer_next(&token, WEAK_ANSWER).await;
    finish_and_score(&app, &token).await;

    let body = report(&app, &app_id).await;
    let spoken = &body["answers"][0];
    assert_eq!(spoken["media"]["transcript_status"], "done", "{body}");
    assert_eq!(
        spoken["integrity"]["long_silences"],
        json!({"count": 2, "total_seconds": 7.5, "longest_seconds": 4.75, "threshold_seconds": 2.0})
    );
    assert_eq!(
        spoken["integrity"]["browser"],
        Value::Null,
        "no counts were sent"
    );
}

/// Face counting is opt-in per job, by a recruiter, and the portal is told to run it only
/// when some question takes video.
#[tokio::test]
async fn face_detection_is_opt_in_per_job_and_only_for_video() {
    let app = spawn_app().await;
    let mut job = crate::common::sample_job();
    job["questions"][1]["modes"] = json!(["text", "video"]);
    let created = app.post("/api/v1/jobs", job).await;
    assert_eq!(created.body["face_detection"], false, "{}", created.body);
    let video_job = created.body["id"].as_str().unwrap().to_string();
    let text_job = app.create_job().await["id"].as_str().unwrap().to_string();
    for id in [&video_job, &text_job] {
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/jobs/{id}/face-detection"),
                Some(json!({"enabled": true})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["face_detection"], true);
    }
    for (id, expected) in [(&video_job, true), (&text_job, false)] {
        let (_, token) = app.invite(id, "F").await;
        let state = app
            .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
            .await;
        assert_eq!(state.body["face_detection"], expected, "{}", state.body);
    }

    // An interviewer may not change it; another org cannot see the job.
    crate::common::create_user(
        &app.services,
        app.org,
        "iv@test.example.com",
        kaoguan_domain::Role::Interviewer,
        None,
    )
    .await;
    let iv = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"iv@test.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{video_job}/face-detection"),
            Some(json!({"enabled": false})),
            Some(iv.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let job = app.get(&format!("/api/v1/jobs/{video_job}")).await;
    assert_eq!(job.body["face_detection"], true, "unchanged");
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{video_job}/face-detection"),
            Some(json!({"enabled": "yes"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}
