//! Pipeline rules of a job, their preview, an application's rule history, and the review
//! queue of rejections rules proposed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use kaoguan_domain::{ApplicationId, DomainError, JobId, PipelineRule, RejectReason};
use kaoguan_service::reviews::{self, ReviewView, Verdict};
use kaoguan_service::rules::{self, PreviewRow, RuleHistory};
use kaoguan_store::ReviewStatus;
use serde::Deserialize;
use utoipa::ToSchema;

use super::dto::JobView;
use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

/// A job's rules, in order:
/// `[{"name": "高分进复试", "on": "report_ready", "if": "report.total >= 75", "do": "advance"}]`.
/// `on`: `interview_finished`, `report_ready`, `stage_timeout` (with `stage` and
/// `after_hours`); `do`: `advance`, `move:<stage>`, `propose_reject`, `notify:<role>`
/// (`hr`, `dept_head`, `interviewer`); `if`: a CEL condition over `report.*`,
/// `application.*`, `candidate.*` (absent: always).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesInput {
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<serde_json::Value>,
}

impl RulesInput {
    /// Each rule parsed on its own, so an error names the rule.
    fn parse(&self) -> Result<Vec<PipelineRule>, DomainError> {
        self.rules
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                serde_json::from_value::<PipelineRule>(raw.clone()).map_err(|e| {
                    let n = i + 1;
                    DomainError::new(format!("rules[{i}]"), e.to_string())
                        .zh(format!("第 {n} 条规则的格式不正确：{e}"))
                        .en(format!("Rule {n} is not valid: {e}"))
                })
            })
            .collect()
    }
}

/// Replace the job's pipeline rules. Each is checked when saved: an error names the rule
/// (`rules[i]`) and, for a condition, the line and column. Rules run on events after they
/// are saved, once per application and trigger. A rule never rejects: use
/// `propose_reject`, which waits in the review queue for a person.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/pipeline-rules", tag = "rules",
    params(("id" = String, Path, description = "job id")),
    request_body = RulesInput,
    responses((status = 200, body = JobView), (status = 404, body = ProblemBody),
        (status = 422, description = "a rule is not valid", body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_rules(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RulesInput>,
) -> ApiResult<Json<JobView>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let parsed = body.parse()?;
    let job = rules::set_rules(&state.services, &who, id, &parsed).await?;
    Ok(Json(JobView::from(&job)))
}

/// What the given rules would do to the job's applications as they stand, changing
/// nothing.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/pipeline-rules/preview", tag = "rules",
    params(("id" = String, Path, description = "job id")),
    request_body = RulesInput,
    responses((status = 200, body = [PreviewRow]), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn preview(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RulesInput>,
) -> ApiResult<Json<Vec<PreviewRow>>> {
    let id: JobId = parse_id(&id)?;
    let who = staff.recruiter()?;
    let parsed = body.parse()?;
    Ok(Json(
        rules::preview(&state.services, &who, id, &parsed).await?,
    ))
}

/// What rules did to the application (each run's verdicts) and the messages they queued.
#[utoipa::path(get, path = "/api/v1/applications/{id}/rules", tag = "rules",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = RuleHistory), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn history(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<RuleHistory>> {
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(rules::history(&state.services, &staff, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ReviewQuery {
    /// `pending` (default), `confirmed` or `overridden`.
    pub status: Option<String>,
}

/// Rejections rules proposed, oldest first (a department head sees their department's).
#[utoipa::path(get, path = "/api/v1/reviews", tag = "rules",
    params(ReviewQuery),
    responses((status = 200, body = [ReviewView]), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list_reviews(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Query(q): Query<ReviewQuery>,
) -> ApiResult<Json<Vec<ReviewView>>> {
    let status = match q.status.as_deref() {
        None => ReviewStatus::Pending,
        Some(s) => ReviewStatus::parse(s).ok_or_else(|| {
            DomainError::new("status", "expected pending, confirmed or overridden")
                .zh("状态须为待处理、已确认或已驳回。")
                .en("The status must be pending, confirmed or overridden.")
        })?,
    };
    Ok(Json(reviews::list(&state.services, &staff, status).await?))
}

/// A person's answer to a proposed rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// `confirm` (the candidate is rejected) or `override` (they stay in the process).
    pub decision: String,
    /// Why; required, at most 1,000 characters. Kept with the decision.
    pub reason: String,
    /// For `confirm`: the rejection's reason category (`skills`, `experience`, …);
    /// `other` when absent.
    #[schema(value_type = Option<String>)]
    pub category: Option<RejectReason>,
}

/// Confirm or override a proposed rejection. 409 `review_decided` when someone decided it
/// first; 409 `stage_changed` when confirming a proposal for a candidate who has moved
/// since (override it instead).
#[utoipa::path(post, path = "/api/v1/reviews/{id}", tag = "rules",
    params(("id" = String, Path, description = "review id")),
    request_body = ReviewInput,
    responses((status = 200, body = ReviewView), (status = 404, body = ProblemBody),
        (status = 409, body = ProblemBody), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn decide_review(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ReviewInput>,
) -> ApiResult<Json<ReviewView>> {
    // Review ids are UUIDs; anything else names no review.
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"))?;
    let who = staff.recruiter()?;
    let verdict = match body.decision.trim() {
        "confirm" => Verdict::Confirm(body.category.unwrap_or(RejectReason::Other)),
        "override" => Verdict::Override,
        _ => {
            return Err(DomainError::new("decision", "expected confirm or override")
                .zh("请选择确认淘汰或驳回建议。")
                .en("The decision must be confirm or override.")
                .into())
        }
    };
    Ok(Json(
        reviews::decide(
            &state.services,
            &who,
            &id.to_string(),
            verdict,
            &body.reason,
        )
        .await?,
    ))
}
