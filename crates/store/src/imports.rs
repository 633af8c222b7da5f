//! Bulk imports: a spreadsheet's rows previewed, held for HR to look at, then committed —
//! every row's application, candidate, events and tasks, and the import's own result, in
//! one transaction, so an import is all written or not at all.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, OrgId, UserId};

use crate::{Effects, NewIntake, StoreResult};

/// A previewed import, as kept until it is committed or expires.
#[derive(Debug, Clone, Copy)]
pub struct NewImport<'a> {
    pub id: &'a str,
    pub job: JobId,
    pub created_by: UserId,
    pub file_name: &'a str,
    /// What the preview showed (JSON, the service's own shape).
    pub preview: &'a serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredImport {
    pub id: String,
    pub job_id: JobId,
    pub created_by: UserId,
    pub file_name: String,
    pub preview: serde_json::Value,
    /// Which application each row became, once committed.
    pub result: Option<Vec<ImportedRow>>,
    pub created_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
}

/// One row to write: its number in the file, the application and what it causes.
#[derive(Debug, Clone)]
pub struct ImportRow<'a> {
    pub row: u32,
    pub intake: NewIntake<'a>,
    pub effects: Effects,
}

/// What a committed row became.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportedRow {
    pub row: u32,
    pub application_id: ApplicationId,
    /// False when the person had applied to the job already (by then): the existing
    /// application, nothing written.
    pub created: bool,
}

/// Which of some contact keys the organisation and the job already know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownContacts {
    pub org_emails: std::collections::HashSet<String>,
    pub org_phones: std::collections::HashSet<String>,
    pub job_emails: std::collections::HashSet<String>,
    pub job_phones: std::collections::HashSet<String>,
}

#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Keeps a preview. `NotFound` for a job outside `org`.
    async fn save_import(
        &self,
        org: OrgId,
        new: &NewImport<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// `NotFound` for no such import in `org`.
    async fn get_import(&self, org: OrgId, id: &str) -> StoreResult<StoredImport>;

    /// Writes every row (as [`crate::IntakeStore::create_intake`] writes one: a row whose
    /// person applied to the job meanwhile comes back as not created), marks the import
    /// committed with the rows' result and replaces its preview with `cleared_preview`,
    /// all in one transaction. `Conflict` when it was committed already; `NotFound` for
    /// no such import (or an expired one) in `org`.
    async fn commit_import(
        &self,
        org: OrgId,
        id: &str,
        rows: &[ImportRow<'_>],
        cleared_preview: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ImportedRow>>;

    /// Deletes imports never committed and made before `before`; how many.
    async fn purge_imports(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// Which of the contact keys (see `Email::match_key`, `Phone::match_key`) belong to
    /// someone who applied to any of the organisation's jobs, and to this job.
    async fn known_contacts(
        &self,
        org: OrgId,
        job: JobId,
        email_keys: &[String],
        phone_keys: &[String],
    ) -> StoreResult<KnownContacts>;
}
