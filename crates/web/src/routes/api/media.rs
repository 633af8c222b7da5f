//! Recorded answers from the candidate's side, keyed by the interview token (no bearer):
//! a resumable chunked upload, and a whole recording in one request for integrations.
//!
//! Bodies are read here with limits of our own rather than the app-wide 1 MiB limit: a
//! chunk may hold up to 8 MiB, and a whole recording is streamed through in 1 MiB pieces
//! so it never sits in memory whole.

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt;
use kaoguan_domain::{QuestionId, UploadId};
use kaoguan_service::media::{
    self, ChunkOutcome, ChunkSource, MediaAnswerView, MediaType, RecordingOutcome, UploadView,
    MAX_CHUNK_BYTES, RECORDING_PIECE_BYTES,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiError, ApiResult, Problem, ProblemBody};
use crate::json::JsonBody;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUploadInput {
    /// The recorder's format, e.g. `audio/webm;codecs=opus`, `audio/mp4`, `video/webm`.
    pub content_type: String,
}

/// 409 for a chunk that does not fit: resume from `expected_offset`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OffsetConflict {
    pub error: Problem,
    /// Bytes received so far: where the next chunk must start.
    pub expected_offset: u64,
}

fn media_type(raw: &str) -> Result<MediaType, ApiError> {
    raw.parse().map_err(|e: media::MediaTypeError| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            e.to_string(),
        )
        .with_field("content_type")
    })
}

fn too_large(max_bytes: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!(
            "the recording would exceed the limit of {} MB",
            max_bytes / (1024 * 1024)
        ),
    )
}

fn unreadable() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unreadable_body",
        "the request body could not be read",
    )
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/answers/{question_id}/uploads", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"),
        ("question_id" = String, Path, description = "the question currently shown")),
    request_body = CreateUploadInput,
    responses((status = 201, description = "an upload to send chunks to", body = UploadView),
        (status = 409, description = "deadline_passed, already_answered, question_not_started", body = ProblemBody),
        (status = 415, description = "not a supported audio or video format", body = ProblemBody),
        (status = 422, description = "the question does not take this kind of answer", body = ProblemBody),
        (status = 404, body = ProblemBody)))]
pub async fn create_upload(
    State(state): State<AppState>,
    Path((token, question_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<CreateUploadInput>,
) -> ApiResult<(StatusCode, Json<UploadView>)> {
    let question: QuestionId = parse_id(&question_id)?;
    let kind = media_type(&body.content_type)?;
    let upload = media::create_upload(&state.services, &token, question, &kind).await?;
    Ok((StatusCode::CREATED, Json(upload)))
}

fn offset_param(query: Option<String>) -> Result<u64, ApiError> {
    let invalid = || {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "give the chunk's byte offset as ?offset=N",
        )
        .with_field("offset")
    };
    query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("offset="))
        .ok_or_else(invalid)?
        .parse()
        .map_err(|_| invalid())
}

#[utoipa::path(put, path = "/api/v1/interview/{token}/uploads/{upload_id}", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"),
        ("upload_id" = String, Path),
        ("offset" = u64, Query, description = "byte offset of this chunk in the recording")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "the chunk's bytes, at most 8 MiB; resending a stored chunk unchanged is a no-op"),
    responses((status = 200, description = "stored (or already stored)", body = UploadView),
        (status = 409, description = "offset_mismatch (resume from expected_offset), deadline_passed, upload_complete", body = OffsetConflict),
        (status = 413, description = "the recording would exceed the upload limit", body = ProblemBody),
        (status = 404, body = ProblemBody)))]
pub async fn put_chunk(
    State(state): State<AppState>,
    Path((token, upload_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    body: Body,
) -> ApiResult<Response> {
    let id: UploadId = parse_id(&upload_id)?;
    let offset = offset_param(query)?;
    let bytes = axum::body::to_bytes(body, MAX_CHUNK_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "chunk_too_large",
                format!(
                    "a chunk may hold at most {} MiB",
                    MAX_CHUNK_BYTES / (1024 * 1024)
                ),
            )
        })?;
    let outcome = media::put_chunk(&state.services, &token, id, offset, bytes.to_vec()).await?;
    Ok(match outcome {
        ChunkOutcome::Stored { upload, .. } => Json(upload).into_response(),
        ChunkOutcome::OffsetMismatch { expected } => (
            StatusCode::CONFLICT,
            Json(OffsetConflict {
                error: Problem {
                    code: "offset_mismatch".into(),
                    message: format!(
                        "this chunk does not continue the upload; send bytes from offset {expected}"
                    ),
                    field: Some("offset".into()),
                },
                expected_offset: expected,
            }),
        )
            .into_response(),
        ChunkOutcome::TooLarge { max_bytes } => too_large(max_bytes).into_response(),
    })
}

