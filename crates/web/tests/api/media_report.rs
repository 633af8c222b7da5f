//! Recorded answers after the interview: transcription through the engine seam, scoring
//! that waits for transcripts, and what the report says about each recorded answer.

use std::sync::{Arc, Mutex};

use kaoguan_domain::Language;
use kaoguan_service::media::{TranscriptResult, Transcription};
use kaoguan_service::scoring::{score_application, ScoringOutcome};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{TestApp, STRONG_ANSWER};
use crate::media::{at_first_question, complete, open_upload, put, recording};

/// A test double for the speech engine: checks it was handed the recording that was
/// uploaded, and "hears" a fixed answer. Not a speech engine; the product's comes from
/// the speech crate.
struct ScriptedTranscriber {
    expected: Vec<u8>,
    calls: Mutex<Vec<(String, Language, Vec<String>)>>,
}

impl Transcription for ScriptedTranscriber {
    fn transcribe(
        &self,
        media: &[u8],
        content_type: &str,
        language: Language,
        vocabulary: &[String],
    ) -> Result<TranscriptResult, String> {
        self.calls
            .lock()
            .unwrap()
            .push((content_type.into(), language, vocabulary.to_vec()));
        if media != self.expected.as_slice() {
            return Err("the double was handed other bytes than were uploaded".into());
        }
        Ok(TranscriptResult {
            text: STRONG_ANSWER.into(),
            language,
            segments: vec![
                (0.0, 4.2, "First I would apologise sincerely".into()),
                (4.2, 30.0, "and arrange an express replacement.".into()),
            ],
            delivery: json!({"words_per_minute": 142.0, "pause_ratio": 0.18, "fillers": 2}),
        })
    }
}

async fn finish(app: &TestApp, token: &str) {
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn report(app: &TestApp, app_id: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/applications/{app_id}/report"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

#[tokio::test]
async fn scoring_waits_for_the_transcript_and_the_report_carries_it() {
    let (mut app, app_id, token, q1) = at_first_question().await;
    let data = recording(90_000, 9);
    let engine = Arc::new(ScriptedTranscriber {
        expected: data.clone(),
        calls: Mutex::new(vec![]),
    });
    app.services.transcription = Some(engine.clone());

    let upload = open_upload(&app, &token, &q1).await;
    assert_eq!(
        put(&app, &token, &upload, 0, &data).await.status,
        StatusCode::OK
    );
    assert_eq!(
        complete(&app, &token, &upload).await.status,
        StatusCode::CREATED
    );
    app.answer_next(&token, "I once fixed a billing problem for a customer.")
        .await;
    finish(&app, &token).await;

    // Before the transcript exists, scoring stops without a report.
    let outcome = score_application(&app.services, app.org, app_id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(outcome, ScoringOutcome::WaitingForTranscripts);
    assert_eq!(report(&app, &app_id).await["status"], "pending");

    assert!(app.drain_tasks().await >= 2, "transcription, then scoring");
    let calls = engine.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (content_type, language, vocabulary) = &calls[0];
    assert_eq!(
        (content_type.as_str(), *language),
        ("audio/webm;codecs=opus", Language::En)
    );
    assert!(
        vocabulary.iter().any(|v| v.contains("express replacement")),
        "{vocabulary:?}"
    );

    let body = report(&app, &app_id).await;
    assert_eq!(body["status"], "ready", "{body}");
    let spoken = &body["answers"][0];
    assert_eq!(spoken["question_id"], q1);
    assert_eq!(spoken["answered"], true);
    assert_eq!(spoken["transcript"], STRONG_ANSWER);
    assert_eq!(
        spoken["answer_text"], STRONG_ANSWER,
        "the transcript is what was scored"
    );
    assert!(spoken["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        spoken["segments"],
        json!([
            {"start": 0.0, "end": 4.2, "text": "First I would apologise sincerely"},
            {"start": 4.2, "end": 30.0, "text": "and arrange an express replacement."}
        ])
    );
    assert_eq!(spoken["delivery"]["words_per_minute"], 142.0);
    assert_eq!(spoken["media"]["kind"], "audio");
    assert_eq!(spoken["media"]["transcript_status"], "done");
    assert_eq!(spoken["media"]["size_bytes"], 90_000);
    let typed = &body["answers"][1];
    assert_eq!(typed["answered"], true);
    for field in ["transcript", "segments", "delivery", "media", "note"] {
        assert_eq!(typed[field], Value::Null, "{field} of a text answer");
    }
}

#[tokio::test]
async fn without_a_speech_model_a_recording_counts_as_unanswered_with_a_note() {
    let (app, app_id, token, q1) = at_first_question().await;
    assert!(app.services.transcription.is_none());
    let upload = open_upload(&app, &token, &q1).await;
    assert_eq!(
        put(&app, &token, &upload, 0, &recording(5_000, 10))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        complete(&app, &token, &upload).await.status,
        StatusCode::CREATED
    );
    finish(&app, &token).await;
    app.drain_tasks().await;

    let body = report(&app, &app_id).await;
    let spoken = &body["answers"][0];
    assert_eq!(spoken["answered"], false, "{body}");
    assert_eq!(spoken["score"], Value::Null);
    assert_eq!(spoken["transcript"], Value::Null);
    assert_eq!(spoken["media"]["transcript_status"], "failed");
    assert!(spoken["flags"]
        .as_array()
        .unwrap()
        .contains(&json!("transcription_failed")));
    let note = spoken["note"].as_str().unwrap();
    assert!(
        note.contains("could not be transcribed") && note.contains("no speech model installed"),
        "{note}"
    );
    let status = app
        .services
        .store
        .get_media_answer(app.org, app_id.parse().unwrap(), q1.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        status.transcript_error.as_deref(),
        Some("no speech model installed")
    );
}
