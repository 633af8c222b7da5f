//! Jobs (岗位): a title, a department, a language and a competency model with questions.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::{CompetencyModel, DomainError, Language, QuestionDraft};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JobTitle(String);

impl JobTitle {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > 200 {
            return Err(DomainError::new("title", "must be 1 to 200 characters")
                .zh("岗位名称须为 1 到 200 个字符。")
                .en("The job title must be 1 to 200 characters."));
        }
        Ok(Self(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for JobTitle {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<JobTitle> for String {
    fn from(t: JobTitle) -> String {
        t.0
    }
}

pub const MAX_QUESTIONS: usize = 30;

/// A validated job with its competency model and questions, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct JobDraft {
    pub title: JobTitle,
    pub department: String,
    pub language: Language,
    pub description: String,
    pub model: CompetencyModel,
    pub questions: Vec<QuestionDraft>,
}

impl JobDraft {
    /// Checks the parts against each other: every question measures dimensions that the
    /// model defines, and every dimension is measured by some question.
    pub fn parse(
        title: &str,
        department: &str,
        language: Language,
        description: &str,
        model: CompetencyModel,
        questions: Vec<QuestionDraft>,
    ) -> Result<Self, DomainError> {
        let title = JobTitle::parse(title)?;
        let department = department.trim().to_string();
        if department.chars().count() > 100 {
            return Err(
                DomainError::new("department", "is longer than 100 characters")
                    .zh("部门名称不能超过 100 个字符。")
                    .en("The department must be at most 100 characters."),
            );
        }
        if description.chars().count() > 20_000 {
            return Err(
                DomainError::new("description", "is longer than 20000 characters")
                    .zh("岗位描述不能超过 20000 个字符。")
                    .en("The description must be at most 20,000 characters."),
            );
        }
        if questions.len() > MAX_QUESTIONS {
            return Err(DomainError::new(
                "questions",
                format!("at most {MAX_QUESTIONS} questions"),
            )
            .zh(format!("一个岗位最多 {MAX_QUESTIONS} 道题。"))
            .en(format!("A job has at most {MAX_QUESTIONS} questions.")));
        }
        let known: HashSet<_> = model.competencies.iter().map(|c| &c.key).collect();
        for (i, q) in questions.iter().enumerate() {
            if let Some(unknown) = q.competencies.iter().find(|k| !known.contains(k)) {
                return Err(DomainError::new(
                    "competencies",
                    format!("{unknown} is not in the job's competency model"),
                )
                .zh(format!("考察维度“{unknown}”不在本岗位的能力模型中。"))
                .en(format!(
                    "The dimension \"{unknown}\" is not in the job's competency model."
                ))
                .within(&format!("questions[{i}]")));
            }
        }
        Ok(Self {
            title,
            department,
            language,
            description: description.trim().to_string(),
            model,
            questions,
        })
    }
}

/// Whether a job takes new candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Invitations go out.
    Open,
    /// No new invitations; candidates already in the process go on.
    Closed,
    /// Closed and out of the jobs list unless asked for.
    Archived,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Open => "open",
            JobStatus::Closed => "closed",
            JobStatus::Archived => "archived",
        }
    }
}

impl std::str::FromStr for JobStatus {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "open" => Ok(JobStatus::Open),
            "closed" => Ok(JobStatus::Closed),
            "archived" => Ok(JobStatus::Archived),
            other => Err(DomainError::new(
                "status",
                format!("unknown status {other:?}; expected open, closed or archived"),
            )
            .zh("岗位状态须为招聘中、已关闭或已归档。")
            .en("The job's status must be open, closed or archived.")),
        }
    }
}
