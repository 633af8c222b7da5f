//! Permissions as capabilities: a use case that changes recruiting data takes a
//! [`Recruiter`], which can only be obtained from a [`Staff`] whose role allows it. A
//! handler that forgets the check does not compile.

use std::collections::HashSet;

use kaoguan_domain::{ApplicationId, JobId, OrgId, Role, UserId};
use kaoguan_store::User;

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

    /// Admins manage the organisation's accounts.
    pub fn admin(&self) -> ServiceResult<Admin> {
        if self.user.role == Role::Admin {
            Ok(Admin {
                org: self.user.org_id,
                user: self.user.id,
            })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// What this person may see: the one rule every read path applies.
    pub fn scope(&self) -> Scope {
        match self.user.role {
            Role::Admin | Role::Hr => Scope::Organisation(self.user.org_id),
            Role::DeptHead => match self.user.department.as_deref().map(str::trim) {
                Some(d) if !d.is_empty() => Scope::Department(self.user.org_id, d.to_string()),
                _ => Scope::Nothing,
            },
            // Interviewers see only what is assigned to them (see [`Sight`]).
            Role::Interviewer => Scope::Nothing,
        }
    }

    /// What this person may see, with their assignments: the one answer every read path
    /// asks. Organisation-wide roles need no lookup.
    pub async fn sight(&self, services: &crate::Services) -> ServiceResult<Sight> {
        let scope = self.scope();
        let assigned = match scope {
            Scope::Organisation(_) => Vec::new(),
            _ => {
                services
                    .store
                    .assignments_of_user(self.org(), self.user.id)
                    .await?
            }
        };
        let mut sight = Sight {
            org: self.org(),
            scope,
            whole_jobs: HashSet::new(),
            some_of_jobs: HashSet::new(),
            applications: HashSet::new(),
        };
        for a in assigned {
            match a.application_id {
                None => {
                    sight.whole_jobs.insert(a.job_id);
                }
                Some(app) => {
                    sight.some_of_jobs.insert(a.job_id);
                    sight.applications.insert(app);
                }
            }
        }
        Ok(sight)
    }
}

/// What one person may see: their scope (organisation, department) and what is assigned
/// or shared with them (whole jobs, single applications).
#[derive(Debug, Clone)]
pub struct Sight {
    org: OrgId,
    scope: Scope,
    whole_jobs: HashSet<JobId>,
    some_of_jobs: HashSet<JobId>,
    applications: HashSet<ApplicationId>,
}

impl Sight {
    /// The same sight as the store applies it to a search across jobs.
    pub fn visible(&self) -> kaoguan_store::Visible {
        let (everything, department) = match &self.scope {
            Scope::Organisation(o) => (*o == self.org, None),
            Scope::Department(o, d) if *o == self.org => (false, Some(d.clone())),
            _ => (false, None),
        };
        kaoguan_store::Visible {
            everything,
            department,
            jobs: self.whole_jobs.iter().copied().collect(),
            applications: self.applications.iter().copied().collect(),
        }
    }

    /// Whether every application of the job is in sight.
    pub fn whole_job(&self, org: OrgId, job: JobId, department: &str) -> bool {
        self.scope.covers(org, department) || (org == self.org && self.whole_jobs.contains(&job))
    }

    /// Whether the job appears at all (all of it, or some of its applications).
    pub fn job(&self, org: OrgId, job: JobId, department: &str) -> bool {
        self.whole_job(org, job, department)
            || (org == self.org && self.some_of_jobs.contains(&job))
    }

    /// Whether one application (of `job` in `department`) is in sight.
    pub fn application(
        &self,
        org: OrgId,
        job: JobId,
        department: &str,
        application: ApplicationId,
    ) -> bool {
        self.whole_job(org, job, department)
            || (org == self.org && self.applications.contains(&application))
    }
}

/// What a person may see. Admins and HR see their whole organisation; department heads
/// their own department's jobs and everything under them; others nothing yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Organisation(OrgId),
    Department(OrgId, String),
    Nothing,
}

impl Scope {
    /// Whether a job of `org` in `department` (and its candidates and reports) is in sight.
    pub fn covers(&self, org: OrgId, department: &str) -> bool {
        match self {
            Scope::Organisation(o) => *o == org,
            Scope::Department(o, d) => *o == org && d == department,
            Scope::Nothing => false,
        }
    }
}

/// Proof that the holder administers `org`'s accounts.
#[derive(Debug, Clone, Copy)]
pub struct Admin {
    org: OrgId,
    user: UserId,
}

impl Admin {
    pub fn org(&self) -> OrgId {
        self.org
    }

    pub fn user(&self) -> UserId {
        self.user
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_cover_their_organisation_or_department_only() {
        let (org, other) = (OrgId::new(), OrgId::new());
        let all = Scope::Organisation(org);
        assert!(all.covers(org, "Sales") && all.covers(org, ""));
        assert!(!all.covers(other, "Sales"));
        let sales = Scope::Department(org, "Sales".into());
        assert!(sales.covers(org, "Sales"));
        assert!(!sales.covers(org, "Support") && !sales.covers(org, ""));
        assert!(!sales.covers(other, "Sales"));
        assert!(!Scope::Nothing.covers(org, "Sales"));
    }
}
