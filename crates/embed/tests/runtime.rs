//! The embedding runtime on a tiny random BERT: against a naive forward pass, windowing,
//! packing, F16 files, and load errors.

#[path = "runtime/naive.rs"]
mod naive;
#[path = "runtime/tiny.rs"]
mod tiny;

use std::path::Path;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_embed::tokenize::E5Tokenizer;
use kaoguan_embed::EmbedError;
use kaoguan_scoring::Embedder;

const TEXTS: [&str; 5] = [
    "abc",
    "ab cd xyz e",
    "",
    // 40-odd content tokens with the prefix: three windows of at most 12.
    "abc xyz ab cd e x abc abc xyz ab cd e x abc abc xyz ab cd e x abc ab ab cd cd e",
    "z y x",
];

fn opts(threads: usize, cache: usize) -> EmbedderOptions {
    EmbedderOptions {
        threads,
        max_batch_tokens: 64,
        cache_entries: cache,
        // The naive pass is f32; int8 has its own tests against the real model.
        precision: kaoguan_embed::Precision::F32,
    }
}

fn load(dir: &Path, threads: usize) -> E5Embedder {
    E5Embedder::load(dir, opts(threads, 0)).expect("load tiny model")
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// The documented rule: windows of ≤ 12 content tokens, each run as <s>+window+</s>,
/// token-count-weighted mean of the window means, L2-normalised.
fn expected(dir: &Path, w: &tiny::Weights, text: &str, pos_offset: usize) -> Vec<f32> {
    // The engine keeps the word table in F16 by design.
    let mut w = w.clone();
    for v in &mut w.get_mut("embeddings.word_embeddings.weight").unwrap().1 {
        *v = half::f16::from_f32(*v).to_f32();
    }
    let w = &w;
    let tok = E5Tokenizer::from_file(&dir.join("tokenizer.json")).unwrap();
    let content = tok.content_ids(text).unwrap();
    let max = tiny::MAX_POS - 2 - 2;
    let mut sum = [0f64; tiny::H];
    let mut total = 0f64;
    let chunks: Vec<&[u32]> = if content.is_empty() {
        vec![&[]]
    } else {
        content.chunks(max).collect()
    };
    for c in chunks {
        let ids: Vec<u32> = [tok.bos]
            .into_iter()
            .chain(c.iter().copied())
            .chain([tok.eos])
            .collect();
        let m = naive::forward(w, &ids, pos_offset);
        let wt = c.len().max(1) as f64;
        sum.iter_mut().zip(&m).for_each(|(s, v)| *s += wt * v);
        total += wt;
    }
    let norm = sum.iter().map(|v| (v / total).powi(2)).sum::<f64>().sqrt();
    sum.iter().map(|v| (v / total / norm) as f32).collect()
}

#[test]
fn matches_a_naive_forward_pass_with_windowing() {
    for model_type in ["bert", "xlm-roberta"] {
        let dir = tempfile::tempdir().unwrap();
        let w = tiny::write_dir(dir.path(), model_type, false);
        let offset = if model_type == "bert" { 0 } else { 2 };
        let e = load(dir.path(), 2);
        let tok = E5Tokenizer::from_file(&dir.path().join("tokenizer.json")).unwrap();
        assert!(
            tok.content_ids(TEXTS[3]).unwrap().len() > 24,
            "long text needs 3 windows"
        );
        let got = e.try_embed(&TEXTS).unwrap();
        for (text, v) in TEXTS.iter().zip(&got) {
            let want = expected(dir.path(), &w, text, offset);
            assert!(
                max_diff(v, &want) < 2e-5,
                "{model_type} {text:?}: {v:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn vectors_are_unit_deterministic_and_independent_of_batching() {
    let dir = tempfile::tempdir().unwrap();
    tiny::write_dir(dir.path(), "xlm-roberta", false);
    let one_thread = load(dir.path(), 1);
    let two_threads = load(dir.path(), 2);
    let batch = two_threads.embed(&TEXTS);
    assert_eq!(batch.len(), TEXTS.len());
    for (text, v) in TEXTS.iter().zip(&batch) {
        assert_eq!(v.len(), tiny::H);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        // Alone, in a different batch and worker: packing must not leak attention.
        let alone = one_thread.embed(&[text]);
        assert!(max_diff(v, &alone[0]) < 1e-5, "{text:?}");
    }
    assert_eq!(two_threads.embed(&TEXTS), batch, "deterministic");
    // Repeats and cache hits give the same vectors, in order.
    let cached = E5Embedder::load(dir.path(), opts(2, 16)).unwrap();
    let texts = [TEXTS[1], TEXTS[0], TEXTS[1]];
    for _ in 0..3 {
        let got = cached.embed(&texts);
        assert!(max_diff(&got[0], &batch[1]) < 1e-5);
        assert!(max_diff(&got[1], &batch[0]) < 1e-5);
        assert_eq!(got[0], got[2]);
    }
    assert!(cached.embed(&[]).is_empty());
}

#[test]
fn f16_and_prefixed_files_give_the_same_vectors() {
    let d32 = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(d32.path(), "xlm-roberta", false);
    let d16 = tempfile::tempdir().unwrap();
    tiny::write_dir(d16.path(), "xlm-roberta", true);
    tiny::write_weights(&d16.path().join("model.safetensors"), &w, "bert.", true);
    let a = load(d32.path(), 1).embed(&TEXTS);
    let e16 = load(d16.path(), 1);
    let b = e16.embed(&TEXTS);
    for (x, y) in a.iter().zip(&b) {
        assert!(max_diff(x, y) < 1e-2, "{x:?} vs {y:?}");
    }
    assert_ne!(
        load(d32.path(), 1).model_id(),
        e16.model_id(),
        "weights differ"
    );
}

#[test]
fn model_id_is_stable_and_follows_the_weights() {
    let dir = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(dir.path(), "xlm-roberta", false);
    let id = load(dir.path(), 1).model_id().to_owned();
    assert!(
        id.starts_with("multilingual-e5-small@") && id.len() == 22 + 12,
        "{id}"
    );
    assert_eq!(load(dir.path(), 1).model_id(), id);
    let mut w2 = w.clone();
    w2.get_mut("encoder.layer.1.output.dense.bias").unwrap().1[0] += 0.5;
    tiny::write_weights(&dir.path().join("model.safetensors"), &w2, "", false);
    assert_ne!(load(dir.path(), 1).model_id(), id);
}

fn load_err(dir: &Path) -> String {
    match E5Embedder::load(dir, opts(1, 0)) {
        Ok(_) => panic!("loaded a broken model"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_models_fail_with_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let w = tiny::write_dir(dir.path(), "xlm-roberta", false);
    let st = dir.path().join("model.safetensors");

    let mut missing = w.clone();
    missing.remove("encoder.layer.1.attention.self.key.bias");
    tiny::write_weights(&st, &missing, "", false);
    let e = load_err(dir.path());
    assert!(
        e.contains("missing tensor encoder.layer.1.attention.self.key.bias"),
        "{e}"
    );

    let mut shaped = w.clone();
    shaped
        .get_mut("encoder.layer.0.intermediate.dense.weight")
        .unwrap()
        .0 = vec![tiny::H, tiny::FF];
    tiny::write_weights(&st, &shaped, "", false);
    let e = load_err(dir.path());
    assert!(
        e.contains("encoder.layer.0.intermediate.dense.weight has shape [8, 16], expected [16, 8]"),
        "{e}"
    );

    tiny::write_weights(&st, &w, "", false);
    let cfg = tiny::config("xlm-roberta", tiny::MAX_POS, "relu");
    std::fs::write(dir.path().join("config.json"), cfg.to_string()).unwrap();
    let e = load_err(dir.path());
    assert!(e.contains("unsupported model") && e.contains("relu"), "{e}");

    std::fs::remove_file(dir.path().join("tokenizer.json")).unwrap();
    let e = load_err(dir.path());
    assert!(e.contains("tokenizer.json") && e.contains("missing"), "{e}");

    let e = E5Embedder::load(&dir.path().join("nowhere"), opts(1, 0));
    assert!(matches!(e, Err(EmbedError::Io { .. })));

    // An unsupported dtype is named.
    tiny::write_dir(dir.path(), "xlm-roberta", false);
    let bytes = vec![0u8; tiny::H];
    let views = [(
        "embeddings.word_embeddings.weight",
        safetensors::tensor::TensorView::new(safetensors::Dtype::I8, vec![1, tiny::H], &bytes)
            .unwrap(),
    )];
    safetensors::serialize_to_file(views, None, &st).unwrap();
    let e = load_err(dir.path());
    assert!(e.contains("shape") || e.contains("dtype"), "{e}");
}
