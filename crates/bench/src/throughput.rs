//! Scoring throughput: answers per second through `Scorer::score_answer`, on one thread
//! and spread over several, each the median of several timed passes over the corpus.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use kaoguan_scoring::{AnswerStatus, Scorer};
use serde::Serialize;

use crate::corpus::Corpus;
use crate::machine;
use crate::stats;

#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    pub threads: usize,
    /// Answers scored per timed pass (the whole corpus).
    pub answers_per_run: usize,
    /// Answers per second of each pass.
    pub runs: Vec<f64>,
    pub median_answers_per_sec: f64,
    /// Answers per second of CPU time (user + system, all threads of the process) of each
    /// pass: what one core delivers, little affected by other load on the machine.
    pub answers_per_cpu_sec: Vec<f64>,
    pub median_answers_per_cpu_sec: Option<f64>,
    /// Per-answer wall time on this configuration, from all passes.
    pub answer_ms_p50: f64,
    pub answer_ms_p95: f64,
    /// Texts the model embedded per answer scored (sentences, clauses, windows; the
    /// question side is cached); `None` for the lexical engine.
    pub embedded_texts_per_answer: Option<f64>,
}

/// Scores the corpus once untimed (warm-up), then `runs` timed passes with `threads`
/// threads taking the answers round-robin.
pub fn measure(scorer: &Arc<Scorer>, corpus: &Corpus, threads: usize, runs: usize) -> Throughput {
    let threads = threads.max(1);
    pass(scorer, corpus, threads);
    let mut rates = Vec::new();
    let mut per_answer = Vec::new();
    let mut cpu_rates = Vec::new();
    for _ in 0..runs.max(1) {
        let cpu_start = machine::process_cpu_seconds();
        let start = Instant::now();
        let times = pass(scorer, corpus, threads);
        let secs = start.elapsed().as_secs_f64();
        rates.push(corpus.items.len() as f64 / secs.max(f64::EPSILON));
        if let (Some(a), Some(b)) = (cpu_start, machine::process_cpu_seconds()) {
            cpu_rates.push(corpus.items.len() as f64 / (b - a).max(0.01));
        }
        per_answer.extend(times);
    }
    Throughput {
        threads,
        answers_per_run: corpus.items.len(),
        median_answers_per_sec: stats::median(&rates),
        runs: rates,
        median_answers_per_cpu_sec: (!cpu_rates.is_empty()).then(|| stats::median(&cpu_rates)),
        answers_per_cpu_sec: cpu_rates,
        answer_ms_p50: stats::median(&per_answer),
        answer_ms_p95: stats::percentile(&per_answer, 95.0),
        embedded_texts_per_answer: None,
    }
}

/// Scores every answer once; returns each answer's time in milliseconds.
fn pass(scorer: &Scorer, corpus: &Corpus, threads: usize) -> Vec<f64> {
    let work = |offset: usize| -> Vec<f64> {
        corpus
            .items
            .iter()
            .skip(offset)
            .step_by(threads)
            .map(|(q, text)| {
                let start = Instant::now();
                black_box(scorer.score_answer(&corpus.questions[*q], text));
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect()
    };
    if threads == 1 {
        return work(0);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|t| s.spawn(move || work(t))).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a scoring thread panicked"))
            .collect()
    })
}

/// Share of the corpus the engine scored (rather than calling it insufficient) and the
/// mean total, so a run that silently scores nothing is visible.
pub fn sanity(scorer: &Scorer, corpus: &Corpus) -> (f64, f64) {
    let scores: Vec<_> = corpus
        .items
        .iter()
        .map(|(q, text)| scorer.score_answer(&corpus.questions[*q], text))
        .collect();
    let scored = scores
        .iter()
        .filter(|s| s.status == AnswerStatus::Scored)
        .count();
    let totals: Vec<f64> = scores.iter().map(|s| s.total).collect();
    (
        scored as f64 / scores.len().max(1) as f64,
        stats::mean(&totals),
    )
}
