//! Integrity counts from the candidate's browser, keyed by the interview token (no bearer).
//!
//! The portal sends them with `fetch` while the page is open and with
//! `navigator.sendBeacon` when it is being closed. A beacon cannot carry
//! `application/json` (Chromium refuses non-CORS-safelisted types there), so this one
//! endpoint also takes the same JSON as `text/plain`. Neither is a cross-site risk: the
//! token in the path is the only credential, and no cookie is involved.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use kaoguan_domain::{FaceCounts, IntegrityCounts, QuestionId};
use kaoguan_service::integrity::{self, BrowserSignals};
use serde::Deserialize;
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::state::AppState;

/// Counts are a few numbers: a larger body is not one of ours.
const MAX_BODY_BYTES: usize = 4 * 1024;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaceCountsInput {
    /// Frames the face detector checked on the device.
    pub checks: i64,
    /// Frames with no face.
    pub no_face: i64,
    /// Frames with more than one face.
    pub multiple_faces: i64,
}

/// Everything the browser counted during one question so far; replaces earlier counts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegrityInput {
    /// Paste events into the answer box.
    pub paste_events: i64,
    /// Characters those pastes carried.
    pub pasted_chars: i64,
    /// Switches to another tab or app (page hidden or window blurred, counted once).
    pub focus_losses: i64,
    /// Total time away, whole seconds.
    pub away_seconds: i64,
    /// Only when a face detector ran (video answers, opt-in per job).
    #[serde(default)]
    pub faces: Option<FaceCountsInput>,
}

impl IntegrityInput {
    fn parse(self) -> Result<IntegrityCounts, kaoguan_domain::DomainError> {
        let faces = self
            .faces
            .map(|f| FaceCounts::parse(f.checks, f.no_face, f.multiple_faces))
            .transpose()?;
        IntegrityCounts::parse(
            self.paste_events,
            self.pasted_chars,
            self.focus_losses,
            self.away_seconds,
            faces,
        )
    }
}

fn json_or_text(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| matches!(mime.trim(), "application/json" | "text/plain"))
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/answers/{question_id}/integrity", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"),
        ("question_id" = String, Path, description = "a question the candidate was shown")),
    request_body(content = IntegrityInput, content_type = "application/json",
        description = "the counts so far (also accepted as text/plain, for navigator.sendBeacon); shown to reviewers, never scored"),
    responses((status = 200, description = "stored, replacing earlier counts for this question", body = BrowserSignals),
        (status = 409, description = "deadline_passed (after the question's deadline + grace), question_not_started", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
        (status = 422, description = "a count that is negative, too large or contradicts another", body = ProblemBody),
        (status = 404, body = ProblemBody)))]
pub async fn report_counts(
    State(state): State<AppState>,
    Path((token, question_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<BrowserSignals>> {
    let question: QuestionId = parse_id(&question_id)?;
    if !json_or_text(&headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the counts as application/json",
        ));
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the request body is too large",
            )
        })?;
    let input: IntegrityInput = crate::json::parse(&bytes)?;
    let counts = input.parse()?;
    Ok(Json(
        integrity::record(&state.services, &token, question, counts).await?,
    ))
}
