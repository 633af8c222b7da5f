//! The server-rendered HR console and the candidate portal page.

mod apply;
mod assign;
mod auth;
mod board;
mod candidates;
mod errors;
mod evidence;
mod form;
mod imports;
mod invite;
mod jobs;
mod model;
mod org;
mod pipeline;
mod portal;
mod questions;
mod report;
mod resume_card;
mod resumes;
mod rules;
mod scorecard;
mod todo;
mod users;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use kaoguan_service::ServiceError;

use crate::error::classify;
use crate::extract::Console;
use crate::i18n::Lang;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/jobs") }))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(auth::switch_language))
        .route("/jobs", get(jobs::list).post(jobs::create))
        .route("/todo", get(todo::page))
        .route("/jobs/new", get(jobs::new_page))
        .route("/jobs/{id}", get(jobs::detail))
        .route("/jobs/{id}/details", post(jobs::update_details))
        .route("/jobs/{id}/face-detection", post(jobs::set_face_detection))
        .route("/jobs/{id}/bands", post(jobs::set_band_thresholds))
        .route("/jobs/{id}/link-days", post(jobs::set_link_days))
        .route("/jobs/{id}/pipeline", post(jobs::set_pipeline))
        .route("/admin/settings", get(org::page).post(org::save))
        .route("/jobs/{id}/status", post(jobs::set_status))
        .route("/jobs/{id}/copy", post(jobs::copy))
        .route("/jobs/{id}/rules", get(rules::edit_page).post(rules::save))
        .route(
            "/jobs/{id}/resumes",
            get(resumes::page)
                .post(resumes::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    kaoguan_service::intake::MAX_UPLOAD_BYTES,
                )),
        )
        .route(
            "/jobs/{id}/imports",
            post(imports::upload).layer(axum::extract::DefaultBodyLimit::max(
                kaoguan_resume::table::MAX_TABLE_BYTES + 64 * 1024,
            )),
        )
        .route("/jobs/{id}/imports/{import}", get(imports::page))
        .route("/jobs/{id}/imports/{import}/commit", post(imports::commit))
        .route("/jobs/{id}/screening", post(resumes::save_rule))
        .route("/jobs/{id}/apply-page", post(resumes::set_apply_page))
        .route("/applications/{id}/resume", post(resumes::correct))
        .route("/applications/{id}/screening", post(resumes::rescreen))
        .route("/reviews", get(rules::queue))
        .route("/candidates", get(candidates::page))
        .route("/jobs/{id}/board", get(board::page))
        .route("/jobs/{id}/board/move", post(board::move_card))
        .route("/jobs/{id}/board/bulk", post(board::bulk))
        .route("/jobs/{id}/compare", get(board::compare))
        .route("/admin/users", get(users::page).post(users::invite))
        .route("/admin/users/{id}", post(users::update))
        .route("/reviews/{id}", post(rules::decide))
        .route("/jobs/{id}/model", get(model::edit_page).post(model::save))
        .route(
            "/jobs/{id}/questions/new",
            get(questions::new_page).post(questions::create),
        )
        .route(
            "/jobs/{id}/questions/{qid}",
            get(questions::edit_page).post(questions::update),
        )
        .route(
            "/jobs/{id}/questions/{qid}/archive",
            post(questions::archive),
        )
        .route("/jobs/{id}/invitations", post(invite::create))
        .route("/jobs/{id}/invitations/merge", post(invite::merge))
        .route("/jobs/{id}/calibrations", post(jobs::calibrate))
        .route(
            "/jobs/{id}/calibrations/{version}/publish",
            post(jobs::publish_calibration),
        )
        .route("/applications/{id}", get(report::page))
        .route("/applications/{id}/ratings", post(report::rate))
        .route("/applications/{id}/decision", post(report::decide))
        .route("/applications/{id}/link", post(report::renew_link))
        .route(
            "/applications/{id}/assignments",
            post(assign::for_application),
        )
        .route("/applications/{id}/scorecard", post(scorecard::submit))
        .route("/applications/{id}/comments", post(scorecard::comment))
        .route("/jobs/{id}/assignments", post(assign::for_job))
        .route("/assignments/{id}/remove", post(assign::remove))
        .route("/applications/{id}/link/revoke", post(report::revoke_link))
        .route(
            "/applications/{id}/answers/{question_id}/recording",
            get(report::recording),
        )
        .route("/i/{token}", get(portal::page))
        .route(
            "/apply/{id}",
            get(apply::show)
                .post(apply::submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    kaoguan_resume::MAX_FILE_BYTES + 64 * 1024,
                )),
        )
}

