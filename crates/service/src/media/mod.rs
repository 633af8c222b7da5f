//! Recorded (voice and video) answers: resumable uploads keyed by the interview token,
//! encrypted storage of the recording, and the hand-off to transcription.
//!
//! An upload is a byte prefix that grows chunk by chunk. Each chunk is stored at once as
//! an encrypted object of its own, so no node keeps an upload in memory and any node can
//! take the next chunk; completing the upload streams the chunks, in order, into one
//! encrypted object and records it as the question's answer, atomically with the slot.
//!
//! Timing follows the text answers: uploads open, and chunks are taken, only while the
//! question's window (deadline + grace) is open. Completion may come up to
//! [`COMPLETE_ALLOWANCE_SECONDS`] after the window closes — the recorder stops at the
//! deadline, but its last request can lag on a slow network — and it records only bytes
//! that arrived in time, since later chunks were refused. An upload never completed is
//! kept as the answer when the slot closes ([`salvage`]).

mod assemble;
mod format;
pub mod playback;
mod recording;
mod salvage;
mod sweep;
pub mod transcription;
mod uploads;

pub use format::{MediaType, MediaTypeError};
pub use recording::{answer_with_recording, ChunkSource, RecordingOutcome};
pub(crate) use salvage::close_slot;
pub use sweep::{sweep_abandoned_uploads, Swept};
pub use transcription::{MediaInput, TranscriptResult, Transcription};
pub use uploads::{complete_upload, create_upload, put_chunk, upload_status, ChunkOutcome};

use kaoguan_domain::AnswerMode;
use kaoguan_store::{MediaAnswer, Upload, UploadState};
use serde::Serialize;
use utoipa::ToSchema;

/// How long after the answer window closes an upload may still be completed.
pub const COMPLETE_ALLOWANCE_SECONDS: i64 = 60;
/// Largest chunk one request may carry. The whole-recording endpoint cuts its body into
/// pieces of [`RECORDING_PIECE_BYTES`].
pub const MAX_CHUNK_BYTES: usize = 8 * 1024 * 1024;
pub const RECORDING_PIECE_BYTES: usize = 1024 * 1024;

/// An upload as the candidate's browser sees it, to resume after a dropped connection.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UploadView {
    pub upload_id: String,
    pub question_id: String,
    pub kind: AnswerMode,
    pub content_type: String,
    /// Bytes stored so far: the next chunk starts here.
    pub received: u64,
    pub max_bytes: u64,
    pub complete: bool,
}

impl From<&Upload> for UploadView {
    fn from(u: &Upload) -> Self {
        Self {
            upload_id: u.id.to_string(),
            question_id: u.question_id.to_string(),
            kind: u.kind,
            content_type: u.content_type.clone(),
            received: u64::try_from(u.received).unwrap_or(0),
            max_bytes: u64::try_from(u.max_bytes).unwrap_or(0),
            complete: u.state == UploadState::Complete,
        }
    }
}

/// A recorded answer as stored. The storage location stays internal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediaAnswerView {
    pub question_id: String,
    pub upload_id: String,
    pub kind: AnswerMode,
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the recording, hex.
    pub sha256: String,
    /// `pending`, `done` or `failed`.
    pub transcript_status: String,
    /// True when this answer had already been recorded (a retried request).
    pub duplicate: bool,
}

impl MediaAnswerView {
    fn new(a: &MediaAnswer, duplicate: bool) -> Self {
        Self {
            question_id: a.question_id.to_string(),
            upload_id: a.upload_id.to_string(),
            kind: a.kind,
            content_type: a.content_type.clone(),
            size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
            sha256: a.sha256.clone(),
            transcript_status: a.transcript_state.as_str().into(),
            duplicate,
        }
    }
}