#[utoipa::path(get, path = "/api/v1/interview/{token}/uploads/{upload_id}", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"), ("upload_id" = String, Path)),
    responses((status = 200, description = "how far the upload got, to resume after a dropped connection", body = UploadView),
        (status = 404, body = ProblemBody)))]
pub async fn get_upload(
    State(state): State<AppState>,
    Path((token, upload_id)): Path<(String, String)>,
) -> ApiResult<Json<UploadView>> {
    let id: UploadId = parse_id(&upload_id)?;
    Ok(Json(
        media::upload_status(&state.services, &token, id).await?,
    ))
}

fn recorded(answer: MediaAnswerView) -> (StatusCode, Json<MediaAnswerView>) {
    let status = if answer.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, Json(answer))
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/uploads/{upload_id}/complete", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"), ("upload_id" = String, Path)),
    responses((status = 201, description = "recorded as the question's answer; transcription is queued", body = MediaAnswerView),
        (status = 200, description = "already completed: the same answer (duplicate = true)", body = MediaAnswerView),
        (status = 409, description = "deadline_passed (more than 60 s after deadline + grace), already_answered", body = ProblemBody),
        (status = 422, description = "nothing was uploaded", body = ProblemBody),
        (status = 404, body = ProblemBody)))]
pub async fn complete_upload(
    State(state): State<AppState>,
    Path((token, upload_id)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<MediaAnswerView>)> {
    let id: UploadId = parse_id(&upload_id)?;
    Ok(recorded(
        media::complete_upload(&state.services, &token, id).await?,
    ))
}

/// The request body in pieces of [`RECORDING_PIECE_BYTES`].
struct BodyPieces {
    body: Body,
    buf: Vec<u8>,
    ended: bool,
}

impl ChunkSource for BodyPieces {
    async fn next_piece(&mut self) -> Result<Option<Vec<u8>>, String> {
        while !self.ended && self.buf.len() < RECORDING_PIECE_BYTES {
            match self.body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buf.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) => return Err(e.to_string()),
                None => self.ended = true,
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let rest = self
            .buf
            .split_off(self.buf.len().min(RECORDING_PIECE_BYTES));
        Ok(Some(std::mem::replace(&mut self.buf, rest)))
    }
}

#[utoipa::path(post, path = "/api/v1/interview/{token}/answers/{question_id}/media", tag = "interview",
    params(("token" = String, Path, description = "the candidate's token"),
        ("question_id" = String, Path, description = "the question currently shown")),
    request_body(content = Vec<u8>, content_type = "audio/*",
        description = "the whole recording; Content-Type audio/webm, audio/ogg, audio/mp4, audio/wav, audio/mpeg, video/webm or video/mp4"),
    responses((status = 201, description = "recorded as the question's answer; transcription is queued", body = MediaAnswerView),
        (status = 200, description = "the same recording was already recorded (duplicate = true)", body = MediaAnswerView),
        (status = 409, description = "deadline_passed, already_answered, question_not_started", body = ProblemBody),
        (status = 413, description = "larger than the upload limit", body = ProblemBody),
        (status = 415, description = "not a supported audio or video format", body = ProblemBody),
        (status = 422, description = "empty, or the question does not take this kind of answer", body = ProblemBody),
        (status = 404, body = ProblemBody)))]
pub async fn post_recording(
    State(state): State<AppState>,
    Path((token, question_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let question: QuestionId = parse_id(&question_id)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let kind = media_type(content_type)?;
    let mut pieces = BodyPieces {
        body,
        buf: Vec::new(),
        ended: false,
    };
    let outcome =
        media::answer_with_recording(&state.services, &token, question, &kind, &mut pieces).await;
    Ok(match outcome {
        Ok(RecordingOutcome::Recorded(answer)) => recorded(answer).into_response(),
        Ok(RecordingOutcome::TooLarge { max_bytes }) => too_large(max_bytes).into_response(),
        Err(kaoguan_service::ServiceError::Invalid(e)) if e.field == "body" && !pieces.ended => {
            tracing::debug!("recording body ended early");
            unreadable().into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    })
}
