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
use crate::stance::Relation;
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
    /// Cosine floor and ceiling for rubric items against answer spans once the question's
    /// direction is removed from both (see [`crate::scale::without_direction`]). A
    /// sentence-embedding model puts every on-topic sentence close to every key point;
    /// what tells the points apart is what is left beyond the shared topic. `None`: raw
    /// cosines with the floor and ceiling above.
    #[serde(default)]
    pub topic: Option<(f64, f64)>,
}

/// The topic scale of multilingual-e5-small: the one of a grid of (floor, ceiling) pairs
/// that orders the development set's answers best. Fitted, so its figures are reported
/// leave-one-question-out (crates/embed/tests/eval_dev_model.rs refits it without each
/// question in turn, and checks that this is still the pair the whole set picks).
pub const TOPIC_SCALE: (f64, f64) = (0.0, 0.9);

impl Calibration {
    /// For [`crate::LexicalEmbedder`].
    pub const LEXICAL: Calibration = Calibration {
        cosine_floor: 0.05,
        cosine_ceiling: 0.55,
        semantic_weight: 0.5,
        covered: 0.42,
        red_flag: 0.55,
        topic: None,
    };

    /// A starting point for sentence-embedding models such as multilingual-e5, whose
    /// cosines concentrate in 0.7–0.95 (the floor and ceiling are measured per model, see
    /// [`crate::scale`]); rubric items are matched beyond the question's topic
    /// ([`TOPIC_SCALE`]).
    pub const NEURAL_DEFAULT: Calibration = Calibration {
        cosine_floor: 0.72,
        cosine_ceiling: 0.9,
        semantic_weight: 0.7,
        covered: 0.5,
        red_flag: 0.65,
        topic: Some(TOPIC_SCALE),
    };

    /// The calibration rubric items are matched with: the topic scale when there is one.
    pub fn for_items(&self) -> Calibration {
        match self.topic {
            Some((floor, ceiling)) => Calibration {
                cosine_floor: floor,
                cosine_ceiling: ceiling,
                ..*self
            },
            None => *self,
        }
    }

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
    /// The text that was matched (the clause itself for a clause), whose stance is read.
    pub text: String,
    /// [`han_share`] of `text`, computed once: it decides how each item is compared.
    pub han: f64,
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
    /// The item's content terms, for reading stance.
    pub terms: HashSet<Term>,
    /// Share of Han characters among letters: tells which language the item is in.
    han: f64,
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
            terms: analysis.terms.iter().cloned().collect(),
            han: han_share(text),
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
        // An answer in the other language shares no words with the rubric: the embedder's
        // view (multilingual) is then the only one, rather than half of it against a 0.
        let w = if (self.han - span.han).abs() > 0.6 {
            1.0
        } else {
            cal.semantic_weight.clamp(0.0, 1.0)
        };
        ((w * semantic + (1.0 - w) * lexical) * span.discount).clamp(0.0, 1.0)
    }

    /// Every span with its similarity, most similar first (ties: earliest first).
    pub fn ranked(&self, spans: &[Span], cal: &Calibration) -> Vec<(usize, f64)> {
        let mut all: Vec<(usize, f64)> = spans
            .iter()
            .enumerate()
            .map(|(i, s)| (i, self.similarity(s, cal)))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all
    }

    /// The most similar span that stands in `relation` to this item among the `limit` most
    /// similar spans at or above `floor`, and the most similar one that does not (for the
    /// report: what the answer said instead).
    ///
    /// `verdicts` are a judge's answers for some spans (probability that the span asserts
    /// the item): when there are any, only a span the judge says yes to can support, and a
    /// no turns the cue reading's support into a mere mention.
    pub fn judged(
        &self,
        spans: &[Span],
        cal: &Calibration,
        floor: f64,
        question: &HashSet<Term>,
        verdicts: &[(usize, Option<f64>)],
        red_flag: bool,
    ) -> Judged {
        let mut out = Judged::default();
        let judged = verdicts.iter().any(|(_, p)| p.is_some());
        for (i, sim) in self.ranked(spans, cal).into_iter().take(STANCE_READS) {
            if sim < floor || sim <= 1e-12 {
                break;
            }
            let cue = crate::stance::relation(
                &self.text,
                &self.terms,
                &spans[i].text,
                &spans[i].terms,
                question,
                red_flag,
            );
            let verdict = verdicts.iter().find(|(j, _)| *j == i).and_then(|(_, p)| *p);
            let r = match (judged, verdict) {
                (false, _) => cue,
                (true, Some(p)) if p >= 0.5 => Relation::Supports,
                (true, _) if cue == Relation::Supports => Relation::Mentions,
                (true, _) => cue,
            };
            if r == Relation::Supports {
                out.support = Some((i, sim));
                break;
            }
            if out.other.is_none() {
                out.other = Some((i, sim, r));
            }
        }
        out
    }
}

/// How many of the most similar spans have their stance read per item: the supporting
/// one is nearly always among the first few, and each read tokenises the span again.
const STANCE_READS: usize = 8;

/// The outcome of reading stance for one rubric item.
#[derive(Clone, Copy, Debug, Default)]
pub struct Judged {
    /// The most similar supporting span.
    pub support: Option<(usize, f64)>,
    /// The most similar span that was more similar than any supporting one but does not
    /// support the item, with its relation.
    pub other: Option<(usize, f64, Relation)>,
}

/// Share of Han characters among the letters of a text (0 for none).
pub fn han_share(text: &str) -> f64 {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in text.chars() {
        if crate::tokenize::is_cjk(c) {
            han += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        han as f64 / letters as f64
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
    fn han_share_tells_the_language() {
        assert!(han_share("先向客人道歉") > 0.9);
        assert_eq!(han_share("apologise first"), 0.0);
        assert_eq!(han_share("123"), 0.0);
        assert!((han_share("用 SQL") - 0.25).abs() < 1e-9);
    }
}
