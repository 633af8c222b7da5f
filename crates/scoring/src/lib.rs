//! Kaoguan's explainable, deterministic answer-scoring engine for text interview answers.
//!
//! The pipeline for one answer (see [`Scorer::score_answer`]):
//!
//! 1. split the answer into sentences, keeping the original text for quoting ([`sentences`]);
//! 2. tokenise zh (jieba words + character bigrams) and en (lowercase, stemmed, stopwords
//!    removed) text ([`tokenize`]);
//! 3. match every rubric key point and red flag against sentences, clauses and
//!    adjacent-sentence windows with a hybrid of the [`Embedder`]'s cosine (with a model:
//!    beyond the question's own topic) and lexical recall ([`coverage`]), and read the
//!    stance of the best matches ([`stance`], optionally a [`Judge`]): only a span that
//!    supports a key point earns credit, and only one that asserts a red flag raises it;
//! 4. detect STAR parts for behavioural questions ([`star`]) and answer-level signals:
//!    specificity, structure, vagueness, and the problems that cap a score — too short,
//!    keyword lists, echoed questions, instructions aimed at the scorer, off-topic and
//!    evasive answers ([`signals`]);
//! 5. combine everything in one transparent linear formula whose contributions add up to
//!    the total ([`features`]) and derive highlights and suggestions from the evidence
//!    ([`feedback`]).
//!
//! [`eval`] is the evaluation protocol (see EVALUATION.md beside this crate's manifest).
//!
//! Nothing here performs I/O, and the same input always gives the same output: hashing uses
//! a fixed FNV function and iteration orders are fixed.

#![forbid(unsafe_code)]

/// `pattern!(name, "part", "part"…)` defines `fn name() -> &'static Regex`, compiled once
/// from the concatenated parts: the cue lexicons of [`signals`] and [`stance`].
macro_rules! pattern {
    ($name:ident, $($part:expr),+ $(,)?) => {
        fn $name() -> &'static ::regex::Regex {
            static RE: ::std::sync::OnceLock<::regex::Regex> = ::std::sync::OnceLock::new();
            RE.get_or_init(|| {
                ::regex::Regex::new(concat!($($part),+)).expect("static cue pattern")
            })
        }
    };
}

pub mod aggregate;
pub mod calibrate;
pub mod compose;
pub mod coverage;
pub mod embed;
pub mod eval;
pub mod features;
pub mod feedback;
pub mod judge;
mod judgement;
pub mod offline;
pub mod reading;
pub mod recommendation;
pub mod scale;
mod scorer;
pub mod sentences;
pub mod signals;
mod spans;
pub mod stance;
pub mod star;
pub mod tokenize;
mod types;
mod verdicts;

pub use aggregate::aggregate;
pub use embed::{Embedder, LexicalEmbedder};
pub use judge::{Judge, JudgePair};
pub use offline::OfflineError;
pub use reading::{ExternalReading, FlagReading, PointReading};
pub use scorer::{Calibration, Scorer, LATE_CHUNKING_DEFAULT};
pub use stance::Relation;
pub use types::{
    AnswerScore, AnswerStatus, FeatureContribution, InterviewSummary, KeyPointResult,
    QuestionInput, RedFlagResult, StarResult,
};

/// The id of this scoring engine; part of every [`Scorer::version`].
pub const LEXICAL_ENGINE: &str = "lexical-2";
