//! Kaoguan's storage layer.
//!
//! The traits below are what services see. [`sql::SqlStore`] implements them for SQLite
//! (the embedded default) and PostgreSQL (multi-node), chosen once from the database URL.
//! Every organisation-owned record is read and written with its [`OrgId`]: no method that
//! takes an org can return another org's data. The only lookups without an org are the
//! ones that *establish* it — a session, an API token, a candidate's interview token —
//! and the background queue.

pub mod assignments;
pub mod comments;
pub mod effects;
mod error;
pub mod imports;
pub mod intake;
pub mod integrity;
pub mod media;
pub mod models;
pub mod rules;
pub mod scorecards;
pub mod sql;

#[cfg(any(test, feature = "contract"))]
pub mod contract;
#[cfg(feature = "testing")]
pub mod testing;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{
    ApplicationId, BandThresholds, CompetencyModel, Email, IntegrityCounts, JobDraft, JobId, OrgId,
    Pipeline, PipelineRule, Position, QuestionDraft, QuestionId, RejectReason, Role, SecretDigest,
    UploadId, UserId,
};

pub use assignments::{Assignment, AssignmentStore, NewAssignment};
pub use comments::{Comment, CommentStore, Mention};
pub use effects::{Effects, Event, NewEvent, NewTask};
pub use error::{StoreError, StoreResult};
pub use imports::{ImportRow, ImportStore, ImportedRow, KnownContacts, NewImport, StoredImport};
pub use intake::{IntakeOutcome, IntakeStore, NewIntake, NewResume, StoredResume};
pub use integrity::*;
pub use media::*;
pub use models::*;
pub use rules::*;
pub use scorecards::{ScorecardStore, StoredScorecard};

