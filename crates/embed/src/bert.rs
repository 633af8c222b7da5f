//! The BERT encoder's forward pass on the CPU (post-LayerNorm, exact GELU), mean-pooled.
//!
//! Several sequences are packed into one `[T, H]` matrix without padding, so every
//! weight matmul runs once over all tokens of a batch (weights streamed once, sgemm at a
//! good size); only attention runs per sequence.

mod linear;
mod load;
mod ops;

use std::ops::Range;

use half::f16;

use crate::model_dir::{BertConfig, ModelDir};
use crate::{EmbedError, Precision};
use linear::Linear;

pub struct BertModel {
    config: BertConfig,
    /// The 250k-row word table is most of the model: F16 halves it, and only the rows of
    /// a batch's tokens are ever widened.
    word: Vec<f16>,
    pos: Vec<f32>,
    type0: Vec<f32>,
    emb_ln: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
    weights_sha256: [u8; 32],
}

/// One encoder layer; weights in PyTorch `[out, in]` layout.
struct Layer {
    qkv: Linear,
    ao: Linear,
    ln1_g: Vec<f32>,
    ln1_b: Vec<f32>,
    ff_in: Linear,
    ff_out: Linear,
    ln2_g: Vec<f32>,
    ln2_b: Vec<f32>,
}

/// Activation buffers, reused from batch to batch (grown, never shrunk).
#[derive(Default)]
pub struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    scores: Vec<f32>,
    int8: kaoguan_kernels::Int8Scratch,
}

impl BertModel {
    /// Reads and checks the weights of an opened model directory; with
    /// [`Precision::Int8`] (or `Auto` on a VNNI CPU) then quantises the weight matrices
    /// and frees their f32 copies.
    pub fn load(dir: &ModelDir, precision: Precision) -> Result<Self, EmbedError> {
        let mut m = load::load(dir)?;
        if precision.resolve() == Precision::Int8 {
            let (h, ff) = (m.config.hidden_size, m.config.intermediate_size);
            for l in &mut m.layers {
                l.qkv.quantize(h);
                l.ao.quantize(h);
                l.ff_in.quantize(h);
                l.ff_out.quantize(ff);
            }
        }
        Ok(m)
    }

    /// The precision of the weight matrix products (all layers share it).
    pub fn precision(&self) -> Precision {
        match self.layers.first().map(|l| &l.qkv) {
            Some(Linear::Int8(_)) => Precision::Int8,
            _ => Precision::F32,
        }
    }

    pub fn config(&self) -> &BertConfig {
        &self.config
    }

    /// Output dimension.
    pub fn hidden_size(&self) -> usize {
        self.config.hidden_size
    }

    /// SHA-256 of `model.safetensors`, computed while loading.
    pub fn weights_sha256(&self) -> [u8; 32] {
        self.weights_sha256
    }

    /// Mean-pooled (over all tokens, `<s>`/`</s>` included) last hidden states of the
    /// packed sequences `ids[seqs[i]]`, not normalised: `seqs.len() * H` floats.
    pub fn forward(
        &self,
        ids: &[u32],
        seqs: &[Range<usize>],
        s: &mut Scratch,
    ) -> Result<Vec<f32>, EmbedError> {
        self.forward_pooled(ids, seqs, seqs, s)
    }

    /// Runs the packed sequences `ids[seqs[i]]` and mean-pools the last hidden states of
    /// each token range `pools[j]` (indices into `ids`, e.g. a span's tokens; a pool should
    /// not cross sequences), not normalised: `pools.len() * H` floats, zeros for an empty
    /// pool. [`BertModel::forward`] is this with `pools == seqs`.
    pub fn forward_pooled(
        &self,
        ids: &[u32],
        seqs: &[Range<usize>],
        pools: &[Range<usize>],
        s: &mut Scratch,
    ) -> Result<Vec<f32>, EmbedError> {
        let c = &self.config;
        let (h, ff, t) = (c.hidden_size, c.intermediate_size, ids.len());
        if let Some(&bad) = ids.iter().find(|&&i| i as usize >= c.vocab_size) {
            return Err(EmbedError::Tokenizer(format!(
                "token id {bad} outside the model's vocabulary ({})",
                c.vocab_size
            )));
        }
        if seqs
            .iter()
            .any(|r| r.is_empty() || r.len() > c.max_sequence() || r.end > t)
        {
            return Err(EmbedError::Unsupported(format!(
                "sequence longer than {} tokens or outside the batch",
                c.max_sequence()
            )));
        }
        if pools.iter().any(|r| r.end > t) {
            return Err(EmbedError::Unsupported(
                "pooled tokens outside the batch".into(),
            ));
        }
        s.x.resize(t * h, 0.0);
        s.qkv.resize(t * 3 * h, 0.0);
        s.ctx.resize(t * h, 0.0);
        s.tmp.resize(t * h, 0.0);
        s.mid.resize(t * ff, 0.0);
        let (x, qkv, ctx, tmp, mid) = (
            &mut s.x[..t * h],
            &mut s.qkv[..t * 3 * h],
            &mut s.ctx[..t * h],
            &mut s.tmp[..t * h],
            &mut s.mid[..t * ff],
        );

        self.embed_tokens(ids, seqs, x);
        for l in &self.layers {
            l.qkv.forward(x, h, qkv, &mut s.int8);
            for r in seqs {
                ops::attention(
                    &qkv[r.start * 3 * h..r.end * 3 * h],
                    &mut ctx[r.start * h..r.end * h],
                    r.len(),
                    h,
                    c.num_attention_heads,
                    &mut s.scores,
                );
            }
            l.ao.forward(ctx, h, tmp, &mut s.int8);
            ops::add_layer_norm(x, Some(tmp), &l.ln1_g, &l.ln1_b, c.layer_norm_eps);
            l.ff_in.forward(x, h, mid, &mut s.int8);
            ops::gelu(mid);
            l.ff_out.forward(mid, ff, tmp, &mut s.int8);
            ops::add_layer_norm(x, Some(tmp), &l.ln2_g, &l.ln2_b, c.layer_norm_eps);
        }

        let mut out = vec![0f32; pools.len() * h];
        for (o, r) in out.chunks_exact_mut(h).zip(pools) {
            if r.is_empty() {
                continue;
            }
            for row in x[r.start * h..r.end * h].chunks_exact(h) {
                o.iter_mut().zip(row).for_each(|(a, b)| *a += b);
            }
            let inv = 1.0 / r.len() as f32;
            o.iter_mut().for_each(|v| *v *= inv);
        }
        Ok(out)
    }

    /// word + position + token type 0, then LayerNorm.
    fn embed_tokens(&self, ids: &[u32], seqs: &[Range<usize>], x: &mut [f32]) {
        use half::slice::HalfFloatSliceExt;
        let h = self.config.hidden_size;
        let off = self.config.position_offset();
        for r in seqs {
            for (p, t) in r.clone().enumerate() {
                let row = &mut x[t * h..(t + 1) * h];
                let id = ids[t] as usize;
                self.word[id * h..(id + 1) * h].convert_to_f32_slice(row);
                let pos = &self.pos[(off + p) * h..(off + p + 1) * h];
                for ((v, p), ty) in row.iter_mut().zip(pos).zip(&self.type0) {
                    *v += p + ty;
                }
            }
        }
        ops::add_layer_norm(
            x,
            None,
            &self.emb_ln.0,
            &self.emb_ln.1,
            self.config.layer_norm_eps,
        );
    }
}
