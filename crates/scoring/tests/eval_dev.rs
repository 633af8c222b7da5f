//! Scores the development evaluation set and checks the ranking quality against human
//! labels. Run with `cargo test -p kaoguan-scoring --test eval_dev -- --nocapture` to see
//! the figures; set `KAOGUAN_EVAL_DETAIL=1` to also print every answer's score breakdown.

use std::path::PathBuf;

use kaoguan_scoring::{offline, QuestionInput, Scorer};
use serde_json::Value;

/// Mean Spearman over the dev questions must stay at or above this.
const MEAN_FLOOR: f64 = 0.9;
/// And no single question may fall below this.
const QUESTION_FLOOR: f64 = 0.7;

fn ranks(v: &[f64]) -> Vec<f64> {
    // Average ranks for ties.
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|a, b| v[*a].total_cmp(&v[*b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rho as the Pearson correlation of ranks (correct with ties).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va.sqrt() * vb.sqrt())
    }
}

#[test]
fn dev_set_ranking_matches_labels() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/eval-dev");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("eval-dev directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let scorer = Scorer::lexical();
    let detail = std::env::var_os("KAOGUAN_EVAL_DETAIL").is_some();
    let mut rhos = Vec::new();
    let mut checks = Vec::new();
    for path in &files {
        let raw = std::fs::read_to_string(path).unwrap();
        let input: Value = serde_json::from_str(&raw).unwrap();
        let labels: Vec<f64> = input["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_f64().unwrap())
            .collect();
        let out = offline::score_json(&raw, &scorer).expect("dev file scores");
        let results = out["results"].as_array().unwrap();
        let totals: Vec<f64> = results
            .iter()
            .map(|r| r["total"].as_f64().unwrap())
            .collect();
        let rho = spearman(&labels, &totals);
        let name = path.file_stem().unwrap().to_string_lossy();
        println!("{name:<28} spearman {rho:>6.3}   totals {totals:?}   labels {labels:?}");
        if detail {
            let q: QuestionInput = serde_json::from_value(input["question"].clone()).unwrap();
            for (i, a) in input["answers"].as_array().unwrap().iter().enumerate() {
                let s = scorer.score_answer(&q, a.as_str().unwrap());
                let sims: Vec<f64> = s.key_points.iter().map(|k| k.similarity).collect();
                let feats: Vec<String> = s
                    .features
                    .iter()
                    .map(|f| format!("{}={:.2}→{:.1}", f.name, f.value, f.contribution))
                    .collect();
                println!(
                    "   [{}] {:>5.1} sims {:?} flags {:?} red {:?}\n       {}",
                    labels[i],
                    s.total,
                    sims,
                    s.flags,
                    s.red_flags.iter().map(|r| &r.flag).collect::<Vec<_>>(),
                    feats.join(" ")
                );
            }
        }
        // Hard rule: nothing graded 1 outranks an answer graded 4 or 5.
        rhos.push(rho);
        checks.push((name.to_string(), rho, labels, totals));
    }
    let mean = rhos.iter().sum::<f64>() / rhos.len() as f64;
    println!("mean spearman over {} questions: {mean:.3}", rhos.len());
    for (name, rho, labels, totals) in checks {
        for (i, li) in labels.iter().enumerate() {
            for (j, lj) in labels.iter().enumerate() {
                if *li <= 1.0 && *lj >= 4.0 {
                    assert!(
                        totals[i] < totals[j],
                        "{name}: label-1 answer {i} ({}) outranks label-{lj} answer {j} ({})",
                        totals[i],
                        totals[j]
                    );
                }
            }
        }
        assert!(
            rho >= QUESTION_FLOOR,
            "{name}: spearman {rho:.3} below {QUESTION_FLOOR}"
        );
    }
    assert!(
        mean >= MEAN_FLOOR,
        "mean spearman {mean:.3} below {MEAN_FLOOR}"
    );
}
