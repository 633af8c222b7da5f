//! The default model engine, as the server builds it, for the tests that score with the
//! installed model (`KAOGUAN_TEST_MODEL_DIR`; scripts/test.sh installs it and sets it).

#![allow(dead_code)]

use std::path::PathBuf;
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
