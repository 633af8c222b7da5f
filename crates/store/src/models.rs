//! Records as the store hands them out. Times are UTC; the web layer converts them to the
//! organisation's time zone for display.

use chrono::{DateTime, Utc};
use kaoguan_domain::{
    AnswerMode, ApplicationId, ApplicationStatus, BandThresholds, CandidateName, CompetencyKey,
    CompetencyModel, Email, JobId, Language, OrgId, Phone, Pipeline, Position, QuestionId,
    QuestionKind, RejectReason, ReportStatus, Role, Rubric, StageKey, UserId,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    /// IANA zone name, e.g. `Asia/Shanghai`.
    pub timezone: String,
    pub settings: OrgSettings,
    pub created_at: DateTime<Utc>,
}

/// What an organisation decides for all its jobs and people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgSettings {
    /// The pipeline new jobs start with; `None`: the built-in one in the job's language.
    pub pipeline: Option<Pipeline>,
    /// How many days new jobs' interview links last; `None`: the built-in default.
    pub invite_valid_days: Option<u32>,
    /// Whether department heads see candidates' phone numbers and e-mail addresses
    /// (HR and admins always do; interviewers never).
    pub dept_heads_see_contacts: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub org_id: OrgId,
    pub email: Email,
    pub display_name: String,
    /// PHC string (Argon2id); never the password itself.
    pub password_hash: String,
    pub role: Role,
    pub department: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
    /// When an admin disabled the account; a disabled account signs in no more.
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A user with the stored password hash, for sign-in only.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: QuestionId,
    pub job_id: JobId,
    pub position: i64,
    pub kind: QuestionKind,
    pub text: String,
    pub competencies: Vec<CompetencyKey>,
    pub think_seconds: u32,
    pub answer_seconds: u32,
    pub modes: Vec<AnswerMode>,
    pub rubric: Rubric,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub org_id: OrgId,
    pub title: String,
    pub department: String,
    pub language: Language,
    pub description: String,
    /// The competency model version new reports are scored with; starts at 1.
    pub model_version: i64,
    pub model: CompetencyModel,
    /// Active questions in interview order.
    pub questions: Vec<Question>,
    /// Opt-in: count frames with no face or several faces during video answers, in the
    /// candidate's browser. Off for a new job.
    pub face_detection: bool,
    /// Where the report's recommendation bands start; `None`: the defaults.
    pub band_thresholds: Option<BandThresholds>,
    /// The job's own stages; `None`: the default pipeline in the job's language.
    pub pipeline: Option<Pipeline>,
    /// How many days its interview links last; `None`: [`DEFAULT_INVITE_VALID_DAYS`].
    pub invite_valid_days: Option<u32>,
    /// What happens on its own when interviews finish, reports arrive or candidates wait.
    pub pipeline_rules: Vec<kaoguan_domain::PipelineRule>,
    /// Open, closed to new candidates, or archived.
    pub status: kaoguan_domain::JobStatus,
    /// The condition resumes are screened by (`education_level >= "本科" && …`); `None`:
    /// every resume passes.
    pub screening_rule: Option<String>,
    /// Whether the public apply page takes applications. Off for a new job.
    pub apply_open: bool,
    pub created_at: DateTime<Utc>,
}

/// How long an interview link lasts unless the job says otherwise.
pub const DEFAULT_INVITE_VALID_DAYS: u32 = 14;

impl Job {
    /// How many days this job's interview links last.
    pub fn link_valid_days(&self) -> u32 {
        self.invite_valid_days.unwrap_or(DEFAULT_INVITE_VALID_DAYS)
    }