#[async_trait]
pub trait OrgStore: Send + Sync {
    async fn create_org(
        &self,
        name: &str,
        timezone: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Organisation>;
    async fn get_org(&self, id: OrgId) -> StoreResult<Organisation>;
    async fn find_org_by_name(&self, name: &str) -> StoreResult<Option<Organisation>>;
    async fn set_org_settings(
        &self,
        id: OrgId,
        settings: &OrgSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// `Conflict` if the email is taken (emails are unique across the installation, since
    /// sign-in is by email alone).
    async fn create_user(&self, user: NewUser, now: DateTime<Utc>) -> StoreResult<User>;
    async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()>;
    async fn find_credentials(&self, email: &Email) -> StoreResult<Option<UserCredentials>>;
    async fn list_users(&self, org: OrgId) -> StoreResult<Vec<User>>;

    async fn create_session(
        &self,
        digest: &SecretDigest,
        user: UserId,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Only unexpired sessions are returned.
    async fn get_session(
        &self,
        digest: &SecretDigest,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, digest: &SecretDigest) -> StoreResult<()>;

    async fn create_api_token(
        &self,
        digest: &SecretDigest,
        user: UserId,
        label: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn find_api_token_user(&self, digest: &SecretDigest) -> StoreResult<Option<User>>;
    /// Changes a member of staff's role and department.
    async fn update_user(
        &self,
        org: OrgId,
        id: UserId,
        role: Role,
        department: Option<&str>,
    ) -> StoreResult<()>;
    /// Disables (ending every session) or re-enables an account.
    async fn set_user_disabled(
        &self,
        org: OrgId,
        id: UserId,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Stores the job, its competency model as version 1 and its questions, atomically.
    async fn create_job(
        &self,
        org: OrgId,
        draft: &JobDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Job>;
    async fn get_job(&self, org: OrgId, id: JobId) -> StoreResult<Job>;
    async fn list_jobs(&self, org: OrgId) -> StoreResult<Vec<JobSummary>>;
    async fn update_job_details(
        &self,
        org: OrgId,
        id: JobId,
        title: &str,
        department: &str,
        description: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Turns the job's opt-in face detection on or off.
    async fn set_face_detection(
        &self,
        org: OrgId,
        id: JobId,
        enabled: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Sets how many days the job's new interview links last; `None` restores the default.
    async fn set_invite_validity(
        &self,
        org: OrgId,
        id: JobId,
        days: Option<u32>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Sets the job's own pipeline; `None` restores the default.
    async fn set_pipeline(
        &self,
        org: OrgId,
        id: JobId,
        pipeline: Option<&Pipeline>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Opens, closes or archives the job.
    async fn set_job_status(
        &self,
        org: OrgId,
        id: JobId,
        status: kaoguan_domain::JobStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Replaces the job's pipeline rules (checked by the caller).
    async fn set_pipeline_rules(
        &self,
        org: OrgId,
        id: JobId,
        rules: &[PipelineRule],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Sets where the job's recommendation bands start; `None` restores the defaults.
    async fn set_band_thresholds(
        &self,
        org: OrgId,
        id: JobId,
        thresholds: Option<BandThresholds>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Saves `model` as the next version and makes it current; returns the new version.
    /// Reports keep the version they were scored with.
    async fn save_competency_model(
        &self,
        org: OrgId,
        job: JobId,
        model: &CompetencyModel,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn add_question(
        &self,
        org: OrgId,
        job: JobId,
        draft: &QuestionDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Question>;
    async fn update_question(
        &self,
        org: OrgId,
        job: JobId,
        id: QuestionId,
        draft: &QuestionDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Question>;
    /// Removes the question from future interviews; answers already given keep it.
    async fn archive_question(
        &self,
        org: OrgId,
        job: JobId,
        id: QuestionId,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// A question by id even if archived, for reports on old interviews.
    async fn get_question(&self, org: OrgId, id: QuestionId) -> StoreResult<Question>;
}

#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Creates the candidate and their application with the digest of its interview token,
    /// and writes `effects` in the same transaction. `Conflict` when the job already has
    /// an application with the same email or phone (see
    /// [`ApplicationStore::find_application_by_contact`]).
    async fn create_application(
        &self,
        org: OrgId,
        job: JobId,
        new: &NewApplication<'_>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<Application>;
    async fn get_application(&self, org: OrgId, id: ApplicationId) -> StoreResult<Application>;
    async fn find_application_by_token(
        &self,
        token: &SecretDigest,
    ) -> StoreResult<Option<Application>>;
    /// A page of applications across jobs, filtered and sorted, with how many match.
    async fn search_applications(
        &self,
        org: OrgId,
        visible: &Visible,
        filter: &CandidateFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<CandidateRow>, i64)>;
    async fn list_applications(
        &self,
        org: OrgId,
        job: JobId,
    ) -> StoreResult<Vec<ApplicationSummary>>;

    /// Moves the application from `expected` to `to` in the pipeline and writes `effects`,
    /// in one transaction; `false`, with nothing written, if it was no longer at
    /// `expected`'s stage (a stale decision). `rejection` is kept while it is rejected.
    #[allow(clippy::too_many_arguments)]
    async fn move_stage(
        &self,
        org: OrgId,
        id: ApplicationId,
        expected: &Position,
        to: &Position,
        rejection: Option<(RejectReason, Option<String>)>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;

    /// Gives the application a new interview-token digest (the old link stops working) and
    /// writes `effects`, in one transaction; `revoked` records that no link was handed
    /// out. `false`, with nothing changed, once the interview is over (completed, scored
    /// or declined).
    async fn replace_token(
        &self,
        org: OrgId,
        id: ApplicationId,
        token: &SecretDigest,
        revoked: bool,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;

    /// The job's application of the person with this email or phone (compared by their
    /// match keys), if there is one.
    async fn find_application_by_contact(
        &self,
        org: OrgId,
        job: JobId,
        candidate: &NewCandidate,
    ) -> StoreResult<Option<ApplicationId>>;

    /// Adds to the application's candidate the email and phone it lacks from `candidate`
    /// (a second invitation of the same person, merged on request), with `effects`, in one
    /// transaction; returns which were added (`email`, `phone`). `Conflict` when an added
    /// contact belongs to another application of the job.
    async fn merge_contacts(
        &self,
        org: OrgId,
        id: ApplicationId,
        candidate: &NewCandidate,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<Vec<&'static str>>;

    /// Candidates who refused the AI interview and have not been moved on by anyone since
    /// (no stage move since the invitation), oldest first.
    async fn list_human_interview_requests(
        &self,
        org: OrgId,
    ) -> StoreResult<Vec<HumanInterviewRequest>>;

    /// Records the consent decision if none was made yet; `false` if one already was.
    async fn record_consent(
        &self,
        org: OrgId,
        id: ApplicationId,
        accept: bool,
        consent_version: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn mark_practice_done(
        &self,
        org: OrgId,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Moves `in_progress` to `completed` and writes `effects`, in one transaction; `false`,
    /// with nothing written, if it was not in progress.
    async fn finish_application(
        &self,
        org: OrgId,
        id: ApplicationId,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;

    async fn list_slots(&self, org: OrgId, id: ApplicationId) -> StoreResult<Vec<AnswerSlot>>;
    /// Starts the clock on a question unless it was already presented; returns the slot.
    async fn present_question(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        presented_at: DateTime<Utc>,
        deadline_at: DateTime<Utc>,
    ) -> StoreResult<AnswerSlot>;
    /// Stores the answer if the slot is still `presented`; `false` if it was not.
    async fn record_answer(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        text: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Marks a presented slot missed (deadline passed); no effect on answered slots.
    async fn mark_missed(
        &self,
        org: OrgId,
        id: ApplicationId,
        question: QuestionId,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Writes (or replaces) the report, moves the application to `scored` and writes
    /// `effects`, in one transaction.
    async fn save_report(&self, org: OrgId, report: &Report, effects: &Effects) -> StoreResult<()>;
    async fn get_report(&self, org: OrgId, id: ApplicationId) -> StoreResult<Option<Report>>;
    /// Scored reports written before the store kept their band and flags, `limit` at a time.
    async fn reports_without_band(&self, limit: u32) -> StoreResult<Vec<(OrgId, Report)>>;
    /// Sets a report's red-flag count and flags, and its band under the job's thresholds.
    async fn set_report_facts(
        &self,
        org: OrgId,
        id: ApplicationId,
        red_flags: u32,
        flags: &[String],
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait TaskQueue: Send + Sync {
    async fn enqueue(
        &self,
        kind: &str,
        payload: &serde_json::Value,
        run_at: DateTime<Utc>,
    ) -> StoreResult<String>;
    /// Claims the oldest due task for `lease`, so a crashed worker's task comes back.
    async fn claim_task(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Option<Task>>;
    async fn complete_task(&self, id: &str) -> StoreResult<()>;
    /// Records the failure; retries at `retry_at`, or gives up when `None`.
    async fn fail_task(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;
    /// Tasks neither done nor dead: for tests, health and shutdown.
    async fn pending_tasks(&self) -> StoreResult<i64>;
}

#[async_trait]
pub trait RatingStore: Send + Sync {
    /// Creates or replaces `rating.rater_id`'s rating of that answer on that competency.
    /// `NotFound` unless the application and question belong to `org`.
    async fn upsert_rating(&self, org: OrgId, rating: &Rating) -> StoreResult<()>;
    async fn list_ratings(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<Rating>>;
    /// Every rating of every application of the job, for calibration.
    async fn list_job_ratings(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Rating>>;

    /// Stores a draft as the job's next calibration version and returns it.
    async fn create_calibration(
        &self,
        org: OrgId,
        job: JobId,
        weights: &serde_json::Value,
        result: &serde_json::Value,
        created_by: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Calibration>;
    async fn list_calibrations(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Calibration>>;
    /// Publishes one version and retires the one published before, atomically.
    async fn publish_calibration(
        &self,
        org: OrgId,
        job: JobId,
        version: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn published_calibration(
        &self,
        org: OrgId,
        job: JobId,
    ) -> StoreResult<Option<Calibration>>;
}

#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Opens an upload for a question already presented to the application's candidate;
    /// `NotFound` unless that slot exists in `org`.
    async fn create_upload(
        &self,
        org: OrgId,
        upload: &NewUpload,
        now: DateTime<Utc>,
    ) -> StoreResult<Upload>;
    /// `NotFound` unless the upload belongs to that application in `org`.
    async fn get_upload(
        &self,
        org: OrgId,
        application: ApplicationId,
        id: UploadId,
    ) -> StoreResult<Upload>;
    /// The upload's chunks in byte order.
    async fn list_upload_chunks(&self, org: OrgId, id: UploadId) -> StoreResult<Vec<UploadChunk>>;
    /// Stores `chunk` if the upload is open, the chunk starts exactly at `received` and
    /// the total stays within `max_bytes`, all in one step, so concurrent retries of the
    /// same chunk store it once.
    async fn append_chunk(
        &self,
        org: OrgId,
        chunk: &UploadChunk,
        now: DateTime<Utc>,
    ) -> StoreResult<AppendOutcome>;
    /// Open uploads that can no longer be completed: their question's slot is no longer
    /// `presented` (answered, missed, the interview finished) or its deadline is before
    /// `deadline_before` (the caller adds the grace and the completion allowance). Any
    /// organisation, least recently touched first, at most `limit`: for the sweeper.
    async fn list_abandoned_uploads(
        &self,
        deadline_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<Upload>>;
    /// The still-open uploads of one question of one application that received bytes,
    /// most bytes first: what a candidate recorded before the browser stopped.
    async fn list_open_uploads(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
    ) -> StoreResult<Vec<Upload>>;
    /// Deletes an open upload and its chunk records in one step and returns the chunks'
    /// object keys, for the caller to delete; `None`, with nothing changed, if the upload
    /// is not open (completed meanwhile) or gone.
    async fn discard_upload(&self, org: OrgId, id: UploadId) -> StoreResult<Option<Vec<String>>>;
    /// Atomically: answers the still-`presented` slot, stores the media answer (transcript
    /// pending), completes its upload and writes `effects`. `false`, with nothing changed,
    /// if the slot was no longer `presented`.
    async fn record_media_answer(
        &self,
        org: OrgId,
        answer: &NewMediaAnswer,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;
    async fn get_media_answer(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
    ) -> StoreResult<Option<MediaAnswer>>;
    async fn list_media_answers(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<MediaAnswer>>;
    /// Stores the transcript and marks it done (replacing an earlier result).
    async fn save_transcript(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        transcript: &Transcript,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Marks the transcription failed with a reason for the report.
    async fn fail_transcript(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait IntegrityStore: Send + Sync {
    /// Creates or replaces the integrity counts of a question already presented to the
    /// application's candidate: the latest report wins. `NotFound` unless that slot exists
    /// in `org`.
    async fn save_integrity(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        counts: &IntegrityCounts,
        now: DateTime<Utc>,
    ) -> StoreResult<AnswerIntegrity>;
    async fn list_integrity(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<AnswerIntegrity>>;
}

/// Everything the services need, as one object-safe handle.
/// The event log, read in commit order.
#[async_trait]
pub trait EventLog: Send + Sync {
    /// The organisation's events after `after` (a `seq`; 0 for the beginning), oldest
    /// first, at most `limit`.
    async fn list_events(&self, org: OrgId, after: i64, limit: u32) -> StoreResult<Vec<Event>>;
    /// One application's events of `kind`, oldest first.
    async fn application_events(
        &self,
        org: OrgId,
        application: ApplicationId,
        kind: &str,
    ) -> StoreResult<Vec<Event>>;
}

pub trait Store:
    OrgStore
    + UserStore
    + JobStore
    + ApplicationStore
    + ReportStore
    + RatingStore
    + MediaStore
    + IntegrityStore
    + TaskQueue
    + EventLog
    + RuleStore
    + AssignmentStore
    + ScorecardStore
    + CommentStore
    + IntakeStore
    + ImportStore
{
}
impl<T> Store for T where
    T: OrgStore
        + UserStore
        + JobStore
        + ApplicationStore
        + ReportStore
        + RatingStore
        + MediaStore
        + IntegrityStore
        + TaskQueue
        + EventLog
        + RuleStore
        + AssignmentStore
        + ScorecardStore
        + CommentStore
        + IntakeStore
        + ImportStore
{
}
