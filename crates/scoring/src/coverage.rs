//! Matching rubric key points and red flags to answer sentences.
//!
//! The similarity of a rubric item and an answer span is a blend of two views:
//! - the embedder's cosine, rescaled by the engine's [`Calibration`] (cosines of different
//!   models live on different scales: lexical vectors rarely exceed 0.6, neural ones rarely
//!   fall below 0.7);
//! - lexical recall: the weighted share of the item's terms that the span contains. Answer
//!   sentences carry much more than the item, and cosine punishes that; recall does not.
//!
//! Terms the question itself uses are down-weighted in recall, since any on-topic answer
//! repeats them ("customer", "客人") without covering a specific point.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::embed::cosine;
use crate::tokenize::{Analysis, Term};

/// Engine-specific similarity scales and thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Cosine at or below which the embedder's view counts as "unrelated" (0).
    pub cosine_floor: f64,
    /// Cosine at or above which the embedder's view counts as "same meaning" (1).
    pub cosine_ceiling: f64,
    /// Share of the embedder's view in the blend; the rest is lexical recall.
    pub semantic_weight: f64,
    /// Blended similarity from which a key point counts as covered.
    pub covered: f64,
    /// Blended similarity from which a red flag counts as present (higher: a false red flag
    /// hurts a candidate more than a missed one).
    pub red_flag: f64,
}

impl Calibration {
    /// For [`crate::LexicalEmbedder`].
    pub const LEXICAL: Calibration = Calibration {
        cosine_floor: 0.05,
        cosine_ceiling: 0.55,
        semantic_weight: 0.5,
        covered: 0.42,
        red_flag: 0.55,
    };

    /// A starting point for sentence-embedding models such as multilingual-e5, whose
    /// cosines concentrate in 0.7–0.95; recalibrate per model from labelled answers.
    pub const NEURAL_DEFAULT: Calibration = Calibration {
        cosine_floor: 0.72,
        cosine_ceiling: 0.9,
        semantic_weight: 0.7,
        covered: 0.5,
        red_flag: 0.65,
    };

    fn rescale(&self, cos: f64) -> f64 {
        let span = (self.cosine_ceiling - self.cosine_floor).max(1e-6);
        ((cos - self.cosine_floor) / span).clamp(0.0, 1.0)
    }
}

/// A piece of the answer that a rubric item is compared with: a clause, a sentence or two
/// adjacent sentences.
pub struct Span {
    /// What is quoted as evidence: the whole sentence (or both sentences of a window), even
    /// when the match came from one of its clauses.
    pub evidence: String,
    pub terms: HashSet<Term>,
    pub vector: Vec<f32>,
    /// Windows get a small discount so that a single sentence is preferred as evidence.
    pub discount: f64,
}

/// A rubric item prepared once per scoring call.
pub struct Target {
    pub text: String,
    weighted: Vec<(Term, f64)>,
    total_weight: f64,
    pub vector: Vec<f32>,
    negated: bool,
}

impl Target {
    pub fn new(
        text: &str,
        analysis: &Analysis,
        vector: Vec<f32>,
        question: &HashSet<Term>,
    ) -> Self {
        let mut seen = HashSet::new();
        let mut weighted = Vec::new();
        for t in &analysis.terms {
            if seen.insert(t.clone()) {
                let w = t.weight() * if question.contains(t) { 0.5 } else { 1.0 };
                weighted.push((t.clone(), w));
            }
        }
        let total_weight = weighted.iter().map(|(_, w)| w).sum();
        Self {
            text: text.to_string(),
            weighted,
            total_weight,
            vector,
            negated: has_negation(text),
        }
    }

    /// Weighted share of this item's terms present in `terms`.
    pub fn recall(&self, terms: &HashSet<Term>) -> f64 {
        if self.total_weight <= 0.0 {
            return 0.0;
        }
        let hit: f64 = self
            .weighted
            .iter()
            .filter(|(t, _)| terms.contains(t))
            .map(|(_, w)| w)
            .sum();
        hit / self.total_weight
    }

