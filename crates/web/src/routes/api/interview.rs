//! The candidate's side, keyed by the token from their link; no bearer.

use axum::extract::{Path, State};
use axum::Json;
use kaoguan_service::interview::{self, AnswerReceipt, InterviewState, NextStep};

use super::dto::{AnswerInput, ConsentInput};
use crate::error::{ApiResult, ProblemBody};
use crate::json::JsonBody;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/interview/{token}", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token")),
    responses((status = 200, body = InterviewState), (status = 404, body = ProblemBody)))]
pub async fn get_state(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<InterviewState>> {
    Ok(Json(interview::state(&state.services, &token).await?))
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/consent", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token")),
    request_body = ConsentInput,
    responses((status = 200, body = InterviewState), (status = 409, body = ProblemBody), (status = 404, body = ProblemBody)))]
pub async fn consent(
    State(state): State<AppState>,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<ConsentInput>,
) -> ApiResult<Json<InterviewState>> {
    Ok(Json(
        interview::consent(&state.services, &token, body.accept).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/interview/{token}/next", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token")),
    responses((status = 200, description = "the current question with deadlines, or {\"done\": true}", body = NextStep),
        (status = 409, body = ProblemBody), (status = 404, body = ProblemBody)))]
pub async fn next(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<NextStep>> {
    Ok(Json(interview::next(&state.services, &token).await?))
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/answers", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token")),
    request_body = AnswerInput,
    responses((status = 200, body = AnswerReceipt),
        (status = 409, description = "deadline_passed, already_answered, question_not_started", body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 404, body = ProblemBody)))]
pub async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<AnswerInput>,
) -> ApiResult<Json<AnswerReceipt>> {
    Ok(Json(
        interview::answer(&state.services, &token, &body.question_id, &body.text).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/finish", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token")),
    responses((status = 200, body = InterviewState), (status = 409, body = ProblemBody), (status = 404, body = ProblemBody)))]
pub async fn finish(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<InterviewState>> {
    Ok(Json(interview::finish(&state.services, &token).await?))
}
