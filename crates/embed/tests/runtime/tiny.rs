//! A tiny random BERT written as a Hugging Face model directory: H = 8, 2 layers, 2 heads,
//! a 24-piece Unigram tokenizer, and a position table of 16 (14 content tokens per window),
//! so windowing is easy to reach.

use std::collections::BTreeMap;
use std::path::Path;

use half::f16;
use safetensors::{serialize_to_file, tensor::TensorView, Dtype};

pub const H: usize = 8;
pub const FF: usize = 16;
pub const LAYERS: usize = 2;
pub const HEADS: usize = 2;
pub const VOCAB: usize = 24;
pub const MAX_POS: usize = 16;

pub const PIECES: [(&str, f64); VOCAB] = [
    ("<s>", 0.0),
    ("<pad>", 0.0),
    ("</s>", 0.0),
    ("<unk>", 0.0),
    ("▁", -2.0),
    ("▁query", -1.0),
    (":", -2.0),
    ("a", -3.0),
    ("b", -3.0),
    ("c", -3.0),
    ("d", -3.0),
    ("e", -3.0),
    ("x", -3.5),
    ("y", -3.5),
    ("z", -3.5),
    ("▁a", -2.5),
    ("▁b", -2.5),
    ("▁ab", -2.0),
    ("▁cd", -2.0),
    ("▁abc", -2.2),
    ("▁xyz", -2.2),
    ("▁d", -2.5),
    ("▁e", -2.5),
    ("▁x", -2.5),
];

/// Weights by name (`[out, in]` layout), deterministic for a seed.
pub type Weights = BTreeMap<String, (Vec<usize>, Vec<f32>)>;

pub fn weights(seed: u64) -> Weights {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut rnd = move |scale: f32| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 2.0 * scale
    };
    let mut w = Weights::new();
    let mut put = |name: String, shape: Vec<usize>, scale: f32, base: f32| {
        let n = shape.iter().product();
        let v = (0..n).map(|_| base + rnd(scale)).collect();
        w.insert(name, (shape, v));
    };
    put(
        "embeddings.word_embeddings.weight".into(),
        vec![VOCAB, H],
        1.0,
        0.0,
    );
    put(
        "embeddings.position_embeddings.weight".into(),
        vec![MAX_POS, H],
        0.5,
        0.0,
    );
    put(
        "embeddings.token_type_embeddings.weight".into(),
        vec![2, H],
        0.2,
        0.0,
    );
    put("embeddings.LayerNorm.weight".into(), vec![H], 0.2, 1.0);
    put("embeddings.LayerNorm.bias".into(), vec![H], 0.1, 0.0);
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}.");
        for m in ["query", "key", "value"] {
            put(
                format!("{p}attention.self.{m}.weight"),
                vec![H, H],
                0.6,
                0.0,
            );
            put(format!("{p}attention.self.{m}.bias"), vec![H], 0.1, 0.0);
        }
        put(
            format!("{p}attention.output.dense.weight"),
            vec![H, H],
            0.5,
            0.0,
        );
        put(format!("{p}attention.output.dense.bias"), vec![H], 0.1, 0.0);
        put(
            format!("{p}attention.output.LayerNorm.weight"),
            vec![H],
            0.2,
            1.0,
        );
        put(
            format!("{p}attention.output.LayerNorm.bias"),
            vec![H],
            0.1,
            0.0,
        );
        put(
            format!("{p}intermediate.dense.weight"),
            vec![FF, H],
            0.5,
            0.0,
        );
        put(format!("{p}intermediate.dense.bias"), vec![FF], 0.1, 0.0);
        put(format!("{p}output.dense.weight"), vec![H, FF], 0.4, 0.0);
        put(format!("{p}output.dense.bias"), vec![H], 0.1, 0.0);
        put(format!("{p}output.LayerNorm.weight"), vec![H], 0.2, 1.0);
        put(format!("{p}output.LayerNorm.bias"), vec![H], 0.1, 0.0);
    }
    // A pooler, as in real checkpoints: present, ignored.
    put("pooler.dense.weight".into(), vec![H, H], 0.5, 0.0);
    w
}

/// Writes the safetensors file with every name prefixed, as F32 or F16.
pub fn write_weights(path: &Path, w: &Weights, prefix: &str, as_f16: bool) {
    let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = w
        .iter()
        .map(|(n, (shape, v))| {
            let b = if as_f16 {
                v.iter()
                    .flat_map(|x| f16::from_f32(*x).to_le_bytes())
                    .collect()
            } else {
                v.iter().flat_map(|x| x.to_le_bytes()).collect()
            };
            (format!("{prefix}{n}"), shape.clone(), b)
        })
        .collect();
    let dtype = if as_f16 { Dtype::F16 } else { Dtype::F32 };
    let views = bytes
        .iter()
        .map(|(n, s, b)| (n.clone(), TensorView::new(dtype, s.clone(), b).unwrap()));
    serialize_to_file(views, None, path).unwrap();
}

pub fn config(model_type: &str, max_pos: usize, act: &str) -> serde_json::Value {
    serde_json::json!({
        "architectures": ["XLMRobertaModel"],
        "model_type": model_type,
        "hidden_size": H,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "intermediate_size": FF,
        "max_position_embeddings": max_pos,
        "type_vocab_size": 2,
        "vocab_size": VOCAB,
        "layer_norm_eps": 1e-12,
        "hidden_act": act,
        "pad_token_id": 1,
    })
}

pub fn tokenizer() -> serde_json::Value {
    let special = |id: usize, s: &str| {
        serde_json::json!({"id": id, "content": s, "single_word": false, "lstrip": false,
            "rstrip": false, "normalized": false, "special": true})
    };
    serde_json::json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [special(0, "<s>"), special(1, "<pad>"), special(2, "</s>"),
            special(3, "<unk>")],
        "normalizer": null,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁",
            "prepend_scheme": "always", "split": true},
        "post_processor": null,
        "decoder": null,
        "model": {"type": "Unigram", "unk_id": 3, "byte_fallback": false,
            "vocab": PIECES.iter().map(|(p, s)| serde_json::json!([p, s])).collect::<Vec<_>>()},
    })
}

/// A complete model directory; returns the weights written.
pub fn write_dir(dir: &Path, model_type: &str, as_f16: bool) -> Weights {
    let w = weights(7);
    let max_pos = if model_type == "xlm-roberta" {
        MAX_POS
    } else {
        MAX_POS - 2
    };
    let mut w2 = w.clone();
    // BERT-type config: a 14-row table, so both variants allow 12 content tokens.
    w2.get_mut("embeddings.position_embeddings.weight")
        .unwrap()
        .0 = vec![max_pos, H];
    w2.get_mut("embeddings.position_embeddings.weight")
        .unwrap()
        .1
        .truncate(max_pos * H);
    write_weights(&dir.join("model.safetensors"), &w2, "", as_f16);
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_vec_pretty(&config(model_type, max_pos, "gelu")).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("tokenizer.json"),
        serde_json::to_vec_pretty(&tokenizer()).unwrap(),
    )
    .unwrap();
    w2
}
