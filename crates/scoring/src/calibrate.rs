//! Calibration from human ratings: fits the scoring formula's feature weights to how
//! interviewers rated answers (1–5), so the engine learns from the people who use it.
//!
//! The fit is ridge regression that shrinks towards the expert default weights rather
//! than towards zero: with few ratings it stays close to the documented formula, and only
//! evidence moves it. The shrinkage strength is chosen by k-fold cross-validation, and the
//! agreement reported "after" is out-of-fold, so it is an honest estimate for new answers.
//! Caps for gaming and evasion are rules and are not fitted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::types::FeatureContribution;

/// The least number of rated answers a fit accepts; below it the numbers mean little.
pub const MIN_RATINGS: usize = 20;
const FOLDS: usize = 5;
/// Shrinkage strengths tried, in units of "answers' worth" of prior evidence.
const LAMBDAS: [f64; 7] = [0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0];

/// Weights fitted for one question or competency model; applied by
/// [`crate::Scorer::with_feature_weights`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureWeights {
    /// Names this fit in report versions, e.g. `cal-3`.
    pub version: String,
    pub intercept: f64,
    pub weights: BTreeMap<String, f64>,
}

impl FeatureWeights {
    /// The fitted weight of a feature, or its default when the fit never saw it (e.g. an
    /// exemplar feature on a question that had none when the ratings were made).
    pub fn weight(&self, name: &str, default: f64) -> f64 {
        self.weights.get(name).copied().unwrap_or(default)
    }
}

/// One rated answer: the engine's feature contributions from its report and the rating.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RatedAnswer {
    pub features: Vec<FeatureContribution>,
    /// The engine's total for the answer as scored, for the "before" agreement.
    pub engine_total: f64,
    /// The human rating, 1–5 (a mean over dimensions or raters may be fractional).
    pub rating: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Rank correlation between scores and ratings.
    pub spearman: f64,
    /// Mean absolute difference in rating points (scores mapped 0–100 → 1–5).
    pub mean_abs_error: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationResult {
    pub samples: usize,
    pub lambda: f64,
    pub folds: usize,
    /// The engine as it scored the answers.
    pub before: Agreement,
    /// Out-of-fold predictions of the fitted formula.
    pub after: Agreement,
    pub weights: FeatureWeights,
}

#[derive(Debug, Error, PartialEq)]
pub enum CalibrationError {
    #[error("calibration needs at least {MIN_RATINGS} rated answers; {0} given")]
    TooFewRatings(usize),
    #[error("rating {0} is outside 1–5")]
    RatingOutOfRange(f64),
    #[error("all ratings are the same; there is nothing to learn from")]
    NoVariance,
}

/// A 1–5 rating on the 0–100 scale of scores.
fn to_score(rating: f64) -> f64 {
    (rating - 1.0) * 25.0
}

fn to_rating(score: f64) -> f64 {
    score.clamp(0.0, 100.0) / 25.0 + 1.0
}

