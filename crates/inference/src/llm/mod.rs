//! The optional external language model: written feedback and follow-up questions for the
//! next-round interviewer (advisory only), and, where the admin turns it on, a judge of
//! stance that reads each answer against its rubric ([`rubric`]) for the local engine's
//! formula to score. The types carry no candidate identity at all: a [`FeedbackRequest`] holds only the
//! question, its rubric and the answer text, which makes leaking a name impossible by
//! construction rather than by care.

mod client;
mod prompt;
pub mod rubric;

pub use client::{LlmConfig, OpenAiCompatClient, DEFAULT_TIMEOUT};
pub use prompt::{parse_feedback, MAX_FEEDBACK_CHARS, MAX_QUESTIONS, MAX_QUESTION_CHARS};
pub use rubric::{FlagClaim, PointClaim, RubricJudge, RubricReading, RubricRequest};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// The language the feedback is written in: the question's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackLanguage {
    Zh,
    En,
}

/// Everything the external model is allowed to see about one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRequest {
    pub language: FeedbackLanguage,
    pub question: String,
    pub key_points: Vec<String>,
    pub red_flags: Vec<String>,
    pub answer: String,
}

/// The model's advice on one answer, already length-capped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LlmFeedback {
    pub feedback: String,
    pub follow_up_questions: Vec<String>,
}

/// Why the model gave no usable feedback. The messages are short and never contain the
/// endpoint's URL, key or response body, so they are safe to store in a report and log.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum LlmError {
    #[error("the model endpoint timed out")]
    Timeout,
    #[error("the model endpoint is unreachable")]
    Unreachable,
    #[error("the model endpoint answered HTTP {0}")]
    Status(u16),
    #[error("the model endpoint's response is not a chat completion")]
    Protocol,
    #[error("the model's reply is not the requested JSON")]
    BadContent,
    #[error("the model endpoint failed: {0}")]
    Transport(&'static str),
}

impl LlmError {
    /// Whether trying again soon may help. A timeout is not retried: it already cost the
    /// whole timeout once, and a second wait would only delay the other answers.
    pub fn is_transient(&self) -> bool {
        match self {
            LlmError::Unreachable | LlmError::Transport(_) => true,
            LlmError::Status(s) => *s == 429 || *s >= 500,
            LlmError::Timeout | LlmError::Protocol | LlmError::BadContent => false,
        }
    }
}

#[async_trait]
pub trait FeedbackModel: Send + Sync {
    /// Names the model for the report, e.g. `qwen2.5:7b`; never includes the key.
    fn id(&self) -> String;
    async fn feedback(&self, req: &FeedbackRequest) -> Result<LlmFeedback, LlmError>;
}
