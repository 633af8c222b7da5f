//! The scoring formula: a weighted sum of features in 0–1, minus penalties, then the caps
//! that the detected answer problems impose. Every term is reported, so the contributions
//! add up to the total exactly (before rounding).

use kaoguan_domain::QuestionKind;

use crate::types::FeatureContribution;

/// The feature values of one answer, each in 0–1 unless noted.
#[derive(Clone, Debug, Default)]
pub struct FeatureValues {
    /// Mean graded credit over the rubric's key points.
    pub coverage: f64,
    /// Calibrated similarity to the closest exemplar answer, when the rubric has exemplars.
    pub exemplar: Option<f64>,
    /// Share of STAR parts present, for behavioural questions.
    pub star: Option<f64>,
    pub specificity: f64,
    pub elaboration: f64,
    pub structure: f64,
    /// Share of sentences that keep to the thread: related to a neighbouring sentence or to
    /// the question (0.5 when there is only one sentence: nothing to judge).
    pub coherence: f64,
    /// How much of the answer's vocabulary belongs to the question and rubric, saturating.
    pub relevance: f64,
    pub vagueness: f64,
    /// The answer mostly declines, deflects or waits the problem out.
    pub evasive: bool,
    /// Number of red flags found (a count, not 0–1).
    pub red_flags: usize,
    /// Highest similarity to a red flag that was not found, relative to the red-flag
    /// threshold: resembling a red flag is weak evidence of it.
    pub red_flag_resemblance: f64,
}

/// Score ceilings for detected problems. The lowest applicable cap wins.
pub const CAPS: [(&str, f64); 6] = [
    ("addresses_scorer", 10.0),
    ("evasive", 15.0),
    ("off_topic", 15.0),
    ("too_short", 20.0),
    ("question_echo", 20.0),
    ("keyword_list", 30.0),
];

/// Positive weights sum to 100, so a perfect answer scores 100.
struct Weights {
    coverage: f64,
    exemplar: f64,
    star: f64,
    specificity: f64,
    elaboration: f64,
    structure: f64,
    coherence: f64,
    relevance: f64,
}

const RED_FLAG_PENALTY: f64 = -20.0;
const RESEMBLANCE_PENALTY: f64 = -8.0;
const VAGUENESS_PENALTY: f64 = -3.0;
/// Declining or deflecting is worse than a weak attempt, so it costs points on top of the cap.
const EVASIVE_PENALTY: f64 = -15.0;

fn weights(kind: QuestionKind, has_exemplar: bool) -> Weights {
    // Rubric coverage dominates: it is what an interviewer with the rubric checks first.
    // Behavioural questions trade some of it for STAR structure, which is the point of
    // asking them.
    let mut w = match kind {
        QuestionKind::Behavioral => Weights {
            coverage: 45.0,
            exemplar: 0.0,
            star: 20.0,
            specificity: 15.0,
            elaboration: 8.0,
            structure: 4.0,
            coherence: 3.0,
            relevance: 5.0,
        },
        _ => Weights {
            coverage: 60.0,
            exemplar: 0.0,
            star: 0.0,
            specificity: 15.0,
            elaboration: 9.0,
            structure: 6.0,
            coherence: 5.0,
            relevance: 5.0,
        },
    };
    if has_exemplar {
        w.coverage -= 15.0;
        w.exemplar = 15.0;
    }
    w
}

/// Combines the features into `(total, contributions)`. `flags` are the detected problems;
/// the total is unrounded and within 0–100.
pub fn combine(
    kind: QuestionKind,
    v: &FeatureValues,
    flags: &[String],
) -> (f64, Vec<FeatureContribution>) {
    combine_with(kind, v, flags, None)
}

