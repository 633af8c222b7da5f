//! The development evaluation set, scored by the local model engine (the lexical engine has
//! its own check in crates/scoring/tests/eval_dev.rs). Needs the installed model:
//! `KAOGUAN_TEST_MODEL_DIR` (scripts/test.sh installs it and sets the variable).
//! `cargo test -p kaoguan-embed --release --test eval_dev_model -- --nocapture` prints the
//! figures.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_scoring::calibrate::spearman;
use kaoguan_scoring::{offline, scale, Calibration, Embedder, Scorer};
use serde_json::Value;

/// The bar for the model engine.
const MEAN_FLOOR: f64 = 0.85;

fn model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KAOGUAN_TEST_MODEL_DIR").map(PathBuf::from);
    if dir.is_none() {
        eprintln!("KAOGUAN_TEST_MODEL_DIR is not set: skipping the model evaluation");
    }
    dir
}

fn dev_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scoring/tests/data/eval-dev");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("eval-dev directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn dev_set_ranking_with_the_model_engine() {
    let Some(dir) = model_dir() else { return };
    let embedder: Arc<dyn Embedder> =
        Arc::new(E5Embedder::load(&dir, EmbedderOptions::default()).expect("model loads"));
    let s = scale::measure(&*embedder).expect("the model separates paraphrases");
    // The default precision is what production runs: int8 on AVX-512 VNNI CPUs.
    println!(
        "model {}: scale unrelated {:.3}, paraphrase {:.3}",
        embedder.model_id(),
        s.unrelated,
        s.paraphrase
    );
    let mut scorer =
        Scorer::with_embedder(embedder).with_calibration(Calibration::NEURAL_DEFAULT.with_scale(s));
    // `KAOGUAN_TEST_LATE_CHUNKING=0|1` compares the two ways of embedding the answer.
    if let Ok(v) = std::env::var("KAOGUAN_TEST_LATE_CHUNKING") {
        scorer = scorer.with_late_chunking(v != "0");
    }
    println!("late chunking: {}", scorer.late_chunking());
    assert!(
        scorer.version().contains("multilingual-e5-small"),
        "{}",
        scorer.version()
    );

    let mut rhos = Vec::new();
    let mut inversions = Vec::new();
    for path in dev_files() {
        let raw = std::fs::read_to_string(&path).unwrap();
        let input: Value = serde_json::from_str(&raw).unwrap();
        let labels: Vec<f64> = input["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_f64().unwrap())
            .collect();
        let out = offline::score_json(&raw, &scorer).expect("dev file scores");
        let totals: Vec<f64> = out["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["total"].as_f64().unwrap())
            .collect();
        let rho = spearman(&labels, &totals);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        println!("{name:<28} spearman {rho:>6.3}   totals {totals:?}   labels {labels:?}");
        for (i, li) in labels.iter().enumerate() {
            for (j, lj) in labels.iter().enumerate() {
                if *li <= 1.0 && *lj >= 4.0 && totals[i] >= totals[j] {
                    inversions.push(format!(
                        "{name}: label-1 answer {i} ({}) ≥ label-{lj} answer {j} ({})",
                        totals[i], totals[j]
                    ));
                }
            }
        }
        rhos.push(rho);
    }
    let mean = rhos.iter().sum::<f64>() / rhos.len() as f64;
    println!("mean spearman over {} questions: {mean:.3}", rhos.len());
    assert!(inversions.is_empty(), "{inversions:#?}");
    assert!(
        mean >= MEAN_FLOOR,
        "mean spearman {mean:.3} below {MEAN_FLOOR}"
    );
}