/// Fits feature weights to ratings. `version` names the result (e.g. `cal-2`).
pub fn fit(samples: &[RatedAnswer], version: &str) -> Result<CalibrationResult, CalibrationError> {
    if samples.len() < MIN_RATINGS {
        return Err(CalibrationError::TooFewRatings(samples.len()));
    }
    if let Some(bad) = samples.iter().find(|s| !(1.0..=5.0).contains(&s.rating)) {
        return Err(CalibrationError::RatingOutOfRange(bad.rating));
    }
    let ratings: Vec<f64> = samples.iter().map(|s| s.rating).collect();
    if ratings.iter().all(|r| (r - ratings[0]).abs() < 1e-9) {
        return Err(CalibrationError::NoVariance);
    }
    let design = Design::new(samples);
    let y: Vec<f64> = ratings.iter().map(|r| to_score(*r)).collect();

    // Folds by position: deterministic, and every answer is held out exactly once.
    let folds = FOLDS.min(samples.len());
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for lambda in LAMBDAS {
        let mut predictions = vec![0.0; samples.len()];
        for fold in 0..folds {
            let train = design.uncapped((0..samples.len()).filter(|i| i % folds != fold));
            let (b0, w) = design.solve(&train, &y, lambda);
            for i in (0..samples.len()).filter(|i| i % folds == fold) {
                predictions[i] = design.predict(i, b0, &w);
            }
        }
        let mse = predictions
            .iter()
            .zip(&y)
            .map(|(p, t)| (p - t).powi(2))
            .sum::<f64>()
            / y.len() as f64;
        if best.as_ref().is_none_or(|(m, _, _)| mse < *m - 1e-12) {
            best = Some((mse, lambda, predictions));
        }
    }
    let (_, lambda, oof) = best.expect("at least one lambda");
    let (intercept, w) = design.solve(&design.uncapped(0..samples.len()), &y, lambda);

    let engine: Vec<f64> = samples.iter().map(|s| to_rating(s.engine_total)).collect();
    let after_pred: Vec<f64> = oof.iter().map(|p| to_rating(*p)).collect();
    Ok(CalibrationResult {
        samples: samples.len(),
        lambda,
        folds,
        before: agreement(&engine, &ratings),
        after: agreement(&after_pred, &ratings),
        weights: FeatureWeights {
            version: version.to_string(),
            intercept: round4(intercept),
            weights: design
                .names
                .iter()
                .cloned()
                .zip(w.into_iter().map(round4))
                .collect(),
        },
    })
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn agreement(pred: &[f64], truth: &[f64]) -> Agreement {
    let mae = pred
        .iter()
        .zip(truth)
        .map(|(p, t)| (p - t).abs())
        .sum::<f64>()
        / truth.len().max(1) as f64;
    Agreement {
        spearman: round4(spearman(pred, truth)),
        mean_abs_error: round4(mae),
    }
}

/// The feature matrix, with each feature's default weight as the prior.
struct Design {
    names: Vec<String>,
    prior: Vec<f64>,
    rows: Vec<Vec<f64>>,
    /// The rule cap each answer was held to (keyword list, evasive…), if any. Capped
    /// answers are scored by the rule, so they are predicted with it and not fitted.
    caps: Vec<Option<f64>>,
}

impl Design {
    fn new(samples: &[RatedAnswer]) -> Self {
        // Every feature that appears in any sample, in first-seen order; the cap, floor
        // and intercept rows are outcomes of the formula, not inputs to it.
        let mut names: Vec<String> = Vec::new();
        let mut prior: Vec<f64> = Vec::new();
        for s in samples {
            for f in &s.features {
                let derived = f.name.starts_with("cap:")
                    || matches!(
                        f.name.as_str(),
                        "floor" | "ceiling" | "calibration_intercept"
                    );
                if !derived && !names.contains(&f.name) {
                    names.push(f.name.clone());
                    prior.push(f.weight);
                }
            }
        }
        let rows = samples
            .iter()
            .map(|s| {
                names
                    .iter()
                    .map(|n| {
                        s.features
                            .iter()
                            .find(|f| &f.name == n)
                            .map_or(0.0, |f| f.value)
                    })
                    .collect()
            })
            .collect();
        let caps = samples
            .iter()
            .map(|s| {
                s.features
                    .iter()
                    .filter(|f| f.name.starts_with("cap:"))
                    .map(|f| f.value)
                    .min_by(f64::total_cmp)
            })
            .collect();
        Self {
            names,
            prior,
            rows,
            caps,
        }
    }

    fn predict(&self, i: usize, intercept: f64, w: &[f64]) -> f64 {
        let linear = intercept + self.rows[i].iter().zip(w).map(|(x, w)| x * w).sum::<f64>();
        let capped = self.caps[i].map_or(linear, |c| linear.min(c));
        capped.clamp(0.0, 100.0)
    }

    fn uncapped(&self, idx: impl Iterator<Item = usize>) -> Vec<usize> {
        idx.filter(|&i| self.caps[i].is_none()).collect()
    }

    /// Minimises Σ(y − b0 − x·w)² + λ·n_features·‖w − prior‖² over the rows in `idx`,
    /// with an unpenalised intercept (handled by centring).
    fn solve(&self, idx: &[usize], y: &[f64], lambda: f64) -> (f64, Vec<f64>) {
        let p = self.names.len();
        if idx.is_empty() {
            return (0.0, self.prior.clone());
        }
        let n = idx.len() as f64;
        let mean_x: Vec<f64> = (0..p)
            .map(|j| idx.iter().map(|&i| self.rows[i][j]).sum::<f64>() / n)
            .collect();
        let mean_y = idx.iter().map(|&i| y[i]).sum::<f64>() / n;
        let mut a = vec![vec![0.0; p]; p];
        let mut b = vec![0.0; p];
        for &i in idx {
            let xc: Vec<f64> = (0..p).map(|j| self.rows[i][j] - mean_x[j]).collect();
            let yc = y[i] - mean_y;
            for j in 0..p {
                b[j] += xc[j] * yc;
                for k in 0..p {
                    a[j][k] += xc[j] * xc[k];
                }
            }
        }
        for j in 0..p {
            a[j][j] += lambda;
            b[j] += lambda * self.prior[j];
        }
        let w = solve_linear(a, b).unwrap_or_else(|| self.prior.clone());
        let intercept = mean_y - mean_x.iter().zip(&w).map(|(m, w)| m * w).sum::<f64>();
        (intercept, w)
    }
}

/// Gaussian elimination with partial pivoting; `None` if singular (cannot happen with
/// λ > 0, but the caller falls back to the prior rather than trusting that).
fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for (offset, row) in lower.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[col + 1 + offset] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// Spearman's rank correlation with average ranks for ties; 0 when either side is flat.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        for k in i..=j {
            r[idx[k]] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contribution(name: &str, value: f64, weight: f64) -> FeatureContribution {
        FeatureContribution {
            name: name.into(),
            value,
            weight,
            contribution: value * weight,
        }
    }

    /// Answers whose ratings follow specificity far more than the default formula does.
    fn samples(n: usize) -> Vec<RatedAnswer> {
        (0..n)
            .map(|i| {
                let coverage = ((i * 7) % 11) as f64 / 10.0;
                let specificity = ((i * 3) % 7) as f64 / 6.0;
                let engine_total = 60.0 * coverage + 15.0 * specificity;
                let rating = (1.0 + 4.0 * (0.2 * coverage + 0.8 * specificity)).clamp(1.0, 5.0);
                let mut features = vec![
                    contribution("key_point_coverage", coverage, 60.0),
                    contribution("specificity", specificity, 15.0),
                ];
                // Every seventh answer was a keyword list, held to its cap by rule.
                let (engine_total, rating) = if i % 7 == 6 {
                    features.push(contribution("cap:keyword_list", 30.0, 1.0));
                    (engine_total.min(30.0), 1.0)
                } else {
                    (engine_total, rating)
                };
                RatedAnswer {
                    features,
                    engine_total,
                    rating,
                }
            })
            .collect()
    }

    #[test]
    fn fitting_learns_what_raters_value_and_improves_agreement() {
        let r = fit(&samples(40), "cal-1").unwrap();
        assert!(r.after.spearman > r.before.spearman, "{r:?}");
        assert!(r.after.mean_abs_error < r.before.mean_abs_error, "{r:?}");
        let w = &r.weights.weights;
        assert!(w["specificity"] > 15.0, "specificity gains weight: {w:?}");
        assert!(!w.contains_key("cap:keyword_list"), "caps are not fitted");
        assert_eq!(r.samples, 40);
        assert_eq!(r.weights.version, "cal-1");
    }

    #[test]
    fn fitting_is_deterministic() {
        assert_eq!(
            fit(&samples(30), "v").unwrap(),
            fit(&samples(30), "v").unwrap()
        );
    }

    #[test]
    fn bad_inputs_are_refused() {
        assert_eq!(
            fit(&samples(19), "v").unwrap_err(),
            CalibrationError::TooFewRatings(19)
        );
        let mut s = samples(25);
        s[3].rating = 6.0;
        assert_eq!(
            fit(&s, "v").unwrap_err(),
            CalibrationError::RatingOutOfRange(6.0)
        );
        let mut s = samples(25);
        for x in &mut s {
            x.rating = 3.0;
        }
        assert_eq!(fit(&s, "v").unwrap_err(), CalibrationError::NoVariance);
    }

    #[test]
    fn spearman_handles_ties_and_flat_input() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), 0.0);
        assert!(spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 4.0]) > 0.9);
    }

    #[test]
    fn solver_solves() {
        let x = solve_linear(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve_linear(vec![vec![0.0, 0.0], vec![0.0, 0.0]], vec![1.0, 1.0]).is_none());
    }
}
