//! Human ratings, explicit re-scoring, and calibrating a job's scorer from the ratings.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, CompetencyKey, JobId, QuestionId};
use kaoguan_service::ratings::{self, RatingInput};
use kaoguan_service::{calibration, ServiceError};
use kaoguan_store::{Calibration, Rating};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RatingBody {
    pub question_id: String,
    /// Key of a competency the question measures.
    pub competency: String,
    /// 1 (poor) to 5 (excellent).
    pub rating: i64,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingView {
    pub question_id: String,
    pub competency: String,
    pub rater_id: String,
    pub rating: i64,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<Rating> for RatingView {
    fn from(r: Rating) -> Self {
        Self {
            question_id: r.question_id.to_string(),
            competency: r.competency.to_string(),
            rater_id: r.rater_id.to_string(),
            rating: r.rating,
            note: r.note,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalibrationView {
    pub version: i64,
    /// draft, published or retired.
    pub status: String,
    /// Samples, agreement before and after (out-of-fold), and the fitted weights.
    #[schema(value_type = Object)]
    pub result: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<Calibration> for CalibrationView {
    fn from(c: Calibration) -> Self {
        Self {
            version: c.version,
            status: c.status.as_str().into(),
            result: c.result,
            created_at: c.created_at,
            published_at: c.published_at,
        }
    }
}

/// Rate one answer on one competency, 1–5; rating again replaces your earlier rating.
#[utoipa::path(post, path = "/api/v1/applications/{id}/ratings", tag = "calibration",
    params(("id" = String, Path, description = "application id")),
    request_body = RatingBody,
    responses((status = 201, body = RatingView), (status = 422, body = ProblemBody), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn rate(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RatingBody>,
) -> ApiResult<(StatusCode, Json<RatingView>)> {
    let id: ApplicationId = parse_id(&id)?;
    let question_id: QuestionId = body.question_id.parse().map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "question_id is not a valid id",
        )
        .with_field("question_id")
    })?;
    let competency: CompetencyKey = body
        .competency
        .parse()
        .map_err(|e: kaoguan_domain::DomainError| ApiError::from(e.for_field("competency")))?;
    let input = RatingInput {
        question_id,
        competency,
        rating: body.rating,
        note: body.note,
    };
    let rating = ratings::rate(&state.services, &staff, id, input).await?;
    Ok((StatusCode::CREATED, Json(rating.into())))
}

#[utoipa::path(get, path = "/api/v1/applications/{id}/ratings", tag = "calibration",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = [RatingView]), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_ratings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<RatingView>>> {
    let id: ApplicationId = parse_id(&id)?;
    let list = ratings::list(&state.services, &staff, id).await?;
    Ok(Json(list.into_iter().map(RatingView::from).collect()))
}

/// Queue a new report with the job's current scorer; the old report is replaced when done.
#[utoipa::path(post, path = "/api/v1/applications/{id}/rescore", tag = "calibration",
    params(("id" = String, Path, description = "application id")),
    responses((status = 202, description = "queued"), (status = 409, body = ProblemBody), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn rescore(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let who = staff.recruiter()?;
    let id: ApplicationId = parse_id(&id)?;
    calibration::rescore(&state.services, &who, id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({"queued": true})),
    ))
}

/// Fit the job's scorer to its ratings (needs 20 or more rated answers); stored as a draft.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/calibrations", tag = "calibration",
    params(("id" = String, Path, description = "job id")),
    responses((status = 201, body = CalibrationView),
        (status = 409, description = "too few or uniform ratings", body = ProblemBody), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn calibrate(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<CalibrationView>)> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let (stored, _) = calibration::fit_for_job(&state.services, &who, job).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}/calibrations", tag = "calibration",
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, body = [CalibrationView]), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_calibrations(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<CalibrationView>>> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let list = calibration::list(&state.services, &who, job).await?;
    Ok(Json(list.into_iter().map(CalibrationView::from).collect()))
}

/// Publish a calibration: interviews scored from now on use it; old reports keep theirs.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/calibrations/{version}/publish", tag = "calibration",
    params(("id" = String, Path, description = "job id"), ("version" = i64, Path, description = "calibration version")),
    responses((status = 200, description = "published"), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, version)): Path<(String, String)>,
) -> ApiResult<Json<serde_json::Value>> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let version: i64 = version
        .parse()
        .map_err(|_| ApiError::from(ServiceError::NotFound))?;
    calibration::publish(&state.services, &who, job, version).await?;
    Ok(Json(serde_json::json!({"published": version})))
}
