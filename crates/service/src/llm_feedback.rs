//! Advisory notes from the optional external model (OpenAI-compatible endpoint), added to
//! a report that is already complete. The explainable score is never touched: this runs in
//! its own background task after the report is saved, writes only `external_feedback`,
//! and records "unavailable" instead of failing when the endpoint is down, slow or talks
//! nonsense — so the queue does not retry a dead endpoint for ever.
//!
//! Only the question, its rubric and the answer text leave the server, and the answer is
//! scrubbed of the candidate's own name, email and phone first: candidates often introduce
//! themselves, and the endpoint may belong to a third party.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, ApplicationStatus, Language, OrgId, QuestionId};
use kaoguan_inference::llm::{
    FeedbackLanguage, FeedbackModel, FeedbackRequest, LlmError, LlmFeedback,
};
use kaoguan_store::{Application, Report};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::report::ReportBody;
use crate::{ServiceResult, Services};

/// Calls in flight at once: enough to overlap latency, few enough not to flood a small
/// self-hosted vLLM or Ollama box that other reports also use.
const CONCURRENCY: usize = 2;
pub(crate) const RETRY_DELAY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExternalFeedbackStatus {
    Ready,
    Unavailable,
}

impl ExternalFeedbackStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Unavailable => "unavailable",
        }
    }
}

/// The external model's notes on one answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExternalAnswerFeedback {
    pub question_id: String,
    pub feedback: String,
    pub follow_up_questions: Vec<String>,
}

/// Stored in the report body; advisory only, not part of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExternalFeedback {
    pub model: String,
    pub generated_at: DateTime<Utc>,
    pub status: ExternalFeedbackStatus,
    #[serde(default)]
    pub answers: Vec<ExternalAnswerFeedback>,
    /// A short reason when some or all answers got no notes; never a key or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ExternalFeedback {
    /// The notes for one question, for the report page.
    pub fn for_question(&self, question_id: &str) -> Option<&ExternalAnswerFeedback> {
        self.answers.iter().find(|a| a.question_id == question_id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmFeedbackOutcome {
    Stored(ExternalFeedbackStatus),
    /// Nothing to do: no model configured, the report was re-scored or HR moved on.
    Skipped,
}

/// Runs the `llm_feedback` task for the report scored at `scored_at`.
pub async fn generate(
    services: &Services,
    org: OrgId,
    id: ApplicationId,
    scored_at: DateTime<Utc>,
) -> ServiceResult<LlmFeedbackOutcome> {
    let Some(model) = services.llm.clone() else {
        return Ok(LlmFeedbackOutcome::Skipped);
    };
    let Some((app, _, body)) = current_report(services, org, id, scored_at).await? else {
        return Ok(LlmFeedbackOutcome::Skipped);
    };
    let job = services.store.get_job(org, app.job_id).await?;
    let language = match job.language {
        Language::Zh => FeedbackLanguage::Zh,
        Language::En => FeedbackLanguage::En,
    };

    let mut requests = Vec::new();
    for a in &body.answers {
        let Some(text) = a.answer_text.as_deref().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        // The rubric's full red-flag list lives on the question; the report only keeps the
        // flags that fired. An archived or unparsable question falls back to the report.
        let question = match a.question_id.parse::<QuestionId>() {
            Ok(qid) => services.store.get_question(org, qid).await.ok(),
            Err(_) => None,
        };
        let (key_points, red_flags) = match question {
            Some(q) => (q.rubric.key_points, q.rubric.red_flags),
            None => (
                a.key_points.iter().map(|k| k.point.clone()).collect(),
                vec![],
            ),
        };
        requests.push((
            a.question_id.clone(),
            FeedbackRequest {
                language,
                question: a.question_text.clone(),
                key_points,
                red_flags,
                answer: scrub(text, &app),
            },
        ));
    }

    let results = ask_all(model.clone(), requests).await;
    let total = results.len();
    let mut answers = Vec::new();
    let mut first_error = None;
    for (question_id, result) in results {
        match result {
            Ok(f) => answers.push(ExternalAnswerFeedback {
                question_id,
                feedback: f.feedback,
                follow_up_questions: f.follow_up_questions,
            }),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let failed = total - answers.len();
    let status = if answers.is_empty() {
        ExternalFeedbackStatus::Unavailable
    } else {
        ExternalFeedbackStatus::Ready
    };
    let error = first_error.map(|e| match status {
        ExternalFeedbackStatus::Unavailable => e.to_string(),
        ExternalFeedbackStatus::Ready => format!("{failed} of {total} answers: {e}"),
    });
    let feedback = ExternalFeedback {
        model: model.id(),
        generated_at: services.clock.now(),
        status,
        answers,
        error,
    };

    // Read again just before writing: scoring may have run meanwhile, and HR may have
    // moved the application on (saving a report marks it scored again).
    let Some((_, report, _)) = current_report(services, org, id, scored_at).await? else {
        return Ok(LlmFeedbackOutcome::Skipped);
    };
    let mut raw = report.body;
    raw["external_feedback"] = serde_json::to_value(&feedback).map_err(anyhow::Error::from)?;
    services
        .store
        .save_report(
            org,
            &Report {
                body: raw,
                ..report
            },
            // Notes on a report already announced: no new event, no task.
            &kaoguan_store::Effects::none(),
        )
        .await?;
    tracing::info!(application = %id, status = status.as_str(), failed, "external feedback stored");
    Ok(LlmFeedbackOutcome::Stored(status))
}

/// The saved report this task is for, or `None` if it no longer applies.
async fn current_report(
    services: &Services,
    org: OrgId,
    id: ApplicationId,
    scored_at: DateTime<Utc>,
) -> ServiceResult<Option<(Application, Report, ReportBody)>> {
    let app = services.store.get_application(org, id).await?;
    if app.status != ApplicationStatus::Scored {
        return Ok(None);
    }
    let Some(report) = services.store.get_report(org, id).await? else {
        return Ok(None);
    };
    let body: ReportBody =
        serde_json::from_value(report.body.clone()).map_err(anyhow::Error::from)?;
    Ok((body.scored_at == scored_at).then_some((app, report, body)))
}

/// Asks for every answer, `CONCURRENCY` at a time, keeping the report's order.
async fn ask_all(
    model: Arc<dyn FeedbackModel>,
    requests: Vec<(String, FeedbackRequest)>,
) -> Vec<(String, Result<LlmFeedback, LlmError>)> {
    let (ids, requests): (Vec<String>, Vec<Option<FeedbackRequest>>) =
        requests.into_iter().map(|(q, r)| (q, Some(r))).unzip();
    let results = concurrently(requests, move |req| {
        let model = model.clone();
        async move { ask(model.as_ref(), &req).await }
    })
    .await;
    ids.into_iter()
        .zip(results)
        .map(|(q, r)| (q, r.unwrap_or(Err(LlmError::Transport("the call failed")))))
        .collect()
}

/// Runs `call` on every present request, `CONCURRENCY` at a time; the results keep the
/// requests' order (`None` for an absent request or a call that panicked).
pub(crate) async fn concurrently<Req, Out, F, Fut>(
    requests: Vec<Option<Req>>,
    call: F,
) -> Vec<Option<Out>>
where
    Req: Send + 'static,
    Out: Send + 'static,
    F: Fn(Req) -> Fut,
    Fut: std::future::Future<Output = Out> + Send + 'static,
{
    let permits = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let mut set = tokio::task::JoinSet::new();
    let mut out: Vec<Option<Out>> = Vec::with_capacity(requests.len());
    for (i, req) in requests.into_iter().enumerate() {
        out.push(None);
        let Some(req) = req else { continue };
        let permits = permits.clone();
        let fut = call(req);
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (i, fut.await)
        });
    }
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((i, r)) => out[i] = Some(r),
            Err(e) => tracing::warn!(error = %e, "external model call panicked"),
        }
    }
    out
}

