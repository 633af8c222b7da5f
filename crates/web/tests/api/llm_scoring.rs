//! The external model as a scoring judge (`[llm] scoring = true`), against a local server
//! speaking the chat-completions wire format: its claims decide the items they quote the
//! answer for, invented quotes are thrown away, the local engine is the fallback and the
//! cross-check, and the report says which engine read each answer.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use kaoguan_inference::llm::{LlmConfig, OpenAiCompatClient};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, STRONG_ANSWER};

#[derive(Clone, Copy)]
enum Reply {
    /// Key point 1 supported by the answer's first sentence; key point 2 "supported" by a
    /// sentence the answer never says; the first red flag "asserted" the same way.
    QuotesAndInventions,
    /// Every key point absent: a reading far from the local one.
    NothingCovered,
}

#[derive(Clone)]
struct Fake {
    reply: Reply,
    seen: Arc<Mutex<Vec<Value>>>,
}

/// The answer the model was shown, between the prompt's markers.
fn answer_in(body: &Value) -> String {
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    let start = user.find("<<<ANSWER\n").map_or(0, |i| i + 10);
    let end = user.find("\nANSWER>>>").unwrap_or(user.len());
    user[start..end].to_string()
}

async fn complete(State(fake): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let answer = answer_in(&body);
    fake.seen.lock().unwrap().push(body);
    let first_sentence = answer.split('.').next().unwrap_or_default().to_string();
    let reading = match fake.reply {
        Reply::QuotesAndInventions => json!({
            "key_points": [
                {"index": 1, "relation": "supports", "evidence": first_sentence},
                {"index": 2, "relation": "supports", "evidence": "I would send the customer a voucher worth twice the order"}
            ],
            "red_flags": [{"index": 1, "present": true, "evidence": "It is the courier's fault, not ours"}],
            "level": 4,
            "rationale": "Concrete steps with a deadline-aware plan."
        }),
        Reply::NothingCovered => json!({
            "key_points": (1..=5).map(|i| json!({"index": i, "relation": "absent", "evidence": ""})).collect::<Vec<_>>(),
            "red_flags": [],
            "level": 1,
            "rationale": "Off the question."
        }),
    };
    Json(
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": reading.to_string()}}]}),
    )
}

/// Starts the stand-in; returns its `/v1` base URL and the request bodies it received.
async fn endpoint(reply: Reply) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new()
        .route("/v1/chat/completions", post(complete))
        .with_state(Fake {
            reply,
            seen: seen.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

async fn judged_app(base: &str) -> TestApp {
    let mut config = LlmConfig::new(base, "fake-qwen");
    config.timeout = Duration::from_secs(5);
    config.json_schema = true;
    let mut app = spawn_app().await;
    app.services.rubric_judge = Some(Arc::new(OpenAiCompatClient::new(config).unwrap()));
    app
}

/// A finished interview with one strong answer; returns (application id, report).
async fn interview(app: &TestApp) -> (String, Value) {
    let job = app.create_job().await;
    let (id, token) = app.invite(job["id"].as_str().unwrap(), "Chen Jing").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;
    let report = app
        .get(&format!("/api/v1/applications/{id}/report"))
        .await
        .body;
    assert_eq!(report["status"], "ready", "{report}");
    (id, report)
}

#[tokio::test]
async fn the_judge_decides_what_it_quotes_and_invented_quotes_are_discarded() {
    let (_, local) = interview(&spawn_app().await).await;
    let (base, seen) = endpoint(Reply::QuotesAndInventions).await;
    let app = judged_app(&base).await;
    let (id, report) = interview(&app).await;

    crate::console::sign_in(&app).await;
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("外部模型评分") && page.contains("本地引擎单独评分"),
        "the page says which engine read the answer"
    );
    assert!(!page.contains("engines_disagree") && !page.contains("flag."));

    let version = report["model_version"].as_str().unwrap();
    assert!(version.ends_with("+llm:fake-qwen"), "{version}");
    assert!(version.starts_with(local["model_version"].as_str().unwrap()));

    let answer = &report["answers"][0];
    let point = &answer["key_points"][0];
    assert_eq!(point["covered"], true);
    assert_eq!(point["relation"], "supports");
    assert_eq!(
        point["evidence"],
        "First I would apologise sincerely and acknowledge how frustrating it is that the gift arrived broken with the party tomorrow"
    );
    // The invented support and the invented red flag are gone; those items keep the
    // local engine's reading.
    assert_eq!(
        answer["key_points"][1],
        local["answers"][0]["key_points"][1]
    );
    assert_eq!(answer["red_flags"], local["answers"][0]["red_flags"]);
    let info = &answer["external_reading"];
    assert_eq!(info["status"], "used", "{info}");
    assert_eq!(info["model"], "fake-qwen");
    assert_eq!(info["level"], 4);
    assert_eq!(info["discarded"], 2);
    assert_eq!(info["local_total"], local["answers"][0]["score"]);

    let sent = seen.lock().unwrap();
    assert_eq!(sent.len(), 1, "one call per answered question");
    assert_eq!(sent[0]["temperature"], 0.0);
    assert_eq!(sent[0]["response_format"]["type"], "json_schema");
    let text = sent[0].to_string();
    assert!(
        text.contains("offers a refund as a fallback"),
        "the rubric goes along"
    );
    assert!(!text.contains("Chen Jing") && !text.contains("chenjing@example.com"));
}

#[tokio::test]
async fn a_reading_far_from_the_local_one_is_sent_to_a_person() {
    let (base, _) = endpoint(Reply::NothingCovered).await;
    let app = judged_app(&base).await;
    let (_, report) = interview(&app).await;
    let answer = &report["answers"][0];
    let local_total = answer["external_reading"]["local_total"].as_f64().unwrap();
    let total = answer["score"].as_f64().unwrap();
    assert!(local_total - total >= 20.0, "{total} vs {local_total}");
    assert!(
        answer["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("engines_disagree")),
        "{answer}"
    );
    assert!(answer["hr_notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("disagree")));
}

#[tokio::test]
async fn a_dead_judge_leaves_the_local_engine_scoring_alone() {
    let (_, local) = interview(&spawn_app().await).await;
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", dead.local_addr().unwrap());
    drop(dead);
    let app = judged_app(&base).await;
    let (_, report) = interview(&app).await;
    assert_eq!(report["total"], local["total"]);
    assert_eq!(
        report["model_version"], local["model_version"],
        "the model is not named when it read nothing"
    );
    let info = &report["answers"][0]["external_reading"];
    assert_eq!(info["status"], "unavailable", "{info}");
    let error = info["error"].as_str().unwrap();
    assert!(
        error.contains("unreachable") && !error.contains("127.0.0.1"),
        "{error}"
    );
}
