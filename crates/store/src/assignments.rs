//! Assignments: an application (or a whole job) given to one member of staff to see —
//! an interviewer to score it, a department head it is shared with.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, OrgId, Role, UserId};

use crate::{Effects, StoreResult};

/// One assignment, with the assignee as people see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub id: String,
    pub user_id: UserId,
    pub user_name: String,
    pub user_role: Role,
    pub job_id: JobId,
    /// `None`: every application of the job.
    pub application_id: Option<ApplicationId>,
    pub created_at: DateTime<Utc>,
}

/// What to assign.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAssignment {
    pub user_id: UserId,
    pub job_id: JobId,
    pub application_id: Option<ApplicationId>,
    pub assigned_by: UserId,
}

#[async_trait]
pub trait AssignmentStore: Send + Sync {
    /// Assigns, with `effects`; `false` (nothing written) when it already exists.
    async fn assign(
        &self,
        org: OrgId,
        assignment: &NewAssignment,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;
    /// Removes an assignment, with `effects`; `false` when there was none.
    async fn unassign(
        &self,
        org: OrgId,
        id: &str,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool>;
    async fn get_assignment(&self, org: OrgId, id: &str) -> StoreResult<Assignment>;
    /// Everything assigned to `user`.
    async fn assignments_of_user(&self, org: OrgId, user: UserId) -> StoreResult<Vec<Assignment>>;
    /// Every assignment within the job (whole-job and per-application).
    async fn assignments_of_job(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Assignment>>;
}
