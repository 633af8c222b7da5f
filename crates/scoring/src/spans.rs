//! The pieces of an answer that rubric items are compared with: its sentences, their
//! clauses (Chinese answers often run a whole answer through one comma-chained sentence)
//! and adjacent-sentence windows, in that order, with where each sits in the answer.

use std::ops::Range;

use crate::compose::Part;
use crate::tokenize::{analyse, Analysis};

/// Adjacent-sentence windows may cover a point split over two sentences, but a single
/// sentence is the better quote, so windows pay a small discount.
const WINDOW_DISCOUNT: f64 = 0.92;

/// The spans of one answer, aligned by index; the first ones are the sentences.
pub(crate) struct AnswerSpans {
    /// Byte ranges in the answer (for late chunking); `None` where a span was not found.
    pub ranges: Vec<Option<Range<usize>>>,
    /// The text compared (the clause itself for a clause).
    pub texts: Vec<String>,
    pub analyses: Vec<Analysis>,
    /// (discount, quoted evidence): a clause is quoted as its whole sentence.
    pub meta: Vec<(f64, String)>,
    /// How a model embeds each span (see [`crate::compose`]).
    pub parts: Vec<Part>,
}

/// Lays out the spans of `answer`, split into `sentences`.
pub(crate) fn lay_out(answer: &str, sentences: &[String]) -> AnswerSpans {
    let sent_an: Vec<Analysis> = sentences.iter().map(|s| analyse(s)).collect();
    let sent_ranges = locate(answer, 0, sentences.iter().map(String::as_str));
    let mut out = AnswerSpans {
        ranges: sent_ranges.clone(),
        texts: sentences.to_vec(),
        analyses: sent_an.clone(),
        meta: sentences.iter().map(|s| (1.0, s.clone())).collect(),
        parts: (0..sentences.len()).map(Part::Sentence).collect(),
    };
    for (s, sr) in sentences.iter().zip(&sent_ranges) {
        let clauses = crate::compose::clauses(s);
        if clauses.len() < 2 {
            continue;
        }
        let clause_ranges = match sr {
            Some(r) => locate(&answer[..r.end], r.start, clauses.iter().copied()),
            None => vec![None; clauses.len()],
        };
        for (c, cr) in clauses.into_iter().zip(clause_ranges) {
            let a = analyse(c);
            if a.units >= 2.0 {
                out.ranges.push(cr);
                out.texts.push(c.to_string());
                out.analyses.push(a);
                out.meta.push((1.0, s.clone()));
                out.parts.push(Part::Direct);
            }
        }
    }
    for i in 1..sentences.len() {
        let joined = format!("{} {}", sentences[i - 1], sentences[i]);
        out.texts.push(joined.clone());
        let mut a = sent_an[i - 1].clone();
        a.terms.extend(sent_an[i].terms.iter().cloned());
        out.analyses.push(a);
        out.meta.push((WINDOW_DISCOUNT, joined));
        out.parts.push(Part::Window(i));
        out.ranges
            .push(match (&sent_ranges[i - 1], &sent_ranges[i]) {
                (Some(a), Some(b)) => Some(a.start..b.end),
                _ => None,
            });
    }
    out
}

/// Byte ranges of `parts` (in order, as slices of `text[from..]` split them) in
/// `text`, searched from a moving cursor; `None` for a part not found (then the caller
/// embeds its text on its own).
fn locate<'a>(
    text: &str,
    from: usize,
    parts: impl Iterator<Item = &'a str>,
) -> Vec<Option<Range<usize>>> {
    let mut at = from;
    parts
        .map(|p| {
            let start = at + text.get(at..)?.find(p)?;
            at = start + p.len();
            Some(start..at)
        })
        .collect()
}