    pub fn similarity(&self, span: &Span, cal: &Calibration) -> f64 {
        let semantic = cal.rescale(cosine(&self.vector, &span.vector));
        let lexical = self.recall(&span.terms);
        let w = cal.semantic_weight.clamp(0.0, 1.0);
        ((w * semantic + (1.0 - w) * lexical) * span.discount).clamp(0.0, 1.0)
    }

    /// The best span and its similarity; ties keep the earliest span, so results are stable.
    pub fn best(&self, spans: &[Span], cal: &Calibration) -> (Option<usize>, f64) {
        let mut best = (None, 0.0);
        for (i, s) in spans.iter().enumerate() {
            let sim = self.similarity(s, cal);
            if sim > best.1 + 1e-12 {
                best = (Some(i), sim);
            }
        }
        best
    }

    /// True when the span states the opposite of this item: its clause that shares most
    /// terms with the item is negated while the item is not ("I would never blame the
    /// courier" vs the red flag "blames the courier").
    pub fn contradicted_by(&self, span_text: &str) -> bool {
        if self.negated {
            return false;
        }
        let clause = span_text
            .split([',', '，', ';', '；', ':', '：'])
            .max_by(|a, b| {
                let ra = self.recall(&crate::tokenize::analyse(a).terms.into_iter().collect());
                let rb = self.recall(&crate::tokenize::analyse(b).terms.into_iter().collect());
                // Prefer the earlier clause on ties (max_by keeps the last maximum).
                ra.partial_cmp(&rb)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(std::cmp::Ordering::Greater)
            })
            .unwrap_or(span_text);
        has_negation(clause)
    }
}

/// Absolute claims ("always", "as many as possible", "所有", "越多越好"). A red flag that
/// describes an absolute claim is only shown by a sentence that makes one: "an index makes
/// queries faster" does not claim that indexes always make everything faster.
pub fn is_absolute(text: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            r"(?i)\b(?:always|never|every|everything|everyone|all|any|whatever|as (?:many|much) as possible|no matter)\b|",
            r"总是|一定|永远|所有|任何|一切|全部|每个|每一|凡是|越多越好|无论|不管|从来|绝对|肯定"
        ))
        .expect("static absolute pattern")
    })
    .is_match(text)
}

/// Negation cues. "without" is deliberately absent: rubric items use it descriptively
/// ("blames the courier without helping").
pub fn has_negation(text: &str) -> bool {
    const ZH: [&str; 12] = [
        "不", "没", "别", "勿", "避免", "防止", "绝不", "从不", "禁止", "而非", "并非", "杜绝",
    ];
    const EN: [&str; 14] = [
        "not", "never", "no", "dont", "wont", "wouldnt", "shouldnt", "cant", "cannot", "avoid",
        "instead", "refuse", "neither", "nor",
    ];
    if ZH.iter().any(|c| text.contains(c)) {
        return true;
    }
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.to_lowercase().replace(['\'', '’'], ""))
        .any(|w| EN.contains(&w.as_str()))
}

/// Graded credit for a key point: 1 when covered, falling off quadratically below the
/// threshold so that near-misses still count a little and unrelated sentences do not.
pub fn credit(similarity: f64, cal: &Calibration) -> f64 {
    if cal.covered <= 0.0 {
        return 1.0;
    }
    (similarity / cal.covered).min(1.0).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_is_found_in_the_matching_clause() {
        let q = HashSet::new();
        let a = crate::tokenize::analyse("blames the courier");
        let t = Target::new("blames the courier", &a, vec![], &q);
        assert!(t.contradicted_by("I would never blame the courier, I'd fix it"));
        assert!(!t.contradicted_by("It is the courier's fault, not mine to fix"));
        assert!(has_negation("我不会把菜再端给客人"));
        assert!(!has_negation("I'd apologise"));
    }
}
