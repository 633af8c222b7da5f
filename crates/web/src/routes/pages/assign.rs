//! Assigning interviewers (and sharing with department heads) from the report page (one
//! candidate) and the job page (all of its candidates).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{ApplicationId, DomainError, JobId, UserId};
use kaoguan_service::assignments;

use super::recruiter_post;
use crate::extract::Console;
use crate::state::AppState;

fn chosen(raw: &str) -> Result<UserId, DomainError> {
    raw.trim().parse().map_err(|_| {
        DomainError::new("user_id", "choose a member of staff")
            .zh("请选择一位同事。")
            .en("Choose a member of staff.")
    })
}

/// Assigns someone one candidate.
pub async fn for_application(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let staff = console.staff.clone();
    recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: ApplicationId, f| async move {
            let user = chosen(f.one("user_id"))?;
            let app =
                kaoguan_service::applications::get_application(&state.services, &staff, id).await?;
            assignments::assign(&state.services, &who, app.job_id, Some(id), user).await?;
            Ok(Redirect::to(&format!("/applications/{id}#assignments")).into_response())
        },
    )
    .await
}

/// Assigns someone every candidate of a job.
pub async fn for_job(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let user = chosen(f.one("user_id"))?;
        assignments::assign(&state.services, &who, id, None, user).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#assignments")).into_response())
    })
    .await
}

/// An assignment's id in a path: a UUID, or no assignment at all.
struct AssignmentRef(String);

impl std::str::FromStr for AssignmentRef {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s)
            .map(|u| Self(u.to_string()))
            .map_err(|_| {
                DomainError::new("id", "not an assignment")
                    .zh("找不到该分配。")
                    .en("No such assignment.")
            })
    }
}

/// Takes an assignment back, then returns to the page it was taken back on.
pub async fn remove(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: AssignmentRef, f| async move {
            assignments::unassign(&state.services, &who, &id.0).await?;
            // Only our own pages: an application's or a job's, by id.
            let back = match (
                f.one("application").parse::<ApplicationId>(),
                f.one("job").parse::<JobId>(),
            ) {
                (Ok(a), _) => format!("/applications/{a}#assignments"),
                (_, Ok(j)) => format!("/jobs/{j}?tab=settings#assignments"),
                _ => "/jobs".to_string(),
            };
            Ok(Redirect::to(&back).into_response())
        },
    )
    .await
}
