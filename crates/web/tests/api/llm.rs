//! The optional external model: advisory notes added after the report, never in the score,
//! and never holding the report up when the endpoint is down.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use kaoguan_inference::llm::{LlmConfig, OpenAiCompatClient};
use kaoguan_jobs::{try_execute_task, ExecutionOutcome};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, STRONG_ANSWER};

const NAME: &str = "Li Leihua";
const EMAIL: &str = "lileihua@example.com";

type Seen = Arc<Mutex<Vec<Value>>>;

/// A local server speaking the chat-completions wire format; returns its `/v1` base URL.
async fn fake_endpoint() -> (String, Seen) {
    async fn complete(State(seen): State<Seen>, Json(body): Json<Value>) -> Json<Value> {
        seen.lock().unwrap().push(body);
        let content = "```json\n{\"feedback\": \"Clear plan; probe the refund policy.\", \"follow_up_questions\": [\"What if no stock is left?\"]}\n```";
        Json(
            json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}),
        )
    }
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/chat/completions", post(complete))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn client(base: &str) -> Arc<OpenAiCompatClient> {
    let mut config = LlmConfig::new(base, "fake-qwen");
    config.api_key = Some("sk-test".to_string().into());
    config.timeout = Duration::from_secs(5);
    Arc::new(OpenAiCompatClient::new(config).unwrap())
}

/// Runs a finished two-answer interview whose answers mention the candidate's identity;
/// returns the application id.
async fn interview(app: &TestApp) -> String {
    let job = app.create_job().await;
    let (id, token) = app.invite(job["id"].as_str().unwrap(), NAME).await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.answer_next(
        &token,
        &format!("I am {NAME} ({EMAIL}). Last year I fixed a customer's failing payroll import before month-end and cut similar tickets by 40%."),
    )
    .await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    id
}

async fn report(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/applications/{id}/report"))
        .await
        .body
}

async fn step(app: &TestApp) -> String {
    match try_execute_task(&app.services).await.unwrap() {
        ExecutionOutcome::TaskCompleted { kind } => kind,
        other => panic!("expected a completed task, got {other:?}"),
    }
}

#[tokio::test]
async fn a_working_endpoint_adds_notes_without_changing_the_score() {
    let plain = spawn_app().await;
    let plain_id = interview(&plain).await;
    assert_eq!(plain.drain_tasks().await, 1, "no model, no extra task");
    let plain_report = report(&plain, &plain_id).await;
    assert!(plain_report["detail"].get("external_feedback").is_none());

    let (base, seen) = fake_endpoint().await;
    let mut app = spawn_app().await;
    app.services.llm = Some(client(&base));
    let id = interview(&app).await;
    assert_eq!(step(&app).await, "score_application");
    let before = report(&app, &id).await;
    assert_eq!(before["status"], "ready");
    assert_eq!(step(&app).await, "llm_feedback");
    assert_eq!(app.drain_tasks().await, 0);

    let after = report(&app, &id).await;
    assert_eq!(after["status"], "ready");
    assert_eq!(after["total"], before["total"]);
    assert_eq!(
        after["total"], plain_report["total"],
        "the external model never touches the score"
    );
    assert_eq!(after["dimensions"], plain_report["dimensions"]);
    let ef = &after["detail"]["external_feedback"];
    assert_eq!(ef["status"], "ready", "{ef}");
    assert_eq!(ef["model"], "fake-qwen");
    let notes = ef["answers"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["question_id"], after["answers"][0]["question_id"]);
    assert_eq!(notes[0]["feedback"], "Clear plan; probe the refund policy.");
    assert_eq!(
        notes[1]["follow_up_questions"][0],
        "What if no stock is left?"
    );

    let sent = seen.lock().unwrap();
    assert_eq!(sent.len(), 2, "one call per answered question");
    let text = serde_json::to_string(&*sent).unwrap();
    assert!(text.contains("payroll import") && text.contains("express replacement"));
    assert!(text.contains("blames the courier"), "the rubric goes along");
    assert!(
        !text.contains("Leihua") && !text.contains(EMAIL),
        "no identity leaves"
    );
    assert!(!text.contains(&id), "no ids leave");
}

#[tokio::test]
async fn a_dead_endpoint_leaves_the_report_ready_and_records_unavailable() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", dead.local_addr().unwrap());
    drop(dead);
    let mut app = spawn_app().await;
    app.services.llm = Some(client(&base));
    let id = interview(&app).await;

    assert_eq!(step(&app).await, "score_application");
    let before = report(&app, &id).await;
    assert_eq!(
        before["status"], "ready",
        "the report does not wait for the model"
    );
    assert!(before["detail"].get("external_feedback").is_none());

    assert_eq!(
        step(&app).await,
        "llm_feedback",
        "fails soft: the task completes"
    );
    assert_eq!(app.drain_tasks().await, 0, "nothing left to retry");
    let after = report(&app, &id).await;
    assert_eq!(after["status"], "ready");
    assert_eq!(after["total"], before["total"]);
    let ef = &after["detail"]["external_feedback"];
    assert_eq!(ef["status"], "unavailable", "{ef}");
    assert!(ef["answers"].as_array().unwrap().is_empty());
    let error = ef["error"].as_str().unwrap();
    assert!(
        error.contains("unreachable") && !error.contains("127.0.0.1"),
        "{error}"
    );
}
