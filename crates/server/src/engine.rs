//! Choosing and loading the scoring engine from the configuration.

use std::path::Path;
use std::sync::Arc;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_embed::Precision;
use kaoguan_media::vad;
use kaoguan_scoring::{Calibration, Embedder, Scorer};

use crate::config::{Config, EngineChoice, VadChoice};

/// Loads a model directory into the embedder (blocking: reads ~250 MB and hashes it).
pub fn load_model(
    dir: &Path,
    threads: usize,
    precision: Precision,
) -> Result<E5Embedder, kaoguan_embed::EmbedError> {
    E5Embedder::load(
        dir,
        EmbedderOptions {
            threads,
            precision,
            ..EmbedderOptions::default()
        },
    )
}

/// The scorer the configuration asks for. `auto` falls back to the lexical engine when no
/// model is installed or it does not load, and says so once in the log; `model` refuses to
/// start instead, so a production setting cannot silently lose its model.
pub async fn scorer(config: &Config) -> anyhow::Result<Scorer> {
    let choice = config.scoring.engine;
    if choice == EngineChoice::Lexical {
        return Ok(Scorer::lexical());
    }
    let dir = config.model_dir();
    let installed = kaoguan_embed::catalog::REQUIRED_FILES
        .iter()
        .all(|f| dir.join(f).is_file());
    if !installed {
        if choice == EngineChoice::Model {
            anyhow::bail!(
                "scoring.engine is \"model\" but {} holds no model; run `kaoguan models install`",
                dir.display()
            );
        }
        tracing::warn!(
            dir = %dir.display(),
            "no local model installed: scoring with the lexical engine (run `kaoguan models install`)"
        );
        return Ok(Scorer::lexical());
    }
    let (threads, precision) = (config.scoring.threads, config.scoring.precision);
    let d = dir.clone();
    let started = std::time::Instant::now();
    match tokio::task::spawn_blocking(move || load_model(&d, threads, precision)).await? {
        Ok(embedder) => {
            let embedder: Arc<dyn Embedder> = Arc::new(embedder);
            let e = embedder.clone();
            let scale =
                tokio::task::spawn_blocking(move || kaoguan_scoring::scale::measure(&*e)).await?;
            let Some(scale) = scale else {
                let msg = format!(
                    "the model in {} does not tell paraphrases from unrelated sentences",
                    dir.display()
                );
                anyhow::ensure!(choice == EngineChoice::Auto, "{msg}");
                tracing::warn!("{msg}: scoring with the lexical engine");
                return Ok(Scorer::lexical());
            };
            let scorer = Scorer::with_embedder(embedder)
                .with_calibration(Calibration::NEURAL_DEFAULT.with_scale(scale))
                .with_late_chunking(config.scoring.late_chunking);
            tracing::info!(
                engine = %scorer.version(),
                load_ms = started.elapsed().as_millis() as u64,
                cosine_unrelated = scale.unrelated,
                cosine_paraphrase = scale.paraphrase,
                "local model loaded"
            );
            Ok(scorer)
        }
        Err(e) if choice == EngineChoice::Auto => {
            tracing::warn!(dir = %dir.display(), error = %e, "the local model does not load: scoring with the lexical engine");
            Ok(Scorer::lexical())
        }
        Err(e) => Err(anyhow::anyhow!(
            "cannot load the model in {}: {e}",
            dir.display()
        )),
    }
}

/// The speech engine when a Whisper model is installed (or configured); without one,
/// recorded answers are kept and reported as not transcribed, and the log says how to fix it.
pub async fn transcription(
    config: &Config,
) -> anyhow::Result<Option<Arc<dyn kaoguan_service::media::Transcription>>> {
    let file = config.speech_model_file();
    if !file.is_file() {
        if config.speech.model_file.is_some() {
            anyhow::bail!("speech.model_file {} does not exist", file.display());
        }
        tracing::warn!(
            file = %file.display(),
            "no speech model installed: voice and video answers will not be transcribed (run `kaoguan models install whisper-base`)"
        );
        return Ok(None);
    }
    let threads = config.speech.threads;
    let vad = voice_activity_detector(config).await?;
    let f = file.clone();
    let started = std::time::Instant::now();
    let engine = tokio::task::spawn_blocking(move || {
        crate::transcription::LocalTranscription::load(&f, threads, vad)
    })
    .await?
    .map_err(|e| anyhow::anyhow!("cannot load the speech model {}: {e}", file.display()))?;
    tracing::info!(
        load_ms = started.elapsed().as_millis() as u64,
        vad = engine.vad_name(),
        "speech model loaded"
    );
    Ok(Some(Arc::new(engine)))
}

