//! The model's tokenizer (`tokenizer.json`) and the e5 input convention.
//!
//! Normalisation and pre-tokenisation come from the `tokenizers` crate, configured by
//! the file, so they behave exactly as in Hugging Face. The Unigram model itself is our
//! own compact copy of `tokenizers`' Viterbi (`encode_optimized`, unknown pieces fused):
//! its byte trie costs ~190 MB for the 250k-piece XLM-R vocabulary, a plain hash map of
//! the pieces ~20 MB, and the server has a 600 MB budget for the whole model.
//!
//! The engine adds `<s>`/`</s>` itself rather than letting a post-processor do it, because
//! long texts are split into windows and every window needs its own pair.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::{
    Normalizer, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer, Token,
};

use crate::EmbedError;

/// e5 is trained with "query: " on both sides for symmetric similarity (sentence vs
/// sentence), which is how the scorer compares answers with rubric points.
pub const QUERY_PREFIX: &str = "query: ";

/// `tokenizers`' penalty below the lowest piece score for an unknown character.
const UNK_PENALTY: f64 = 10.0;

pub struct E5Tokenizer {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
    /// Piece → id; on duplicate pieces the last id wins, as in `tokenizers`.
    ids: HashMap<Box<str>, u32>,
    scores: Vec<f64>,
    unk: u32,
    unk_score: f64,
    max_piece_bytes: usize,
    pub bos: u32,
    pub eos: u32,
}

#[derive(Deserialize)]
struct TokenizerJson {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
    #[serde(default)]
    added_tokens: Vec<AddedToken>,
    model: UnigramJson,
}

#[derive(Deserialize)]
struct AddedToken {
    id: u32,
    content: String,
}

#[derive(Deserialize)]
struct UnigramJson {
    #[serde(rename = "type")]
    kind: String,
    vocab: Vec<(String, f64)>,
    unk_id: Option<u32>,
    #[serde(default)]
    byte_fallback: bool,
}

impl E5Tokenizer {
    pub fn from_file(path: &Path) -> Result<Self, EmbedError> {
        let bytes = std::fs::read(path).map_err(|e| EmbedError::io(path, e))?;
        let err = |m: String| EmbedError::Tokenizer(format!("{}: {m}", path.display()));
        let json: TokenizerJson = serde_json::from_slice(&bytes).map_err(|e| err(e.to_string()))?;
        drop(bytes);
        let m = json.model;
        if m.kind != "Unigram" || m.byte_fallback {
            return Err(err(format!(
                "a Unigram model without byte fallback is required, found {}",
                m.kind
            )));
        }
        let n = m.vocab.len();
        let unk = m
            .unk_id
            .filter(|&u| (u as usize) < n)
            .ok_or_else(|| err("no unk_id".into()))?;
        let mut ids = HashMap::with_capacity(n);
        let mut scores = Vec::with_capacity(n);
        let (mut min, mut max_piece_bytes) = (f64::INFINITY, 1);
        for (id, (piece, score)) in m.vocab.into_iter().enumerate() {
            min = min.min(score);
            max_piece_bytes = max_piece_bytes.max(piece.len());
            scores.push(score);
            ids.insert(piece.into_boxed_str(), id as u32);
        }
        let special = |t: &str| {
            json.added_tokens
                .iter()
                .find(|a| a.content == t)
                .map(|a| a.id)
                .or_else(|| ids.get(t).copied())
                .ok_or_else(|| err(format!("no {t} token")))
        };
        let (bos, eos) = (special("<s>")?, special("</s>")?);
        Ok(Self {
            normalizer: json.normalizer,
            pre_tokenizer: json.pre_tokenizer,
            ids,
            scores,
            unk,
            unk_score: min - UNK_PENALTY,
            max_piece_bytes,
            bos,
            eos,
        })
    }

