//! Permissions as capabilities: a use case that changes recruiting data takes a
//! [`Recruiter`], which can only be obtained from a [`Staff`] whose role allows it. A
//! handler that forgets the check does not compile.

use kaoguan_domain::{OrgId, Role, UserId};
use kaoguan_store::{Job, User};

use crate::{ServiceError, ServiceResult};

/// A signed-in member of staff, resolved from a session cookie or a bearer token.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
}

impl Staff {
    pub fn org(&self) -> OrgId {
        self.user.org_id
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Admins and HR manage jobs, question banks and invitations.
    pub fn recruiter(&self) -> ServiceResult<Recruiter> {
        if self.user.role.manages_recruiting() {
            Ok(Recruiter {
                org: self.user.org_id,
                user: self.user.id,
            })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Whether this person may see the job's candidates and reports. Admins and HR see
    /// their whole organisation; department heads see their own department's jobs.
    /// Interviewers see candidates assigned to them, which arrives with assignments; until
    /// then they see none.
    pub fn may_view_job(&self, job: &Job) -> bool {
        if job.org_id != self.user.org_id {
            return false;
        }
        match self.user.role {
            Role::Admin | Role::Hr => true,
            Role::DeptHead => self
                .user
                .department
                .as_deref()
                .is_some_and(|d| !d.is_empty() && d == job.department),
            Role::Interviewer => false,
        }
    }
}

/// Proof that the holder may manage recruiting in `org`.
#[derive(Debug, Clone, Copy)]
pub struct Recruiter {
    org: OrgId,
    user: UserId,
}

impl Recruiter {
    pub fn org(&self) -> OrgId {
        self.org
    }

    pub fn user(&self) -> UserId {
        self.user
    }
}