/// The configured voice-activity detector: Silero VAD when its model is there (`auto`) or
/// demanded (`silero`), else the energy detector.
pub async fn voice_activity_detector(config: &Config) -> anyhow::Result<vad::Detector> {
    if config.speech.vad == VadChoice::Energy {
        return Ok(vad::Detector::default());
    }
    let file = config.speech_vad_file();
    if !file.is_file() {
        let msg = format!(
            "no Silero VAD model at {} (run `kaoguan models install silero-vad`)",
            file.display()
        );
        anyhow::ensure!(
            config.speech.vad == VadChoice::Auto && config.speech.vad_file.is_none(),
            "{msg}"
        );
        tracing::warn!("{msg}: using the energy detector, which takes loud noises for speech");
        return Ok(vad::Detector::default());
    }
    let f = file.clone();
    let model = tokio::task::spawn_blocking(move || vad::silero::SileroVad::load(&f))
        .await?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(vad::Detector::Silero(
        Arc::new(model),
        vad::silero::SileroConfig::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    // figment's jail closures return its large error type; the config tests allow it too.
    #[allow(clippy::result_large_err)]
    fn config(vad: VadChoice, file: Option<std::path::PathBuf>) -> (Config, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        // Inside figment's jail: the config tests of this binary set KAOGUAN__* variables in
        // their jails, and a load outside one could read them half-way.
        let mut loaded = None;
        figment::Jail::expect_with(|_| {
            loaded = Some(Config::load(
                None,
                &Overrides {
                    listen: None,
                    data_dir: Some(dir.path().to_path_buf()),
                },
            ));
            Ok(())
        });
        let mut c = loaded.expect("ran").unwrap();
        c.scoring.models_dir = Some(dir.path().join("models"));
        c.speech.vad = vad;
        c.speech.vad_file = file;
        (c, dir)
    }

    #[tokio::test]
    async fn the_vad_falls_back_only_when_allowed() {
        // auto without the model: the energy detector.
        let (c, _d) = config(VadChoice::Auto, None);
        assert_eq!(voice_activity_detector(&c).await.unwrap().name(), "energy");
        // silero without the model: a clear refusal naming the install command.
        let (c, _d) = config(VadChoice::Silero, None);
        let err = voice_activity_detector(&c).await.unwrap_err().to_string();
        assert!(err.contains("kaoguan models install silero-vad"), "{err}");
        // A file named explicitly must exist, even in auto.
        let (c, d) = config(VadChoice::Auto, None);
        let mut c = c;
        c.speech.vad_file = Some(d.path().join("nowhere.onnx"));
        assert!(voice_activity_detector(&c).await.is_err());
        // A file that is not the model is an error, not a silent fallback.
        let (mut c, d) = config(VadChoice::Auto, None);
        let bad = d.path().join("bad.onnx");
        std::fs::write(&bad, "not a model").unwrap();
        c.speech.vad_file = Some(bad);
        let err = voice_activity_detector(&c).await.unwrap_err().to_string();
        assert!(err.contains("ONNX"), "{err}");
        // energy never looks for the model.
        let (c, _d) = config(VadChoice::Energy, Some("/nowhere".into()));
        assert_eq!(voice_activity_detector(&c).await.unwrap().name(), "energy");
        // With the model (when the tests have it), auto and silero load it.
        let Some(model) = std::env::var_os("KAOGUAN_TEST_SILERO_MODEL") else {
            return;
        };
        for choice in [VadChoice::Auto, VadChoice::Silero] {
            let (c, _d) = config(choice, Some(model.clone().into()));
            assert_eq!(voice_activity_detector(&c).await.unwrap().name(), "silero");
        }
    }
}
