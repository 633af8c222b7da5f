//! Recorded answers after the interview: transcription through the engine seam, scoring
//! that waits for transcripts, and what the report says about each recorded answer.

use std::sync::{Arc, Mutex};

use kaoguan_domain::Language;
use kaoguan_service::media::{MediaInput, TranscriptResult, Transcription};
use kaoguan_service::scoring::{score_application, ScoringOutcome};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, STRONG_ANSWER};
use crate::media::{
    at_first_question, audio_job, complete, next_question, open_upload, put, recording,
    upload_whole,
};

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

    upload_whole(&app, &token, &q1, &data).await;
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

/// One engine call as the double saw it: each recording's bytes and vocabulary.
type Call = Vec<(Vec<u8>, Vec<String>)>;

/// A test double that records how recordings reach the engine (one entry per call, the
/// recordings' bytes and vocabularies) and hears a different answer in each recording.
struct Batches {
    heard: Vec<(Vec<u8>, &'static str)>,
    calls: Mutex<Vec<Call>>,
}

impl Batches {
    fn hear(&self, media: &[u8], language: Language) -> Result<TranscriptResult, String> {
        let (_, text) = self
            .heard
            .iter()
            .find(|(m, _)| m == media)
            .ok_or("the double was handed bytes nobody uploaded")?;
        Ok(TranscriptResult {
            text: (*text).into(),
            language,
            segments: vec![(0.0, 10.0, (*text).into())],
            delivery: json!({}),
        })
    }
}

impl Transcription for Batches {
    fn transcribe(
        &self,
        media: &[u8],
        _content_type: &str,
        language: Language,
        vocabulary: &[String],
    ) -> Result<TranscriptResult, String> {
        self.calls
            .lock()
            .unwrap()
            .push(vec![(media.to_vec(), vocabulary.to_vec())]);
        self.hear(media, language)
    }

    fn transcribe_many(
        &self,
        inputs: &[MediaInput<'_>],
        language: Language,
    ) -> Vec<Result<TranscriptResult, String>> {
        self.calls.lock().unwrap().push(
            inputs
                .iter()
                .map(|i| (i.media.to_vec(), i.vocabulary.to_vec()))
                .collect(),
        );
        inputs
            .iter()
            .map(|i| self.hear(i.media, language))
            .collect()
    }
}

#[tokio::test]
async fn one_candidates_waiting_recordings_reach_the_engine_together_and_each_gets_its_own_text() {
    const SECOND: &str = "I once fixed a billing problem for a customer by refunding twice.";
    let (mut app, app_id, token, q1) = at_first_question().await;
    let (first, second) = (recording(40_000, 21), recording(30_000, 22));
    let engine = Arc::new(Batches {
        heard: vec![(first.clone(), STRONG_ANSWER), (second.clone(), SECOND)],
        calls: Mutex::new(vec![]),
    });
    app.services.transcription = Some(engine.clone());

    // Both answers are recorded before the worker gets to either (a backlog).
    upload_whole(&app, &token, &q1, &first).await;
    let q2 = next_question(&app, &token).await;
    assert_ne!(q1, q2);
    upload_whole(&app, &token, &q2, &second).await;
    finish(&app, &token).await;
    app.drain_tasks().await;

    let calls = engine.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "one engine call for both recordings");
    let batch = &calls[0];
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].0, first, "the task's own recording first");
    assert_eq!(batch[1].0, second);
    // Each recording carries its own question's terms.
    assert!(
        batch[0].1.iter().any(|v| v.contains("express replacement")),
        "{:?}",
        batch[0].1
    );
    assert!(
        !batch[1].1.iter().any(|v| v.contains("express replacement")),
        "{:?}",
        batch[1].1
    );

    let body = report(&app, &app_id).await;
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(body["answers"][0]["transcript"], STRONG_ANSWER);
    assert_eq!(body["answers"][1]["transcript"], SECOND);
    assert_eq!(body["answers"][1]["media"]["transcript_status"], "done");
}

#[tokio::test]
async fn another_candidates_recordings_are_never_taken_along() {
    let mut app = spawn_app().await;
    let r = app.post("/api/v1/jobs", audio_job()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let job = r.body["id"].as_str().unwrap().to_string();
    let (a, b) = (recording(20_000, 31), recording(20_000, 32));
    let engine = Arc::new(Batches {
        heard: vec![(a.clone(), STRONG_ANSWER), (b.clone(), STRONG_ANSWER)],
        calls: Mutex::new(vec![]),
    });
    app.services.transcription = Some(engine.clone());
    // Two candidates each record their first answer before the worker runs.
    for (name, media) in [("A", &a), ("B", &b)] {
        let (_, token) = app.invite(&job, name).await;
        app.start_interview(&token).await;
        let q = next_question(&app, &token).await;
        upload_whole(&app, &token, &q, media).await;
    }
    app.drain_tasks().await;
    let calls = engine.calls.lock().unwrap().clone();
    let batches: Vec<Vec<Vec<u8>>> = calls
        .iter()
        .map(|c| c.iter().map(|(m, _)| m.clone()).collect())
        .collect();
    assert_eq!(batches, vec![vec![a], vec![b]], "one call per candidate");
}
