//! Reading applications: every read goes through the caller's [`crate::Scope`], by way of
//! the application's job.

use kaoguan_domain::{ApplicationId, JobId};
use kaoguan_store::{Application, ApplicationSummary, HumanInterviewRequest, Organisation};

use crate::{jobs, ServiceResult, Services, Staff};

/// An application the caller may see; `NotFound` otherwise (its existence is not
/// confirmed to people outside its scope).
pub async fn get_application(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<Application> {
    let app = services.store.get_application(who.org(), id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let sight = who.sight(services).await?;
    if sight.application(job.org_id, job.id, &job.department, app.id) {
        crate::org::redact(services, who, app).await
    } else {
        Err(crate::ServiceError::NotFound)
    }
}

/// The applications of a job the caller may see.
pub async fn list_applications(
    services: &Services,
    who: &Staff,
    job: JobId,
) -> ServiceResult<Vec<ApplicationSummary>> {
    let job = jobs::get_job(services, who, job).await?;
    let sight = who.sight(services).await?;
    Ok(services
        .store
        .list_applications(who.org(), job.id)
        .await?
        .into_iter()
        .filter(|a| sight.application(job.org_id, job.id, &job.department, a.id))
        .collect())
}

/// 待办: candidates who refused the AI interview and wait for someone to arrange a human
/// interview, with their contact details, within the caller's scope. An entry goes away
/// once anyone takes a decision on the application (e.g. 通过 to the second round).
pub async fn human_interview_requests(
    services: &Services,
    who: &Staff,
) -> ServiceResult<Vec<HumanInterviewRequest>> {
    let sight = who.sight(services).await?;
    let contacts = crate::org::sees_contacts(who, &services.store.get_org(who.org()).await?);
    Ok(services
        .store
        .list_human_interview_requests(who.org())
        .await?
        .into_iter()
        .filter(|r| sight.application(who.org(), r.job_id, &r.department, r.application_id))
        .map(|mut r| {
            if !contacts {
                r.candidate_email = None;
                r.candidate_phone = None;
            }
            r
        })
        .collect())
}

/// The caller's own organisation.
pub async fn organisation(services: &Services, who: &Staff) -> ServiceResult<Organisation> {
    Ok(services.store.get_org(who.org()).await?)
}

/// How many background tasks wait, for the readiness probe (no personal data).
pub async fn pending_tasks(services: &Services) -> ServiceResult<i64> {
    Ok(services.store.pending_tasks().await?)
}

/// Rows per page of the candidate list.
pub const PAGE_SIZE: u32 = 50;

/// One page of the candidate list across jobs.
#[derive(Debug, Clone)]
pub struct CandidatePage {
    pub rows: Vec<kaoguan_store::CandidateRow>,
    /// How many match the filters.
    pub total: i64,
    /// 1-based.
    pub page: u32,
    pub pages: u32,
}

/// The candidates across every job the caller may see, filtered, sorted and paged by the
/// database.
pub async fn search(
    services: &Services,
    who: &Staff,
    filter: &kaoguan_store::CandidateFilter,
    page: u32,
) -> ServiceResult<CandidatePage> {
    let sight = who.sight(services).await?;
    let page = page.max(1);
    let (rows, total) = services
        .store
        .search_applications(
            who.org(),
            &sight.visible(),
            filter,
            (page - 1).saturating_mul(PAGE_SIZE),
            PAGE_SIZE,
        )
        .await?;
    let pages = u32::try_from((total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE))
        .unwrap_or(u32::MAX)
        .max(1);
    Ok(CandidatePage {
        rows,
        total,
        page,
        pages,
    })
}

/// One move of an application in its pipeline, as its history shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StageMove {
    pub from: String,
    pub to: String,
    /// `person` or `rule`.
    pub by: String,
    /// The person's name, for a person's move.
    pub person: Option<String>,
    /// The rule's name, for a rule's move (or a proposal it made that a person confirmed).
    pub rule: Option<String>,
    /// The rejection's reason category, for a rejection.
    pub reason: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Every move of the application, oldest first, from the event log (written in the same
/// transaction as each move, so none is missing).
pub async fn history(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<Vec<StageMove>> {
    get_application(services, who, id).await?;
    let users = services.store.list_users(who.org()).await?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    Ok(services
        .store
        .application_events(who.org(), id, "stage.changed")
        .await?
        .into_iter()
        .map(|e| {
            let p = &e.payload;
            StageMove {
                from: text(&p["from"]).unwrap_or_default(),
                to: text(&p["to"]).unwrap_or_default(),
                by: text(&p["by"]).unwrap_or_else(|| "person".into()),
                person: text(&p["user_id"]).and_then(|u| {
                    users
                        .iter()
                        .find(|x| x.id.to_string() == u)
                        .map(|x| x.display_name.clone())
                }),
                rule: text(&p["rule"]),
                reason: text(&p["reason"]),
                at: e.created_at,
            }
        })
        .collect())
}
