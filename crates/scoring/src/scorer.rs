//! The scorer: ties tokenisation, matching, signals and the formula together.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use kaoguan_domain::QuestionKind;

use crate::calibrate::FeatureWeights;
use crate::compose::Part;
use crate::coverage::{credit, Span, Target};
use crate::embed::{Embedder, LexicalEmbedder};
use crate::features::{combine_with, FeatureValues};
use crate::feedback::{self, Evidence};
use crate::judge::Judge;
use crate::judgement::{self, KeyPoints, Matching, RedFlags};
use crate::reading::ExternalReading;
use crate::spans::AnswerSpans;
use crate::tokenize::{analyse, Analysis, Term};
use crate::types::{round1, round3, AnswerScore, AnswerStatus, QuestionInput};
use crate::{signals, star, LEXICAL_ENGINE};

pub use crate::coverage::Calibration;

pub(crate) const CLAUSE_SEPARATORS: [char; 6] = [',', '，', ';', '；', ':', '：'];

enum Backend {
    /// The built-in embedder, fed with the analyses already computed (no re-tokenising).
    Lexical,
    Model(Arc<dyn Embedder>),
}

/// Scores text answers against a question's rubric. Cheap to share: wrap it in an `Arc`.
pub struct Scorer {
    backend: Backend,
    calibration: Calibration,
    /// Feature weights fitted from human ratings; the expert defaults when `None`.
    fitted: Option<Arc<FeatureWeights>>,
    /// Model backend: the answer's spans from one pass over the answer
    /// ([`Embedder::embed_spans`]) instead of encoding sentences and clauses separately.
    late_chunking: bool,
    /// Reads stance for the spans that decide coverage and red flags.
    judge: Option<Arc<dyn Judge>>,
}

/// Whether the model backend uses late chunking unless told otherwise. Off: it doubles
/// throughput (one pass per answer instead of ~11 texts) but lowered the development set's
/// mean Spearman from 0.90 to 0.86 (one question 0.70 → 0.40), too close to the 0.85 bar
/// for questions we have not seen. Validity comes before speed.
pub const LATE_CHUNKING_DEFAULT: bool = false;

impl Scorer {
    /// The lexical engine with [`LexicalEmbedder`].
    pub fn lexical() -> Self {
        Self {
            backend: Backend::Lexical,
            calibration: Calibration::LEXICAL,
            fitted: None,
            late_chunking: false,
            judge: None,
        }
    }

    /// Uses another embedder (a local sentence-embedding model). Its similarity scale
    /// differs from the lexical one, so it starts from [`Calibration::NEURAL_DEFAULT`];
    /// adjust with [`Scorer::with_calibration`].
    pub fn with_embedder(e: Arc<dyn Embedder>) -> Self {
        if e.model_id() == LexicalEmbedder::MODEL_ID {
            return Self::lexical();
        }
        Self {
            backend: Backend::Model(e),
            calibration: Calibration::NEURAL_DEFAULT,
            fitted: None,
            late_chunking: LATE_CHUNKING_DEFAULT,
            judge: None,
        }
    }

    /// Model backend only (the lexical engine ignores it): embed the answer's sentences,
    /// clauses, windows and the whole answer as spans of one encoding of the answer
    /// ([`Embedder::embed_spans`], one forward pass per answer with a model that
    /// implements it) rather than sentences and clauses separately with windows and the
    /// whole answer composed (see [`crate::compose`]).
    pub fn with_late_chunking(mut self, on: bool) -> Self {
        self.late_chunking = on && matches!(self.backend, Backend::Model(_));
        self
    }

    /// The same engine with a judge reading stance where it decides (see [`crate::judge`]).
    pub fn with_judge(mut self, judge: Arc<dyn Judge>) -> Self {
        self.judge = Some(judge);
        self
    }

    /// The embedder behind the engine (the built-in lexical one for the lexical engine),
    /// for comparisons beyond answers and rubrics (a resume against a job description);
    /// map its cosines with [`Scorer::calibration`]'s floor and ceiling.
    pub fn embedder(&self) -> Arc<dyn Embedder> {
        match &self.backend {
            Backend::Lexical => Arc::new(LexicalEmbedder),
            Backend::Model(e) => Arc::clone(e),
        }
    }

    pub fn late_chunking(&self) -> bool {
        self.late_chunking
    }

    pub fn with_calibration(mut self, calibration: Calibration) -> Self {
        self.calibration = calibration;
        self
    }

    pub fn calibration(&self) -> Calibration {
        self.calibration
    }

