//! Interview questions and their rubrics.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{CompetencyKey, DomainError};

/// The language a question is asked and answered in. Answers may still mix languages;
/// this decides tokenisation defaults and the practice question's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Zh,
    En,
}

impl Language {
    pub fn as_str(&self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Language {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "cmn" => Ok(Language::Zh),
            "en" | "en-us" | "en-gb" => Ok(Language::En),
            other => Err(DomainError::new(
                "language",
                format!("unsupported language {other:?}; expected zh or en"),
            )
            .zh(format!(
                "不支持面试语言“{}”，请选择中文或英文。",
                other.escape_debug()
            ))
            .en(format!(
                "Unsupported interview language {other:?}; choose Chinese or English."
            ))),
        }
    }
}

/// What kind of question it is. Behavioural questions are checked for STAR structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Situational,
    /// Accepts the British spelling too, as the rest of the product uses it.
    #[serde(alias = "behavioural")]
    Behavioral,
    Technical,
    Open,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 4] = [
        QuestionKind::Situational,
        QuestionKind::Behavioral,
        QuestionKind::Technical,
        QuestionKind::Open,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            QuestionKind::Situational => "situational",
            QuestionKind::Behavioral => "behavioral",
            QuestionKind::Technical => "technical",
            QuestionKind::Open => "open",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QuestionKind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "situational" => Ok(QuestionKind::Situational),
            "behavioral" | "behavioural" => Ok(QuestionKind::Behavioral),
            "technical" => Ok(QuestionKind::Technical),
            "open" => Ok(QuestionKind::Open),
            other => Err(DomainError::new(
                "kind",
                format!("unknown question kind {other:?}; expected situational, behavioral, technical or open"),
            )
            .zh(format!("未知题型“{}”，请选择情景模拟、行为面试、专业/能力或开放题。", other.escape_debug()))
            .en(format!("Unknown question kind {other:?}; choose situational, behavioural, technical or open."))),
        }
    }
}

/// How a candidate may answer. Text is the only mode scored in this release; audio and
/// video are accepted in the model so question banks need no migration when they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AnswerMode {
    Text,
    Audio,
    Video,
}

impl AnswerMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            AnswerMode::Text => "text",
            AnswerMode::Audio => "audio",
            AnswerMode::Video => "video",
        }
    }
}

impl FromStr for AnswerMode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "text" => Ok(AnswerMode::Text),
            "audio" => Ok(AnswerMode::Audio),
            "video" => Ok(AnswerMode::Video),
            other => Err(DomainError::new(
                "modes",
                format!("unknown answer mode {other:?}; expected text, audio or video"),
            )
            .zh(format!(
                "未知作答方式“{}”，请选择文字、语音或视频。",
                other.escape_debug()
            ))
            .en(format!(
                "Unknown answer mode {other:?}; choose text, audio or video."
            ))),
        }
    }
}

/// What a strong answer covers, what disqualifies one, and optional model answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rubric {
    pub key_points: Vec<String>,
    #[serde(default)]
    pub red_flags: Vec<String>,
    #[serde(default)]
    pub exemplars: Vec<String>,
}

impl Rubric {
    /// Trims entries, drops blank ones and checks there is something to score against.
    pub fn parse(raw: Rubric) -> Result<Rubric, DomainError> {
        let clean = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let rubric = Rubric {
            key_points: clean(raw.key_points),
            red_flags: clean(raw.red_flags),
            exemplars: clean(raw.exemplars),
        };
        if rubric.key_points.is_empty() {
            return Err(
                DomainError::new("rubric.key_points", "needs at least one key point")
                    .zh("评分要点至少需要一条。")
                    .en("Give at least one rubric key point."),
            );
        }
        if rubric.key_points.len() > 20
            || rubric.red_flags.len() > 20
            || rubric.exemplars.len() > 10
        {
            return Err(DomainError::new(
                "rubric",
                "at most 20 key points, 20 red flags and 10 exemplars",
            )
            .zh("评分要点和红线各最多 20 条，参考答案最多 10 条。")
            .en("At most 20 key points, 20 red flags and 10 exemplar answers."));
        }
        if rubric
            .key_points
            .iter()
            .chain(&rubric.red_flags)
            .any(|s| s.chars().count() > 500)
        {
            return Err(DomainError::new(
                "rubric",
                "key points and red flags are at most 500 characters each",
            )
            .zh("每条评分要点和红线最多 500 个字符。")
            .en("Each key point and red flag is at most 500 characters."));
        }
        Ok(rubric)
    }
}

pub const MAX_THINK_SECONDS: u32 = 600;
pub const MAX_ANSWER_SECONDS: u32 = 1800;
pub const MAX_QUESTION_CHARS: usize = 2000;

