//! Applications that arrive with a resume (uploaded by HR, sent through the API or the
//! public apply page): the application, the person (one candidate per organisation for the
//! same email or phone), the resume and the screening verdict, written together.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, OrgId, SecretDigest, StageKey};

use crate::{Application, Effects, NewCandidate, StoreResult};

/// A resume as kept: its text with ID numbers already redacted, and what was read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResume {
    pub file_name: String,
    /// `pdf`, `docx`, `text` or `fields` (no file: the applicant typed the fields).
    pub format: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the file as received, to recognise the same file again.
    pub sha256: String,
    pub text: String,
    /// The fields read, as JSON (`kaoguan_resume::Resume`).
    pub parsed: serde_json::Value,
}

/// A resume as stored, with HR's corrections beside what was read.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResume {
    pub id: String,
    pub application_id: ApplicationId,
    pub file_name: String,
    pub format: String,
    pub size_bytes: u64,
    pub text: String,
    pub parsed: serde_json::Value,
    pub corrections: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// What an application made by intake is made of.
#[derive(Debug, Clone, Copy)]
pub struct NewIntake<'a> {
    /// Chosen by the caller, so the tasks it queues can name the application.
    pub id: ApplicationId,
    pub candidate: &'a NewCandidate,
    pub stage: &'a StageKey,
    pub token: &'a SecretDigest,
    /// `upload`, `api`, `apply` or `import`.
    pub source: &'a str,
    pub resume: Option<&'a NewResume>,
    /// The screening verdict, as JSON.
    pub screening: &'a serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IntakeOutcome {
    Created(Box<Application>),
    /// The same person (email or phone) already applied to this job: nothing was written.
    Existing(ApplicationId),
}

#[async_trait]
pub trait IntakeStore: Send + Sync {
    /// Writes the application, its resume, its screening and `effects` in one transaction,
    /// reusing the organisation's candidate with the same email or phone. `NotFound` for a
    /// job outside `org`.
    async fn create_intake(
        &self,
        org: OrgId,
        job: JobId,
        new: &NewIntake<'_>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<IntakeOutcome>;

    async fn get_resume(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<StoredResume>>;

    /// The organisation a job belongs to, for its public apply page (which knows only the
    /// job's id). `NotFound` for no such job.
    async fn job_org(&self, job: JobId) -> StoreResult<OrgId>;

    /// The screening verdict kept on the application and when it was made.
    async fn get_screening(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<(serde_json::Value, DateTime<Utc>)>>;

    /// Keeps HR's corrections of the fields read (JSON), beside what was read. `NotFound`
    /// for an application outside `org` or without a resume.
    async fn set_resume_corrections(
        &self,
        org: OrgId,
        application: ApplicationId,
        corrections: &serde_json::Value,
    ) -> StoreResult<()>;

    /// Replaces the application's screening verdict and writes `effects`, in one
    /// transaction.
    async fn set_screening(
        &self,
        org: OrgId,
        application: ApplicationId,
        screening: &serde_json::Value,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<()>;

    /// Keeps how the application's resume matches its job's description (JSON).
    /// `NotFound` for an application outside `org`.
    async fn set_resume_match(
        &self,
        org: OrgId,
        application: ApplicationId,
        found: &serde_json::Value,
    ) -> StoreResult<()>;

    /// The match kept by [`IntakeStore::set_resume_match`], if any.
    async fn get_resume_match(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<serde_json::Value>>;

    /// Sets the job's screening rule (`None`: none) and whether its apply page is open.
    async fn set_intake_settings(
        &self,
        org: OrgId,
        job: JobId,
        screening_rule: Option<&str>,
        apply_open: bool,
    ) -> StoreResult<()>;
}
