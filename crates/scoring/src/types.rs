//! The engine's input and output types. Their serde shapes are a contract: reports store
//! them and the offline CLI prints them.

use std::collections::BTreeMap;

use kaoguan_domain::{CompetencyKey, Language, QuestionKind, Rubric};
use serde::{Deserialize, Serialize};

use crate::stance::Relation;

/// A question as the scorer needs it. Unknown keys are ignored so callers can pass richer
/// question records (or evaluation files with `labels`) straight through.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionInput {
    #[serde(default)]
    pub id: String,
    pub kind: QuestionKind,
    pub language: Language,
    pub text: String,
    #[serde(default)]
    pub competencies: Vec<CompetencyKey>,
    pub rubric: Rubric,
}

/// Whether there was enough answer to judge.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    Scored,
    InsufficientData,
}

/// One rubric key point and the answer sentence that covers it best.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct KeyPointResult {
    pub point: String,
    /// True only when a sentence *supports* the point (says the candidate does it).
    pub covered: bool,
    /// The quoted answer sentence (or two adjacent sentences): the one that supports the
    /// point when covered; otherwise the closest one that contradicts it or only mentions
    /// it (see `relation`); `None` when nothing in the answer is about the point.
    pub evidence: Option<String>,
    /// How `evidence` relates to the point. Absent in reports written before stance was
    /// read (their evidence, when present, was taken as supporting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// 0–1; the hybrid similarity of the best sentence, comparable within one engine version.
    pub similarity: f64,
}

impl KeyPointResult {
    /// The answer says the opposite of the point (refuses, negates or dismisses it).
    pub fn contradicted(&self) -> bool {
        !self.covered && self.relation == Some(Relation::Contradicts)
    }

    /// The answer uses the point's words without committing to it.
    pub fn mentioned_only(&self) -> bool {
        !self.covered && self.relation == Some(Relation::Mentions)
    }
}

/// A red flag found in the answer, with the sentence that asserts it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RedFlagResult {
    pub flag: String,
    pub evidence: String,
    /// Always `supports`: a flag is raised only by a sentence that asserts it.
    #[serde(default)]
    pub relation: Relation,
}

/// STAR structure of a behavioural answer: which parts are present, each with evidence.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct StarResult {
    pub situation: bool,
    pub task: bool,
    pub action: bool,
    pub result: bool,
    pub situation_evidence: Option<String>,
    pub task_evidence: Option<String>,
    pub action_evidence: Option<String>,
    pub result_evidence: Option<String>,
}

impl StarResult {
    /// Number of parts present, 0–4.
    pub fn parts_present(&self) -> usize {
        [self.situation, self.task, self.action, self.result]
            .iter()
            .filter(|p| **p)
            .count()
    }
}

/// One term of the scoring formula: `contribution = value × weight`. The contributions of
/// all features, including the cap adjustments, add up to the total.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FeatureContribution {
    pub name: String,
    pub value: f64,
    pub weight: f64,
    pub contribution: f64,
}

/// The explained score of one answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AnswerScore {
    /// 0–100, rounded to one decimal.
    pub total: f64,
    pub status: AnswerStatus,
    /// One entry per competency the question measures, 0–100. In this release every
    /// dimension gets the answer's total: the rubric does not say which key point evidences
    /// which competency, so splitting the score would be invented precision.
    pub dimensions: BTreeMap<String, f64>,
    pub key_points: Vec<KeyPointResult>,
    /// Only the red flags found.
    pub red_flags: Vec<RedFlagResult>,
    /// `Some` for behavioural questions.
    pub star: Option<StarResult>,
    pub highlights: Vec<String>,
    /// Feedback a candidate may be sent: it never names a rubric item.
    pub suggestions: Vec<String>,
    /// Notes for the hiring team: what to probe, with the rubric's words and quotes.
    #[serde(default)]
    pub hr_notes: Vec<String>,
    pub features: Vec<FeatureContribution>,
    /// Detected answer problems: `too_short`, `keyword_list`, `question_echo`,
    /// `addresses_scorer`, `off_topic`, `evasive`.
    pub flags: Vec<String>,
}

/// The aggregated result of one interview.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InterviewSummary {
    /// 0–100, rounded to one decimal; capped when `status` is `insufficient_data`.
    pub total: f64,
    pub status: AnswerStatus,
    /// Per competency key of the model that at least one question measures.
    pub dimensions: BTreeMap<String, f64>,
    pub highlights: Vec<String>,
    pub suggestions: Vec<String>,
    pub next_round_advice: Vec<String>,
}

/// Rounds to one decimal, the precision reports show.
pub(crate) fn round1(x: f64) -> f64 {
    if x.is_finite() {
        (x * 10.0).round() / 10.0
    } else {
        0.0
    }
}

/// Rounds to three decimals, the precision of similarities and feature values in reports.
pub(crate) fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}