    /// The same engine with feature weights fitted from human ratings (see
    /// [`crate::calibrate::fit`]). Its version names the fitted weights' version.
    pub fn with_feature_weights(&self, weights: FeatureWeights) -> Self {
        Self {
            backend: match &self.backend {
                Backend::Lexical => Backend::Lexical,
                Backend::Model(e) => Backend::Model(e.clone()),
            },
            calibration: self.calibration,
            fitted: Some(Arc::new(weights)),
            late_chunking: self.late_chunking,
            judge: self.judge.clone(),
        }
    }

    /// Goes into reports as `model_version`: "lexical-2" or "lexical-2+<model_id>".
    pub fn version(&self) -> String {
        let mut engine = match &self.backend {
            Backend::Lexical => LEXICAL_ENGINE.to_string(),
            Backend::Model(e) => format!("{LEXICAL_ENGINE}+{}", e.model_id()),
        };
        if let Some(j) = &self.judge {
            engine = format!("{engine}+{}", j.id());
        }
        match &self.fitted {
            Some(f) => format!("{engine}/{}", f.version),
            None => engine,
        }
    }

    /// Vectors for analysed texts, in order. The lexical engine embeds each analysis (cheap);
    /// a model encodes only the direct texts and the answer's units and composes the rest
    /// (see [`crate::compose`]). A misbehaving embedder (wrong count) yields empty vectors,
    /// whose cosine is 0, rather than a panic.
    ///
    /// With late chunking, items with a byte range in `answer` (`ranges`, aligned with
    /// `items`) are spans of one [`Embedder::embed_spans`] call over the answer, the others
    /// (rubric items, question, and any answer unit not found in it) one `embed` call.
    fn vectors(
        &self,
        items: &[(&str, &Analysis)],
        parts: &[Part],
        sentences: &[String],
        answer: &str,
        ranges: &[Option<Range<usize>>],
    ) -> Vec<Vec<f32>> {
        match &self.backend {
            Backend::Lexical => items
                .iter()
                .map(|(_, a)| LexicalEmbedder::embed_analysis(a))
                .collect(),
            Backend::Model(e) if self.late_chunking => {
                debug_assert_eq!(items.len(), ranges.len());
                let spans: Vec<Range<usize>> = ranges.iter().flatten().cloned().collect();
                let direct: Vec<&str> = items
                    .iter()
                    .zip(ranges)
                    .filter(|(_, r)| r.is_none())
                    .map(|((t, _), _)| *t)
                    .collect();
                let span_vecs = if spans.is_empty() {
                    Vec::new()
                } else {
                    e.embed_spans(answer, &spans)
                };
                let direct_vecs = e.embed(&direct);
                if span_vecs.len() != spans.len() || direct_vecs.len() != direct.len() {
                    return vec![Vec::new(); items.len()];
                }
                let (mut sv, mut dv) = (span_vecs.into_iter(), direct_vecs.into_iter());
                ranges
                    .iter()
                    .map(|r| match r {
                        Some(_) => sv.next().unwrap_or_default(),
                        None => dv.next().unwrap_or_default(),
                    })
                    .collect()
            }
            Backend::Model(e) => {
                let texts: Vec<&str> = items.iter().map(|(t, _)| *t).collect();
                crate::compose::vectors(&texts, parts, sentences, |t| e.embed(t))
            }
        }
    }

    pub fn score_answer(&self, q: &QuestionInput, answer: &str) -> AnswerScore {
        self.score_answer_read(q, answer, None)
    }

