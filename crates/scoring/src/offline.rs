//! The offline CLI's contract: `kaoguan score --input FILE.json`.
//!
//! Input: `{"question": {...}, "answers": ["…", …]}`; other keys (e.g. `labels`) are
//! ignored. Output: `{"results": [AnswerScore, …]}`, one per answer, in order.
//!
//! The input is checked field by field, so an error names the field at fault in the form
//! `question.kind: unknown question kind …`.

use kaoguan_domain::{CompetencyKey, DomainError, Language, QuestionKind, Rubric};
use serde_json::{json, Map, Value};

use crate::{QuestionInput, Scorer};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfflineError {
    #[error("input is not valid JSON: {0}")]
    Json(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
}

impl OfflineError {
    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        OfflineError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<DomainError> for OfflineError {
    fn from(e: DomainError) -> Self {
        OfflineError::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

/// Scores every answer of the input file.
pub fn score_json(input: &str, scorer: &Scorer) -> Result<Value, OfflineError> {
    let root: Value = serde_json::from_str(input).map_err(|e| OfflineError::Json(e.to_string()))?;
    let root = root.as_object().ok_or_else(|| {
        OfflineError::invalid("input", "must be a JSON object with question and answers")
    })?;
    let question = parse_question(root.get("question"))?;
    let answers = parse_answers(root.get("answers"))?;
    let results: Vec<Value> = answers
        .iter()
        .map(|a| {
            serde_json::to_value(scorer.score_answer(&question, a))
                .map_err(|e| OfflineError::invalid("results", e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    Ok(json!({ "results": results }))
}

/// Parses and validates the `question` object.
pub fn parse_question(v: Option<&Value>) -> Result<QuestionInput, OfflineError> {
    let q = match v {
        None | Some(Value::Null) => return Err(OfflineError::invalid("question", "missing")),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(OfflineError::invalid("question", "must be an object")),
    };
    let id = match q.get("id") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(OfflineError::invalid("question.id", "must be a string")),
    };
    let kind: QuestionKind = required_str(q, "kind")?
        .parse()
        .map_err(|e: DomainError| OfflineError::from(e.within("question")))?;
    let language: Language = required_str(q, "language")?
        .parse()
        .map_err(|e: DomainError| OfflineError::from(e.within("question")))?;
    let text = required_str(q, "text")?.trim().to_string();
    if text.is_empty() {
        return Err(OfflineError::invalid("question.text", "must not be empty"));
    }
    let competencies = match q.get("competencies") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let field = format!("question.competencies[{i}]");
                let s = item
                    .as_str()
                    .ok_or_else(|| OfflineError::invalid(&field, "must be a string"))?;
                s.parse::<CompetencyKey>()
                    .map_err(|e| OfflineError::invalid(&field, e.message))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(OfflineError::invalid(
                "question.competencies",
                "must be an array of competency keys",
            ))
        }
    };
    let rubric = parse_rubric(q.get("rubric"))?;
    Ok(QuestionInput {
        id,
        kind,
        language,
        text,
        competencies,
        rubric,
    })
}

fn required_str<'a>(q: &'a Map<String, Value>, key: &str) -> Result<&'a str, OfflineError> {
    match q.get(key) {
        None | Some(Value::Null) => {
            Err(OfflineError::invalid(format!("question.{key}"), "missing"))
        }
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(OfflineError::invalid(
            format!("question.{key}"),
            "must be a string",
        )),
    }
}

fn parse_rubric(v: Option<&Value>) -> Result<Rubric, OfflineError> {
    let r = match v {
        None | Some(Value::Null) => {
            return Err(OfflineError::invalid("question.rubric", "missing"))
        }
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(OfflineError::invalid(
                "question.rubric",
                "must be an object",
            ))
        }
    };
    let list = |key: &str, required: bool| -> Result<Vec<String>, OfflineError> {
        let field = format!("question.rubric.{key}");
        match r.get(key) {
            None | Some(Value::Null) if required => Err(OfflineError::invalid(field, "missing")),
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    s.as_str().map(str::to_string).ok_or_else(|| {
                        OfflineError::invalid(format!("{field}[{i}]"), "must be a string")
                    })
                })
                .collect(),
            Some(_) => Err(OfflineError::invalid(field, "must be an array of strings")),
        }
    };
    let raw = Rubric {
        key_points: list("key_points", true)?,
        red_flags: list("red_flags", false)?,
        exemplars: list("exemplars", false)?,
    };
    Rubric::parse(raw).map_err(|e| OfflineError::from(e.within("question")))
}

fn parse_answers(v: Option<&Value>) -> Result<Vec<String>, OfflineError> {
    match v {
        None | Some(Value::Null) => Err(OfflineError::invalid("answers", "missing")),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, a)| {
                a.as_str().map(str::to_string).ok_or_else(|| {
                    OfflineError::invalid(format!("answers[{i}]"), "must be a string")
                })
            })
            .collect(),
        Some(_) => Err(OfflineError::invalid(
            "answers",
            "must be an array of strings",
        )),
    }
}

/// Reads a rated file for `kaoguan calibrate`: the score input plus `ratings` (or the
/// evaluation set's `labels`), one 1–5 grade per answer. Each answer is scored with
/// `scorer` so the fit sees exactly the features a report would carry.
pub fn rated_answers_json(
    input: &str,
    scorer: &Scorer,
) -> Result<Vec<crate::calibrate::RatedAnswer>, OfflineError> {
    let root: Value = serde_json::from_str(input).map_err(|e| OfflineError::Json(e.to_string()))?;
    let root = root
        .as_object()
        .ok_or_else(|| OfflineError::invalid("input", "must be a JSON object"))?;
    let question = parse_question(root.get("question"))?;
    let answers = parse_answers(root.get("answers"))?;
    let (key, ratings) = match (root.get("ratings"), root.get("labels")) {
        (Some(r), _) => ("ratings", r),
        (None, Some(l)) => ("labels", l),
        (None, None) => {
            return Err(OfflineError::invalid(
                "ratings",
                "missing: give one 1–5 rating per answer",
            ))
        }
    };
    let ratings = ratings
        .as_array()
        .ok_or_else(|| OfflineError::invalid(key, "must be an array of numbers"))?;
    if ratings.len() != answers.len() {
        return Err(OfflineError::invalid(
            key,
            format!(
                "has {} entries for {} answers",
                ratings.len(),
                answers.len()
            ),
        ));
    }
    answers
        .iter()
        .zip(ratings)
        .enumerate()
        .map(|(i, (answer, rating))| {
            let rating = rating
                .as_f64()
                .filter(|r| (1.0..=5.0).contains(r))
                .ok_or_else(|| {
                    OfflineError::invalid(format!("{key}[{i}]"), "must be a number from 1 to 5")
                })?;
            let scored = scorer.score_answer(&question, answer);
            Ok(crate::calibrate::RatedAnswer {
                features: scored.features,
                engine_total: scored.total,
                rating,
            })
        })
        .collect()
}
