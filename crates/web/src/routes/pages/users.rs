//! 用户管理: the organisation's accounts, for admins — invite, role and department,
//! disable and enable, reset a password (shown once).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{Role, UserId};
use kaoguan_service::{users, ServiceError};
use kaoguan_store::User;

use super::{console_post, page_result, render, Chrome};
use crate::extract::Console;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    users: Vec<User>,
    me: UserId,
    roles: [Role; 4],
}

#[derive(Template)]
#[template(path = "temp_password.html")]
struct PasswordPage {
    c: Chrome,
    name: String,
    email: String,
    password: String,
}

pub async fn page(State(state): State<AppState>, console: Console) -> Response {
    page_result(
        console.lang,
        async {
            let who = console.staff.admin()?;
            let users = users::list(&state.services, &who).await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&UsersPage {
                    c,
                    users,
                    me: console.staff.user.id,
                    roles: Role::ALL,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

async fn shown_once(
    state: &AppState,
    console: &Console,
    user: User,
    password: String,
) -> Result<Response, ServiceError> {
    Ok(match Chrome::of(state, console).await {
        Ok(c) => render(&PasswordPage {
            c,
            name: user.display_name,
            email: user.email.as_str().to_string(),
            password,
        }),
        Err(r) => r,
    })
}

/// Creates an account; the temporary password is shown on the next page only.
pub async fn invite(
    State(state): State<AppState>,
    console: Console,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let who = console.staff.admin()?;
        let role: Role = f.one("role").parse()?;
        let dept = Some(f.one("department")).filter(|d| !d.trim().is_empty());
        let (user, password) = users::invite(
            &state.services,
            &who,
            f.one("email"),
            f.one("name"),
            role,
            dept,
        )
        .await?;
        shown_once(&state, console, user, password).await
    })
    .await
}

/// One account's form: `action` is `save` (role and department), `disable`, `enable` or
/// `reset` (a new temporary password, shown once).
pub async fn update(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let console = &console;
    console_post(console, pairs, |f| async move {
        let who = console.staff.admin()?;
        let id: UserId = crate::routes::api::parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        match f.one("action") {
            "disable" => {
                users::set_disabled(&state.services, &who, id, true).await?;
            }
            "enable" => {
                users::set_disabled(&state.services, &who, id, false).await?;
            }
            "reset" => {
                let password = users::reset_password(&state.services, &who, id).await?;
                let user = users::list(&state.services, &who)
                    .await?
                    .into_iter()
                    .find(|u| u.id == id)
                    .ok_or(ServiceError::NotFound)?;
                return shown_once(&state, console, user, password).await;
            }
            _ => {
                let role: Role = f.one("role").parse()?;
                let dept = Some(f.one("department")).filter(|d| !d.trim().is_empty());
                users::update(&state.services, &who, id, role, dept).await?;
            }
        }
        Ok(Redirect::to("/admin/users").into_response())
    })
    .await
}
