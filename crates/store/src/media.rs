//! Records of recorded answers: upload sessions and their chunks, the finished media
//! answers, and their transcripts. The media bytes themselves live in the object store;
//! these records hold keys, sizes and SHA-256 digests (hex).

use chrono::{DateTime, Utc};
use kaoguan_domain::{AnswerMode, ApplicationId, OrgId, QuestionId, UploadId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadState {
    /// Taking chunks.
    Open,
    /// Assembled and recorded as the answer; takes no more chunks.
    Complete,
}

impl UploadState {
    pub fn as_str(&self) -> &'static str {
        match self {
            UploadState::Open => "open",
            UploadState::Complete => "complete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(UploadState::Open),
            "complete" => Some(UploadState::Complete),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewUpload {
    pub id: UploadId,
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    /// `Audio` or `Video`.
    pub kind: AnswerMode,
    pub content_type: String,
    pub max_bytes: i64,
}

/// A resumable upload of one recording, received as a prefix of bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub id: UploadId,
    pub org_id: OrgId,
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub kind: AnswerMode,
    pub content_type: String,
    pub max_bytes: i64,
    /// Bytes stored so far; the next chunk must start here.
    pub received: i64,
    pub state: UploadState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One stored piece of an upload, kept as its own object until the upload completes.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadChunk {
    pub upload_id: UploadId,
    pub offset: i64,
    pub length: i64,
    pub sha256: String,
    pub object_key: String,
    pub created_at: DateTime<Utc>,
}

/// What [`crate::MediaStore::append_chunk`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum AppendOutcome {
    /// The chunk was the next one: stored, and the upload now stands as returned.
    Appended(Upload),
    /// Nothing stored: the upload is not open, the chunk does not start at `received`, or
    /// it would pass `max_bytes`. The upload as it stands, for the caller to explain.
    Rejected(Upload),
}

#[derive(Debug, Clone)]
pub struct NewMediaAnswer {
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub upload_id: UploadId,
    pub kind: AnswerMode,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub object_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscriptState {
    /// Waiting for (or in) transcription.
    Pending,
    Done,
    /// Could not be transcribed; the answer counts as unanswered, with the reason.
    Failed,
}

impl TranscriptState {
    pub fn as_str(&self) -> &'static str {
        match self {
            TranscriptState::Pending => "pending",
            TranscriptState::Done => "done",
            TranscriptState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(TranscriptState::Pending),
            "done" => Some(TranscriptState::Done),
            "failed" => Some(TranscriptState::Failed),
            _ => None,
        }
    }
}

/// A transcription's result. Segments and delivery measures are JSON whose shape belongs
/// to the service layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub text: String,
    pub language: String,
    pub segments: serde_json::Value,
    pub delivery: serde_json::Value,
}

/// A recorded answer to one question, with its transcript once there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaAnswer {
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub upload_id: UploadId,
    pub kind: AnswerMode,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub object_key: String,
    pub created_at: DateTime<Utc>,
    pub transcript_state: TranscriptState,
    pub transcript: Option<Transcript>,
    pub transcript_error: Option<String>,
    pub transcribed_at: Option<DateTime<Utc>>,
}
