//! From a model directory's safetensors to the in-memory [`BertModel`].

use std::collections::HashMap;

use half::f16;

use super::{BertModel, Layer, Linear};
use crate::model_dir::{BertConfig, ModelDir};
use crate::weights::{Header, Keep, Loaded};
use crate::EmbedError;

/// Prefixes checkpoints put before the encoder's names (`BertModel` saved inside a
/// task model, or through a wrapper).
const PREFIXES: [&str; 4] = ["", "bert.", "model.", "roberta."];
const WORD: &str = "embeddings.word_embeddings.weight";

/// Short names of one layer's tensors, in the order [`Layer`] takes them.
const LAYER_TENSORS: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

fn layer_shapes(c: &BertConfig) -> [Vec<usize>; 16] {
    let (h, f) = (c.hidden_size, c.intermediate_size);
    [
        vec![h, h],
        vec![h],
        vec![h, h],
        vec![h],
        vec![h, h],
        vec![h],
        vec![h, h],
        vec![h],
        vec![h],
        vec![h],
        vec![f, h],
        vec![f],
        vec![h, f],
        vec![h],
        vec![h],
        vec![h],
    ]
}

pub(super) fn load(dir: &ModelDir) -> Result<BertModel, EmbedError> {
    let c = &dir.config;
    let path = dir.weights_path();
    let header = Header::read(&path)?;
    let prefix = PREFIXES
        .iter()
        .find(|p| header.tensors.contains_key(&format!("{p}{WORD}")))
        .ok_or_else(|| EmbedError::format(&path, format!("missing tensor {WORD}")))?;

    let h = c.hidden_size;
    let mut wanted: Vec<(String, Vec<usize>, Keep)> = vec![
        (WORD.into(), vec![c.vocab_size, h], Keep::F16),
        (
            "embeddings.position_embeddings.weight".into(),
            vec![c.max_position_embeddings, h],
            Keep::F32,
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            vec![c.type_vocab_size, h],
            Keep::F32,
        ),
        ("embeddings.LayerNorm.weight".into(), vec![h], Keep::F32),
        ("embeddings.LayerNorm.bias".into(), vec![h], Keep::F32),
    ];
    let shapes = layer_shapes(c);
    for l in 0..c.num_hidden_layers {
        for (name, shape) in LAYER_TENSORS.iter().zip(&shapes) {
            wanted.push((
                format!("encoder.layer.{l}.{name}"),
                shape.clone(),
                Keep::F32,
            ));
        }
    }
    // Check names and shapes before the long read, so a wrong file fails at once.
    for (name, shape, _) in &wanted {
        let full = format!("{prefix}{name}");
        let t = header
            .tensors
            .get(&full)
            .ok_or_else(|| EmbedError::format(&path, format!("missing tensor {full}")))?;
        if &t.shape != shape {
            return Err(EmbedError::format(
                &path,
                format!("tensor {full} has shape {:?}, expected {shape:?}", t.shape),
            ));
        }
    }
    let keep: HashMap<String, Keep> = wanted
        .iter()
        .map(|(n, _, k)| (format!("{prefix}{n}"), *k))
        .collect();
    let (mut loaded, sha256) = header.load(&keep)?;

    let mut take = |name: &str| loaded.remove(&format!("{prefix}{name}")).expect("loaded");
    let f32s = |l: Loaded| match l {
        Loaded::F32(v) => v,
        Loaded::F16(_) => unreachable!("kept as f32"),
    };
    let word: Vec<f16> = match take(WORD) {
        Loaded::F16(v) => v,
        Loaded::F32(_) => unreachable!("kept as f16"),
    };
    let pos = f32s(take("embeddings.position_embeddings.weight"));
    let mut type0 = f32s(take("embeddings.token_type_embeddings.weight"));
    // Only token type 0 is ever used (single-segment inputs).
    type0.truncate(h);
    let emb_ln = (
        f32s(take("embeddings.LayerNorm.weight")),
        f32s(take("embeddings.LayerNorm.bias")),
    );
    let mut layers = Vec::with_capacity(c.num_hidden_layers);
    for l in 0..c.num_hidden_layers {
        let mut t: Vec<Vec<f32>> = LAYER_TENSORS
            .iter()
            .map(|n| f32s(take(&format!("encoder.layer.{l}.{n}"))))
            .collect();
        let mut next = || std::mem::take(&mut t.remove(0));
        let (qw, qb, kw, kb, vw, vb) = (next(), next(), next(), next(), next(), next());
        layers.push(Layer {
            // Q, K and V share their input, so one [3H, H] matmul does all three.
            qkv: Linear::F32 {
                w: [qw, kw, vw].concat(),
                b: [qb, kb, vb].concat(),
            },
            ao: Linear::F32 {
                w: next(),
                b: next(),
            },
            ln1_g: next(),
            ln1_b: next(),
            ff_in: Linear::F32 {
                w: next(),
                b: next(),
            },
            ff_out: Linear::F32 {
                w: next(),
                b: next(),
            },
            ln2_g: next(),
            ln2_b: next(),
        });
    }
    Ok(BertModel {
        config: c.clone(),
        word,
        pos,
        type0,
        emb_ln,
        layers,
        weights_sha256: sha256,
    })
}
