//! The development evaluation set, scored by the local model engine (the lexical engine has
//! its own check in crates/scoring/tests/eval_dev.rs). Needs the installed model:
//! `KAOGUAN_TEST_MODEL_DIR` (scripts/test.sh installs it and sets the variable).
//! `cargo test -p kaoguan-embed --release --test eval_dev_model -- --nocapture` prints the
//! figures.

mod scorer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kaoguan_scoring::{eval, Calibration, Embedder, Scorer};

/// The leave-one-question-out figures this engine reached on the 17 dev questions (mean
/// Spearman 0.651, pairwise 0.798, 6 adversarial answers at or above a good one); they may
/// only improve. They were 0.667 / 0.807 / 5 before answers in the other language stopped
/// losing the relevance term (in-sample 0.717 → 0.722, cross-language pairs within 5 points
/// 6 → 8 of 20): with that fix, the scale fitted without nurse-dose-query moved from
/// (-0.1, 0.9) to (0.3, 0.6) on a margin of 0.0005 in mean Spearman over the other sixteen,
/// and that one fold accounts for the whole drop. The fit of two numbers on sixteen
/// questions is that noisy; the figure is reported as it falls.
const MEAN_FLOOR: f64 = 0.65;
const PAIRWISE_FLOOR: f64 = 0.79;
const BREACHES_CEILING: usize = 6;

fn dev_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scoring/tests/data/eval-dev")
}

/// Remembers every vector: the grid below scores the same texts many times, and only the
/// similarity scale changes between runs.
struct Memo {
    inner: Arc<dyn Embedder>,
    seen: Mutex<HashMap<String, Vec<f32>>>,
}

impl Embedder for Memo {
    fn model_id(&self) -> &str {
        self.inner.model_id()
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let missing: Vec<&str> = {
            let seen = self.seen.lock().unwrap();
            texts
                .iter()
                .copied()
                .filter(|t| !seen.contains_key(*t))
                .collect()
        };
        if !missing.is_empty() {
            let vectors = self.inner.embed(&missing);
            let mut seen = self.seen.lock().unwrap();
            for (t, v) in missing.iter().zip(vectors) {
                seen.insert(t.to_string(), v);
            }
        }
        let seen = self.seen.lock().unwrap();
        texts.iter().map(|t| seen[*t].clone()).collect()
    }
}

/// The candidate (floor, ceiling) pairs for matching rubric items beyond the question's
/// topic ([`Calibration::topic`]). Only these two numbers are fitted: with the red-flag
/// threshold fitted as well, the leave-one-out mean fell from 0.687 to 0.592 (each held-out
/// question got a threshold that suited the others).
fn grid() -> Vec<(f64, f64)> {
    let mut g = Vec::new();
    for floor in [-0.1, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3] {
        for ceiling in [0.5, 0.6, 0.7, 0.8, 0.9, 1.0] {
            g.push((floor, ceiling));
        }
    }
    g
}

#[test]
fn dev_set_ranking_with_the_model_engine() {
    let Some((model, s)) = scorer::installed_model() else {
        return;
    };
    // The default precision is what production runs: int8 on AVX-512 VNNI CPUs.
    println!(
        "model {}: scale unrelated {:.3}, paraphrase {:.3}",
        model.model_id(),
        s.unrelated,
        s.paraphrase,
    );
    let embedder: Arc<dyn Embedder> = Arc::new(Memo {
        inner: model,
        seen: Mutex::new(HashMap::new()),
    });
    let base = Scorer::with_embedder(embedder.clone()).with_calibration(scorer::calibration(s));
    assert!(
        base.version().contains("multilingual-e5-small"),
        "{}",
        base.version()
    );
    let qs = eval::load_dir(&dev_dir()).expect("eval-dev directory");
    let detail = std::env::var_os("KAOGUAN_EVAL_DETAIL").is_some();
    let run = |topic: Option<(f64, f64)>, detail: bool| {
        let scorer = Scorer::with_embedder(embedder.clone()).with_calibration(Calibration {
            topic,
            ..base.calibration()
        });
        eval::evaluate(&qs, |q, a| {
            let s = scorer.score_answer(&q.question, a);
            if detail {
                println!("{}", eval::describe(&s, a));
            }
            s.total
        })
    };

    // The shipped scale, on every question (in-sample: it was chosen on these questions).
    let shipped_topic = base.calibration().topic;
    let shipped = run(shipped_topic, detail);
    println!("shipped topic scale {shipped_topic:?}, in-sample:\n{shipped}");

    // Leave-one-question-out: for each question, the scale that orders the other sixteen
    // best, then the held-out question scored with it.
    let runs: Vec<((f64, f64), eval::EvalReport)> = grid()
        .into_iter()
        .map(|g| (g, run(Some(g), false)))
        .collect();
    let mut held_out = Vec::new();
    for (k, q) in qs.iter().enumerate() {
        let others = |r: &eval::EvalReport| {
            r.questions
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, f)| f.spearman)
                .sum::<f64>()
        };
        let (g, r) = runs
            .iter()
            .max_by(|a, b| {
                others(&a.1)
                    .total_cmp(&others(&b.1))
                    .then(std::cmp::Ordering::Greater)
            })
            .unwrap();
        println!("{:<30} fitted on the others: {g:?}", q.name);
        if detail {
            // How clear the choice was: the best four, by mean Spearman on the others.
            let mut all: Vec<((f64, f64), f64)> = runs
                .iter()
                .map(|(g, r)| (*g, others(r) / (qs.len() - 1) as f64))
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1));
            println!("    best on the others: {:?}", &all[..4.min(all.len())]);
        }
        held_out.push(r.questions[k].clone());
    }
    let loo = eval::report(held_out);
    println!("leave-one-question-out:\n{loo}");
    // The scale fitted on all questions is the one that ships.
    let all = |r: &eval::EvalReport| r.mean_spearman;
    let best = runs
        .iter()
        .max_by(|a, b| {
            all(&a.1)
                .total_cmp(&all(&b.1))
                .then(std::cmp::Ordering::Greater)
        })
        .unwrap();
    assert_eq!(
        Some(best.0),
        shipped_topic,
        "the shipped topic scale is not the one fitted on the whole dev set"
    );
    assert!(
        loo.mean_spearman >= MEAN_FLOOR,
        "leave-one-out mean spearman {:.3} below {MEAN_FLOOR}",
        loo.mean_spearman
    );
    assert!(
        loo.mean_pairwise >= PAIRWISE_FLOOR,
        "leave-one-out pairwise accuracy {:.3} below {PAIRWISE_FLOOR}",
        loo.mean_pairwise
    );
    assert!(
        loo.breaches.len() <= BREACHES_CEILING,
        "{} adversarial answers reach a good one (at most {BREACHES_CEILING})",
        loo.breaches.len()
    );
}
