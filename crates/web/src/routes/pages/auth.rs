//! Sign-in, sign-out and the language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use kaoguan_domain::InterviewToken;
use kaoguan_service::{auth, ServiceError};
use serde::Deserialize;

use super::{error_page, render};
use crate::extract::{constant_time_eq, safe_next, Console, LANG_COOKIE, SESSION_COOKIE};
use crate::i18n::Lang;
use crate::state::AppState;

/// Double-submit token for the sign-in form, which has no session to hold one yet.
const LOGIN_CSRF_COOKIE: &str = "kg_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    csrf: String,
    next: String,
    failed: bool,
    email: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .build()
}

fn login_form(
    state: &AppState,
    jar: CookieJar,
    lang: Lang,
    next: String,
    failed: bool,
    email: String,
) -> Response {
    let csrf = InterviewToken::generate().expose().to_string();
    let jar = jar.add(cookie(state, LOGIN_CSRF_COOKIE, csrf.clone()));
    let mut response = render(&LoginPage {
        lang,
        csrf,
        next,
        failed,
        email,
    });
    if failed {
        *response.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
    }
    (jar, response).into_response()
}

pub async fn login_page(
    State(state): State<AppState>,
    lang: Lang,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> Response {
    login_form(
        &state,
        jar,
        lang,
        safe_next(q.next.as_deref()),
        false,
        String::new(),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = jar
        .get(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let next = safe_next(form.next.as_deref());
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return login_form(&state, jar, lang, next, true, form.email);
    }
    match auth::sign_in(&state.services, &form.email, &form.password).await {
        Ok(signed_in) => {
            let mut session = cookie(&state, SESSION_COOKIE, signed_in.session_secret);
            session.set_max_age(time_hours(state.services.settings.session_hours));
            let jar = jar.remove(Cookie::from(LOGIN_CSRF_COOKIE)).add(session);
            (jar, Redirect::to(&next)).into_response()
        }
        Err(ServiceError::Unauthorized) => {
            tracing::info!("failed sign-in attempt");
            login_form(&state, jar, lang, next, true, form.email)
        }
        Err(e) => error_page(lang, &e),
    }
}

fn time_hours(h: u32) -> cookie_time::Duration {
    cookie_time::Duration::hours(i64::from(h))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    console: Console,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = console.csrf_rejection(&form.csrf) {
        return r;
    }
    if let Some(c) = jar.get(SESSION_COOKIE) {
        if let Err(e) = auth::sign_out(&state.services, c.value()).await {
            return error_page(console.lang, &e);
        }
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/").build());
    (jar, Redirect::to("/login")).into_response()
}

/// Sets the language cookie and goes back where the reader came from.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or(Lang::Zh);
    let mut c = cookie(&state, LANG_COOKIE, lang.code().to_string());
    c.set_max_age(time_hours(24 * 365));
    // Prefer an explicit `next`; fall back to the same-site part of the Referer.
    let back = q.next.or_else(|| {
        headers
            .get(axum::http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
            .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
    });
    (jar.add(c), Redirect::to(&safe_next(back.as_deref()))).into_response()
}
