//! [`E5Embedder`]: the scorer's [`Embedder`] on the local multilingual-e5 model.

mod cache;
mod pool;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use kaoguan_scoring::Embedder;
use sha2::{Digest, Sha256};

use crate::bert::BertModel;
use crate::model_dir::ModelDir;
use crate::tokenize::{windows, E5Tokenizer};
use crate::{EmbedError, Precision};
use cache::Cache;
use pool::{Job, Pool};

/// The name part of [`E5Embedder`]'s model id.
pub const MODEL_NAME: &str = "multilingual-e5-small";

#[derive(Clone, Debug)]
pub struct EmbedderOptions {
    /// Worker threads, i.e. forward passes running at once; one call's texts are spread
    /// over all of them.
    pub threads: usize,
    /// Tokens per forward pass at most (bounds activation memory: ~40 KB per token).
    pub max_batch_tokens: usize,
    /// Texts whose vectors are kept (rubric points recur for every answer); 0 disables.
    pub cache_entries: usize,
    /// Arithmetic of the weight products; int8 changes the vectors slightly, so it is
    /// part of the model id.
    pub precision: Precision,
}

impl Default for EmbedderOptions {
    fn default() -> Self {
        Self {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_batch_tokens: 4096,
            cache_entries: 4096,
            precision: Precision::Auto,
        }
    }
}

pub struct E5Embedder {
    model_id: String,
    dim: usize,
    tokenizer: E5Tokenizer,
    /// Content tokens per window (the model's length limit minus `<s>`, `</s>`).
    max_content: usize,
    max_batch_tokens: usize,
    threads: usize,
    cache: Cache,
    pool: Pool,
}

/// One window of one text, as run through the encoder.
/// One model input (`<s>` + up to `max_content` tokens + `</s>`) and what is pooled from it.
struct Window {
    ids: Vec<u32>,
    pools: Vec<TokenPool>,
}

/// A mean over tokens of a window that adds to one output vector: (output index, token
/// range within the window, weight of this mean in the output's weighted mean).
type TokenPool = (usize, Range<usize>, f32);

impl E5Embedder {
    /// Loads a model directory (see [`crate::model_dir`]) and starts the workers.
    pub fn load(dir: &Path, opts: EmbedderOptions) -> Result<Self, EmbedError> {
        let started = Instant::now();
        let md = ModelDir::open(dir)?;
        let tokenizer = E5Tokenizer::from_file(&md.tokenizer_path())?;
        let tok_bytes = std::fs::read(md.tokenizer_path())
            .map_err(|e| EmbedError::io(md.tokenizer_path(), e))?;
        let model = BertModel::load(&md, opts.precision)?;
        // Everything that changes the vectors goes into the id: weights, configuration
        // and tokenizer. Hashing the whole weights file (not just its header) matters:
        // a fine-tuned model has the very same header.
        let mut h = Sha256::new();
        h.update(Sha256::digest(&md.config_bytes));
        h.update(Sha256::digest(&tok_bytes));
        h.update(model.weights_sha256());
        let mut model_id = format!("{MODEL_NAME}@{}", &hex::encode(h.finalize())[..12]);
        if model.precision() == Precision::Int8 {
            model_id.push_str("+int8");
        }
        let c = model.config();
        let max_content = c.max_sequence() - 2;
        let dim = model.hidden_size();
        let threads = opts.threads.max(1);
        let pool = Pool::new(Arc::new(model), threads)?;
        tracing::info!(
            model_id = %model_id,
            threads,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "embedding model loaded"
        );
        Ok(Self {
            model_id,
            dim,
            tokenizer,
            max_content,
            max_batch_tokens: opts.max_batch_tokens.max(max_content + 2),
            threads,
            cache: Cache::new(opts.cache_entries),
            pool,
        })
    }

