//! The offline CLI contract: input validation and output shape.

use kaoguan_scoring::{offline::score_json, OfflineError, Scorer};
use serde_json::{json, Value};

fn input() -> Value {
    json!({
        "question": {
            "id": "greenhouse",
            "kind": "behavioural",
            "language": "en",
            "text": "Tell me about a time a crop in your greenhouse failed and what you did.",
            "competencies": ["problem_solving"],
            "rubric": {
                "key_points": ["describes the failure and its cause", "explains the fix and the measured result"],
                "red_flags": ["blames the weather without taking action"]
            }
        },
        "labels": [5, 1],
        "answers": [
            "Last spring our tomato seedlings wilted within a week. My task was to save the batch before the market order. I tested the irrigation water and found the pH had drifted to 8.2, so I switched to rainwater and added an acid dose. As a result, 90% of the plants recovered and we delivered on time.",
            ""
        ]
    })
}

fn err(v: &Value) -> String {
    score_json(&v.to_string(), &Scorer::lexical())
        .unwrap_err()
        .to_string()
}

#[test]
fn scores_every_answer_in_order_with_the_contract_fields() {
    let out = score_json(&input().to_string(), &Scorer::lexical()).unwrap();
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        for key in [
            "total",
            "status",
            "dimensions",
            "key_points",
            "red_flags",
            "star",
            "highlights",
            "suggestions",
        ] {
            assert!(r.get(key).is_some(), "missing {key} in {r}");
        }
        for k in r["key_points"].as_array().unwrap() {
            assert!(
                k.get("point").is_some()
                    && k.get("covered").is_some()
                    && k.get("evidence").is_some()
            );
        }
        assert!(r["star"].is_object());
    }
    assert!(results[0]["total"].as_f64().unwrap() > results[1]["total"].as_f64().unwrap());
    assert_eq!(results[1]["status"], "insufficient_data");
    assert!(results[0]["dimensions"]["problem_solving"].is_number());
}

#[test]
fn malformed_input_gives_clear_errors() {
    let e = score_json("{not json", &Scorer::lexical()).unwrap_err();
    assert!(matches!(e, OfflineError::Json(_)));
    assert!(e.to_string().contains("not valid JSON"));

    let mut v = input();
    v.as_object_mut().unwrap().remove("answers");
    assert_eq!(err(&v), "answers: missing");

    let mut v = input();
    v["answers"] = json!("one answer");
    assert!(err(&v).starts_with("answers: must be an array"));

    let mut v = input();
    v["answers"] = json!(["ok", 3]);
    assert_eq!(err(&v), "answers[1]: must be a string");

    let mut v = input();
    v["question"]["kind"] = json!("essay");
    let e = err(&v);
    assert!(
        e.starts_with("question.kind: unknown question kind \"essay\""),
        "{e}"
    );

    let mut v = input();
    v["question"]["language"] = json!("fr");
    assert!(err(&v).starts_with("question.language:"));

    let mut v = input();
    v["question"]["rubric"]["key_points"] = json!(["  "]);
    assert_eq!(
        err(&v),
        "question.rubric.key_points: needs at least one key point"
    );

    let mut v = input();
    v["question"]["competencies"] = json!(["Bad Key"]);
    assert!(err(&v).starts_with("question.competencies[0]:"));

    let mut v = input();
    v.as_object_mut().unwrap().remove("question");
    assert_eq!(err(&v), "question: missing");

    assert!(err(&json!([1, 2])).starts_with("input:"));
}

#[test]
fn optional_fields_default() {
    let mut v = input();
    let q = v["question"].as_object_mut().unwrap();
    q.remove("id");
    q.remove("competencies");
    v["answers"] = json!([]);
    let out = score_json(&v.to_string(), &Scorer::lexical()).unwrap();
    assert_eq!(out, json!({ "results": [] }));
}
