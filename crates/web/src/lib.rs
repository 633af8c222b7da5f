//! Kaoguan's HTTP layer: the JSON API under `/api/v1`, the HR console and the candidate
//! portal. Handlers parse input into domain types, call a service function and render
//! the result; they never touch SQL.

pub mod error;
pub mod extract;
pub mod i18n;
pub mod json;
pub mod routes;
pub mod state;

use std::future::Future;

use axum::extract::DefaultBodyLimit;
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// Largest request body accepted: answers are capped at 20,000 characters, so 1 MiB
/// leaves room for JSON overhead and rejects anything abusive early.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Unknown paths: JSON under `/api`, the console's error page (in the reader's language,
/// with a way back) everywhere else.
async fn not_found(req: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.uri().path().starts_with("/api/") || req.uri().path() == "/api" {
        return routes::api::not_found().await.into_response();
    }
    let (parts, _) = req.into_parts();
    routes::pages::error_page(
        extract::lang_of(&parts),
        &kaoguan_service::ServiceError::NotFound,
    )
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/static/{name}", get(routes::assets::serve))
        .merge(routes::pages::router())
        .merge(routes::api::router())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Candidate links carry their token in the path; never leak it to other sites.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The path may hold a candidate's token: log the route template instead.
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "unmatched".into());
                tracing::info_span!("http", method = %req.method(), route = %route)
            }),
        )
        .with_state(state)
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (StatusCode, &'static str) {
    match kaoguan_service::applications::pending_tasks(&state.services).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Serves the app on `listener` until `shutdown` resolves, then drains connections.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read the source directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Handlers go through the services, which apply the caller's scope; none reaches the
    /// store itself (a read that skipped the scope would show another department's
    /// candidates).
    #[test]
    fn handlers_never_reach_the_store() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 10, "found the sources");
        // Built at run time, so this file does not match itself.
        let needle = [".", "store", "."].concat();
        let mut offenders = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            let compact: String = text.split_whitespace().collect();
            if compact.contains(&needle) {
                offenders.push(f.display().to_string());
            }
        }
        assert!(offenders.is_empty(), "store reached from {offenders:?}");
    }
}