    /// Number of pieces; ids are below this.
    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// Content token ids of `"query: " + text`, without `<s>`/`</s>`.
    pub fn content_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let s = prefixed(text);
        let pre = self.pre_tokenize(&s)?;
        let mut out = Vec::with_capacity(s.len() / 2);
        for (word, _, _) in pre.get_splits(OffsetReferential::Normalized, OffsetType::Byte) {
            self.viterbi(word, &mut |id, _| out.push(id));
        }
        Ok(out)
    }

    /// Like [`E5Tokenizer::content_ids`], with each token's byte range in `text` (not in
    /// the prefixed string): normalisation keeps alignments, so a piece maps back to the
    /// original characters it came from. Pieces of the `"query: "` prefix get an empty
    /// range at 0; a piece that only partly lies in the prefix (e.g. `▁` + the text's
    /// first word) is clipped to the text.
    pub fn content_ids_with_offsets(
        &self,
        text: &str,
    ) -> Result<(Vec<u32>, Vec<Range<usize>>), EmbedError> {
        let s = prefixed(text);
        let mut pre = self.pre_tokenize(&s)?;
        let terr = |e: tokenizers::Error| EmbedError::Tokenizer(e.to_string());
        pre.tokenize(|normalized| {
            let mut tokens = Vec::new();
            self.viterbi(normalized.get(), &mut |id, r: Range<usize>| {
                tokens.push(Token::new(id, String::new(), (r.start, r.end)));
            });
            Ok(tokens)
        })
        .map_err(terr)?;
        let enc = pre.into_encoding(None, 0, OffsetType::Byte).map_err(terr)?;
        let p = QUERY_PREFIX.len();
        let offsets = enc
            .get_offsets()
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (a.saturating_sub(p), b.saturating_sub(p));
                a.min(text.len())..b.clamp(a, text.len())
            })
            .collect();
        Ok((enc.get_ids().to_vec(), offsets))
    }

    fn pre_tokenize(&self, s: &str) -> Result<PreTokenizedString, EmbedError> {
        // `tokenizers`' errors never carry the input text, so they are safe to log.
        let terr = |e: tokenizers::Error| EmbedError::Tokenizer(e.to_string());
        let mut pre = PreTokenizedString::from(s);
        if let Some(n) = &self.normalizer {
            pre.normalize(|s| n.normalize(s)).map_err(terr)?;
        }
        if let Some(p) = &self.pre_tokenizer {
            p.pre_tokenize(&mut pre).map_err(terr)?;
        }
        Ok(pre)
    }

    /// Best segmentation of one word (`tokenizers`' `encode_optimized`): ties keep the
    /// first (shortest) candidate; runs of unknown characters become one `<unk>`. Emits
    /// each piece's id and byte range in `word`, in order.
    fn viterbi(&self, word: &str, emit: &mut dyn FnMut(u32, Range<usize>)) {
        #[derive(Clone, Copy)]
        struct Node {
            id: u32,
            score: f64,
            from: Option<usize>,
        }
        let n = word.len();
        let mut best = vec![
            Node {
                id: 0,
                score: 0.0,
                from: None
            };
            n + 1
        ];
        let offer = |best: &mut [Node], at: usize, from: usize, id: u32, score: f64| {
            let t = &mut best[at];
            if t.from.is_none() || score > t.score {
                *t = Node {
                    id,
                    score,
                    from: Some(from),
                };
            }
        };
        for (start, ch) in word.char_indices() {
            let here = best[start].score;
            let mblen = ch.len_utf8();
            let mut single = false;
            let rest = &word[start..];
            // Every char boundary after `start`, up to the longest piece.
            let ends = rest.char_indices().skip(1).map(|(i, _)| i);
            for end in ends.chain([rest.len()]) {
                if end > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.ids.get(&rest[..end]) {
                    offer(
                        &mut best,
                        start + end,
                        start,
                        id,
                        here + self.scores[id as usize],
                    );
                    single |= end == mblen;
                }
            }
            if !single {
                offer(
                    &mut best,
                    start + mblen,
                    start,
                    self.unk,
                    here + self.unk_score,
                );
            }
        }
        // Walk back from the end, collecting pieces in reverse.
        let mut pieces: Vec<(u32, Range<usize>)> = Vec::new();
        let mut end = n;
        let mut unk_run: Option<usize> = None; // end of a run of unknown pieces
        while end > 0 {
            let node = best[end];
            let start = node.from.expect("every character is reachable");
            if node.id == self.unk {
                unk_run.get_or_insert(end);
            } else {
                if let Some(e) = unk_run.take() {
                    pieces.push((self.lookup_or_unk(&word[end..e]), end..e));
                }
                pieces.push((node.id, start..end));
            }
            end = start;
        }
        if let Some(e) = unk_run {
            pieces.push((self.lookup_or_unk(&word[..e]), 0..e));
        }
        for (id, r) in pieces.into_iter().rev() {
            emit(id, r);
        }
    }

    /// A fused run of unknown characters is looked up as a whole, as `tokenizers` does.
    fn lookup_or_unk(&self, s: &str) -> u32 {
        self.ids.get(s).copied().unwrap_or(self.unk)
    }
}

fn prefixed(text: &str) -> String {
    let mut s = String::with_capacity(QUERY_PREFIX.len() + text.len());
    s.push_str(QUERY_PREFIX);
    s.push_str(text);
    s
}

/// Splits content tokens into windows of at most `max_content` (no overlap); an empty
/// text still gets one (empty) window, so it is run as `<s></s>`.
pub fn windows(n_content: usize, max_content: usize) -> Vec<std::ops::Range<usize>> {
    if n_content == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..n_content)
        .step_by(max_content)
        .map(|a| a..(a + max_content).min(n_content))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_cover_the_content_without_overlap() {
        assert_eq!(windows(0, 510), vec![0..0]);
        assert_eq!(windows(5, 510), vec![0..5]);
        assert_eq!(windows(510, 510), vec![0..510]);
        assert_eq!(windows(1021, 510), vec![0..510, 510..1020, 1020..1021]);
    }
}