    /// The stages its applications move through.
    pub fn pipeline(&self) -> Pipeline {
        self.pipeline
            .clone()
            .unwrap_or_else(|| Pipeline::default_for(self.language))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobSummary {
    pub id: JobId,
    pub title: String,
    pub department: String,
    pub language: Language,
    pub question_count: i64,
    pub application_count: i64,
    pub status: kaoguan_domain::JobStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewCandidate {
    pub name: CandidateName,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: ApplicationId,
    pub org_id: OrgId,
    pub job_id: JobId,
    /// The person: one candidate per organisation applies to any number of its jobs.
    pub candidate_id: String,
    pub candidate_name: String,
    pub candidate_email: Option<String>,
    pub candidate_phone: Option<String>,
    pub status: ApplicationStatus,
    /// `Some(true)` accepted, `Some(false)` refused, `None` not yet decided.
    pub consent: Option<bool>,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_version: Option<String>,
    pub practice_done: bool,
    pub finished_at: Option<DateTime<Utc>>,
    /// Where it stands in the hiring pipeline (apart from the interview's `status`).
    pub stage: StageKey,
    /// The stage it was put on hold from, while on hold.
    pub held_from: Option<StageKey>,
    pub stage_changed_at: Option<DateTime<Utc>>,
    /// Why it was rejected, while rejected.
    pub reject_reason: Option<RejectReason>,
    pub reject_note: Option<String>,
    /// When HR revoked the interview link (no link works until a new one is made).
    pub link_revoked_at: Option<DateTime<Utc>>,
    /// After this, a candidate who has not started cannot open the link.
    pub link_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Application {
    /// Its place in the pipeline, as the stage machine takes it.
    pub fn position(&self) -> Position {
        Position {
            stage: self.stage.clone(),
            held_from: self.held_from.clone(),
        }
    }
}

/// One row per application, for the job's candidate list.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub candidate_name: String,
    pub status: ApplicationStatus,
    pub stage: StageKey,
    pub report_status: Option<ReportStatus>,
    pub total: Option<f64>,
    pub created_at: DateTime<Utc>,
}

/// A candidate who refused the AI interview and waits for a person to arrange a human one:
/// what HR needs to reach them.
#[derive(Debug, Clone, PartialEq)]
pub struct HumanInterviewRequest {
    pub application_id: ApplicationId,
    pub job_id: JobId,
    pub job_title: String,
    pub department: String,
    pub candidate_name: String,
    pub candidate_email: Option<String>,
    pub candidate_phone: Option<String>,
    /// When they refused.
    pub requested_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotState {
    /// Shown to the candidate; the clock is running.
    Presented,
    Answered,
    /// The deadline passed without an answer (or the answer came too late).
    Missed,
}

impl SlotState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SlotState::Presented => "presented",
            SlotState::Answered => "answered",
            SlotState::Missed => "missed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "presented" => Some(SlotState::Presented),
            "answered" => Some(SlotState::Answered),
            "missed" => Some(SlotState::Missed),
            _ => None,
        }
    }
}

/// A question as it was put to one candidate: when it was shown, its deadline, the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerSlot {
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub state: SlotState,
    pub presented_at: DateTime<Utc>,
    /// End of think time plus answer time; the server's grace is applied on top.
    pub deadline_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub application_id: ApplicationId,
    pub status: ReportStatus,
    pub total: Option<f64>,
    pub model_version: String,
    /// The full scored report as JSON; its shape belongs to the service layer.
    pub body: serde_json::Value,
    /// Red flags the answers raised (they cap the band), kept beside the body for filters.
    pub red_flags: u32,
    /// The answers' flags (`off_topic`, `evasive`, …), each once, for filters.
    pub flags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// A unit of background work, claimed by one worker at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: String,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempts: i64,
}

/// One person's 1–5 rating of one answer on one competency.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub competency: CompetencyKey,
    pub rater_id: UserId,
    pub rating: i64,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalibrationStatus {
    Draft,
    /// Used for new scoring of the job; at most one per job.
    Published,
    /// Was published, then replaced.
    Retired,
}

impl CalibrationStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            CalibrationStatus::Draft => "draft",
            CalibrationStatus::Published => "published",
            CalibrationStatus::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(CalibrationStatus::Draft),
            "published" => Some(CalibrationStatus::Published),
            "retired" => Some(CalibrationStatus::Retired),
            _ => None,
        }
    }
}

/// Scorer weights fitted to a job's ratings, with the evidence for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub job_id: JobId,
    pub version: i64,
    pub status: CalibrationStatus,
    /// The fitted weights as JSON; their shape belongs to the scoring engine.
    pub weights: serde_json::Value,
    /// Samples and agreement before and after, as JSON.
    pub result: serde_json::Value,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// What a search across jobs may see: everything, or a department's jobs plus whole jobs
/// and single applications assigned (the caller's `Sight`, as the store can apply it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visible {
    pub everything: bool,
    pub department: Option<String>,
    pub jobs: Vec<JobId>,
    pub applications: Vec<ApplicationId>,
}

/// How the candidate list is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CandidateSort {
    #[default]
    Newest,
    Oldest,
    ScoreHigh,
    ScoreLow,
    Name,
}

/// Filters of the candidate list across jobs; `None` filters nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidateFilter {
    /// Part of the candidate's name (case-insensitive for Latin letters).
    pub name: Option<String>,
    pub job: Option<JobId>,
    pub stage: Option<StageKey>,
    pub status: Option<ApplicationStatus>,
    pub min_total: Option<f64>,
    pub max_total: Option<f64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The report's band under its job's thresholds.
    pub band: Option<kaoguan_domain::Band>,
    pub flag: Option<FlagFilter>,
    pub sort: CandidateSort,
}

/// Reports with at least one red flag, or with one answer flag (`off_topic`, `evasive`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagFilter {
    RedFlag,
    /// A flag name: lower-case letters and underscores.
    Answer(String),
}

/// One row of the candidate list across jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: ApplicationId,
    pub job_id: JobId,
    pub job_title: String,
    pub department: String,
    pub candidate_name: String,
    pub status: ApplicationStatus,
    pub stage: StageKey,
    pub total: Option<f64>,
    pub band: Option<kaoguan_domain::Band>,
    pub red_flags: u32,
    pub created_at: DateTime<Utc>,
}

/// What a new application is made of: the person, the stage they start at (where the
/// interview takes place in the job's pipeline) and the digest of their interview token.
#[derive(Debug, Clone, Copy)]
pub struct NewApplication<'a> {
    pub candidate: &'a crate::NewCandidate,
    pub stage: &'a StageKey,
    pub token: &'a kaoguan_domain::SecretDigest,
}
