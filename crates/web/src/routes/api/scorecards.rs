//! Second-round scorecards.

use axum::extract::{Path, State};
use axum::Json;
use kaoguan_domain::scorecard::Scorecard;
use kaoguan_domain::ApplicationId;
use kaoguan_service::scorecards::{self, ScorecardBoard};

use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

/// Write (or replace) your scorecard of the candidate at their current stage: every
/// dimension of the job rated 1–5 with its evidence, and an overall recommendation
/// (`strong_hire`, `hire`, `no_hire`, `strong_no_hire`). Anyone who may see the candidate
/// may score them. Answers with every card beside the AI's scores.
#[utoipa::path(put, path = "/api/v1/applications/{id}/scorecard", tag = "scorecards",
    params(("id" = String, Path, description = "application id")),
    request_body = Scorecard,
    responses((status = 200, body = ScorecardBoard), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn submit(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(card): JsonBody<Scorecard>,
) -> ApiResult<Json<ScorecardBoard>> {
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(
        scorecards::submit(&state.services, &staff, id, card).await?,
    ))
}

/// Every scorecard of the candidate side by side with the AI's dimension scores, with the
/// dimensions where ratings disagree by two levels or more marked.
#[utoipa::path(get, path = "/api/v1/applications/{id}/scorecards", tag = "scorecards",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ScorecardBoard), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn board(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ScorecardBoard>> {
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(scorecards::board(&state.services, &staff, id).await?))
}
