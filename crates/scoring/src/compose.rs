//! Answer-side vectors for model engines: encode sentences and clauses, compose the rest.
//!
//! The scorer compares rubric items with every sentence, clause, pair of adjacent sentences
//! and the whole answer. Encoding each of those separately runs the model over every token
//! about four times. A mean-pooled model such as e5 represents a text as the average of its
//! token states, so the vector of a span made of whole sentences is close to the
//! length-weighted average of the sentences' vectors (it differs only by the attention
//! across the seam). So the model encodes sentences and clauses — the spans whose own
//! wording matters for quoting evidence — and the adjacent-sentence windows and the whole
//! answer are composed from the sentence vectors. That halves the tokens per answer.
//! Composing sentences from their clauses as well would halve it again, but it cost
//! ranking quality on the development set (mean Spearman 0.92 → 0.84), while composing
//! windows and the whole answer cost little (0.92 → 0.90).

/// What an answer-side text is, so its vector can be composed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Encoded as it is (rubric items, the question, sentences, clauses).
    Direct,
    /// Sentence `i` (encoded as it is; named so that windows can refer to it).
    Sentence(usize),
    /// Sentences `i - 1` and `i`: composed.
    Window(usize),
    /// The whole answer: composed from all sentences.
    Whole,
}

/// The clauses of a sentence, as the scorer splits them.
pub fn clauses(sentence: &str) -> Vec<&str> {
    sentence
        .split(crate::scorer::CLAUSE_SEPARATORS)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Vectors for `texts` (one [`Part`] each, in order), encoding only the direct texts and the
/// sentences with `embed`. `embed` returns one vector per input or anything else on
/// failure, in which case every vector is empty (similarity 0), as for a failed batch.
pub fn vectors(
    texts: &[&str],
    parts: &[Part],
    sentences: &[String],
    embed: impl FnOnce(&[&str]) -> Vec<Vec<f32>>,
) -> Vec<Vec<f32>> {
    debug_assert_eq!(texts.len(), parts.len());
    let mut inputs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let mut direct_at = vec![usize::MAX; texts.len()];
    for (i, (t, p)) in texts.iter().zip(parts).enumerate() {
        if *p == Part::Direct {
            direct_at[i] = inputs.len();
            inputs.push(t);
        }
    }
    let encoded = embed(&inputs);
    if encoded.len() != inputs.len() {
        return vec![Vec::new(); texts.len()];
    }
    let sentence_vecs = &encoded[..sentences.len()];
    let sentence_weight: Vec<f32> = sentences.iter().map(|s| weight(s)).collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| match *p {
            Part::Direct => encoded[direct_at[i]].clone(),
            Part::Sentence(s) => sentence_vecs.get(s).cloned().unwrap_or_default(),
            Part::Window(s) if s >= 1 && s < sentences.len() => mix([
                (sentence_vecs[s - 1].as_slice(), sentence_weight[s - 1]),
                (sentence_vecs[s].as_slice(), sentence_weight[s]),
            ]),
            Part::Window(_) => Vec::new(),
            Part::Whole => mix(sentence_vecs
                .iter()
                .zip(&sentence_weight)
                .map(|(v, w)| (v.as_slice(), *w))),
        })
        .collect()
}

/// A text's share in a mix: its length in characters, the best proxy for its token count
/// that needs no tokenizer.
fn weight(text: &str) -> f32 {
    text.chars().filter(|c| !c.is_whitespace()).count().max(1) as f32
}

/// The weighted average of vectors, L2-normalised; empty when there is nothing to mix.
fn mix<'a>(parts: impl IntoIterator<Item = (&'a [f32], f32)>) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::new();
    for (v, w) in parts {
        if v.is_empty() {
            continue;
        }
        if out.is_empty() {
            out = vec![0.0; v.len()];
        }
        if out.len() != v.len() {
            return Vec::new();
        }
        for (o, x) in out.iter_mut().zip(v) {
            *o += w * x;
        }
    }
    let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        out.iter_mut().for_each(|x| *x /= norm);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake model: one axis per text length, so composition is visible in the output.
    fn one_hot(texts: &[&str], inputs: &mut Vec<String>) -> Vec<Vec<f32>> {
        inputs.extend(texts.iter().map(|t| t.to_string()));
        texts
            .iter()
            .map(|t| {
                let mut v = vec![0.0; 8];
                v[t.len() % 8] = 1.0;
                v
            })
            .collect()
    }

    #[test]
    fn windows_and_the_whole_answer_are_composed_not_encoded() {
        let sentences = vec![
            "Call the client, apologise.".to_string(),
            "Fix it.".to_string(),
        ];
        let texts = [
            "rubric point",
            "Call the client, apologise.",
            "Call the client",
            "Call the client, apologise. Fix it.",
            "Call the client, apologise. Fix it.",
            "question",
        ];
        let parts = [
            Part::Direct,
            Part::Sentence(0),
            Part::Direct,
            Part::Window(1),
            Part::Whole,
            Part::Direct,
        ];
        let mut inputs = Vec::new();
        let v = vectors(&texts, &parts, &sentences, |t| one_hot(t, &mut inputs));
        assert_eq!(
            inputs,
            [
                "Call the client, apologise.",
                "Fix it.",
                "rubric point",
                "Call the client",
                "question"
            ]
        );
        assert_eq!(v.len(), texts.len());
        for x in &v {
            let n: f32 = x.iter().map(|a| a * a).sum();
            assert!((n - 1.0).abs() < 1e-5, "unit length");
        }
        assert_eq!(v[2], one_hot(&["Call the client"], &mut Vec::new())[0]);
        // Window and whole mix both sentences, weighted by length: the longer one dominates.
        assert_eq!(v[3], v[4]);
        let (a, b) = (v[3][27 % 8], v[3][7]); // axes of the 27- and 7-byte sentences
        assert!(a > b && b > 0.0, "{:?}", v[3]);
    }

    #[test]
    fn a_failed_batch_gives_empty_vectors() {
        let sentences = vec!["One.".to_string()];
        let v = vectors(
            &["p", "One."],
            &[Part::Direct, Part::Sentence(0)],
            &sentences,
            |_| Vec::new(),
        );
        assert!(v.iter().all(Vec::is_empty));
    }
}
