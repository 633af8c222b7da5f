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

/// An application with its pipeline history and the rejection a rule proposed, if one
/// waits for review.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub application: ApplicationView,
    /// Every move, oldest first: from, to, by (`person` or `rule`), who or which rule,
    /// the rejection's reason, when.
    pub history: Vec<kaoguan_service::applications::StageMove>,
    pub pending_proposal: Option<kaoguan_service::reviews::ReviewView>,
}

#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ApplicationDetail), (status = 404, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_application(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationDetail>> {
    let id: ApplicationId = parse_id(&id)?;
    let services = &state.services;
    let app = kaoguan_service::applications::get_application(services, &staff, id).await?;
    let history = kaoguan_service::applications::history(services, &staff, id).await?;
    let pending_proposal = kaoguan_service::reviews::pending_for(services, &staff, id).await?;
    Ok(Json(ApplicationDetail {
        application: ApplicationView::from(app),
        history,
        pending_proposal,
    }))
}

/// Where to move an application: a stage of its job's pipeline, `on_hold`, `withdrawn`,
/// or `rejected` (with `reason`, a category such as `skills`, and an optional `note`).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    pub stage: String,
    #[schema(value_type = Option<String>)]
    pub reason: Option<kaoguan_domain::RejectReason>,
    pub note: Option<String>,
    /// The stage the caller saw; a move from a stage the application has left is 409
    /// `stage_changed`.
    pub expected_stage: Option<String>,
}

/// Move the application to a stage. A move the pipeline does not allow is 409
/// `move_not_allowed`; logged as `stage.changed` with who moved it.
#[utoipa::path(post, path = "/api/v1/applications/{id}/stage", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    request_body = StageInput,
    responses((status = 200, body = ApplicationView), (status = 404, body = ProblemBody),
        (status = 409, body = ProblemBody), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn move_stage(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<StageInput>,
) -> ApiResult<Json<ApplicationView>> {
    use kaoguan_domain::stage::{ON_HOLD, REJECTED, WITHDRAWN};
    let id: ApplicationId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let decision = match body.stage.trim() {
        ON_HOLD => kaoguan_domain::Decision::Hold,
        WITHDRAWN => kaoguan_domain::Decision::Withdraw,
        REJECTED => kaoguan_domain::Decision::Reject {
            reason: body.reason.ok_or_else(|| {
                kaoguan_domain::DomainError::new("reason", "is required to reject")
                    .zh("淘汰时请选择原因。")
                    .en("Choose a reason to reject.")
            })?,
        },
        other => kaoguan_domain::Decision::MoveTo(kaoguan_domain::StageKey::parse(other)?),
    };
    let expected = body
        .expected_stage
        .as_deref()
        .map(kaoguan_domain::StageKey::parse)
        .transpose()?;
    let moved = kaoguan_service::decisions::decide(
        &state.services,
        &who,
        id,
        decision,
        body.note.as_deref(),
        expected.as_ref(),
    )
    .await
    .map_err(|e| match e {
        // The pipeline's refusal is a conflict with where the application stands.
        kaoguan_service::ServiceError::Invalid(d) if d.field == "decision" => {
            kaoguan_service::ServiceError::conflict("move_not_allowed", d.message)
        }
        other => other,
    })?;
    Ok(Json(ApplicationView::from(moved)))
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
