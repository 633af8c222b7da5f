//! The judge seam: a second opinion on stance for the few (rubric item, answer span) pairs
//! that decide coverage and red flags.
//!
//! The first pass ([`crate::stance`], cue words with a scope) is instant and explainable
//! but reads only the commitments it has words for. A judge that reads meaning (a local
//! instruct model asked yes/no, or an external model) is far slower, so the scorer asks it
//! only about the most similar spans of each item ([`JUDGED_SPANS`]) and lets its answer
//! decide whether a span supports the item.

/// One question for the judge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JudgePair {
    /// A key point or a red flag, as the rubric words it.
    pub item: String,
    /// Whether `item` is a red flag (the judge is asked whether the span shows the
    /// candidate doing the flagged thing).
    pub red_flag: bool,
    /// The answer text: a sentence, a clause or two adjacent sentences.
    pub span: String,
}

/// Reads whether a span says the candidate does what an item describes.
pub trait Judge: Send + Sync {
    /// Named in the scorer's version, so reports say which judge read them.
    fn id(&self) -> &str;
    /// For each pair, the probability that the span asserts the item; `None` where the
    /// judge could not answer (the cue reading then stands alone).
    fn judge(&self, pairs: &[JudgePair]) -> Vec<Option<f64>>;
}

/// How many of the most similar distinct spans of each item the judge reads.
pub const JUDGED_SPANS: usize = 2;
