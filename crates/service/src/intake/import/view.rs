//! What an import shows: the preview of a file, its rows and, once committed, what each
//! row became.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::intake::TypedFields;

/// An import: its preview and, once committed, what each row became.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportView {
    pub id: String,
    #[schema(value_type = String)]
    pub job_id: JobId,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
    /// When an uncommitted preview is discarded.
    pub expires_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub preview: ImportPreview,
}

/// What a file holds and what importing it would do (or did).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportPreview {
    /// `csv`, `xlsx` or `xls`.
    pub format: String,
    /// The worksheet read (workbooks).
    pub sheet: Option<String>,
    /// The file's row number of the header row.
    pub header_row: usize,
    pub columns: Vec<ImportColumn>,
    /// Whether the job had a screening rule when the file was read.
    pub screened_by_rule: bool,
    pub counts: ImportCounts,
    pub rows: Vec<ImportRowView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportColumn {
    /// `A`, `B`, …
    pub letter: String,
    pub header: String,
    /// The fact read from it (`name`, `phone`, `email`, `education_level`, `school`,
    /// `major`, `graduation_year`, `years_experience`, `skills`), if any.
    pub field: Option<String>,
    /// `read`; `duplicate` (a second column for a field: the first is read); `sensitive`
    /// (gender, age, ID number…: never read); `ignored`.
    pub usage: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportCounts {
    pub rows: usize,
    /// Rows that make a new candidate.
    pub new_candidates: usize,
    /// Rows of people the organisation knows from another job: a new application.
    pub known_candidates: usize,
    /// Rows of people who applied to this job already: nothing new.
    pub already_applied: usize,
    pub rejected: usize,
    /// Of the rows to create, how many the job's screening rule passes.
    pub passing_screening: usize,
}

/// One row: the values read, and what it becomes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportRowView {
    /// The file's row number.
    pub row: usize,
    pub outcome: RowOutcome,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub fields: TypedFields,
    /// Why a row is rejected, in both languages.
    pub reasons: Vec<RowReason>,
    /// Whether the job's screening rule passes the row (rows to create, when the job
    /// has a rule).
    pub screening_passed: Option<bool>,
    /// The application the row became (after the commit).
    #[schema(value_type = Option<String>)]
    pub application_id: Option<ApplicationId>,
}

/// What a row becomes; serialised `new`, `known`, `already_applied`, `rejected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// A new candidate.
    New,
    /// A candidate of another job of the organisation: a new application.
    Known,
    /// The person applied to this job already: nothing new.
    AlreadyApplied,
    /// Not imported; the row's reasons say why.
    Rejected,
}

impl RowOutcome {
    /// Whether committing the row creates an application.
    pub fn creates(self) -> bool {
        matches!(self, RowOutcome::New | RowOutcome::Known)
    }
}

impl ImportRowView {
    pub fn is_rejected(&self) -> bool {
        self.outcome == RowOutcome::Rejected
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowReason {
    pub zh: String,
    pub en: String,
}

impl RowReason {
    pub(super) fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }
}
