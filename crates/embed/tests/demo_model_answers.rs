//! The demo's model answers, scored by the local model engine (the demo's reports come from
//! it): the first candidate of each demo job answers every question as a strong candidate
//! would, and must rank above the other candidates' answers; the rubric's exemplar, where a
//! question has one, must too; and no model answer raises a red flag. Needs
//! `KAOGUAN_TEST_MODEL_DIR`, like the other real-model tests.

mod scorer;

use std::path::Path;

use kaoguan_scoring::{QuestionInput, Scorer};
use serde_json::Value;

#[test]
fn demo_model_answers_rank_first_and_raise_no_red_flag() {
    let Some((model, s)) = scorer::installed_model() else {
        return;
    };
    let scorer = Scorer::with_embedder(model).with_calibration(scorer::calibration(s));
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/demo/demo.json"),
    )
    .unwrap();
    let demo: Value = serde_json::from_str(&raw).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for job in demo["jobs"].as_array().unwrap() {
        let title: String = job["title"].as_str().unwrap().chars().take(12).collect();
        let candidates = job["candidates"].as_array().unwrap();
        for (qi, q) in job["questions"].as_array().unwrap().iter().enumerate() {
            let mut input = q.clone();
            input["language"] = job["language"].clone();
            let question: QuestionInput = serde_json::from_value(input).unwrap();
            // The demo's first candidate of each job gives the model answers; the rubric's
            // exemplar, where there is one, is a model answer too.
            let answers: Vec<(String, &str)> = candidates
                .iter()
                .filter_map(|c| {
                    let a = c["answers"].get(qi)?.as_str()?;
                    Some((c["name"].as_str().unwrap().to_string(), a))
                })
                .collect();
            let Some(((strong_name, strong), rest)) = answers.split_first() else {
                continue;
            };
            let mut models = vec![(strong_name.clone(), *strong)];
            if let Some(e) = q["rubric"]["exemplars"].get(0).and_then(Value::as_str) {
                models.push(("exemplar".to_string(), e));
            }
            for (name, model_answer) in &models {
                let best = scorer.score_answer(&question, model_answer);
                if !best.red_flags.is_empty() {
                    failures.push(format!(
                        "{title} q{qi} {name}: red flags {:?}",
                        best.red_flags
                    ));
                }
                for (other_name, a) in rest {
                    let other = scorer.score_answer(&question, a);
                    println!(
                        "{title:<12} q{qi} {name} {:>5.1} > {other_name} {:>5.1}",
                        best.total, other.total
                    );
                    if best.total <= other.total {
                        failures.push(format!(
                            "{title} q{qi}: {name} ({}) does not rank above {other_name} ({})",
                            best.total, other.total
                        ));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 6, "{checked} comparisons");
    assert!(failures.is_empty(), "{failures:#?}");
}