/// One call, retried once when the failure looks passing (a blip, a 502, a 429).
async fn ask(model: &dyn FeedbackModel, req: &FeedbackRequest) -> Result<LlmFeedback, LlmError> {
    match model.feedback(req).await {
        Err(e) if e.is_transient() => {
            tokio::time::sleep(RETRY_DELAY).await;
            model.feedback(req).await
        }
        other => other,
    }
}

/// The answer with the candidate's own name, email and phone replaced, case-insensitively
/// for the Latin-script ones.
pub(crate) fn scrub(text: &str, app: &Application) -> String {
    let mut out = text.to_string();
    let identity = [
        Some(app.candidate_name.as_str()),
        app.candidate_email.as_deref(),
        app.candidate_phone.as_deref(),
    ];
    for needle in identity.into_iter().flatten().map(str::trim) {
        // A one-letter "name" would blank out ordinary words.
        if needle.chars().count() >= 2 {
            out = replace_ignoring_case(&out, needle, "[candidate]");
        }
    }
    out
}

fn replace_ignoring_case(haystack: &str, needle: &str, with: &str) -> String {
    let lower_hay = haystack.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Lower-casing can change byte lengths for some scripts; fall back to exact matching
    // there rather than risk slicing mid-character.
    if lower_hay.len() != haystack.len() || lower_needle.len() != needle.len() {
        return haystack.replace(needle, with);
    }
    let mut out = String::with_capacity(haystack.len());
    let mut rest = 0;
    while let Some(pos) = lower_hay[rest..].find(&lower_needle) {
        out.push_str(&haystack[rest..rest + pos]);
        out.push_str(with);
        rest += pos + needle.len();
    }
    out.push_str(&haystack[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_ignores_case_and_keeps_the_rest() {
        assert_eq!(
            replace_ignoring_case("I am ZHANG Wei; zhang wei again.", "Zhang Wei", "[c]"),
            "I am [c]; [c] again."
        );
        assert_eq!(
            replace_ignoring_case("我是张伟。", "张伟", "[c]"),
            "我是[c]。"
        );
    }

    #[test]
    fn old_reports_without_external_feedback_still_parse() {
        let status: ExternalFeedbackStatus = serde_json::from_str("\"unavailable\"").unwrap();
        assert_eq!(status, ExternalFeedbackStatus::Unavailable);
        let f: ExternalFeedback = serde_json::from_value(serde_json::json!({
            "model": "m", "generated_at": "2025-01-01T00:00:00Z", "status": "ready"
        }))
        .unwrap();
        assert!(f.answers.is_empty() && f.error.is_none());
    }
}
