//! Static files, compiled into the binary so one file is the whole product.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &str)] = &[
    (
        "console.css",
        "text/css; charset=utf-8",
        include_str!("../../static/console.css"),
    ),
    (
        "portal.css",
        "text/css; charset=utf-8",
        include_str!("../../static/portal.css"),
    ),
    (
        "portal.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/portal.js"),
    ),
    (
        "portal-signals.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/portal-signals.js"),
    ),
    (
        "portal-devices.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/portal-devices.js"),
    ),
    (
        "portal-pcm-worklet.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/portal-pcm-worklet.js"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/console.js"),
    ),
];

/// Third-party files, unchanged (see static/vendor/README.md): the face detector the
/// portal loads only for jobs that opted in to face counting.
const VENDOR: &[(&str, &str, &[u8])] = &[
    (
        "face-api.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/vendor/face-api.js"),
    ),
    (
        "tiny_face_detector_model-weights_manifest.json",
        "application/json",
        include_bytes!("../../static/vendor/tiny_face_detector_model-weights_manifest.json"),
    ),
    (
        "tiny_face_detector_model.bin",
        "application/octet-stream",
        include_bytes!("../../static/vendor/tiny_face_detector_model.bin"),
    ),
];

pub async fn serve(Path(name): Path<String>) -> Response {
    let found = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, mime, body)| (*mime, body.as_bytes()))
        .or_else(|| {
            VENDOR
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, mime, body)| (*mime, *body))
        });
    match found {
        Some((mime, body)) => (
            [(CONTENT_TYPE, mime), (CACHE_CONTROL, "public, max-age=300")],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