    /// [`Scorer::score_answer`] with an external model's reading of the answer: its claims
    /// decide coverage and red flags for the items they cover (see [`crate::reading`]);
    /// everything else is this engine's own.
    pub fn score_answer_read(
        &self,
        q: &QuestionInput,
        answer: &str,
        external: Option<&ExternalReading>,
    ) -> AnswerScore {
        let cal = &self.calibration;
        let answer = answer.trim();
        let sentences = crate::sentences::split(answer);
        let whole = analyse(answer);

        // The question side, analysed once per call.
        let question = analyse(&q.text);
        let question_terms: HashSet<Term> = question.terms.iter().cloned().collect();
        let point_an: Vec<Analysis> = q.rubric.key_points.iter().map(|p| analyse(p)).collect();
        let flag_an: Vec<Analysis> = q.rubric.red_flags.iter().map(|p| analyse(p)).collect();
        let ex_an: Vec<Analysis> = q.rubric.exemplars.iter().map(|p| analyse(p)).collect();
        let rubric_terms: HashSet<Term> = point_an
            .iter()
            .chain(&flag_an)
            .flat_map(|a| a.terms.iter().cloned())
            .collect();
        let mut topic_chars = crate::signals::content_chars(&q.text);
        for t in q
            .rubric
            .key_points
            .iter()
            .chain(&q.rubric.red_flags)
            .chain(&q.rubric.exemplars)
        {
            topic_chars.extend(crate::signals::content_chars(t));
        }
        let mut topic_terms = rubric_terms.clone();
        topic_terms.extend(question_terms.iter().cloned());
        topic_terms.extend(ex_an.iter().flat_map(|a| a.terms.iter().cloned()));

        // The answer side: sentences, their clauses and adjacent-sentence windows.
        let AnswerSpans {
            ranges: span_ranges,
            texts: span_texts,
            analyses: span_an,
            meta: span_meta,
            parts: span_parts,
        } = crate::spans::lay_out(answer, &sentences);

        // One embedding batch for everything.
        let mut items: Vec<(&str, &Analysis)> = Vec::new();
        items.extend(
            q.rubric
                .key_points
                .iter()
                .map(String::as_str)
                .zip(&point_an),
        );
        items.extend(q.rubric.red_flags.iter().map(String::as_str).zip(&flag_an));
        items.extend(q.rubric.exemplars.iter().map(String::as_str).zip(&ex_an));
        items.extend(span_texts.iter().map(String::as_str).zip(&span_an));
        items.push((answer, &whole));
        items.push((q.text.as_str(), &question));
        let rubric_items =
            q.rubric.key_points.len() + q.rubric.red_flags.len() + q.rubric.exemplars.len();
        let mut parts = vec![Part::Direct; rubric_items];
        parts.extend(span_parts);
        parts.push(Part::Whole);
        parts.push(Part::Direct);
        let mut ranges: Vec<Option<Range<usize>>> = vec![None; rubric_items];
        ranges.extend(span_ranges);
        ranges.push(Some(0..answer.len()));
        ranges.push(None);
        let mut vectors = self
            .vectors(&items, &parts, &sentences, answer, &ranges)
            .into_iter();
        let mut targets = |texts: &[String], an: &[Analysis]| -> Vec<Target> {
            texts
                .iter()
                .zip(an)
                .map(|(t, a)| {
                    Target::new(t, a, vectors.next().unwrap_or_default(), &question_terms)
                })
                .collect()
        };
        let points = targets(&q.rubric.key_points, &point_an);
        let flags_t = targets(&q.rubric.red_flags, &flag_an);
        let exemplars = targets(&q.rubric.exemplars, &ex_an);
        let spans: Vec<Span> = span_an
            .into_iter()
            .zip(span_meta)
            .zip(span_texts.iter())
            .map(|((a, (discount, evidence)), text)| Span {
                evidence,
                han: crate::coverage::han_share(text),
                text: text.clone(),
                terms: a.terms.into_iter().collect(),
                vector: vectors.next().unwrap_or_default(),
                discount,
            })
            .collect();
        let whole_span = Span {
            evidence: answer.to_string(),
            text: answer.to_string(),
            han: crate::coverage::han_share(answer),
            terms: whole.terms.iter().cloned().collect(),
            vector: vectors.next().unwrap_or_default(),
            discount: 1.0,
        };
        let question_vector = vectors.next().unwrap_or_default();
        // The first spans are the sentences themselves, in order.
        let sentence_vectors: Vec<&[f32]> = spans
            .iter()
            .take(sentences.len())
            .map(|s| s.vector.as_slice())
            .collect();
        let coherence = coherence(&sentence_vectors, &question_vector, cal);
        // Rubric items are matched on what they say beyond the question's topic.
        let (points, flags_t, spans) = match cal.topic {
            Some(_) => {
                let (mut points, mut flags_t, mut spans) = (points, flags_t, spans);
                let vectors = points
                    .iter_mut()
                    .chain(flags_t.iter_mut())
                    .map(|t| &mut t.vector)
                    .chain(spans.iter_mut().map(|s| &mut s.vector));
                for v in vectors {
                    crate::scale::without_direction(v, &question_vector);
                }
                (points, flags_t, spans)
            }
            None => (points, flags_t, spans),
        };
        let item_cal = cal.for_items();
        let verdicts =
            crate::verdicts::ask(self.judge.as_deref(), &points, &flags_t, &spans, &item_cal);

        let matching = Matching {
            spans: &spans,
            cal,
            item_cal,
            question: &question_terms,
            external,
        };
        let KeyPoints {
            results: key_points,
            coverage,
            contradicted,
        } = judgement::key_points(&matching, &points, &verdicts.points);
        let best_point_sim = key_points.iter().map(|k| k.similarity).fold(0.0, f64::max);
        let RedFlags {
            found: red_flags,
            resemblance,
        } = judgement::red_flags(&matching, &flags_t, &verdicts.flags, &sentences);

        let exemplar = (!exemplars.is_empty()).then(|| {
            exemplars
                .iter()
                .map(|e| credit(e.similarity(&whole_span, cal), cal))
                .fold(0.0, f64::max)
                // Resembling the model answer as a whole says nothing about stance: an
                // answer that rejects its points reads like it. Contradicted points take
                // their share of the resemblance away.
                * (1.0 - contradicted as f64 / points.len().max(1) as f64)
        });

        let star = (q.kind == QuestionKind::Behavioral).then(|| star::detect(&sentences));

        // Answer problems.
        let mut flags: Vec<String> = Vec::new();
        let too_short = signals::too_short(&whole);
        if too_short {
            flags.push("too_short".into());
        } else {
            if signals::keyword_list(answer, &whole, &rubric_terms) {
                flags.push("keyword_list".into());
            }
            if signals::question_echo(&whole, &question_terms) {
                flags.push("question_echo".into());
            }
        }
        if signals::addresses_scorer(answer) {
            flags.push("addresses_scorer".into());
        }
        // Shared words cannot show that an answer in the other language than the question
        // keeps to its topic; with a model, its view of the whole answer against the
        // question does (above the cosine of unrelated texts: on topic).
        let other_language =
            (crate::coverage::han_share(answer) - crate::coverage::han_share(&q.text)).abs() > 0.5;
        let overlap = match &self.backend {
            Backend::Model(_) if other_language => {
                if crate::embed::cosine(&whole_span.vector, &question_vector) > cal.cosine_floor {
                    signals::FULL_TOPIC_OVERLAP
                } else {
                    0.0
                }
            }
            _ => signals::topic_overlap(answer, &whole, &topic_terms, &topic_chars),
        };
        let evasive = signals::evasive(&sentences, whole.units);
        // Lexical evidence of topicality is weak (paraphrases share no words), so only an
        // answer with essentially nothing in common with the question and rubric is
        // off-topic; an evasive answer is better described as evasive.
        if !too_short
            && !evasive
            && red_flags.is_empty()
            && overlap < 0.05
            && best_point_sim < cal.covered / 3.0
        {
            flags.push("off_topic".into());
        }
        if evasive {
            flags.push("evasive".into());
        }

        let values = FeatureValues {
            coverage,
            exemplar,
            star: star.as_ref().map(|s| s.parts_present() as f64 / 4.0),
            specificity: signals::specificity(answer, &sentences),
            elaboration: signals::elaboration(whole.units),
            structure: signals::structure(answer),
            coherence,
            relevance: (overlap / signals::FULL_TOPIC_OVERLAP).min(1.0),
            evasive,
            vagueness: signals::vagueness(answer),
            red_flags: red_flags.len(),
            red_flag_resemblance: resemblance,
        };
        let (raw_total, features) = combine_with(q.kind, &values, &flags, self.fitted.as_deref());
        let total = round1(raw_total);

        let evidence = Evidence {
            language: q.language,
            key_points: &key_points,
            red_flags: &red_flags,
            star: star.as_ref(),
            specificity: values.specificity,
            structure: values.structure,
            flags: &flags,
        };
        let highlights = feedback::highlights(&evidence);
        let suggestions = feedback::suggestions(&evidence);
        let hr_notes = feedback::hr_notes(&evidence);
        let dimensions: BTreeMap<String, f64> = q
            .competencies
            .iter()
            .map(|k| (k.as_str().to_string(), total))
            .collect();

        AnswerScore {
            total,
            status: if too_short {
                AnswerStatus::InsufficientData
            } else {
                AnswerStatus::Scored
            },
            dimensions,
            key_points,
            red_flags,
            star,
            highlights,
            suggestions,
            hr_notes,
            features: features
                .into_iter()
                .map(|mut f| {
                    f.value = round3(f.value);
                    f.contribution = round3(f.contribution);
                    f
                })
                .collect(),
            flags,
        }
    }
}

/// Share of sentences that keep to the thread: each must be more related to a neighbouring
/// sentence or to the question than unrelated text is to anything (the engine's cosine
/// floor). A digression ("by the way, my hobby is…") breaks the thread on both sides.
/// One sentence gives nothing to judge: 0.5, neither credit nor blame; no answer, 0.
fn coherence(sentences: &[&[f32]], question: &[f32], cal: &Calibration) -> f64 {
    match sentences.len() {
        0 => return 0.0,
        1 => return 0.5,
        _ => {}
    }
    let related = |a: &[f32], b: &[f32]| crate::embed::cosine(a, b) > cal.cosine_floor;
    let on_thread = (0..sentences.len())
        .filter(|&i| {
            (i > 0 && related(sentences[i], sentences[i - 1]))
                || (i + 1 < sentences.len() && related(sentences[i], sentences[i + 1]))
                || related(sentences[i], question)
        })
        .count();
    on_thread as f64 / sentences.len() as f64
}
