//! Integrity signals of an answer as stored: the browser's latest counts for one question.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, IntegrityCounts, QuestionId};

/// The counts the candidate's browser last reported for one question.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerIntegrity {
    pub application_id: ApplicationId,
    pub question_id: QuestionId,
    pub counts: IntegrityCounts,
    /// When the browser last reported them.
    pub updated_at: DateTime<Utc>,
}
