//! The embedding seam and the built-in lexical embedder.

use std::collections::BTreeMap;

use crate::tokenize::{analyse, Analysis, Term};

/// A sentence-embedding model. The lexical engine ships [`LexicalEmbedder`]; a local neural
/// model (e.g. multilingual-e5) plugs in here later.
pub trait Embedder: Send + Sync {
    fn model_id(&self) -> &str;
    /// One vector per text, the same dimension for all; deterministic.
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;

    /// One L2-normalised vector per span of `text` (byte ranges into it). A model may
    /// encode `text` once and pool each span's tokens in context ("late chunking"); this
    /// default embeds each span's slice on its own. A range that is not a valid slice of
    /// `text` gets an empty vector.
    fn embed_spans(&self, text: &str, spans: &[std::ops::Range<usize>]) -> Vec<Vec<f32>> {
        let slices: Vec<Option<&str>> = spans.iter().map(|r| text.get(r.clone())).collect();
        let valid: Vec<&str> = slices.iter().flatten().copied().collect();
        let mut vecs = self.embed(&valid).into_iter();
        if vecs.len() != valid.len() {
            return vec![Vec::new(); spans.len()];
        }
        slices
            .iter()
            .map(|s| match s {
                Some(_) => vecs.next().unwrap_or_default(),
                None => Vec::new(),
            })
            .collect()
    }
}

/// Hashed bag-of-terms vectors: stemmed English words, jieba words and Chinese character
/// bigrams, with sublinear term frequency, L2-normalised. Hashing uses 64-bit FNV-1a, which
/// is fixed across runs and platforms (std's `RandomState` is seeded per process).
#[derive(Clone, Copy, Debug, Default)]
pub struct LexicalEmbedder;

impl LexicalEmbedder {
    pub const MODEL_ID: &'static str = "lexical-hash-4096";
    pub const DIM: usize = 4096;

    /// Embeds an already analysed text, so callers that tokenised once need not again.
    pub fn embed_analysis(a: &Analysis) -> Vec<f32> {
        let mut v = vec![0f32; Self::DIM];
        // Count per distinct term (a BTreeMap keeps the summation order fixed).
        let mut counts: BTreeMap<&Term, f32> = BTreeMap::new();
        for t in &a.terms {
            *counts.entry(t).or_insert(0.0) += 1.0;
        }
        for (t, tf) in counts {
            let prefix: &[u8] = match t {
                Term::Word(_) => b"w:",
                Term::Bigram(_) => b"b:",
            };
            let idx = (fnv1a(prefix, t.as_str().as_bytes()) % Self::DIM as u64) as usize;
            // Sublinear tf: repeating a word five times is not five times the evidence.
            v[idx] += t.weight() as f32 * (1.0 + tf.ln());
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }
}

impl Embedder for LexicalEmbedder {
    fn model_id(&self) -> &str {
        Self::MODEL_ID
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .iter()
            .map(|t| Self::embed_analysis(&analyse(t)))
            .collect()
    }
}

/// 64-bit FNV-1a over a prefix and the bytes.
pub fn fnv1a(prefix: &[u8], bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in prefix.iter().chain(bytes) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Cosine similarity; 0 when either vector is zero or the dimensions differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let (mut dot, mut na, mut nb) = (0f64, 0f64, 0f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (f64::from(*x), f64::from(*y));
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na <= 0.0 || nb <= 0.0 || !dot.is_finite() {
        0.0
    } else {
        (dot / (na.sqrt() * nb.sqrt())).clamp(-1.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_vectors_are_normalised_and_deterministic() {
        let e = LexicalEmbedder;
        let v = e.embed(&["I would apologise to the customer", "向客人道歉", ""]);
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|x| x.len() == LexicalEmbedder::DIM));
        let n: f32 = v[0].iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5);
        assert_eq!(v[0], e.embed(&["I would apologise to the customer"])[0]);
        assert_eq!(cosine(&v[2], &v[0]), 0.0);
    }

    #[test]
    fn default_embed_spans_embeds_each_slice() {
        let e = LexicalEmbedder;
        let text = "先道歉，再撤菜。Then call back.";
        let zh = 0..text.find('。').unwrap();
        let en = text.find('T').unwrap()..text.len();
        let v = e.embed_spans(text, &[zh.clone(), en.clone(), 0..0, 1..2, 5..999]);
        assert_eq!(v.len(), 5);
        assert_eq!(v[0], e.embed(&[&text[zh]])[0]);
        assert_eq!(v[1], e.embed(&[&text[en]])[0]);
        assert_eq!(v[2], e.embed(&[""])[0]);
        // Not a char boundary, past the end: no slice, no vector.
        assert!(v[3].is_empty() && v[4].is_empty());
        assert!(e.embed_spans(text, &[]).is_empty());
    }

    #[test]
    fn related_texts_are_closer_than_unrelated() {
        let e = LexicalEmbedder;
        let v = e.embed(&[
            "apologise sincerely to the customer",
            "First I'd apologize to the customer.",
            "The database planner ignores unused indexes.",
        ]);
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.3);
    }
}
