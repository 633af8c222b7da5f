//! An application: one candidate taking one job's interview, and the states it moves through.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Where an application stands in the interview stage.
///
/// ```text
/// invited ──accept──▶ in_progress ──finish──▶ completed ──scored──▶ scored
///    └──refuse──▶ human_interview_requested   (never scored)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Invited,
    InProgress,
    Completed,
    Scored,
    HumanInterviewRequested,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Invited,
        ApplicationStatus::InProgress,
        ApplicationStatus::Completed,
        ApplicationStatus::Scored,
        ApplicationStatus::HumanInterviewRequested,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Scored => "scored",
            Self::HumanInterviewRequested => "human_interview_requested",
        }
    }

    /// Whether the candidate may still give answers.
    pub fn accepts_answers(&self) -> bool {
        matches!(self, Self::InProgress)
    }

    /// Whether the candidate has finished with the interview, one way or the other.
    pub fn is_closed(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Scored | Self::HumanInterviewRequested
        )
    }

    /// The state after a consent decision, or an error if one was already made.
    pub fn after_consent(&self, accept: bool) -> Result<Self, DomainError> {
        match self {
            Self::Invited if accept => Ok(Self::InProgress),
            Self::Invited => Ok(Self::HumanInterviewRequested),
            _ => Err(
                DomainError::new("consent", "has already been given or refused")
                    .zh("已经同意或拒绝过 AI 面试。")
                    .en("The AI interview has already been accepted or refused."),
            ),
        }
    }
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApplicationStatus {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "invited" => Self::Invited,
            "in_progress" => Self::InProgress,
            "completed" => Self::Completed,
            "scored" => Self::Scored,
            "human_interview_requested" => Self::HumanInterviewRequested,
            other => {
                return Err(
                    DomainError::new("status", format!("unknown status {other:?}"))
                        .zh(format!("未知的申请状态“{}”。", other.escape_debug()))
                        .en(format!("Unknown application status {other:?}.")),
                )
            }
        })
    }
}

/// The state of an application's AI report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// The interview is not finished or scoring has not run yet.
    Pending,
    Ready,
    /// Too little was answered to judge; the total is capped and flagged.
    InsufficientData,
    /// The candidate refused AI evaluation; a human interview replaces it.
    NotScored,
}

impl ReportStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Ready => "ready",
            Self::InsufficientData => "insufficient_data",
            Self::NotScored => "not_scored",
        }
    }
}

impl FromStr for ReportStatus {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "pending" => Self::Pending,
            "ready" => Self::Ready,
            "insufficient_data" => Self::InsufficientData,
            "not_scored" => Self::NotScored,
            other => {
                return Err(
                    DomainError::new("report_status", format!("unknown {other:?}"))
                        .zh(format!("未知的报告状态“{}”。", other.escape_debug()))
                        .en(format!("Unknown report status {other:?}.")),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_moves_once() {
        assert_eq!(
            ApplicationStatus::Invited.after_consent(true).unwrap(),
            ApplicationStatus::InProgress
        );
        assert_eq!(
            ApplicationStatus::Invited.after_consent(false).unwrap(),
            ApplicationStatus::HumanInterviewRequested
        );
        assert!(ApplicationStatus::InProgress.after_consent(true).is_err());
        assert!(ApplicationStatus::HumanInterviewRequested
            .after_consent(true)
            .is_err());
        assert!(ApplicationStatus::Scored.is_closed());
        for s in [
            "invited",
            "in_progress",
            "completed",
            "scored",
            "human_interview_requested",
        ] {
            assert_eq!(s.parse::<ApplicationStatus>().unwrap().as_str(), s);
        }
    }
}