    /// Vector dimension (384 for multilingual-e5-small).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Like [`Embedder::embed`], but reports errors instead of returning empty vectors.
    pub fn try_embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out: Vec<Option<Arc<[f32]>>> = texts.iter().map(|t| self.cache.get(t)).collect();
        // Distinct texts still to compute, each once even if repeated in the call.
        let mut todo: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for (t, o) in texts.iter().zip(&out) {
            if o.is_none() && seen.insert(*t) {
                todo.push(t);
            }
        }
        if !todo.is_empty() {
            let vecs = self.compute(&todo)?;
            let mut done: HashMap<&str, Arc<[f32]>> = HashMap::with_capacity(todo.len());
            for (t, v) in todo.iter().zip(vecs) {
                let v: Arc<[f32]> = Arc::from(v);
                self.cache.insert(t, v.clone());
                done.insert(t, v);
            }
            for (t, o) in texts.iter().zip(out.iter_mut()) {
                if o.is_none() {
                    *o = done.get(t).cloned();
                }
            }
        }
        Ok(out
            .into_iter()
            .map(|v| v.map(|v| v.to_vec()).unwrap_or_default())
            .collect())
    }

    /// Embeds distinct texts: windows → token-budgeted batches spread over the workers →
    /// weighted mean of window means per text → L2 normalisation.
    fn compute(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut wins = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let content = self.tokenizer.content_ids(t)?;
            for r in windows(content.len(), self.max_content) {
                let ids = self.window_ids(&content[r.clone()]);
                // The whole window, weighted by its content tokens, into text i's mean.
                let pools = vec![(i, 0..ids.len(), r.len().max(1) as f32)];
                wins.push(Window { ids, pools });
            }
        }
        self.pool_windows(&wins, texts.len())
    }

    /// `<s>` + `content` + `</s>`.
    fn window_ids(&self, content: &[u32]) -> Vec<u32> {
        let mut ids = Vec::with_capacity(content.len() + 2);
        ids.push(self.tokenizer.bos);
        ids.extend_from_slice(content);
        ids.push(self.tokenizer.eos);
        ids
    }

    /// Runs the windows through the workers in token-budgeted batches and returns, for each
    /// of `outputs`, the weighted mean of the pools that add to it, L2-normalised (empty
    /// when none does). Accumulates in window order, whatever order the workers finished
    /// in, so that the result is deterministic.
    fn pool_windows(&self, wins: &[Window], outputs: usize) -> Result<Vec<Vec<f32>>, EmbedError> {
        let batches = plan_batches(wins, self.threads, self.max_batch_tokens);
        let (tx, rx) = mpsc::channel();
        for (index, b) in batches.iter().enumerate() {
            let (mut ids, mut seqs, mut pools) = (Vec::new(), Vec::new(), Vec::new());
            for w in &wins[b.clone()] {
                let at = ids.len();
                seqs.push(at..at + w.ids.len());
                pools.extend(w.pools.iter().map(|(_, p, _)| at + p.start..at + p.end));
                ids.extend_from_slice(&w.ids);
            }
            self.pool.submit(Job {
                ids,
                seqs,
                pools,
                index,
                reply: tx.clone(),
            })?;
        }
        drop(tx);
        let mut results: Vec<Option<Vec<f32>>> = vec![None; batches.len()];
        for (index, r) in rx {
            results[index] = Some(r?);
        }
        let h = self.dim;
        let mut sums = vec![vec![0f32; h]; outputs];
        let mut weights = vec![0f32; outputs];
        for (b, r) in batches.iter().zip(results) {
            let r = r.ok_or_else(|| EmbedError::Unsupported("a batch got lost".into()))?;
            let pools = wins[b.clone()].iter().flat_map(|w| &w.pools);
            for ((j, _, w), pooled) in pools.zip(r.chunks_exact(h)) {
                sums[*j]
                    .iter_mut()
                    .zip(pooled)
                    .for_each(|(a, p)| *a += w * p);
                weights[*j] += w;
            }
        }
        Ok(sums
            .into_iter()
            .zip(weights)
            .map(|(mut s, w)| {
                if w <= 0.0 {
                    return Vec::new();
                }
                s.iter_mut().for_each(|v| *v /= w);
                let norm = s.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                s.iter_mut().for_each(|v| *v /= norm);
                s
            })
            .collect())
    }
}

