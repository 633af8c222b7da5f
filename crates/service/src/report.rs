//! The structured interview report (结构化面试报告) as stored and as served.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, ApplicationStatus, QuestionKind, ReportStatus};
use kaoguan_scoring::recommendation::{self, Recommendation};
use kaoguan_scoring::{
    AnswerStatus, FeatureContribution, KeyPointResult, RedFlagResult, StarResult,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::integrity::{self, IntegritySignals};
use crate::{ServiceResult, Services, Staff};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DimensionScore {
    pub key: String,
    pub name: String,
    /// Share of the total, 0–1.
    pub weight: f64,
    pub score: f64,
}

/// One question of the interview as the candidate met it, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnswerReport {
    pub question_id: String,
    pub question_text: String,
    pub kind: QuestionKind,
    pub competencies: Vec<String>,
    /// False when the question was skipped or its time ran out.
    pub answered: bool,
    pub answer_text: Option<String>,
    pub score: Option<f64>,
    #[schema(value_type = Option<String>)]
    pub status: Option<AnswerStatus>,
    #[schema(value_type = Vec<Object>)]
    pub key_points: Vec<KeyPointResult>,
    #[schema(value_type = Vec<Object>)]
    pub red_flags: Vec<RedFlagResult>,
    #[schema(value_type = Option<Object>)]
    pub star: Option<StarResult>,
    pub highlights: Vec<String>,
    /// Feedback the candidate may be sent; it never names a rubric item.
    pub suggestions: Vec<String>,
    /// Notes for the hiring team on this answer: what to probe next round, with quotes.
    /// Empty in reports scored before they existed.
    #[serde(default)]
    pub hr_notes: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub features: Vec<FeatureContribution>,
    pub flags: Vec<String>,
    /// A recorded answer's format and transcription state; `null` for text answers.
    #[serde(default)]
    pub media: Option<MediaInfo>,
    /// A recorded answer's transcript, which is what was scored (and is repeated as
    /// `answer_text`); `null` for text answers and recordings not transcribed.
    #[serde(default)]
    pub transcript: Option<String>,
    /// The transcript's timed segments, for a player to jump to the evidence.
    #[serde(default)]
    pub segments: Option<Vec<crate::media::transcription::Segment>>,
    /// Descriptive delivery measures of a recorded answer, as the speech engine gave them.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub delivery: Option<serde_json::Value>,
    /// Why an answer that was given could not be scored, e.g. a recording that could not
    /// be transcribed.
    #[serde(default)]
    pub note: Option<String>,
    /// The external model's reading of this answer when it scores (`[llm] scoring`):
    /// whether it was used, its level and reasons, and the local engine's own total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_reading: Option<crate::external_reading::ExternalReadingInfo>,
    /// Integrity signals (pastes, switches away, long silences, faces), for review only:
    /// they never change any score. Attached when the report is read, from the latest
    /// counts; `null` when there are none.
    #[serde(default)]
    pub integrity: Option<IntegritySignals>,
}

/// How a recorded answer was stored and transcribed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MediaInfo {
    pub kind: kaoguan_domain::AnswerMode,
    pub content_type: String,
    pub size_bytes: u64,
    /// `done` or `failed` (reports are scored only when none is pending).
    pub transcript_status: String,
}

/// The stored report body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportBody {
    pub status: ReportStatus,
    pub total: f64,
    pub dimensions: Vec<DimensionScore>,
    pub answers: Vec<AnswerReport>,
    pub highlights: Vec<String>,
    pub suggestions: Vec<String>,
    pub next_round_advice: Vec<String>,
    /// The scoring engine and model that produced the numbers.
    pub model_version: String,
    /// The job's competency-model version the total is weighted by.
    pub competency_model_version: i64,
    pub scored_at: DateTime<Utc>,
    /// Advisory notes from the optional external model, added later by a separate task;
    /// never part of the total. Absent in reports scored before the feature existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_feedback: Option<crate::llm_feedback::ExternalFeedback>,
}

/// What `GET /api/v1/applications/{id}/report` returns, whatever the state.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportView {
    #[schema(value_type = String)]
    pub application_id: ApplicationId,
    pub status: ReportStatus,
    pub total: Option<f64>,
    pub dimensions: BTreeMap<String, f64>,
    pub answers: Vec<AnswerReport>,
    pub model_version: Option<String>,
    /// What integrity signals are for: review, never scoring.
    pub integrity_note: &'static str,
    /// The recommendation band (强烈推荐 / 推荐 / 待定 / 不推荐) with the reasons that drove
    /// it, derived from the report when it is read; `null` until there is a report.
    #[schema(value_type = Option<Object>)]
    pub recommendation: Option<Recommendation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ReportBody>,
}

