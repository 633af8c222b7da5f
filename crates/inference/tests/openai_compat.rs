//! The client against a local HTTP server that speaks the OpenAI chat-completions wire
//! format, as Ollama, vLLM, Qwen and DeepSeek do.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use kaoguan_inference::llm::{
    FeedbackLanguage, FeedbackModel, FeedbackRequest, FlagClaim, LlmConfig, LlmError,
    OpenAiCompatClient, PointClaim, RubricJudge, RubricRequest,
};
use serde_json::{json, Value};

/// In the fixture's application only, never in what we hand the client.
const CANDIDATE_NAME: &str = "Zhang Wei";

/// What the fake received: the Authorization header and the JSON body, per request.
type Seen = Arc<Mutex<Vec<(Option<String>, Value)>>>;

#[derive(Clone, Copy)]
enum Mode {
    Content(&'static str),
    Fail,
    Slow,
}

#[derive(Clone)]
struct Fake {
    mode: Mode,
    seen: Seen,
}

async fn completions(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    fake.seen.lock().unwrap().push((auth, body));
    let content = match fake.mode {
        Mode::Fail => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "upstream exploded").into_response()
        }
        Mode::Slow => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "{\"feedback\": \"late\"}"
        }
        Mode::Content(c) => c,
    };
    Json(json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "qwen2.5:7b",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}
    }))
    .into_response()
}

/// Starts the fake on port 0; returns its `/v1` base URL and what it received.
async fn serve(mode: Mode) -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(Fake {
            mode,
            seen: seen.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn client(base: &str, key: Option<&str>) -> OpenAiCompatClient {
    let mut config = LlmConfig::new(format!("{base}/"), "qwen2.5:7b");
    config.api_key = key.map(|k| k.to_string().into());
    config.timeout = Duration::from_millis(300);
    OpenAiCompatClient::new(config).unwrap()
}

fn request() -> FeedbackRequest {
    FeedbackRequest {
        language: FeedbackLanguage::En,
        question: "Tell us about a time you solved a difficult problem for a customer.".into(),
        key_points: vec!["states a measurable result".into()],
        red_flags: vec!["no concrete example".into()],
        answer: "I fixed a payroll import and cut tickets by 40%.".into(),
    }
}

#[tokio::test]
async fn success_sends_only_question_rubric_and_answer_with_the_bearer_key() {
    let (base, seen) = serve(Mode::Content(
        "{\"feedback\": \"Concrete and measurable.\", \"follow_up_questions\": [\"What would you do differently?\"]}",
    ))
    .await;
    let client = client(&base, Some("sk-test-123"));
    assert_eq!(FeedbackModel::id(&client), "qwen2.5:7b");
    let f = client.feedback(&request()).await.unwrap();
    assert_eq!(f.feedback, "Concrete and measurable.");
    assert_eq!(
        f.follow_up_questions,
        vec!["What would you do differently?"]
    );

    let seen = seen.lock().unwrap();
    let (auth, body) = &seen[0];
    assert_eq!(auth.as_deref(), Some("Bearer sk-test-123"));
    assert_eq!(body["model"], "qwen2.5:7b");
    assert_eq!(body["temperature"], 0.2);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    let text = body.to_string();
    for part in [
        "difficult problem for a customer",
        "states a measurable result",
        "no concrete example",
        "payroll import",
    ] {
        assert!(text.contains(part), "{part:?} is sent");
    }
    assert!(!text.contains(CANDIDATE_NAME), "no name leaves the server");
    assert!(body.get("response_format").is_none(), "json mode is opt-in");
}

#[tokio::test]
async fn no_key_sends_no_authorization_and_json_mode_is_requested_when_set() {
    let (base, seen) = serve(Mode::Content("{\"feedback\": \"ok\"}")).await;
    let mut config = LlmConfig::new(base, "m");
    config.json_mode = true;
    let client = OpenAiCompatClient::new(config).unwrap();
    client.feedback(&request()).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].0, None);
    assert_eq!(seen[0].1["response_format"]["type"], "json_object");
}

