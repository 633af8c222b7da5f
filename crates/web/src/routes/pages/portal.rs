//! The candidate portal's page. The page itself is a shell; its script drives the
//! interview through the token-keyed JSON API, which holds all the rules.

use askama::Template;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::response::{IntoResponse, Response};
use kaoguan_domain::InterviewToken;

use super::render;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    token: String,
    lang: &'static str,
    csp_nonce: String,
}

pub async fn page(lang: Lang, Path(token): Path<String>) -> Response {
    // Only a well-formed token is echoed into the page; anything else gets a page whose
    // script reports the link as invalid.
    let token = token
        .parse::<InterviewToken>()
        .map(|t| t.expose().to_string())
        .unwrap_or_default();
    let page = render(&PortalPage {
        token,
        lang: lang.code(),
        csp_nonce: String::new(),
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
