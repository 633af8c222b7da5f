//! Background task kinds and their payloads. The worker loop lives in `kaoguan-jobs`.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, QuestionId};
use serde::{Deserialize, Serialize};

use crate::{ServiceResult, Services};

pub const SCORE_APPLICATION: &str = "score_application";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreApplication {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
}

pub async fn enqueue_scoring(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
) -> ServiceResult<()> {
    let payload = serde_json::to_value(ScoreApplication {
        org_id: org,
        application_id: application,
    })
    .map_err(anyhow::Error::from)?;
    services
        .store
        .enqueue(SCORE_APPLICATION, &payload, services.clock.now())
        .await?;
    services.task_wakeup.notify_one();
    Ok(())
}

pub const LLM_FEEDBACK: &str = "llm_feedback";

/// Asks the external model for advisory notes on a saved report. A task of its own so a
/// slow endpoint never delays the report itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LlmFeedbackTask {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    /// The report this task annotates; a re-scored report gets its own task.
    pub scored_at: DateTime<Utc>,
}

pub async fn enqueue_llm_feedback(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    scored_at: DateTime<Utc>,
) -> ServiceResult<()> {
    let payload = serde_json::to_value(LlmFeedbackTask {
        org_id: org,
        application_id: application,
        scored_at,
    })
    .map_err(anyhow::Error::from)?;
    services
        .store
        .enqueue(LLM_FEEDBACK, &payload, services.clock.now())
        .await?;
    services.task_wakeup.notify_one();
    Ok(())
}

pub const TRANSCRIBE_ANSWER: &str = "transcribe_answer";

/// Transcribes one recorded answer. Scoring of the interview waits for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TranscribeAnswer {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
}

pub async fn enqueue_transcription(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
) -> ServiceResult<()> {
    let payload = serde_json::to_value(TranscribeAnswer {
        org_id: org,
        application_id: application,
        question_id: question,
    })
    .map_err(anyhow::Error::from)?;
    services
        .store
        .enqueue(TRANSCRIBE_ANSWER, &payload, services.clock.now())
        .await?;
    services.task_wakeup.notify_one();
    Ok(())
}
