//! The default model engine, as the server builds it, for the tests that score with the
//! installed model (`KAOGUAN_TEST_MODEL_DIR`; scripts/test.sh installs it and sets it).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_scoring::scale::{self, Scale};
use kaoguan_scoring::{Calibration, Embedder};

/// The installed model and its measured scale; `None` (with a note) when the variable is
/// not set, so the test is skipped.
pub fn installed_model() -> Option<(Arc<dyn Embedder>, Scale)> {
    let Some(dir) = std::env::var_os("KAOGUAN_TEST_MODEL_DIR").map(PathBuf::from) else {
        eprintln!("KAOGUAN_TEST_MODEL_DIR is not set: skipping");
        return None;
    };
    let model: Arc<dyn Embedder> =
        Arc::new(E5Embedder::load(&dir, EmbedderOptions::default()).expect("model loads"));
    let s = scale::measure(&*model).expect("the model separates paraphrases");
    Some((model, s))
}

/// The default calibration for a measured scale.
pub fn calibration(s: Scale) -> Calibration {
    Calibration::NEURAL_DEFAULT.with_scale(s)
}

/// The cross-language set (crates/scoring/tests/data/cross-language), one JSON value per
/// question, in file order.
pub fn cross_language_set() -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scoring/tests/data/cross-language");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cross-language directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}
