use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kaoguan_domain::ApplicationId;
use kaoguan_service::report::{self, ReportView};

use super::dto::{ApplicationView, DecisionInput, InvitationView};
use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ApplicationView), (status = 404, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_application(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationView>> {
    let id: ApplicationId = parse_id(&id)?;
    let app = kaoguan_service::applications::get_application(&state.services, &staff, id).await?;
    Ok(Json(ApplicationView::from(app)))
}

/// The structured report: `pending` until scored, `not_scored` when the candidate refused
/// AI evaluation.
#[utoipa::path(get, path = "/api/v1/applications/{id}/report", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ReportView), (status = 404, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_report(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ReportView>> {
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(report::get_report(&state.services, &staff, id).await?))
}

/// Take a decision on the application: 通过 `advance` (to the next stage; from 待定, the
/// stage after the one it was held in), 待定 `hold`, 淘汰 `reject` (with a reason
/// category), `withdraw`, or `move` to a stage of the job's pipeline. A move the pipeline
/// forbids is 422; a decision taken on a stage the application has left is 409
/// `stage_changed` and changes nothing. Logged as `stage.changed`.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    request_body = DecisionInput,
    responses((status = 200, body = ApplicationView),
        (status = 404, body = ProblemBody), (status = 409, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<DecisionInput>,
) -> ApiResult<Json<ApplicationView>> {
    let id: ApplicationId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let (decision, expected) = body.parse()?;
    let app = kaoguan_service::decisions::decide(
        &state.services,
        &who,
        id,
        decision,
        body.note.as_deref(),
        expected.as_ref(),
    )
    .await?;
    Ok(Json(ApplicationView::from(app)))
}

/// A new interview link for an interview not yet over; the old link stops working at
/// once. The link is in the answer only: just its digest is stored.
#[utoipa::path(post, path = "/api/v1/applications/{id}/link", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 201, body = InvitationView),
        (status = 404, body = ProblemBody), (status = 409, description = "the interview is over", body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn renew_link(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let id: ApplicationId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let inv = kaoguan_service::invitations::renew_link(&state.services, &who, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationView {
            application_id: inv.application.id,
            interview_url: inv.interview_url,
        }),
    ))
}

/// Revoke the interview link: no link works until a new one is made.
#[utoipa::path(delete, path = "/api/v1/applications/{id}/link", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 204, description = "revoked"),
        (status = 404, body = ProblemBody), (status = 409, description = "the interview is over", body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn revoke_link(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id: ApplicationId = parse_id(&id)?;
    let who = staff.recruiter()?;
    kaoguan_service::invitations::revoke_link(&state.services, &who, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
