//! An OpenAI-compatible chat-completions client: works with Qwen (DashScope), DeepSeek,
//! vLLM, Ollama and anything else that speaks `POST {base_url}/chat/completions`.

use std::time::Duration;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

use super::prompt::{messages, parse_feedback};
use super::rubric::{self, RubricJudge, RubricReading, RubricRequest};
use super::{FeedbackModel, FeedbackRequest, LlmError, LlmFeedback};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// A chat completion with three short questions is a few kilobytes; anything far larger
/// is not what we asked for, and we will not buffer it.
const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// Where and how to reach the model. `Debug` redacts the key (SecretString does).
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// e.g. `http://localhost:11434/v1` (Ollama) or `https://api.deepseek.com/v1`.
    pub base_url: String,
    pub api_key: Option<SecretString>,
    pub model: String,
    /// The whole request, connect to last byte.
    pub timeout: Duration,
    /// Send `response_format: {"type": "json_object"}`. Off by default because some
    /// servers reject the field; the parser copes without it.
    pub json_mode: bool,
    /// Constrain the scoring judge's reply with `response_format: {"type": "json_schema"}`
    /// (OpenAI, vLLM, Ollama); implies `json_mode` for the other requests.
    pub json_schema: bool,
}

impl LlmConfig {
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            api_key: None,
            model: model.into(),
            timeout: DEFAULT_TIMEOUT,
            json_mode: false,
            json_schema: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpenAiCompatClient {
    http: reqwest::Client,
    endpoint: String,
    api_key: Option<SecretString>,
    model: String,
    json_mode: bool,
    json_schema: bool,
}

impl OpenAiCompatClient {
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // A redirect could carry the bearer key to another host; an API never needs one.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| LlmError::Transport("cannot build the HTTP client"))?;
        Ok(Self {
            http,
            endpoint: format!(
                "{}/chat/completions",
                config.base_url.trim().trim_end_matches('/')
            ),
            api_key: config.api_key.filter(|k| !k.expose_secret().is_empty()),
            model: config.model,
            json_mode: config.json_mode || config.json_schema,
            json_schema: config.json_schema,
        })
    }

    /// One chat completion: the reply's message content.
    async fn chat(
        &self,
        system: &str,
        user: &str,
        temperature: f64,
        response_format: Option<serde_json::Value>,
    ) -> Result<String, LlmError> {
        let mut body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": temperature,
            "stream": false,
        });
        if let Some(format) = response_format {
            body["response_format"] = format;
        }
        let mut request = self.http.post(&self.endpoint).json(&body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status();
        if !status.is_success() {
            return Err(LlmError::Status(status.as_u16()));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_RESPONSE_BYTES {
                return Err(LlmError::Protocol);
            }
        }
        let completion: ChatCompletion =
            serde_json::from_slice(&bytes).map_err(|_| LlmError::Protocol)?;
        completion
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or(LlmError::Protocol)
    }

    fn json_object(&self) -> Option<serde_json::Value> {
        self.json_mode.then(|| json!({"type": "json_object"}))
    }
}

#[derive(Deserialize)]
struct ChatCompletion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

/// Maps reqwest's error to ours without its text, which may quote the URL.
fn classify(e: reqwest::Error) -> LlmError {
    if e.is_timeout() {
        LlmError::Timeout
    } else if e.is_connect() {
        LlmError::Unreachable
    } else if e.is_decode() || e.is_body() {
        LlmError::Protocol
    } else {
        LlmError::Transport("request failed")
    }
}

#[async_trait]
impl FeedbackModel for OpenAiCompatClient {
    fn id(&self) -> String {
        self.model.clone()
    }

    async fn feedback(&self, req: &FeedbackRequest) -> Result<LlmFeedback, LlmError> {
        let (system, user) = messages(req);
        let content = self.chat(&system, &user, 0.2, self.json_object()).await?;
        parse_feedback(&content)
    }
}

#[async_trait]
impl RubricJudge for OpenAiCompatClient {
    fn id(&self) -> String {
        self.model.clone()
    }

    /// Temperature 0: the same answer read twice should get the same reading.
    async fn read(&self, req: &RubricRequest) -> Result<RubricReading, LlmError> {
        let (system, user) = rubric::messages(req);
        let format = if self.json_schema {
            Some(json!({
                "type": "json_schema",
                "json_schema": {"name": "rubric_reading", "strict": true, "schema": rubric::schema()},
            }))
        } else {
            self.json_object()
        };
        let content = self.chat(&system, &user, 0.0, format).await?;
        rubric::parse_reading(&content, req)
    }
}
