use axum::extract::{Path, State};
use axum::Json;
use kaoguan_domain::ApplicationId;
use kaoguan_service::report::{self, ReportView};

use super::dto::ApplicationView;
use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
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
