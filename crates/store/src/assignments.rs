//! Assignments: an application (or a whole job) given to one member of staff to see —
//! an interviewer to score it, a department head it is shared with.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, Role, UserId};

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

/// One interviewer's scorecard of one application at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredScorecard {
    pub application_id: ApplicationId,
    pub rater_id: UserId,
    /// Filled in when read.
    pub rater_name: String,
    pub stage: kaoguan_domain::StageKey,
    pub card: kaoguan_domain::scorecard::Scorecard,
    pub updated_at: DateTime<Utc>,
}
