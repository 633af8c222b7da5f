//! Kaoguan's domain: entities, newtypes parsed at the edges, and the rules that hold
//! whatever the storage or transport. Nothing here performs I/O.

pub mod application;
pub mod band;
pub mod competency;
pub mod contact;
pub mod education;
pub mod error;
pub mod ids;
pub mod integrity;
pub mod job;
pub mod question;
pub mod role;
pub mod rule;
pub mod score;
pub mod scorecard;
pub mod stage;
pub mod token;

pub use application::{ApplicationStatus, ReportStatus};
pub use band::{Band, BandThresholds};
pub use competency::{Competency, CompetencyKey, CompetencyModel};
pub use contact::{CandidateName, Email, Phone};
pub use education::EducationLevel;
pub use error::DomainError;
pub use ids::{ApplicationId, JobId, OrgId, QuestionId, UploadId, UserId};
pub use integrity::{FaceCounts, IntegrityCounts};
pub use job::{JobDraft, JobStatus, JobTitle};
pub use question::{AnswerMode, Language, QuestionDraft, QuestionKind, Rubric};
pub use role::Role;
pub use rule::{PipelineRule, RuleAction, Trigger};
pub use score::Score;
pub use stage::{Decision, Pipeline, Position, RejectReason, Stage, StageKey};
pub use token::{ApiToken, InterviewToken, SecretDigest};