/// The features of an answer as `(name, value, default weight)`, in report order. These
/// names are what a calibration fits weights for.
pub fn feature_terms(kind: QuestionKind, v: &FeatureValues) -> Vec<(&'static str, f64, f64)> {
    let w = weights(kind, v.exemplar.is_some());
    let mut out = vec![("key_point_coverage", v.coverage, w.coverage)];
    if let Some(e) = v.exemplar {
        out.push(("exemplar_similarity", e, w.exemplar));
    }
    if let Some(s) = v.star {
        out.push(("star_completeness", s, w.star));
    }
    out.extend([
        ("specificity", v.specificity, w.specificity),
        ("elaboration", v.elaboration, w.elaboration),
        ("structure", v.structure, w.structure),
        ("coherence", v.coherence, w.coherence),
        ("relevance", v.relevance, w.relevance),
        ("red_flags", v.red_flags.min(3) as f64, RED_FLAG_PENALTY),
        (
            "red_flag_resemblance",
            v.red_flag_resemblance,
            RESEMBLANCE_PENALTY,
        ),
        ("vague_language", v.vagueness, VAGUENESS_PENALTY),
        (
            "evasive",
            if v.evasive { 1.0 } else { 0.0 },
            EVASIVE_PENALTY,
        ),
    ]);
    out
}

/// [`combine`] with weights fitted from human ratings instead of the defaults. Caps still
/// apply: they are rules about gaming and evasion, not something ratings should unlearn.
pub fn combine_with(
    kind: QuestionKind,
    v: &FeatureValues,
    flags: &[String],
    fitted: Option<&crate::calibrate::FeatureWeights>,
) -> (f64, Vec<FeatureContribution>) {
    let mut out = Vec::new();
    for (name, value, default_weight) in feature_terms(kind, v) {
        let value = if value.is_finite() { value } else { 0.0 };
        let weight = fitted.map_or(default_weight, |f| f.weight(name, default_weight));
        out.push(FeatureContribution {
            name: name.to_string(),
            value,
            weight,
            contribution: value * weight,
        });
    }
    if let Some(f) = fitted {
        out.push(FeatureContribution {
            name: "calibration_intercept".into(),
            value: 1.0,
            weight: f.intercept,
            contribution: f.intercept,
        });
    }

    let mut total: f64 = out.iter().map(|f| f.contribution).sum();
    let cap = CAPS
        .iter()
        .filter(|(flag, _)| flags.iter().any(|f| f == flag))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((flag, cap)) = cap {
        if total > *cap {
            out.push(FeatureContribution {
                name: format!("cap:{flag}"),
                value: *cap,
                weight: 1.0,
                contribution: cap - total,
            });
            total = *cap;
        }
    }
    if total < 0.0 {
        out.push(FeatureContribution {
            name: "floor".into(),
            value: 0.0,
            weight: 1.0,
            contribution: -total,
        });
        total = 0.0;
    }
    if total > 100.0 {
        out.push(FeatureContribution {
            name: "ceiling".into(),
            value: 100.0,
            weight: 1.0,
            contribution: 100.0 - total,
        });
        total = 100.0;
    }
    (total, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributions_add_up_and_caps_apply() {
        let v = FeatureValues {
            coverage: 1.0,
            specificity: 1.0,
            elaboration: 1.0,
            structure: 1.0,
            coherence: 1.0,
            relevance: 1.0,
            ..Default::default()
        };
        let (t, f) = combine(QuestionKind::Technical, &v, &[]);
        assert!((t - 100.0).abs() < 1e-9);
        let (t, f2) = combine(
            QuestionKind::Technical,
            &v,
            &["keyword_list".into(), "evasive".into()],
        );
        assert_eq!(t, 15.0);
        let sum: f64 = f2.iter().map(|x| x.contribution).sum();
        assert!((sum - t).abs() < 1e-9);
        assert!(f2.iter().any(|x| x.name == "cap:evasive"));
        assert!(f.len() < f2.len());
    }

    #[test]
    fn penalties_never_push_below_zero() {
        let v = FeatureValues {
            red_flags: 2,
            vagueness: 1.0,
            ..Default::default()
        };
        let (t, f) = combine(QuestionKind::Open, &v, &[]);
        assert_eq!(t, 0.0);
        assert!(f.iter().map(|x| x.contribution).sum::<f64>().abs() < 1e-9);
    }
}
