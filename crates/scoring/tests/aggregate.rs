//! Interview aggregation: weighting, missing answers, insufficient data.

mod common;

use common::*;
use kaoguan_domain::{Competency, CompetencyModel, Language, QuestionKind};
use kaoguan_scoring::{aggregate, AnswerScore, AnswerStatus, Scorer};

fn model(dims: &[(&str, &str, f64)]) -> CompetencyModel {
    CompetencyModel::parse(
        dims.iter()
            .map(|(k, n, w)| Competency {
                key: k.parse().unwrap(),
                name: n.to_string(),
                weight: *w,
                indicators: vec![],
            })
            .collect(),
    )
    .unwrap()
}

/// A score with a fixed total, so the arithmetic can be checked exactly.
fn fixed(q: &kaoguan_scoring::QuestionInput, total: f64) -> AnswerScore {
    let mut s = Scorer::lexical().score_answer(q, COLD_CHAIN_GOOD);
    s.total = total;
    s.status = AnswerStatus::Scored;
    for v in s.dimensions.values_mut() {
        *v = total;
    }
    s
}

#[test]
fn dimensions_average_answers_and_total_uses_model_weights() {
    let m = model(&[("service", "服务意识", 30.0), ("logic", "逻辑思维", 70.0)]);
    let q1 = question(
        "q1",
        QuestionKind::Open,
        Language::Zh,
        "问题一",
        &["service"],
        &["要点"],
        &[],
    );
    let q2 = question(
        "q2",
        QuestionKind::Open,
        Language::Zh,
        "问题二",
        &["logic"],
        &["要点"],
        &[],
    );
    let q3 = question(
        "q3",
        QuestionKind::Open,
        Language::Zh,
        "问题三",
        &["service", "logic"],
        &["要点"],
        &[],
    );
    let (a1, a2, a3) = (fixed(&q1, 80.0), fixed(&q2, 40.0), fixed(&q3, 60.0));
    let s = aggregate(&m, &[(&q1, Some(&a1)), (&q2, Some(&a2)), (&q3, Some(&a3))]);
    assert_eq!(s.status, AnswerStatus::Scored);
    assert_eq!(s.dimensions["service"], 70.0); // (80 + 60) / 2
    assert_eq!(s.dimensions["logic"], 50.0); // (40 + 60) / 2
    assert_eq!(s.total, 56.0); // 0.3 × 70 + 0.7 × 50
    assert!(
        s.next_round_advice.iter().any(|a| a.contains("逻辑思维")),
        "{:?}",
        s.next_round_advice
    );
}

#[test]
fn missing_answers_count_as_zero_and_can_make_data_insufficient() {
    let m = model(&[("quality", "Quality", 1.0)]);
    let q1 = cold_chain();
    let q2 = question(
        "q2",
        QuestionKind::Open,
        Language::En,
        "Second?",
        &["quality"],
        &["point"],
        &[],
    );
    let a1 = fixed(&q1, 90.0);
    let s = aggregate(&m, &[(&q1, Some(&a1)), (&q2, None)]);
    assert_eq!(s.dimensions["quality"], 45.0);
    assert_eq!(s.status, AnswerStatus::Scored); // one of two missing is not "most"
    assert!(
        s.next_round_advice
            .iter()
            .any(|a| a.contains("Second?") && !a.contains("q2")),
        "{:?}",
        s.next_round_advice
    );

    let q3 = question(
        "q3",
        QuestionKind::Open,
        Language::En,
        "Third?",
        &["quality"],
        &["point"],
        &[],
    );
    let tiny = Scorer::lexical().score_answer(&q3, "no");
    let s = aggregate(&m, &[(&q1, Some(&a1)), (&q2, None), (&q3, Some(&tiny))]);
    assert_eq!(s.status, AnswerStatus::InsufficientData);
    assert!(s.total <= 40.0);

    let none = aggregate(&m, &[]);
    assert_eq!(none.status, AnswerStatus::InsufficientData);
    assert_eq!(none.total, 0.0);
}

#[test]
fn unmeasured_dimensions_do_not_drag_the_total_down() {
    let m = model(&[("quality", "Quality", 1.0), ("teamwork", "Teamwork", 1.0)]);
    let q = cold_chain(); // measures quality and judgement
    let a = fixed(&q, 80.0);
    let s = aggregate(&m, &[(&q, Some(&a))]);
    assert_eq!(s.total, 80.0);
    assert!(!s.dimensions.contains_key("teamwork"));
    assert!(!s.dimensions.contains_key("judgement"));
    assert!(
        s.next_round_advice.iter().any(|x| x.contains("Teamwork")),
        "{:?}",
        s.next_round_advice
    );
}
