//! Background tasks as one typed enum, and how they are queued. The worker loop lives in
//! `kaoguan-jobs`.
//!
//! A task caused by a state change is queued in the change's own transaction (see
//! [`kaoguan_store::Effects`]): build it with [`Task::queued_at`] and hand it to the store
//! method that makes the change. [`enqueue`] is only for work no state change causes (a
//! re-scoring HR asks for, a retry's follow-up).

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, QuestionId, Trigger};
use kaoguan_store::NewTask;
use serde::{Deserialize, Serialize};

use crate::{ServiceResult, Services};

/// Every kind of background work. The serialised kinds (`score_application`, …) are
/// stored with queued tasks, so they never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Task {
    /// Scores a finished interview into its report.
    ScoreApplication(ScoreApplication),
    /// Asks the external model for advisory notes on a saved report. A task of its own so
    /// a slow endpoint never delays the report itself.
    LlmFeedback(LlmFeedbackTask),
    /// Transcribes one recorded answer. Scoring of the interview waits for it.
    TranscribeAnswer(TranscribeAnswer),
    /// Runs the job's pipeline rules on one application for one trigger (once).
    ApplyRules(ApplyRules),
    /// Compares an application's resume with its job's description by meaning.
    MatchResume(MatchResume),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchResume {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplyRules {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    pub trigger: Trigger,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreApplication {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlmFeedbackTask {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    /// The report this task annotates; a re-scored report gets its own task.
    pub scored_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscribeAnswer {
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
}

impl Task {
    pub fn score(org: OrgId, application: ApplicationId) -> Self {
        Task::ScoreApplication(ScoreApplication {
            org_id: org,
            application_id: application,
        })
    }

    pub fn transcribe(org: OrgId, application: ApplicationId, question: QuestionId) -> Self {
        Task::TranscribeAnswer(TranscribeAnswer {
            org_id: org,
            application_id: application,
            question_id: question,
        })
    }

    pub fn llm_feedback(org: OrgId, application: ApplicationId, scored_at: DateTime<Utc>) -> Self {
        Task::LlmFeedback(LlmFeedbackTask {
            org_id: org,
            application_id: application,
            scored_at,
        })
    }

    pub fn apply_rules(org: OrgId, application: ApplicationId, trigger: Trigger) -> Self {
        Task::ApplyRules(ApplyRules {
            org_id: org,
            application_id: application,
            trigger,
        })
    }

    pub fn match_resume(org: OrgId, application: ApplicationId) -> Self {
        Task::MatchResume(MatchResume {
            org_id: org,
            application_id: application,
        })
    }

    /// The stored kind, e.g. `score_application`.
    pub fn kind(&self) -> &'static str {
        match self {
            Task::ScoreApplication(_) => "score_application",
            Task::LlmFeedback(_) => "llm_feedback",
            Task::TranscribeAnswer(_) => "transcribe_answer",
            Task::ApplyRules(_) => "apply_rules",
            Task::MatchResume(_) => "match_resume",
        }
    }

    /// The task as the queue stores it, due at `run_at`.
    pub fn queued_at(&self, run_at: DateTime<Utc>) -> NewTask {
        let mut tagged = serde_json::to_value(self).expect("tasks serialise");
        NewTask {
            kind: self.kind().to_string(),
            payload: tagged["payload"].take(),
            run_at,
        }
    }

    /// A stored task back as a [`Task`]; an error for a kind or payload this version does
    /// not know.
    pub fn decode(kind: &str, payload: &serde_json::Value) -> Result<Task, serde_json::Error> {
        serde_json::from_value(serde_json::json!({"kind": kind, "payload": payload}))
    }
}

/// Queues work that no state change causes, and wakes the in-process worker.
pub async fn enqueue(services: &Services, task: Task) -> ServiceResult<()> {
    let t = task.queued_at(services.clock.now());
    services
        .store
        .enqueue(&t.kind, &t.payload, t.run_at)
        .await?;
    services.task_wakeup.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_round_trip_through_the_stored_kind_and_payload() {
        let org = OrgId::new();
        let app = ApplicationId::new();
        for task in [
            Task::score(org, app),
            Task::transcribe(org, app, QuestionId::new()),
            Task::llm_feedback(org, app, Utc::now()),
            Task::apply_rules(org, app, Trigger::ReportReady),
            Task::match_resume(org, app),
        ] {
            let stored = task.queued_at(Utc::now());
            assert_eq!(stored.kind, task.kind());
            assert!(stored.payload.get("org_id").is_some(), "{}", stored.payload);
            assert_eq!(Task::decode(&stored.kind, &stored.payload).unwrap(), task);
        }
    }

    #[test]
    fn payloads_queued_by_earlier_versions_still_decode() {
        let org = OrgId::new();
        let app = ApplicationId::new();
        let old = serde_json::json!({"org_id": org, "application_id": app});
        assert_eq!(
            Task::decode("score_application", &old).unwrap(),
            Task::score(org, app)
        );
        assert!(Task::decode("paint_the_fence", &old).is_err());
    }
}