#[tokio::test]
async fn http_500_is_a_status_error() {
    let (base, _) = serve(Mode::Fail).await;
    let e = client(&base, None).feedback(&request()).await.unwrap_err();
    assert_eq!(e, LlmError::Status(500));
    assert!(e.is_transient());
    assert!(
        !e.to_string().contains("exploded"),
        "no response body in errors"
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let (base, _) = serve(Mode::Slow).await;
    let e = client(&base, None).feedback(&request()).await.unwrap_err();
    assert_eq!(e, LlmError::Timeout);
}

#[tokio::test]
async fn non_json_content_is_bad_content() {
    let (base, _) = serve(Mode::Content("I think the candidate did well!")).await;
    let e = client(&base, None).feedback(&request()).await.unwrap_err();
    assert_eq!(e, LlmError::BadContent);
}

#[tokio::test]
async fn fenced_json_is_accepted() {
    let (base, _) = serve(Mode::Content(
        "```json\n{\"feedback\": \"结构清晰。\", \"follow_up_questions\": [\"结果如何衡量？\"]}\n```",
    ))
    .await;
    let f = client(&base, None).feedback(&request()).await.unwrap();
    assert_eq!(f.feedback, "结构清晰。");
    assert_eq!(f.follow_up_questions, vec!["结果如何衡量？"]);
}

#[tokio::test]
async fn a_refused_connection_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let e = client(&base, Some("sk-secret"))
        .feedback(&request())
        .await
        .unwrap_err();
    assert_eq!(e, LlmError::Unreachable);
    assert!(!format!("{e} {e:?}").contains("sk-secret"));
}

#[test]
fn debug_redacts_the_key() {
    let mut config = LlmConfig::new("http://127.0.0.1:1/v1", "m");
    config.api_key = Some("sk-very-secret".to_string().into());
    assert!(!format!("{config:?}").contains("sk-very-secret"));
    let client = OpenAiCompatClient::new(config).unwrap();
    assert!(!format!("{client:?}").contains("sk-very-secret"));
}

fn rubric_request() -> RubricRequest {
    RubricRequest {
        language: FeedbackLanguage::En,
        question: "A guest's room is not ready at check-in. What do you do?".into(),
        key_points: vec![
            "apologise and explain the delay".into(),
            "offer a concrete alternative".into(),
        ],
        red_flags: vec!["blames housekeeping in front of the guest".into()],
        answer: "I would apologise and explain that the room is being cleaned. \
                 I would not blame housekeeping."
            .into(),
    }
}

#[tokio::test]
async fn the_rubric_judge_asks_at_temperature_zero_with_a_json_schema_and_checks_quotes() {
    let (base, seen) = serve(Mode::Content(
        r#"{"key_points": [
             {"index": 1, "relation": "supports", "evidence": "I would apologise and explain that the room is being cleaned."},
             {"index": 2, "relation": "supports", "evidence": "I would upgrade the guest to a suite"}],
           "red_flags": [{"index": 1, "present": false, "evidence": ""}],
           "level": 3, "rationale": "Apologises; no alternative offered."}"#,
    ))
    .await;
    let mut config = LlmConfig::new(base, "qwen2.5:7b");
    config.json_schema = true;
    let client = OpenAiCompatClient::new(config).unwrap();
    assert_eq!(RubricJudge::id(&client), "qwen2.5:7b");
    let reading = client.read(&rubric_request()).await.unwrap();
    assert!(matches!(
        reading.key_points[0],
        Some(PointClaim::Supports(_))
    ));
    assert_eq!(
        reading.key_points[1], None,
        "an alternative the answer never offered is discarded"
    );
    assert_eq!(reading.red_flags[0], Some(FlagClaim::Absent));
    assert_eq!(reading.discarded, 1);

    let seen = seen.lock().unwrap();
    let body = &seen[0].1;
    assert_eq!(body["temperature"], 0.0);
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["required"],
        json!(["key_points", "red_flags", "level", "rationale"])
    );
    let user = body["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("1. apologise and explain the delay"));
    assert!(user.contains("<<<ANSWER\nI would apologise"));
    assert!(!body.to_string().contains(CANDIDATE_NAME));
}

#[tokio::test]
async fn the_rubric_judge_reports_failures_without_a_reading() {
    let (base, _) = serve(Mode::Fail).await;
    assert_eq!(
        client(&base, None).read(&rubric_request()).await,
        Err(LlmError::Status(500))
    );
    let (base, _) = serve(Mode::Content("I think the candidate did well.")).await;
    assert_eq!(
        client(&base, None).read(&rubric_request()).await,
        Err(LlmError::BadContent)
    );
}
