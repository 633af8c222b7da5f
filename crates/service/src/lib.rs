//! Kaoguan's use cases. Web handlers, CLI subcommands and background workers call these
//! functions; they parse nothing from the wire and know nothing of HTTP or SQL.

pub mod access;
pub mod applications;
pub mod assignments;
pub mod auth;
pub mod calibration;
pub mod clock;
pub mod comments;
pub mod compare;
pub mod decisions;
pub mod error;
pub mod events;
pub mod external_reading;
pub mod intake;
pub mod integrity;
pub mod interview;
pub mod invitations;
pub mod jobs;
pub mod llm_feedback;
pub mod media;
pub mod org;
pub mod ratings;
pub mod report;
pub mod resume_match;
pub mod reviews;
pub mod rules;
pub mod scorecards;
pub mod scoring;
pub mod screening;
pub mod tasks;
pub mod users;

pub use access::{Admin, Recruiter, Scope, Staff};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ServiceError, ServiceResult};

use std::sync::Arc;

use kaoguan_scoring::Scorer;
use kaoguan_store::Store;

/// Settings the use cases need, from the server's configuration.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    /// Base URL candidates' links are built on, e.g. `https://hr.example.com`.
    pub public_url: String,
    /// Seconds an answer may arrive after its deadline, for network latency.
    pub answer_grace_seconds: u32,
    /// How long a console session lasts.
    pub session_hours: u32,
    /// Largest recording one answer may upload.
    pub media_max_upload_bytes: u64,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            answer_grace_seconds: 10,
            session_hours: 12,
            media_max_upload_bytes: 200 * 1024 * 1024,
        }
    }
}

/// The dependencies every use case draws on, cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub scorer: Arc<Scorer>,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<ServiceSettings>,
    /// Woken when a task is enqueued, so an in-process worker starts at once.
    pub task_wakeup: Arc<tokio::sync::Notify>,
    /// The optional external model for advisory notes; `None` unless the admin enabled it.
    pub llm: Option<Arc<dyn kaoguan_inference::llm::FeedbackModel>>,
    /// The external model as a scoring judge (`[llm] scoring = true`); `None` otherwise.
    pub rubric_judge: Option<Arc<dyn kaoguan_inference::llm::RubricJudge>>,
    /// Where recordings are kept (encrypted); see `kaoguan-objects`.
    pub objects: Arc<dyn kaoguan_objects::ObjectStore>,
    /// The speech engine for recorded answers; `None` when no speech model is installed,
    /// in which case recordings are kept and reported as not transcribed.
    pub transcription: Option<Arc<dyn media::Transcription>>,
}