/// A validated question, not yet stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub kind: QuestionKind,
    pub text: String,
    pub competencies: Vec<CompetencyKey>,
    pub think_seconds: u32,
    pub answer_seconds: u32,
    pub modes: Vec<AnswerMode>,
    pub rubric: Rubric,
}

impl QuestionDraft {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        kind: QuestionKind,
        text: &str,
        competencies: Vec<CompetencyKey>,
        think_seconds: u32,
        answer_seconds: u32,
        modes: Vec<AnswerMode>,
        rubric: Rubric,
    ) -> Result<Self, DomainError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DomainError::new("text", "must not be empty")
                .zh("题目内容不能为空。")
                .en("The question text must not be empty."));
        }
        if text.chars().count() > MAX_QUESTION_CHARS {
            return Err(DomainError::new(
                "text",
                format!("is longer than {MAX_QUESTION_CHARS} characters"),
            )
            .zh(format!("题目内容不能超过 {MAX_QUESTION_CHARS} 个字符。"))
            .en(format!(
                "The question text must be at most {MAX_QUESTION_CHARS} characters."
            )));
        }
        if competencies.is_empty() {
            return Err(DomainError::new(
                "competencies",
                "must name at least one competency the question measures",
            )
            .zh("请至少选择一个本题考察的维度。")
            .en("Choose at least one dimension the question measures."));
        }
        if think_seconds > MAX_THINK_SECONDS {
            return Err(DomainError::new(
                "think_seconds",
                format!("must be between 0 and {MAX_THINK_SECONDS}"),
            )
            .zh(format!("思考时间须在 0 到 {MAX_THINK_SECONDS} 秒之间。"))
            .en(format!(
                "Think time must be between 0 and {MAX_THINK_SECONDS} seconds."
            )));
        }
        if !(10..=MAX_ANSWER_SECONDS).contains(&answer_seconds) {
            return Err(DomainError::new(
                "answer_seconds",
                format!("must be between 10 and {MAX_ANSWER_SECONDS}"),
            )
            .zh(format!("作答时间须在 10 到 {MAX_ANSWER_SECONDS} 秒之间。"))
            .en(format!(
                "Answer time must be between 10 and {MAX_ANSWER_SECONDS} seconds."
            )));
        }
        let mut modes_dedup = Vec::new();
        for m in modes {
            if !modes_dedup.contains(&m) {
                modes_dedup.push(m);
            }
        }
        if modes_dedup.is_empty() {
            modes_dedup.push(AnswerMode::Text);
        }
        Ok(Self {
            kind,
            text: text.to_string(),
            competencies,
            think_seconds,
            answer_seconds,
            modes: modes_dedup,
            rubric: Rubric::parse(rubric)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> CompetencyKey {
        s.parse().unwrap()
    }

    #[test]
    fn question_rejects_empty_text_and_bad_times() {
        let rubric = Rubric {
            key_points: vec!["point".into()],
            ..Default::default()
        };
        let ok = QuestionDraft::parse(
            QuestionKind::Open,
            "  Why?  ",
            vec![key("logic")],
            30,
            120,
            vec![],
            rubric.clone(),
        )
        .unwrap();
        assert_eq!(ok.text, "Why?");
        assert_eq!(ok.modes, vec![AnswerMode::Text]);
        let e = QuestionDraft::parse(
            QuestionKind::Open,
            " ",
            vec![key("a")],
            0,
            60,
            vec![],
            rubric.clone(),
        )
        .unwrap_err();
        assert_eq!(e.field, "text");
        let e = QuestionDraft::parse(
            QuestionKind::Open,
            "q",
            vec![key("a")],
            0,
            5,
            vec![],
            rubric.clone(),
        )
        .unwrap_err();
        assert_eq!(e.field, "answer_seconds");
        let e = QuestionDraft::parse(QuestionKind::Open, "q", vec![], 0, 60, vec![], rubric)
            .unwrap_err();
        assert_eq!(e.field, "competencies");
    }

    #[test]
    fn rubric_needs_a_key_point() {
        let e = Rubric::parse(Rubric {
            key_points: vec!["  ".into()],
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.field, "rubric.key_points");
    }

    #[test]
    fn kinds_accept_both_spellings() {
        assert_eq!(
            "behavioural".parse::<QuestionKind>().unwrap(),
            QuestionKind::Behavioral
        );
        let k: QuestionKind = serde_json::from_str("\"behavioural\"").unwrap();
        assert_eq!(k, QuestionKind::Behavioral);
        assert_eq!("zh-CN".parse::<Language>().unwrap(), Language::Zh);
    }
}
