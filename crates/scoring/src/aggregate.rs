//! Interview-level aggregation over a competency model.

use std::collections::BTreeMap;

use kaoguan_domain::{CompetencyKey, CompetencyModel, Language};

use crate::types::{round1, AnswerScore, AnswerStatus, InterviewSummary, QuestionInput};

/// When more than half of the answers are missing or too short, the interview total is
/// capped here and marked `insufficient_data`.
pub const INSUFFICIENT_CAP: f64 = 40.0;
/// Dimensions below this are suggested as next-round probes.
const PROBE_BELOW: f64 = 60.0;
const STRONG_FROM: f64 = 75.0;

/// Aggregates an interview.
///
/// - A dimension's score is the mean (one weight per answer) of the answers to the
///   questions that measure it; a missing answer (unanswered, timed out) counts as 0.
///   A question listing no competencies counts towards every dimension of the model.
///   Competencies a question lists that the model lacks are ignored.
/// - The total is the mean of the measured dimensions weighted by the model's normalised
///   weights, renormalised over the dimensions that some question measures (an unmeasured
///   dimension says nothing about the candidate, it must not count as 0).
pub fn aggregate(
    model: &CompetencyModel,
    answers: &[(&QuestionInput, Option<&AnswerScore>)],
) -> InterviewSummary {
    let measures = |q: &QuestionInput, k: &CompetencyKey| {
        q.competencies.is_empty() || q.competencies.contains(k)
    };
    let mut dimensions = BTreeMap::new();
    let mut weighted = 0.0;
    let mut weight_sum = 0.0;
    let mut unmeasured = Vec::new();
    for (key, weight) in model.normalised_weights() {
        let scores: Vec<f64> = answers
            .iter()
            .filter(|(q, _)| measures(q, &key))
            .map(|(_, a)| a.map_or(0.0, |a| dimension_score(a, &key)))
            .collect();
        if scores.is_empty() {
            unmeasured.push(key);
            continue;
        }
        let d = scores.iter().sum::<f64>() / scores.len() as f64;
        dimensions.insert(key.as_str().to_string(), round1(d));
        weighted += weight * d;
        weight_sum += weight;
    }
    let mut total = if weight_sum > 0.0 {
        weighted / weight_sum
    } else {
        0.0
    };

    let lacking = answers
        .iter()
        .filter(|(_, a)| a.is_none_or(|a| a.status == AnswerStatus::InsufficientData))
        .count();
    let insufficient = answers.is_empty() || lacking * 2 > answers.len();
    if insufficient {
        total = total.min(INSUFFICIENT_CAP);
    }

    let zh = majority_zh(answers);
    let name = |k: &str| {
        model
            .competencies
            .iter()
            .find(|c| c.key.as_str() == k)
            .map_or_else(|| k.to_string(), |c| c.name.clone())
    };
    let mut ranked: Vec<(&String, &f64)> = dimensions.iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));

    let mut highlights = Vec::new();
    if let Some((k, v)) = ranked.first().filter(|(_, v)| **v >= STRONG_FROM) {
        highlights.push(if zh {
            format!("最强维度:{}({:.1}分)", name(k), v)
        } else {
            format!("Strongest dimension: {} ({:.1})", name(k), v)
        });
    }
    // The best answers' first highlights, in question order.
    let mut best: Vec<&AnswerScore> = answers.iter().filter_map(|(_, a)| *a).collect();
    best.sort_by(|a, b| b.total.total_cmp(&a.total));
    for a in best.iter().take(3) {
        if let Some(h) = a.highlights.first() {
            push_unique(&mut highlights, h.clone());
        }
    }

    let mut suggestions = Vec::new();
    for (_, a) in answers {
        if let Some(s) = a.and_then(|a| a.suggestions.first()) {
            push_unique(&mut suggestions, s.clone());
        }
        if suggestions.len() >= 5 {
            break;
        }
    }

    let mut next_round_advice = Vec::new();
    for (k, v) in ranked
        .iter()
        .rev()
        .filter(|(_, v)| **v < PROBE_BELOW)
        .take(2)
    {
        next_round_advice.push(if zh {
            format!("复试重点考察「{}」(本轮{:.1}分)", name(k), v)
        } else {
            format!("Probe {} (scored {:.1} in this round)", name(k), v)
        });
    }
    for (q, a) in answers {
        let missing = a.is_none_or(|a| a.status == AnswerStatus::InsufficientData);
        if missing {
            // Named by its words, never its id: the advice is read by people.
            let text = crate::feedback::quote(&q.text);
            next_round_advice.push(if zh {
                format!("问题「{text}」没有足够的回答,建议复试时重新提问")
            } else {
                format!("Question “{text}” has no usable answer; ask it again next round")
            });
        }
    }
    for k in unmeasured {
        next_round_advice.push(if zh {
            format!("本轮没有问题考察「{}」,复试时补充", name(k.as_str()))
        } else {
            format!(
                "No question measured {}; cover it next round",
                name(k.as_str())
            )
        });
    }

    InterviewSummary {
        total: round1(total),
        status: if insufficient {
            AnswerStatus::InsufficientData
        } else {
            AnswerStatus::Scored
        },
        dimensions,
        highlights,
        suggestions,
        next_round_advice,
    }
}

/// The answer's score for a dimension: its per-dimension entry, else its total.
fn dimension_score(a: &AnswerScore, key: &CompetencyKey) -> f64 {
    a.dimensions.get(key.as_str()).copied().unwrap_or(a.total)
}

fn majority_zh(answers: &[(&QuestionInput, Option<&AnswerScore>)]) -> bool {
    let zh = answers
        .iter()
        .filter(|(q, _)| q.language == Language::Zh)
        .count();
    // Ties go to Chinese, the product's first language.
    zh * 2 >= answers.len()
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}
