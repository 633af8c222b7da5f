//! The organisation's accounts, for admins.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use kaoguan_domain::{Role, UserId};
use kaoguan_service::users;
use kaoguan_store::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
    #[schema(value_type = String)]
    pub role: Role,
    pub department: Option<String>,
    /// When an admin disabled the account; `null` while it is active.
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id.to_string(),
            email: u.email.as_str().to_string(),
            name: u.display_name,
            role: u.role,
            department: u.department,
            disabled_at: u.disabled_at,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteUserInput {
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[schema(value_type = String)]
    pub role: Role,
    pub department: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserInput {
    #[schema(value_type = String)]
    pub role: Role,
    pub department: Option<String>,
}

/// A new account or a reset password: the temporary password is in this answer only.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemporaryPassword {
    pub user: UserView,
    pub temporary_password: String,
}

/// Every account of the organisation (admins only).
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [UserView]), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> ApiResult<Json<Vec<UserView>>> {
    let who = staff.admin()?;
    Ok(Json(
        users::list(&state.services, &who)
            .await?
            .into_iter()
            .map(UserView::from)
            .collect(),
    ))
}

/// Create a colleague's account with a temporary password, shown once. 409 `email_taken`
/// when the address has an account.
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    request_body = InviteUserInput,
    responses((status = 201, body = TemporaryPassword), (status = 409, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn invite(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    JsonBody(body): JsonBody<InviteUserInput>,
) -> ApiResult<(StatusCode, Json<TemporaryPassword>)> {
    let who = staff.admin()?;
    let (user, password) = users::invite(
        &state.services,
        &who,
        &body.email,
        &body.name,
        body.role,
        body.department.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(TemporaryPassword {
            user: user.into(),
            temporary_password: password,
        }),
    ))
}

/// Change a colleague's role and department. 409 `own_account` for taking away your own
/// admin role.
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = String, Path, description = "user id")),
    request_body = UpdateUserInput,
    responses((status = 200, body = UserView), (status = 404, body = ProblemBody),
        (status = 409, body = ProblemBody), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateUserInput>,
) -> ApiResult<Json<UserView>> {
    let who = staff.admin()?;
    let id: UserId = parse_id(&id)?;
    let user = users::update(
        &state.services,
        &who,
        id,
        body.role,
        body.department.as_deref(),
    )
    .await?;
    Ok(Json(user.into()))
}

/// Disable an account: it cannot sign in, its sessions end and its API tokens stop
/// working at once. 409 `own_account` for your own.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "users",
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = ProblemBody),
        (status = 409, body = ProblemBody), (status = 401, body = ProblemBody),
        (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn disable(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    let who = staff.admin()?;
    let id: UserId = parse_id(&id)?;
    Ok(Json(
        users::set_disabled(&state.services, &who, id, true)
            .await?
            .into(),
    ))
}

/// Enable a disabled account again.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "users",
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn enable(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    let who = staff.admin()?;
    let id: UserId = parse_id(&id)?;
    Ok(Json(
        users::set_disabled(&state.services, &who, id, false)
            .await?
            .into(),
    ))
}

/// Give a colleague a new temporary password, shown once.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", tag = "users",
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = TemporaryPassword), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody), (status = 403, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<TemporaryPassword>> {
    let who = staff.admin()?;
    let id: UserId = parse_id(&id)?;
    let password = users::reset_password(&state.services, &who, id).await?;
    let user = users::list(&state.services, &who)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(kaoguan_service::ServiceError::NotFound)?;
    Ok(Json(TemporaryPassword {
        user: user.into(),
        temporary_password: password,
    }))
}
