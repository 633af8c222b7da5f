//! Assignments: who beyond HR sees which candidates.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kaoguan_domain::{ApplicationId, JobId, UserId};
use kaoguan_service::assignments::{self, AssignmentView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

/// Whom to give what: one application of the job, or (without `application_id`) all of
/// them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub user_id: String,
    pub application_id: Option<String>,
}

/// A member of staff HR can assign.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffView {
    pub id: String,
    pub name: String,
    #[schema(value_type = String)]
    pub role: kaoguan_domain::Role,
    pub department: Option<String>,
}

/// Interviewers and department heads, whom HR can assign candidates to.
#[utoipa::path(get, path = "/api/v1/staff/assignable", tag = "assignments",
    responses((status = 200, body = [StaffView]), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn assignable(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> ApiResult<Json<Vec<StaffView>>> {
    let who = staff.recruiter()?;
    Ok(Json(
        assignments::assignable(&state.services, &who)
            .await?
            .into_iter()
            .map(|u| StaffView {
                id: u.id.to_string(),
                name: u.display_name,
                role: u.role,
                department: u.department,
            })
            .collect(),
    ))
}

/// Who is assigned within the job (to all of it, or to single applications you may see).
#[utoipa::path(get, path = "/api/v1/jobs/{id}/assignments", tag = "assignments",
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, body = [AssignmentView]), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AssignmentView>>> {
    let id: JobId = parse_id(&id)?;
    Ok(Json(
        assignments::of_job(&state.services, &staff, id).await?,
    ))
}

/// Assign an interviewer (or share with a department head) one application of the job,
/// or all of it. An interviewer sees exactly what is assigned to them. Assigning twice
/// is harmless. Logged as `assignment.added`.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/assignments", tag = "assignments",
    params(("id" = String, Path, description = "job id")),
    request_body = AssignInput,
    responses((status = 201, body = AssignmentView), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn assign(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AssignInput>,
) -> ApiResult<(StatusCode, Json<AssignmentView>)> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let user: UserId = body.user_id.trim().parse().map_err(|_| {
        ApiError::from(kaoguan_service::ServiceError::from(
            kaoguan_domain::DomainError::new("user_id", "is not a user id")
                .zh("请选择一位同事。")
                .en("Choose a member of staff."),
        ))
    })?;
    let application: Option<ApplicationId> = match body.application_id.as_deref() {
        None => None,
        Some(a) => Some(parse_id(a)?),
    };
    let view = assignments::assign(&state.services, &who, id, application, user).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Take an assignment back.
#[utoipa::path(delete, path = "/api/v1/assignments/{id}", tag = "assignments",
    params(("id" = String, Path, description = "assignment id")),
    responses((status = 204), (status = 404, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn unassign(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let who = staff.recruiter()?;
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"))?;
    assignments::unassign(&state.services, &who, &id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}
