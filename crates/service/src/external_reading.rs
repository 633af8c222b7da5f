//! The external model as a scoring judge (`[llm] scoring = true`): before an interview is
//! scored, each answer goes to the model with its question and rubric, and the model's
//! claims — checked to quote the answer verbatim — decide the key points and red flags
//! they cover (see `kaoguan_scoring::reading`). The local engine scores every answer on
//! its own as well: it is the fallback when the model is down, slow or talks nonsense, and
//! the cross-check when the two disagree.
//!
//! Only the question, its rubric and the answer leave the server, the answer scrubbed of
//! the candidate's own name, email and phone.

use std::sync::Arc;

use kaoguan_domain::Language;
use kaoguan_inference::llm::rubric::collapse;
use kaoguan_inference::llm::{
    FeedbackLanguage, FlagClaim, LlmError, PointClaim, RubricJudge, RubricReading, RubricRequest,
};
use kaoguan_scoring::{ExternalReading, FlagReading, PointReading};
use kaoguan_store::{Application, Question};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Totals this far apart (0–100) between the model-assisted and the local reading send
/// the answer to a person: one of the two has misread it.
pub const DISAGREEMENT_POINTS: f64 = 20.0;

/// Whether the external reading was used for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReadingStatus {
    /// The model's claims decided the items they cover.
    Used,
    /// The model gave nothing usable; the local engine scored the answer alone.
    Unavailable,
}

/// What the report keeps about the external reading of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExternalReadingInfo {
    pub model: String,
    pub status: ReadingStatus,
    /// 1–5 against the rubric's behavioural anchors; advisory.
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub rationale: Option<String>,
    /// The local engine's own total for the answer, for the cross-check.
    #[serde(default)]
    pub local_total: Option<f64>,
    /// Claims thrown away because their quote is not in the answer.
    #[serde(default)]
    pub discarded: usize,
    /// Why the reading was unavailable; never a key or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ExternalReadingInfo {
    pub fn is_used(&self) -> bool {
        self.status == ReadingStatus::Used
    }

    pub fn status_str(&self) -> &'static str {
        match self.status {
            ReadingStatus::Used => "used",
            ReadingStatus::Unavailable => "unavailable",
        }
    }
}

/// Reads every answered question (`None` for unanswered ones), a few at a time, in order.
pub async fn read_all(
    judge: Arc<dyn RubricJudge>,
    app: &Application,
    language: Language,
    questions: &[Question],
    answers: &[Option<String>],
) -> Vec<Option<Result<RubricReading, LlmError>>> {
    let language = match language {
        Language::Zh => FeedbackLanguage::Zh,
        Language::En => FeedbackLanguage::En,
    };
    let requests: Vec<Option<RubricRequest>> = questions
        .iter()
        .zip(answers)
        .map(|(q, a)| {
            let text = a.as_deref().filter(|t| !t.trim().is_empty())?;
            Some(RubricRequest {
                language,
                question: q.text.clone(),
                key_points: q.rubric.key_points.clone(),
                red_flags: q.rubric.red_flags.clone(),
                answer: crate::llm_feedback::scrub(text, app),
            })
        })
        .collect();
    crate::llm_feedback::concurrently(requests, move |req| {
        let judge = judge.clone();
        async move {
            match judge.read(&req).await {
                Err(e) if e.is_transient() => {
                    tokio::time::sleep(crate::llm_feedback::RETRY_DELAY).await;
                    judge.read(&req).await
                }
                other => other,
            }
        }
    })
    .await
}

/// The model's claims as the scorer takes them. A quote must also occur in the answer as
/// the candidate gave it: the model saw a scrubbed copy, and a quote that spans a
/// `[candidate]` placeholder is not something the candidate said.
pub fn to_scoring(reading: &RubricReading, answer: &str) -> ExternalReading {
    let answer = collapse(answer);
    let said = |q: &str| answer.contains(&collapse(q));
    ExternalReading {
        key_points: reading
            .key_points
            .iter()
            .map(|c| match c.as_ref()? {
                PointClaim::Absent => Some(PointReading::Absent),
                PointClaim::Supports(q) if said(q) => Some(PointReading::Supports(q.clone())),
                PointClaim::Contradicts(q) if said(q) => Some(PointReading::Contradicts(q.clone())),
                PointClaim::Mentions(q) if said(q) => Some(PointReading::Mentions(q.clone())),
                _ => None,
            })
            .collect(),
        red_flags: reading
            .red_flags
            .iter()
            .map(|c| match c.as_ref()? {
                FlagClaim::Absent => Some(FlagReading::Absent),
                FlagClaim::Asserted(q) if said(q) => Some(FlagReading::Asserted(q.clone())),
                _ => None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_across_the_scrubbed_name_are_not_the_candidate_s_words() {
        let reading = RubricReading {
            key_points: vec![
                Some(PointClaim::Supports("我是[candidate],我会先道歉".into())),
                Some(PointClaim::Supports("我会先道歉".into())),
                Some(PointClaim::Absent),
            ],
            red_flags: vec![Some(FlagClaim::Asserted("[candidate]".into())), None],
            level: Some(3),
            rationale: None,
            discarded: 0,
        };
        let x = to_scoring(&reading, "我是张伟,我会先道歉。");
        assert_eq!(x.key_points[0], None);
        assert_eq!(
            x.key_points[1],
            Some(PointReading::Supports("我会先道歉".into()))
        );
        assert_eq!(x.key_points[2], Some(PointReading::Absent));
        assert_eq!(x.red_flags, vec![None, None]);
    }
}