impl E5Embedder {
    /// Like [`Embedder::embed_spans`], but reports errors instead of returning empty
    /// vectors. "Late chunking": `"query: " + text` is tokenized once (each token knows
    /// the bytes of `text` it came from) and run through the model once (in windows of at
    /// most the model's length, as [`E5Embedder::try_embed`] does); each span's vector is
    /// the mean of the last hidden states of the tokens whose bytes overlap it, over every
    /// window it falls in, L2-normalised. So a span's tokens see the whole text (up to the
    /// window). A span covering the whole text pools every token, `<s>`, `</s>` and the
    /// prefix included, i.e. gives exactly `embed(text)`. A span with no token (empty,
    /// whitespace between tokens, out of range) gets an empty vector.
    pub fn try_embed_spans(
        &self,
        text: &str,
        spans: &[Range<usize>],
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        if spans.is_empty() {
            return Ok(Vec::new());
        }
        let (content, offsets) = self.tokenizer.content_ids_with_offsets(text)?;
        // Each span's tokens: a range of content tokens (offsets are in text order).
        let whole = |r: &Range<usize>| !text.is_empty() && r.start == 0 && r.end >= text.len();
        let span_tokens: Vec<Range<usize>> = spans
            .iter()
            .map(|s| {
                let hit = |o: &Range<usize>| o.start < o.end && o.start < s.end && s.start < o.end;
                match offsets.iter().position(hit) {
                    Some(a) => a..offsets.iter().rposition(hit).map_or(a, |b| b + 1),
                    None => 0..0,
                }
            })
            .collect();
        // Windows as in `compute`; in each, one pool per span that has tokens there.
        let mut wins = Vec::new();
        for r in windows(content.len(), self.max_content) {
            let ids = self.window_ids(&content[r.clone()]);
            let mut pools = Vec::new();
            for (j, (s, t)) in spans.iter().zip(&span_tokens).enumerate() {
                if whole(s) {
                    pools.push((j, 0..ids.len(), r.len().max(1) as f32));
                    continue;
                }
                let (a, b) = (t.start.max(r.start), t.end.min(r.end));
                if a < b {
                    pools.push((j, a - r.start + 1..b - r.start + 1, (b - a) as f32));
                }
            }
            wins.push(Window { ids, pools });
        }
        self.pool_windows(&wins, spans.len())
    }
}

/// Splits windows (kept in order) into contiguous batches: about an equal share of the
/// tokens per worker, so one call uses every core, but never more than `max_tokens`.
fn plan_batches(wins: &[Window], threads: usize, max_tokens: usize) -> Vec<Range<usize>> {
    let total: usize = wins.iter().map(|w| w.ids.len()).sum();
    let target = total.div_ceil(threads).clamp(1, max_tokens);
    let mut out = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (i, w) in wins.iter().enumerate() {
        if i > start && tokens + w.ids.len() > target {
            out.push(start..i);
            (start, tokens) = (i, 0);
        }
        tokens += w.ids.len();
    }
    if start < wins.len() {
        out.push(start..wins.len());
    }
    out
}

impl Embedder for E5Embedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.try_embed(texts).unwrap_or_else(|e| {
            // The error names files or limits, never the texts (candidates' data).
            tracing::warn!(error = %e, count = texts.len(), "embedding failed");
            vec![Vec::new(); texts.len()]
        })
    }

    fn embed_spans(&self, text: &str, spans: &[Range<usize>]) -> Vec<Vec<f32>> {
        self.try_embed_spans(text, spans).unwrap_or_else(|e| {
            tracing::warn!(error = %e, count = spans.len(), "embedding spans failed");
            vec![Vec::new(); spans.len()]
        })
    }
}
