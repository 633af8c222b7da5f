//! Who is calling: staff by bearer token (API) or session cookie (console), and which
//! language they read.

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use kaoguan_service::{auth, Staff};

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "kg_session";
pub const LANG_COOKIE: &str = "kg_lang";

/// A staff member authenticated by `Authorization: Bearer <token>`.
pub struct ApiStaff(pub Staff);

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send a valid API token as 'Authorization: Bearer <token>'",
            )
        };
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(unauthorized)?;
        let secret = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(unauthorized)?;
        match auth::api_token_staff(&state.services, secret.trim()).await? {
            Some(staff) => Ok(ApiStaff(staff)),
            None => Err(unauthorized()),
        }
    }
}

/// A staff member signed in to the console, with the CSRF token their forms must carry.
pub struct Console {
    pub staff: Staff,
    pub csrf: String,
    pub lang: Lang,
}

impl Console {
    /// The response refusing a form whose CSRF token does not match the session's, or
    /// `None` when it matches.
    pub fn csrf_rejection(&self, submitted: &str) -> Option<Response> {
        if constant_time_eq(submitted.as_bytes(), self.csrf.as_bytes()) {
            None
        } else {
            Some(
                (
                    StatusCode::FORBIDDEN,
                    "CSRF check failed; reload the page and try again",
                )
                    .into_response(),
            )
        }
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let lang = lang_of(parts);
        let to_login = || {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            Redirect::to(&format!("/login?next={}", urlencode(next))).into_response()
        };
        let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) else {
            return Err(to_login());
        };
        match auth::session_staff(&state.services, &secret).await {
            Ok(Some((staff, csrf))) => Ok(Console { staff, csrf, lang }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(crate::routes::pages::error_page(lang, &e)),
        }
    }
}

/// The reader's language: the cookie set by the switcher, else the browser's preference,
/// else Chinese.
pub fn lang_of(parts: &Parts) -> Lang {
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(l) = jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
        return l;
    }
    parts
        .headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|first| Lang::parse(first.split(';').next().unwrap_or("")))
        .unwrap_or(Lang::Zh)
}

impl FromRequestParts<AppState> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(lang_of(parts))
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Only same-site relative paths are followed after sign-in, so a crafted link cannot
/// bounce a user to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/jobs".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_same_site_only() {
        assert_eq!(safe_next(Some("/jobs/1")), "/jobs/1");
        assert_eq!(safe_next(Some("//evil.example")), "/jobs");
        assert_eq!(safe_next(Some("https://evil.example")), "/jobs");
        assert_eq!(safe_next(None), "/jobs");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert_eq!(urlencode("/a b?x=1"), "/a%20b%3Fx%3D1");
    }
}
