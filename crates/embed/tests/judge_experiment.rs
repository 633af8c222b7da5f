//! The development set scored with a judge's answers read from a file (see
//! tools/judge-probe/README.md): `KAOGUAN_JUDGE_ANSWERS` holds answered pairs (JSONL with
//! `item`, `span`, `p_yes`); pairs not answered there are written to
//! `KAOGUAN_JUDGE_REQUESTS` and scored by the cue reading alone. Skipped unless both are set
//! (with `KAOGUAN_TEST_MODEL_DIR`).

mod scorer;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use kaoguan_scoring::{eval, Judge, JudgePair, Scorer};

struct FileJudge {
    answers: HashMap<(String, String), f64>,
    requests: Mutex<std::fs::File>,
}

impl Judge for FileJudge {
    fn id(&self) -> &str {
        "judge-file"
    }
    fn judge(&self, pairs: &[JudgePair]) -> Vec<Option<f64>> {
        let mut f = self.requests.lock().unwrap();
        pairs
            .iter()
            .map(|p| {
                let k = (p.item.clone(), p.span.clone());
                let a = self.answers.get(&k).copied();
                if a.is_none() {
                    writeln!(
                        f,
                        "{}",
                        serde_json::json!({"item": p.item, "span": p.span, "flag": p.red_flag})
                    )
                    .unwrap();
                }
                a
            })
            .collect()
    }
}

#[test]
fn judge_experiment() {
    let (Some(cache), Some(requests)) = (
        std::env::var_os("KAOGUAN_JUDGE_ANSWERS"),
        std::env::var_os("KAOGUAN_JUDGE_REQUESTS"),
    ) else {
        eprintln!("set KAOGUAN_JUDGE_ANSWERS and KAOGUAN_JUDGE_REQUESTS to run");
        return;
    };
    let Some((model, s)) = scorer::installed_model() else {
        return;
    };
    let mut answers = HashMap::new();
    if let Ok(raw) = std::fs::read_to_string(&cache) {
        for l in raw.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            answers.insert(
                (
                    v["item"].as_str().unwrap().to_string(),
                    v["span"].as_str().unwrap().to_string(),
                ),
                v["p_yes"].as_f64().unwrap(),
            );
        }
    }
    let judge = Arc::new(FileJudge {
        answers,
        requests: Mutex::new(std::fs::File::create(requests).unwrap()),
    });
    let scorer = Scorer::with_embedder(model)
        .with_calibration(scorer::calibration(s))
        .with_judge(judge);
    let qs = eval::load_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../scoring/tests/data/eval-dev"),
    )
    .unwrap();
    let detail = std::env::var_os("KAOGUAN_EVAL_DETAIL").is_some();
    let r = eval::evaluate(&qs, |q, a| {
        let s = scorer.score_answer(&q.question, a);
        if detail {
            println!("{}", eval::describe(&s, a));
        }
        s.total
    });
    println!("{r}");
    let missing = std::fs::metadata(std::env::var_os("KAOGUAN_JUDGE_REQUESTS").unwrap())
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "pairs not yet answered: {}",
        if missing == 0 {
            "none"
        } else {
            "see KAOGUAN_JUDGE_REQUESTS"
        }
    );
}
