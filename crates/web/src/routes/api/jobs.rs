use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kaoguan_domain::JobId;
use kaoguan_service::{invitations, jobs};

use super::dto::JobStatusInput;
use super::dto::{
    ApplicationListItem, BandThresholdsInput, CreateInvitation, CreateJob, FaceDetectionInput,
    InvitationView, InviteValidityInput, JobListItem, JobView, PipelineInput,
};
use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

/// Create a job with its competency model and questions.
#[utoipa::path(post, path = "/api/v1/jobs", tag = "jobs",
    request_body = CreateJob,
    responses(
        (status = 201, body = JobView),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody),
        (status = 422, description = "invalid input; `field` names it", body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn create_job(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    JsonBody(body): JsonBody<CreateJob>,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let who = staff.recruiter()?;
    let draft = body.parse()?;
    let job = jobs::create_job(&state.services, &who, &draft).await?;
    Ok((StatusCode::CREATED, Json(JobView::from(&job))))
}

/// Opt in to (or out of) face detection during this job's video answers: a small
/// detector runs in the candidate's browser and reports only counts of frames with no
/// face or more than one, shown to reviewers as integrity signals and never scored.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/face-detection", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = FaceDetectionInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_face_detection(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<FaceDetectionInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let job = jobs::set_face_detection(&state.services, &who, id, body.enabled).await?;
    Ok(Json(JobView::from(&job)))
}

/// Set where this job's recommendation bands (强烈推荐 / 推荐 / 待定 / 不推荐) start, or
/// restore the defaults (80 / 65 / 50) with nulls. Bands are derived when a report is read:
/// existing reports take the new bands, and no score changes.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/band-thresholds", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = BandThresholdsInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 422, description = "thresholds out of range or not increasing", body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_band_thresholds(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<BandThresholdsInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let thresholds = body.parse()?;
    let job = jobs::set_band_thresholds(&state.services, &who, id, thresholds).await?;
    Ok(Json(JobView::from(&job)))
}

/// How many days this job's new interview links last (1–365), or the default (14) with
/// `{"days": null}`. Links already sent keep their expiry; a link made anew starts the
/// count again.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/invite-validity", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = InviteValidityInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_invite_validity(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<InviteValidityInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let job = jobs::set_invite_validity(&state.services, &who, id, body.days).await?;
    Ok(Json(JobView::from(&job)))
}

/// Order and name this job's hiring stages (ending in `hired`), or restore the default
/// pipeline with `{"stages": null}`. Applications at a stage the new pipeline lacks keep
/// it until someone moves them.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/pipeline", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = PipelineInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 422, description = "not a valid pipeline", body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_pipeline(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PipelineInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let pipeline = body.parse()?;
    let job = jobs::set_pipeline(&state.services, &who, id, pipeline.as_ref()).await?;
    Ok(Json(JobView::from(&job)))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct JobListQuery {
    /// `true` to include archived jobs.
    pub archived: Option<bool>,
}

/// Jobs the caller may see, archived ones only when asked for.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs",
    params(JobListQuery),
    responses((status = 200, body = [JobListItem]), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    axum::extract::Query(q): axum::extract::Query<JobListQuery>,
) -> ApiResult<Json<Vec<JobListItem>>> {
    let archived = q.archived.unwrap_or(false);
    let list = jobs::list_jobs(&state.services, &staff).await?;
    Ok(Json(
        list.into_iter()
            .filter(|j| archived || j.status != kaoguan_domain::JobStatus::Archived)
            .map(JobListItem::from)
            .collect(),
    ))
}

/// Open, close (no new invitations; candidates already in go on) or archive the job.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/status", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = JobStatusInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_status(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<JobStatusInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let job = jobs::set_status(&state.services, &who, id, body.status).await?;
    Ok(Json(JobView::from(&job)))
}

/// A new open job made from this one (model, questions, pipeline, rules and settings; no
/// candidates), titled as a copy.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/copy", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    responses((status = 201, body = JobView), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn copy(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let job = jobs::copy(&state.services, &who, id).await?;
    Ok((StatusCode::CREATED, Json(JobView::from(&job))))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_job(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let job = jobs::get_job(&state.services, &staff, id).await?;
    Ok(Json(JobView::from(&job)))
}

/// Invite one candidate; the response carries their personal interview link.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/invitations", tag = "applications",
    params(("id" = String, Path, description = "job id")),
    request_body = CreateInvitation,
    responses((status = 201, body = InvitationView), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn invite(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CreateInvitation>,
) -> ApiResult<(StatusCode, Json<InvitationView>)> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let candidate = body.parse()?;
    let inv = invitations::invite(&state.services, &who, job, &candidate).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationView {
            application_id: inv.application.id,
            interview_url: inv.interview_url,
        }),
    ))
}

/// What merging a second invitation into an existing application did.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MergedView {
    #[schema(value_type = String)]
    pub application_id: kaoguan_domain::ApplicationId,
    /// The contacts added to the candidate (`email`, `phone`); empty when they had both.
    pub added: Vec<&'static str>,
}

/// Merge an invitation of someone the job already has (same email or phone) into their
/// application: the contacts it lacked are added; no new link is made.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/invitations/merge", tag = "applications",
    params(("id" = String, Path, description = "job id")),
    request_body = CreateInvitation,
    responses((status = 200, body = MergedView),
        (status = 404, description = "no application of the job has this email or phone", body = ProblemBody),
        (status = 409, description = "the other contact belongs to another candidate of the job", body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn merge_invitation(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CreateInvitation>,
) -> ApiResult<Json<MergedView>> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let candidate = body.parse()?;
    let merged = invitations::merge(&state.services, &who, job, &candidate).await?;
    Ok(Json(MergedView {
        application_id: merged.application.id,
        added: merged.added,
    }))
}

/// The job's candidates with status and score.
#[utoipa::path(get, path = "/api/v1/jobs/{id}/applications", tag = "applications",
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, body = [ApplicationListItem]), (status = 404, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_applications(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ApplicationListItem>>> {
    let job: JobId = parse_id(&id)?;
    let list =
        kaoguan_service::applications::list_applications(&state.services, &staff, job).await?;
    Ok(Json(
        list.into_iter().map(ApplicationListItem::from).collect(),
    ))
}
