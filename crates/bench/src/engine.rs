//! Which scoring engine the benchmark loads. Add a variant (and its loader in
//! [`Engine::load`]) when a new engine arrives; everything else takes the built `Scorer`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use kaoguan::config::EngineChoice;
use kaoguan::Config;
use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_embed::Precision;
use kaoguan_scoring::{Calibration, Embedder, QuestionInput, Scorer};

use crate::corpus;

/// The catalogued model the benchmark loads by default.
pub const DEFAULT_MODEL: &str = "multilingual-e5-small";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The built-in lexical engine (`Scorer::lexical`): jieba + stemmed English terms.
    Lexical,
    /// The local multilingual-e5 model, loaded exactly as the server loads it
    /// (`kaoguan::engine::scorer` with `scoring.engine = "model"`).
    Model,
}

/// `$KAOGUAN_MODELS_DIR`, else `~/.cache/kaoguan-models` (where `scripts/lib.sh` installs).
pub fn models_dir() -> PathBuf {
    match std::env::var_os("KAOGUAN_MODELS_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => {
            let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
            home.join(".cache").join("kaoguan-models")
        }
    }
}

/// `<models_dir>/multilingual-e5-small`.
pub fn default_model_dir() -> PathBuf {
    models_dir().join(DEFAULT_MODEL)
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Lexical => "lexical",
            Engine::Model => "model",
        }
    }

    /// Builds the scorer the server would run and says how long loading took
    /// (dictionaries, model files, the model's similarity scale). `model_dir` is only
    /// read by [`Engine::Model`].
    pub async fn load(
        &self,
        model_dir: &Path,
        precision: Precision,
    ) -> anyhow::Result<(Arc<Scorer>, f64)> {
        let start = Instant::now();
        let scorer = match self {
            Engine::Lexical => Scorer::lexical(),
            Engine::Model => {
                let mut config = Config::default();
                config.scoring.engine = EngineChoice::Model;
                config.scoring.model_dir = Some(model_dir.to_path_buf());
                config.scoring.precision = precision;
                kaoguan::engine::scorer(&config).await?
            }
        };
        // Engines may load lazily (the lexical one reads its Chinese dictionary on first
        // use): score one mixed answer so loading is counted here, not in the first pass.
        let scorer = Arc::new(scorer);
        let s = scorer.clone();
        tokio::task::spawn_blocking(move || {
            let warm = corpus::Corpus::generate(2, 0);
            for (q, text) in &warm.items {
                std::hint::black_box(s.score_answer(&warm.questions[*q], text));
            }
        })
        .await?;
        Ok((scorer, start.elapsed().as_secs_f64() * 1000.0))
    }
}

/// Loads the model with `threads` workers and its cache off (`cache_entries: 0`).
pub fn load_uncached(
    dir: &Path,
    threads: usize,
    precision: Precision,
) -> anyhow::Result<E5Embedder> {
    E5Embedder::load(
        dir,
        EmbedderOptions {
            threads: threads.max(1),
            precision,
            cache_entries: 0,
            ..EmbedderOptions::default()
        },
    )
    .map_err(|e| anyhow::anyhow!("cannot load the model in {}: {e}", dir.display()))
}

/// The server's model scorer for the throughput phase, with one change: its cache keeps
/// only the question side (question, key points, red flags, exemplars), which recurs for
/// every answer in production too. The corpus is generated from templates, so its
/// sentences recur far more than real answers do; with the server's text cache they would
/// be embedded once and then served from memory, and the figure would measure the cache.
/// Same model, same calibration (taken from the server's scorer), same scoring code.
/// The counter says how many texts went through the model.
pub fn model_throughput_scorer(
    embedder: Arc<E5Embedder>,
    calibration: Calibration,
    questions: &[QuestionInput],
) -> (Scorer, Arc<AtomicUsize>) {
    let pinned = questions
        .iter()
        .flat_map(|q| {
            std::iter::once(&q.text)
                .chain(&q.rubric.key_points)
                .chain(&q.rubric.red_flags)
                .chain(&q.rubric.exemplars)
        })
        .flat_map(|t| [t.clone(), t.trim().to_string()])
        .collect();
    let embedded = Arc::new(AtomicUsize::new(0));
    let embedder: Arc<dyn Embedder> = Arc::new(QuestionCache {
        inner: embedder,
        pinned,
        cache: Mutex::default(),
        embedded: embedded.clone(),
    });
    (
        Scorer::with_embedder(embedder).with_calibration(calibration),
        embedded,
    )
}

/// Caches the vectors of `pinned` texts only; every other text is embedded each time.
struct QuestionCache {
    inner: Arc<E5Embedder>,
    pinned: HashSet<String>,
    cache: Mutex<HashMap<String, Vec<f32>>>,
    embedded: Arc<AtomicUsize>,
}

impl Embedder for QuestionCache {
    fn model_id(&self) -> &str {
        self.inner.model_id()
    }

    /// One pass over the answer (late chunking): counted as one text through the model.
    fn embed_spans(&self, text: &str, spans: &[std::ops::Range<usize>]) -> Vec<Vec<f32>> {
        self.embedded.fetch_add(1, Ordering::Relaxed);
        self.inner.embed_spans(text, spans)
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let mut out: Vec<Option<Vec<f32>>> = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            texts.iter().map(|t| cache.get(*t).cloned()).collect()
        };
        let todo: Vec<&str> = texts
            .iter()
            .zip(&out)
            .filter(|(_, o)| o.is_none())
            .map(|(t, _)| *t)
            .collect();
        if !todo.is_empty() {
            self.embedded.fetch_add(todo.len(), Ordering::Relaxed);
            let vecs = self.inner.embed(&todo);
            if vecs.len() != todo.len() {
                return vec![Vec::new(); texts.len()];
            }
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let mut fresh = todo.iter().zip(vecs);
            for o in out.iter_mut().filter(|o| o.is_none()) {
                let (t, v) = fresh.next().expect("one vector per missing text");
                if !v.is_empty() && self.pinned.contains(*t) {
                    cache.insert(t.to_string(), v.clone());
                }
                *o = Some(v);
            }
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }
}
