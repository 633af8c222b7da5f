//! `kaoguan-bench`: scoring throughput, report latency and peak memory of Kaoguan on this
//! machine. The binary (`src/main.rs`) parses flags and calls [`run`]; tests call the same
//! functions with tiny sizes.

pub mod corpus;
pub mod engine;
pub mod latency;
pub mod machine;
pub mod report;
pub mod server;
pub mod stats;
pub mod throughput;
pub mod topics;

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
    /// A tiny run, for smoke tests and `--quick`.
    pub fn quick() -> Self {
        Self {
            answers: 24,
            runs: 2,
            interviews: 4,
            concurrency: 2,
            ..Self::default()
        }
    }
}

/// Loads the engine, measures throughput, runs the interviews against the in-process
/// server, then reads memory. `progress` receives one line per phase.
pub async fn run(opts: &Options, progress: impl Fn(&str)) -> anyhow::Result<Report> {
    let machine = machine::machine();
    let rss_before_engine = machine::memory().rss_mib;
    progress(&format!("loading the {} engine", opts.engine.name()));
    let engine = opts.engine;
    let (scorer, load_ms) = tokio::task::spawn_blocking(move || engine.load()).await??;
    let rss_after_engine = machine::memory().rss_mib;

    let corpus = corpus::Corpus::generate(opts.answers, opts.seed);
    let mut throughput = Vec::new();
    for &threads in &opts.threads {
        progress(&format!(
            "scoring {} answers x {} runs on {threads} thread(s)",
            opts.answers, opts.runs
        ));
        let (s, c, runs) = (scorer.clone(), corpus.clone(), opts.runs);
        throughput.push(
            tokio::task::spawn_blocking(move || throughput::measure(&s, &c, threads, runs)).await?,
        );
    }
    let (s, c) = (scorer.clone(), corpus.clone());
    let (scored_share, mean_total) =
        tokio::task::spawn_blocking(move || throughput::sanity(&s, &c)).await?;

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

    Ok(Report {
        engine: opts.engine.name().to_string(),
        model_version: scorer.version(),
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
        latency,
        memory: report::MemoryInfo {
            rss_before_engine_mib: rss_before_engine,
            rss_after_engine_mib: rss_after_engine,
            at_end: memory,
        },
    })
}
