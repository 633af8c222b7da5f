//! Judging an answer against its rubric: which key points its spans support (and which
//! they contradict), and which red flags they assert. Similarity finds the candidate
//! spans; stance ([`crate::stance`], and a [`crate::Judge`] where one is configured)
//! decides.

use std::collections::HashSet;

use crate::coverage::{credit, is_absolute, Calibration, Span, Target};
use crate::reading::{ExternalReading, FlagReading, PointReading};
use crate::stance::{self, Relation};
use crate::tokenize::Term;
use crate::types::{round3, KeyPointResult, RedFlagResult};

/// What every item is judged against.
pub(crate) struct Matching<'a> {
    pub spans: &'a [Span],
    /// Thresholds (`covered`, `red_flag`) and near-miss credit.
    pub cal: &'a Calibration,
    /// The similarity scale rubric items are matched with ([`Calibration::for_items`]).
    pub item_cal: Calibration,
    /// The question's own terms: on-topic words, no evidence of stance.
    pub question: &'a HashSet<Term>,
    /// An external model's claims, which decide the items they cover.
    pub external: Option<&'a ExternalReading>,
}

pub(crate) struct KeyPoints {
    pub results: Vec<KeyPointResult>,
    /// Mean graded credit over the key points.
    pub coverage: f64,
    /// Key points the answer contradicts.
    pub contradicted: usize,
}

/// Key points are credited only where a span supports them. A point the answer
/// contradicts (refuses, negates, dismisses) earns nothing, not even near-miss credit, and
/// the report quotes the contradicting sentence.
pub(crate) fn key_points(
    m: &Matching,
    points: &[Target],
    verdicts: &[Vec<(usize, Option<f64>)>],
) -> KeyPoints {
    let cal = m.cal;
    let mut results = Vec::with_capacity(points.len());
    let mut credits = Vec::with_capacity(points.len());
    let mut contradicted = 0usize;
    for (k, (p, verdicts)) in points.iter().zip(verdicts).enumerate() {
        if let Some(claim) = m.external.and_then(|x| x.point(k)) {
            let best = p
                .ranked(m.spans, &m.item_cal)
                .first()
                .map_or(0.0, |(_, s)| *s);
            let (covered, evidence, relation) = match claim {
                PointReading::Supports(q) => (true, Some(q.clone()), Some(Relation::Supports)),
                PointReading::Contradicts(q) => {
                    (false, Some(q.clone()), Some(Relation::Contradicts))
                }
                PointReading::Mentions(q) => (false, Some(q.clone()), Some(Relation::Mentions)),
                PointReading::Absent => (false, None, None),
            };
            if relation == Some(Relation::Contradicts) {
                contradicted += 1;
            }
            // The reading is a judgement, not a similarity: full credit or none.
            credits.push(if covered { 1.0 } else { 0.0 });
            results.push(KeyPointResult {
                point: p.text.clone(),
                covered,
                evidence,
                relation,
                similarity: round3(best),
            });
            continue;
        }
        let j = p.judged(
            m.spans,
            &m.item_cal,
            cal.covered / 2.0,
            m.question,
            verdicts,
            false,
        );
        let support_sim = j.support.map_or(0.0, |(_, s)| s);
        let covered = support_sim >= cal.covered;
        let against = j
            .other
            .filter(|(_, sim, _)| !covered && *sim >= cal.covered);
        let (evidence, relation, sim) = match (covered, against) {
            (true, _) => (
                j.support.map(|(i, _)| m.spans[i].evidence.clone()),
                Some(Relation::Supports),
                support_sim,
            ),
            (false, Some((i, sim, r))) => (Some(m.spans[i].evidence.clone()), Some(r), sim),
            (false, None) => (None, None, support_sim),
        };
        if relation == Some(Relation::Contradicts) {
            contradicted += 1;
            credits.push(0.0);
        } else {
            credits.push(credit(support_sim, cal));
        }
        results.push(KeyPointResult {
            point: p.text.clone(),
            covered,
            evidence,
            relation,
            similarity: round3(sim),
        });
    }
    let coverage = if credits.is_empty() {
        0.0
    } else {
        credits.iter().sum::<f64>() / credits.len() as f64
    };
    KeyPoints {
        results,
        coverage,
        contradicted,
    }
}

pub(crate) struct RedFlags {
    pub found: Vec<RedFlagResult>,
    /// Highest resemblance to a flag that was not raised, relative to its threshold.
    pub resemblance: f64,
}

/// Red flags are raised only by a span that asserts the flagged behaviour ("我不会和客户
/// 争辩" never raises "与客户争辩"). A blame-shifting flag is also raised by any sentence
/// that passes the responsibility on, whatever its words.
pub(crate) fn red_flags(
    m: &Matching,
    flags: &[Target],
    verdicts: &[Vec<(usize, Option<f64>)>],
    sentences: &[String],
) -> RedFlags {
    let cal = m.cal;
    let raised = |flag: &Target, evidence: &str| RedFlagResult {
        flag: flag.text.clone(),
        evidence: evidence.to_string(),
        relation: Relation::Supports,
    };
    let mut found = Vec::new();
    let mut resemblance: f64 = 0.0;
    for (k, (f, verdicts)) in flags.iter().zip(verdicts).enumerate() {
        match m.external.and_then(|x| x.flag(k)) {
            Some(FlagReading::Asserted(q)) => {
                found.push(raised(f, q));
                continue;
            }
            Some(FlagReading::Absent) => continue,
            None => {}
        }
        let deflecting = stance::describes_deflection(&f.text)
            .then(|| sentences.iter().find(|s| stance::deflects(s)))
            .flatten();
        if let Some(evidence) = deflecting {
            found.push(raised(f, evidence));
            continue;
        }
        let j = f.judged(
            m.spans,
            &m.item_cal,
            cal.red_flag / 2.0,
            m.question,
            verdicts,
            true,
        );
        let Some((i, sim)) = j.support else { continue };
        let evidence = &m.spans[i].evidence;
        let half = cal.red_flag / 2.0;
        let resembles = ((sim - half) / half).clamp(0.0, 1.0);
        if is_absolute(&f.text) && !is_absolute(evidence) {
            // The flag is about an absolute claim the sentence does not make.
            resemblance = resemblance.max(resembles / 2.0);
        } else if sim >= cal.red_flag {
            found.push(raised(f, evidence));
        } else {
            resemblance = resemblance.max(resembles);
        }
    }
    RedFlags { found, resemblance }
}