/// What every console page shows around its content: language, user, CSRF token, zone.
pub struct Chrome {
    pub lang: Lang,
    pub user_name: String,
    pub role_key: String,
    pub csrf: String,
    pub tz: chrono_tz::Tz,
    pub org_name: String,
    pub can_edit: bool,
    /// Admins see the accounts screen.
    pub is_admin: bool,
}

impl Chrome {
    pub async fn of(state: &AppState, console: &Console) -> Result<Self, Response> {
        let org = kaoguan_service::applications::organisation(&state.services, &console.staff)
            .await
            .map_err(|e| error_page(console.lang, &e))?;
        Ok(Self {
            lang: console.lang,
            user_name: console.staff.user.display_name.clone(),
            role_key: format!("role.{}", console.staff.role().as_str()),
            csrf: console.csrf.clone(),
            tz: org.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai),
            org_name: org.name,
            can_edit: console.staff.role().manages_recruiting(),
            is_admin: console.staff.role() == kaoguan_domain::Role::Admin,
        })
    }

    /// A UTC instant in the organisation's time zone.
    pub fn time(&self, t: &DateTime<Utc>) -> String {
        t.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }

    /// A role's name in the page's language.
    pub fn role_name(&self, role: &kaoguan_domain::Role) -> String {
        self.lang.t(&format!("role.{}", role.as_str())).to_string()
    }
}

pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: Lang,
    message: &'a str,
    detail: String,
}

pub fn error_page(lang: Lang, e: &ServiceError) -> Response {
    let (status, ..) = classify(e);
    let (key, detail) = match e {
        ServiceError::NotFound => ("error.not_found", String::new()),
        ServiceError::Forbidden | ServiceError::Unauthorized => ("error.forbidden", String::new()),
        ServiceError::Invalid(d) => ("error.invalid", errors::invalid(lang, d)),
        ServiceError::Conflict { code, .. } => ("error.conflict", errors::conflict(lang, code)),
        ServiceError::Internal(_) => ("error.internal", String::new()),
    };
    let mut response = render(&ErrorPage {
        lang,
        message: lang.t(key),
        detail,
    });
    *response.status_mut() = status;
    response
}

/// Runs a page handler body and turns its service error into the error page.
pub fn page_result(lang: Lang, r: Result<Response, ServiceError>) -> Response {
    r.unwrap_or_else(|e| error_page(lang, &e))
}

/// A job's stages as a console page names them: the job's own names, or the default
/// pipeline's in the page's language. Built once per page.
pub struct StageNames {
    pipeline: kaoguan_domain::Pipeline,
    language: kaoguan_domain::Language,
}

impl StageNames {
    pub fn of(job: &kaoguan_store::Job, lang: Lang) -> Self {
        let language = lang.language();
        Self {
            pipeline: job
                .pipeline
                .clone()
                .unwrap_or_else(|| kaoguan_domain::Pipeline::default_for(language)),
            language,
        }
    }

    pub fn pipeline(&self) -> &kaoguan_domain::Pipeline {
        &self.pipeline
    }

    pub fn name(&self, key: &kaoguan_domain::StageKey) -> String {
        self.pipeline.name_of(key, self.language)
    }
}

/// A console form post: the CSRF token is checked first, then `act` runs; a service error
/// becomes the error page in the reader's language.
pub async fn console_post<Fut>(
    console: &Console,
    pairs: Vec<(String, String)>,
    act: impl FnOnce(form::FormFields) -> Fut,
) -> Response
where
    Fut: std::future::Future<Output = Result<Response, ServiceError>>,
{
    let f = form::FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(f.one("csrf")) {
        return r;
    }
    page_result(console.lang, act(f).await)
}

/// A recruiter's form post about one record: as [`console_post`], and the record's id is
/// parsed (a malformed one is "not found") and the recruiting role is required before
/// `act` runs.
pub async fn recruiter_post<I, Fut>(
    console: &Console,
    id: &str,
    pairs: Vec<(String, String)>,
    act: impl FnOnce(kaoguan_service::Recruiter, I, form::FormFields) -> Fut,
) -> Response
where
    I: std::str::FromStr<Err = kaoguan_domain::DomainError>,
    Fut: std::future::Future<Output = Result<Response, ServiceError>>,
{
    console_post(console, pairs, |f| async move {
        let id = crate::routes::api::parse_id::<I>(id).map_err(|_| ServiceError::NotFound)?;
        act(console.staff.recruiter()?, id, f).await
    })
    .await
}
