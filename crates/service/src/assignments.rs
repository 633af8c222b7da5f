//! Assignments: HR gives an interviewer an application (or a whole job) to see and score,
//! or shares one with a department head outside its department. What a person may then
//! see is decided in one place, [`crate::access::Sight`].

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, DomainError, JobId, Role, UserId};
use kaoguan_store::{Assignment, Effects, NewAssignment, NewEvent};
use serde::Serialize;
use serde_json::json;

use crate::{jobs, Recruiter, ServiceError, ServiceResult, Services, Staff};

/// An assignment as the API and the console show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    #[schema(value_type = String)]
    pub user_role: Role,
    pub job_id: String,
    /// `null`: every application of the job.
    pub application_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Assignment> for AssignmentView {
    fn from(a: Assignment) -> Self {
        Self {
            id: a.id,
            user_id: a.user_id.to_string(),
            user_name: a.user_name,
            user_role: a.user_role,
            job_id: a.job_id.to_string(),
            application_id: a.application_id.map(|x| x.to_string()),
            created_at: a.created_at,
        }
    }
}

/// The people HR can assign: interviewers and department heads (admins and HR see every
/// candidate already).
pub async fn assignable(
    services: &Services,
    who: &Recruiter,
) -> ServiceResult<Vec<kaoguan_store::User>> {
    Ok(services
        .store
        .list_users(who.org())
        .await?
        .into_iter()
        .filter(|u| matches!(u.role, Role::Interviewer | Role::DeptHead))
        .collect())
}

/// Gives `user` the application (or, with `None`, every application of the job) to see.
/// Assigning twice is harmless. Logged as `assignment.added`.
pub async fn assign(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    application: Option<ApplicationId>,
    user: UserId,
) -> ServiceResult<AssignmentView> {
    let assignee = services
        .store
        .list_users(who.org())
        .await?
        .into_iter()
        .find(|u| u.id == user)
        .ok_or_else(|| {
            ServiceError::from(
                DomainError::new("user_id", "no such member of staff")
                    .zh("找不到这位同事。")
                    .en("There is no such member of staff."),
            )
        })?;
    if !matches!(assignee.role, Role::Interviewer | Role::DeptHead) {
        return Err(DomainError::new(
            "user_id",
            "admins and HR see every candidate already; assign interviewers or department heads",
        )
        .zh("管理员和招聘 HR 本就能看到所有候选人，请分配面试官或用人部门负责人。")
        .en("Admins and HR see every candidate already; assign interviewers or department heads.")
        .into());
    }
    let job = services.store.get_job(who.org(), job).await?;
    if let Some(app) = application {
        let found = services.store.get_application(who.org(), app).await?;
        if found.job_id != job.id {
            return Err(ServiceError::NotFound);
        }
    }
    let effects = Effects::none().event(NewEvent {
        kind: "assignment.added".into(),
        application_id: application,
        payload: json!({"user_id": user, "job_id": job.id}),
    });
    let assignment = NewAssignment {
        user_id: user,
        job_id: job.id,
        application_id: application,
        assigned_by: who.user(),
    };
    services
        .store
        .assign(who.org(), &assignment, services.clock.now(), &effects)
        .await?;
    services
        .store
        .assignments_of_job(who.org(), job.id)
        .await?
        .into_iter()
        .find(|a| a.user_id == user && a.application_id == application)
        .map(AssignmentView::from)
        .ok_or(ServiceError::NotFound)
}

/// Takes an assignment back. Logged as `assignment.removed`.
pub async fn unassign(services: &Services, who: &Recruiter, id: &str) -> ServiceResult<()> {
    let a = services.store.get_assignment(who.org(), id).await?;
    let effects = Effects::none().event(NewEvent {
        kind: "assignment.removed".into(),
        application_id: a.application_id,
        payload: json!({"user_id": a.user_id, "job_id": a.job_id}),
    });
    if !services
        .store
        .unassign(who.org(), id, services.clock.now(), &effects)
        .await?
    {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Who is assigned within a job the caller may see: to the whole job, and to each
/// application (the caller sees the ones of applications in their sight).
pub async fn of_job(
    services: &Services,
    who: &Staff,
    job: JobId,
) -> ServiceResult<Vec<AssignmentView>> {
    let job = jobs::get_job(services, who, job).await?;
    let sight = who.sight(services).await?;
    Ok(services
        .store
        .assignments_of_job(who.org(), job.id)
        .await?
        .into_iter()
        .filter(|a| match a.application_id {
            None => true,
            Some(app) => sight.application(job.org_id, job.id, &job.department, app),
        })
        .map(AssignmentView::from)
        .collect())
}
