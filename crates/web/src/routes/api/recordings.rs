//! Recorded answers played back to reviewers: the API endpoint (bearer) here, and the
//! byte-range response shared with the console's own route, which the report page's
//! player uses with the session cookie.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kaoguan_domain::{ApplicationId, QuestionId};
use kaoguan_service::media::playback::{self, Recording};
use kaoguan_service::Services;

use super::parse_id;
use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::state::AppState;

/// What a `Range` header asks of a body of some length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No header, or one we do not honour (another unit, several ranges, bad syntax),
    /// which RFC 9110 lets a server ignore: send the whole body.
    Whole,
    /// First and last byte, inclusive, both within the body.
    Part(u64, u64),
    /// A well-formed range wholly past the end (416).
    Unsatisfiable,
}

pub fn byte_range(header: Option<&str>, len: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return ByteRange::Whole;
    };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // A suffix: the last N bytes.
        let Ok(n) = last.parse::<u64>() else {
            return ByteRange::Whole;
        };
        if n == 0 || len == 0 {
            return ByteRange::Unsatisfiable;
        }
        return ByteRange::Part(len.saturating_sub(n), len - 1);
    }
    let Ok(first) = first.parse::<u64>() else {
        return ByteRange::Whole;
    };
    let last = if last.is_empty() {
        u64::MAX
    } else {
        match last.parse::<u64>() {
            Ok(l) if l >= first => l,
            _ => return ByteRange::Whole,
        }
    };
    if first >= len {
        return ByteRange::Unsatisfiable;
    }
    ByteRange::Part(first, last.min(len - 1))
}

/// The decrypted bytes `first..first + len` of the recording as a streamed body.
fn body(services: &Services, rec: &Recording, first: u64, len: u64) -> Body {
    let rx = rec.stream(services, first, len);
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|piece| (piece, rx))
    }))
}

/// The recording, or the requested part of it, with the headers a media element needs
/// to seek: `Accept-Ranges`, `Content-Range` on 206, and a length that matches the body.
pub fn media_response(services: &Services, rec: Recording, headers: &HeaderMap) -> Response {
    let len = rec.size;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let content_type = HeaderValue::from_str(&rec.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let common = [
        (header::ACCEPT_RANGES, HeaderValue::from_static("bytes")),
        // Candidate recordings are personal data: never kept by shared caches.
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ),
    ];
    match byte_range(range, len) {
        ByteRange::Whole => (
            StatusCode::OK,
            common,
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_LENGTH, HeaderValue::from(len)),
            ],
            body(services, &rec, 0, len),
        )
            .into_response(),
        ByteRange::Part(first, last) => {
            // Both ends lie within the body: `byte_range` clamps them to `len - 1`.
            let part = last - first + 1;
            let content_range = format!("bytes {first}-{last}/{len}");
            (
                StatusCode::PARTIAL_CONTENT,
                common,
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CONTENT_RANGE,
                        HeaderValue::from_str(&content_range)
                            .unwrap_or(HeaderValue::from_static("bytes */0")),
                    ),
                    (header::CONTENT_LENGTH, HeaderValue::from(part)),
                ],
                body(services, &rec, first, part),
            )
                .into_response()
        }
        ByteRange::Unsatisfiable => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            common,
            [(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}"))
                    .unwrap_or(HeaderValue::from_static("bytes */0")),
            )],
        )
            .into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/applications/{id}/answers/{question_id}/recording", tag = "applications",
    params(("id" = String, Path, description = "application id"),
        ("question_id" = String, Path, description = "a question answered with a recording"),
        ("Range" = Option<String>, Header, description = "one byte range, e.g. bytes=0-1023")),
    responses((status = 200, description = "the whole recording, decrypted, in its own format", content_type = "audio/*"),
        (status = 206, description = "the requested byte range, with Content-Range"),
        (status = 416, description = "the range lies past the end"),
        (status = 404, description = "no such application in your organisation, or no recording for this question", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_recording(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, question_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id: ApplicationId = parse_id(&id)?;
    let question: QuestionId = parse_id(&question_id)?;
    let rec = playback::recording(&state.services, &staff, id, question).await?;
    Ok(media_response(&state.services, rec, &headers))
}

#[cfg(test)]
mod tests {
    use super::{byte_range, ByteRange};

    #[test]
    fn ranges_resolve_against_the_length() {
        use ByteRange::*;
        assert_eq!(byte_range(None, 100), Whole);
        assert_eq!(byte_range(Some("bytes=0-9"), 100), Part(0, 9));
        assert_eq!(byte_range(Some("bytes=90-"), 100), Part(90, 99));
        assert_eq!(byte_range(Some("bytes=90-500"), 100), Part(90, 99));
        assert_eq!(byte_range(Some("bytes=-10"), 100), Part(90, 99));
        assert_eq!(byte_range(Some("bytes=-500"), 100), Part(0, 99));
        assert_eq!(byte_range(Some("bytes=100-"), 100), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-0"), 100), Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-"), 0), Unsatisfiable);
        // Not honoured, so the whole body: other units, several ranges, nonsense.
        for h in [
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=5-1",
            "bytes=a-b",
            "bytes",
        ] {
            assert_eq!(byte_range(Some(h), 100), Whole, "{h}");
        }
    }
}