/// The report of an application the caller may see.
pub async fn get_report(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<ReportView> {
    let app = crate::applications::get_application(services, who, id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let stored = services.store.get_report(who.org(), id).await?;
    let view = match stored {
        _ if app.status == ApplicationStatus::HumanInterviewRequested => ReportView {
            application_id: id,
            status: ReportStatus::NotScored,
            total: None,
            dimensions: BTreeMap::new(),
            answers: vec![],
            model_version: None,
            integrity_note: integrity::NOTE,
            recommendation: None,
            detail: None,
        },
        None => ReportView {
            application_id: id,
            status: ReportStatus::Pending,
            total: None,
            dimensions: BTreeMap::new(),
            answers: vec![],
            model_version: None,
            integrity_note: integrity::NOTE,
            recommendation: None,
            detail: None,
        },
        Some(r) => {
            let mut body: ReportBody =
                serde_json::from_value(r.body).map_err(anyhow::Error::from)?;
            attach_integrity(services, who, id, &mut body.answers).await?;
            let recommendation = r.total.map(|total| recommend(&job, r.status, total, &body));
            ReportView {
                application_id: id,
                status: r.status,
                total: r.total,
                dimensions: body
                    .dimensions
                    .iter()
                    .map(|d| (d.key.clone(), d.score))
                    .collect(),
                answers: body.answers.clone(),
                model_version: Some(r.model_version),
                integrity_note: integrity::NOTE,
                recommendation,
                detail: Some(body),
            }
        }
    };
    Ok(view)
}

/// The report's band under the job's thresholds, with its reasons. Derived whenever it is
/// needed rather than stored, so new thresholds apply to every report at once.
pub(crate) fn recommend(
    job: &kaoguan_store::Job,
    status: ReportStatus,
    total: f64,
    body: &ReportBody,
) -> Recommendation {
    recommendation::recommend(
        &recommendation::Evidence {
            total,
            insufficient_data: status == ReportStatus::InsufficientData,
            red_flags: body.answers.iter().map(|a| a.red_flags.len()).sum(),
            contradicted_points: body
                .answers
                .iter()
                .flat_map(|a| &a.key_points)
                .filter(|k| k.contradicted())
                .count(),
        },
        &job.band_thresholds.unwrap_or_default(),
    )
}

/// What the candidate list filters a report by: how many red flags its answers raised and
/// their flags, each once, sorted.
pub(crate) fn filter_facts(body: &ReportBody) -> (u32, Vec<String>) {
    let red_flags = body
        .answers
        .iter()
        .map(|a| a.red_flags.len())
        .sum::<usize>();
    let mut flags: Vec<String> = body
        .answers
        .iter()
        .flat_map(|a| a.flags.iter().cloned())
        .collect();
    flags.sort_unstable();
    flags.dedup();
    (u32::try_from(red_flags).unwrap_or(u32::MAX), flags)
}

/// Gives reports scored before the store kept their band and flags those facts, a batch
/// at a time; run once when the server starts (each report is then done for good).
pub async fn backfill_filter_facts(services: &Services) -> ServiceResult<usize> {
    let mut done = 0;
    loop {
        let batch = services.store.reports_without_band(200).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (org, report) in batch {
            let body: ReportBody =
                serde_json::from_value(report.body).map_err(anyhow::Error::from)?;
            let (red_flags, flags) = filter_facts(&body);
            services
                .store
                .set_report_facts(org, report.application_id, red_flags, &flags)
                .await?;
            done += 1;
        }
    }
}

/// Adds each answer's integrity signals as they stand now. The scores beside them were
/// computed without them and stay as stored.
async fn attach_integrity(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
    answers: &mut [AnswerReport],
) -> ServiceResult<()> {
    let reported = services.store.list_integrity(who.org(), id).await?;
    for a in answers {
        let browser = reported
            .iter()
            .find(|r| r.question_id.to_string() == a.question_id);
        a.integrity = IntegritySignals::of(browser, a.delivery.as_ref());
    }
    Ok(())
}
