//! Wire shapes of the JSON API, and their parsing into domain types.

use chrono::{DateTime, Utc};
use kaoguan_domain::{
    AnswerMode, ApplicationId, ApplicationStatus, BandThresholds, Competency, CompetencyKey,
    CompetencyModel, Decision, DomainError, JobDraft, JobId, Language, Pipeline, QuestionDraft,
    QuestionKind, RejectReason, ReportStatus, Rubric, Stage, StageKey,
};
use kaoguan_store::{Application, ApplicationSummary, Job, JobSummary, NewCandidate, Question};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CompetencyInput {
    /// Lowercase letters, digits and `_`, e.g. `communication`.
    pub key: String,
    pub name: String,
    /// Relative weight; weights are normalised.
    pub weight: f64,
    #[serde(default)]
    pub indicators: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionInput {
    pub kind: QuestionKind,
    pub text: String,
    /// Keys of the competencies this question measures.
    pub competencies: Vec<String>,
    #[serde(default = "default_think")]
    pub think_seconds: u32,
    #[serde(default = "default_answer")]
    pub answer_seconds: u32,
    #[serde(default)]
    pub modes: Vec<AnswerMode>,
    pub rubric: Rubric,
}

fn default_think() -> u32 {
    30
}

fn default_answer() -> u32 {
    120
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateJob {
    pub title: String,
    #[serde(default)]
    pub department: String,
    pub language: Language,
    #[serde(default)]
    pub description: Option<String>,
    pub competencies: Vec<CompetencyInput>,
    #[serde(default)]
    pub questions: Vec<QuestionInput>,
}

pub fn parse_model(input: Vec<CompetencyInput>) -> Result<CompetencyModel, DomainError> {
    let comps = input
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(Competency {
                key: c
                    .key
                    .parse::<CompetencyKey>()
                    .map_err(|e| e.within(&format!("competencies[{i}]")))?,
                name: c.name,
                weight: c.weight,
                indicators: c.indicators,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    CompetencyModel::parse(comps)
}

pub fn parse_question(q: QuestionInput) -> Result<QuestionDraft, DomainError> {
    let keys = q
        .competencies
        .iter()
        .map(|k| {
            k.parse::<CompetencyKey>()
                .map_err(|e| e.for_field("competencies"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    QuestionDraft::parse(
        q.kind,
        &q.text,
        keys,
        q.think_seconds,
        q.answer_seconds,
        q.modes,
        q.rubric,
    )
}

impl CreateJob {
    pub fn parse(self) -> Result<JobDraft, DomainError> {
        let model = parse_model(self.competencies)?;
        let questions = self
            .questions
            .into_iter()
            .enumerate()
            .map(|(i, q)| parse_question(q).map_err(|e| e.within(&format!("questions[{i}]"))))
            .collect::<Result<Vec<_>, _>>()?;
        JobDraft::parse(
            &self.title,
            &self.department,
            self.language,
            self.description.as_deref().unwrap_or(""),
            model,
            questions,
        )
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyView {
    pub key: String,
    pub name: String,
    pub weight: f64,
    pub indicators: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: String,
    pub position: i64,
    pub kind: QuestionKind,
    pub text: String,
    pub competencies: Vec<String>,
    pub think_seconds: u32,
    pub answer_seconds: u32,
    pub modes: Vec<AnswerMode>,
    pub rubric: Rubric,
}

impl From<&Question> for QuestionView {
    fn from(q: &Question) -> Self {
        Self {
            id: q.id.to_string(),
            position: q.position,
            kind: q.kind,
            text: q.text.clone(),
            competencies: q.competencies.iter().map(|k| k.to_string()).collect(),
            think_seconds: q.think_seconds,
            answer_seconds: q.answer_seconds,
            modes: q.modes.clone(),
            rubric: q.rubric.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    #[schema(value_type = String)]
    pub id: JobId,
    pub title: String,
    pub department: String,
    pub language: Language,
    pub description: String,
    pub model_version: i64,
    pub competencies: Vec<CompetencyView>,
    pub questions: Vec<QuestionView>,
    /// Opt-in face counting during video answers (in the browser; counts only).
    pub face_detection: bool,
    /// Where the report's recommendation bands start (this job's own or the defaults).
    pub band_thresholds: BandThresholdsView,
    /// The ordered stages of its hiring pipeline (the job's own or the default); every
    /// pipeline also has `on_hold`, `rejected` and `withdrawn`.
    pub pipeline: Vec<StageView>,
    /// How many days its new interview links last (the job's own or the default, 14).
    pub invite_valid_days: u32,
    /// Its pipeline rules, in order (see `PUT /api/v1/jobs/{id}/pipeline-rules`).
    #[schema(value_type = Vec<Object>)]
    pub pipeline_rules: Vec<kaoguan_domain::PipelineRule>,
    /// `open`, `closed` (no new invitations) or `archived`.
    #[schema(value_type = String)]
    pub status: kaoguan_domain::JobStatus,
    /// The condition resumes are screened by (see `PUT /api/v1/jobs/{id}/screening`).
    pub screening_rule: Option<String>,
    /// Whether the public apply page takes applications.
    pub apply_open: bool,
    pub created_at: DateTime<Utc>,
}

/// A job's new status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobStatusInput {
    #[schema(value_type = String)]
    pub status: kaoguan_domain::JobStatus,
}

/// How many days the job's new interview links last (1–365); `null` restores 14.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteValidityInput {
    pub days: Option<u32>,
}

/// One stage of a pipeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StageView {
    pub key: String,
    pub name: String,
}

/// A job's own pipeline: ordered stages ending in `hired`; `null` restores the default.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineInput {
    pub stages: Option<Vec<StageView>>,
}

impl PipelineInput {
    pub fn parse(&self) -> Result<Option<Pipeline>, DomainError> {
        let Some(stages) = &self.stages else {
            return Ok(None);
        };
        let stages = stages
            .iter()
            .map(|s| {
                Ok(Stage {
                    key: StageKey::parse(s.key.trim())?,
                    name: s.name.trim().to_string(),
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        Pipeline::new(stages).map(Some)
    }
}

/// Total scores (0–100) from which each recommendation band starts.
#[derive(Debug, Serialize, ToSchema)]
pub struct BandThresholdsView {
    pub strongly_recommend: f64,
    pub recommend: f64,
    pub undecided: f64,
    /// False when the job uses the defaults (80 / 65 / 50).
    pub custom: bool,
}

/// Sets the job's band thresholds; `null` for all three restores the defaults. They must
/// increase: `undecided` < `recommend` < `strongly_recommend`, each within 0–100.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandThresholdsInput {
    pub strongly_recommend: Option<f64>,
    pub recommend: Option<f64>,
    pub undecided: Option<f64>,
}

impl BandThresholdsInput {
    pub fn parse(&self) -> Result<Option<BandThresholds>, DomainError> {
        match (self.strongly_recommend, self.recommend, self.undecided) {
            (None, None, None) => Ok(None),
            (Some(s), Some(r), Some(u)) => BandThresholds::new(s, r, u).map(Some),
            _ => Err(DomainError::new(
                "band_thresholds",
                "give all three thresholds, or none to restore the defaults",
            )
            .zh("请填写全部三个档位的起始分，或全部留空以恢复默认。")
            .en("Give all three thresholds, or none to restore the defaults.")),
        }
    }
}

/// Turns the job's face detection on or off.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaceDetectionInput {
    pub enabled: bool,
}

impl From<&Job> for JobView {
    fn from(j: &Job) -> Self {
        Self {
            id: j.id,
            title: j.title.clone(),
            department: j.department.clone(),
            language: j.language,
            description: j.description.clone(),
            model_version: j.model_version,
            competencies: j
                .model
                .competencies
                .iter()
                .map(|c| CompetencyView {
                    key: c.key.to_string(),
                    name: c.name.clone(),
                    weight: c.weight,
                    indicators: c.indicators.clone(),
                })
                .collect(),
            questions: j.questions.iter().map(QuestionView::from).collect(),
            face_detection: j.face_detection,
            band_thresholds: {
                let t = j.band_thresholds.unwrap_or_default();
                BandThresholdsView {
                    strongly_recommend: t.strongly_recommend(),
                    recommend: t.recommend(),
                    undecided: t.undecided(),
                    custom: j.band_thresholds.is_some(),
                }
            },
            invite_valid_days: j.link_valid_days(),
            pipeline_rules: j.pipeline_rules.clone(),
            status: j.status,
            screening_rule: j.screening_rule.clone(),
            apply_open: j.apply_open,
            pipeline: j
                .pipeline()
                .stages()
                .iter()
                .map(|s| StageView {
                    key: s.key.to_string(),
                    name: s.name.clone(),
                })
                .collect(),
            created_at: j.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobListItem {
    #[schema(value_type = String)]
    pub id: JobId,
    pub title: String,
    pub department: String,
    pub language: Language,
    pub question_count: i64,
    pub application_count: i64,
    /// `open`, `closed` (no new invitations) or `archived`.
    #[schema(value_type = String)]
    pub status: kaoguan_domain::JobStatus,
    pub created_at: DateTime<Utc>,
}

impl From<JobSummary> for JobListItem {
    fn from(j: JobSummary) -> Self {
        Self {
            id: j.id,
            title: j.title,
            department: j.department,
            language: j.language,
            question_count: j.question_count,
            application_count: j.application_count,
            status: j.status,
            created_at: j.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateInvitation {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

impl CreateInvitation {
    pub fn parse(self) -> Result<NewCandidate, DomainError> {
        let blank = |o: Option<String>| o.filter(|s| !s.trim().is_empty());
        Ok(NewCandidate {
            name: self.name.parse()?,
            email: blank(self.email).map(|e| e.parse()).transpose()?,
            phone: blank(self.phone).map(|p| p.parse()).transpose()?,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    #[schema(value_type = String)]
    pub application_id: ApplicationId,
    /// The candidate's personal link; its last path segment is their token. Shown once.
    pub interview_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateView {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    #[schema(value_type = String)]
    pub id: ApplicationId,
    #[schema(value_type = String)]
    pub job_id: JobId,
    pub status: ApplicationStatus,
    pub candidate: CandidateView,
    pub consent: Option<bool>,
    pub consent_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Its stage in the hiring pipeline (a key of the job's pipeline, or `on_hold`,
    /// `rejected`, `withdrawn`); separate from the interview's `status`.
    pub stage: String,
    /// While on hold: the stage it was held from.
    pub held_from: Option<String>,
    pub stage_changed_at: Option<DateTime<Utc>>,
    /// While rejected: the reason category and note.
    pub reject_reason: Option<RejectReason>,
    pub reject_note: Option<String>,
    /// Until when a candidate who has not started can use the link.
    pub link_expires_at: Option<DateTime<Utc>>,
    /// When HR revoked the link, if it is revoked.
    pub link_revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A decision on an application.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// `advance` (通过), `hold` (待定), `reject` (淘汰; needs `reason`), `withdraw`, or
    /// `move` (needs `stage`).
    pub decision: String,
    /// For `move`: the stage key to move to.
    pub stage: Option<String>,
    /// For `reject`: skills, experience, motivation, communication, compensation,
    /// availability, no_show or other.
    pub reason: Option<RejectReason>,
    /// For `reject`: an optional note (at most 1,000 characters).
    pub note: Option<String>,
    /// The stage the decision was taken on; if the application has moved since, the answer
    /// is 409 `stage_changed` and nothing changes.
    pub expected_stage: Option<String>,
}

impl DecisionInput {
    pub fn parse(&self) -> Result<(Decision, Option<StageKey>), DomainError> {
        let decision = parse_decision(&self.decision, self.stage.as_deref(), self.reason)?;
        let expected = self
            .expected_stage
            .as_deref()
            .map(StageKey::parse)
            .transpose()?;
        Ok((decision, expected))
    }
}

/// A decision from its wire name (shared by the API and the console form).
pub fn parse_decision(
    decision: &str,
    stage: Option<&str>,
    reason: Option<RejectReason>,
) -> Result<Decision, DomainError> {
    Ok(match decision {
        "advance" => Decision::Advance,
        "hold" => Decision::Hold,
        "withdraw" => Decision::Withdraw,
        "reject" => Decision::Reject {
            reason: reason.ok_or_else(|| {
                DomainError::new("reason", "is required to reject")
                    .zh("淘汰时请选择原因。")
                    .en("Choose a reason to reject.")
            })?,
        },
        "move" => Decision::MoveTo(StageKey::parse(stage.unwrap_or_default())?),
        other => {
            return Err(
                DomainError::new("decision", format!("unknown decision {other:?}"))
                    .zh("未知的决定。")
                    .en("Unknown decision."),
            )
        }
    })
}

impl From<Application> for ApplicationView {
    fn from(a: Application) -> Self {
        Self {
            id: a.id,
            job_id: a.job_id,
            status: a.status,
            candidate: CandidateView {
                name: a.candidate_name,
                email: a.candidate_email,
                phone: a.candidate_phone,
            },
            consent: a.consent,
            consent_at: a.consent_at,
            finished_at: a.finished_at,
            stage: a.stage.to_string(),
            held_from: a.held_from.map(|s| s.to_string()),
            stage_changed_at: a.stage_changed_at,
            reject_reason: a.reject_reason,
            reject_note: a.reject_note,
            link_expires_at: a.link_expires_at,
            link_revoked_at: a.link_revoked_at,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationListItem {
    #[schema(value_type = String)]
    pub id: ApplicationId,
    pub candidate_name: String,
    pub status: ApplicationStatus,
    /// Its stage in the hiring pipeline.
    pub stage: String,
    pub report_status: Option<ReportStatus>,
    pub total: Option<f64>,
    pub created_at: DateTime<Utc>,
}

impl From<ApplicationSummary> for ApplicationListItem {
    fn from(a: ApplicationSummary) -> Self {
        Self {
            id: a.id,
            candidate_name: a.candidate_name,
            status: a.status,
            stage: a.stage.to_string(),
            report_status: a.report_status,
            total: a.total,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentInput {
    pub accept: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub question_id: String,
    pub text: String,
}
