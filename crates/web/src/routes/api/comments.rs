//! Comments on a candidate, with @mentions.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use kaoguan_domain::ApplicationId;
use kaoguan_service::comments;
use kaoguan_store::Comment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    /// Ids of the colleagues it mentions; each was sent a message.
    pub mentions: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Comment> for CommentView {
    fn from(c: Comment) -> Self {
        Self {
            id: c.id,
            author_id: c.author_id.to_string(),
            author_name: c.author_name,
            body: c.body,
            mentions: c.mentions.iter().map(|u| u.to_string()).collect(),
            created_at: c.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    /// 1–2,000 characters; `@name` mentions a colleague who can see the candidate.
    pub body: String,
}

/// The candidate's comments, oldest first.
#[utoipa::path(get, path = "/api/v1/applications/{id}/comments", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = [CommentView]), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<CommentView>>> {
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(
        comments::list(&state.services, &staff, id)
            .await?
            .into_iter()
            .map(CommentView::from)
            .collect(),
    ))
}

/// Comments on the candidate; each colleague mentioned as `@name` is sent a message.
#[utoipa::path(post, path = "/api/v1/applications/{id}/comments", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    request_body = CommentInput,
    responses((status = 201, body = CommentView), (status = 404, body = ProblemBody),
        (status = 422, description = "empty, too long, or mentions someone who cannot see the candidate", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn add(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CommentInput>,
) -> ApiResult<(StatusCode, Json<CommentView>)> {
    let id: ApplicationId = parse_id(&id)?;
    let c = comments::add(&state.services, &staff, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(CommentView::from(c))))
}
