//! The candidate portal's page. The page itself is a shell; its script drives the
//! interview through the token-keyed JSON API, which holds all the rules.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::response::{IntoResponse, Response};
use kaoguan_domain::{InterviewToken, Language};
use kaoguan_service::interview;

use super::render;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    token: String,
    lang: &'static str,
}

pub async fn page(
    State(state): State<AppState>,
    browser_lang: Lang,
    Path(token): Path<String>,
) -> Response {
    // Only a well-formed token is echoed into the page; anything else gets a page whose
    // script reports the link as invalid.
    let token = token
        .parse::<InterviewToken>()
        .map(|t| t.expose().to_string())
        .unwrap_or_default();
    // The interview's own language comes first: a candidate invited to a Chinese
    // interview reads Chinese even if their phone is set to English. The page's switch
    // remembers an explicit choice.
    let lang = match interview::state(&state.services, &token).await {
        Ok(s) => match s.language {
            Language::Zh => Lang::Zh,
            Language::En => Lang::En,
        },
        Err(_) => browser_lang,
    };
    let page = render(&PortalPage {
        token,
        lang: lang.code(),
    });
    (
        [
            (CACHE_CONTROL, "no-store"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        page,
    )
        .into_response()
}
