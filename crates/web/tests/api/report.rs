use reqwest::{Method, StatusCode};

use crate::common::{spawn_app, STRONG_ANSWER, WEAK_ANSWER};

#[tokio::test]
async fn a_finished_interview_gets_an_explained_report() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();

    let (strong_id, strong) = app.invite(job_id, "Strong").await;
    app.start_interview(&strong).await;
    app.answer_next(&strong, STRONG_ANSWER).await;
    app.answer_next(
        &strong,
        "Last year a key customer's payroll import failed every night before their month-end close. \
         My task was to get them running before the deadline two days later. I reproduced the failure, \
         found a date-format change in their export, wrote a conversion script and walked their team through it. \
         As a result the import succeeded that night, and we cut similar tickets by 40% after adding validation.",
    )
    .await;
    let pending = app
        .get(&format!("/api/v1/applications/{strong_id}/report"))
        .await;
    assert_eq!(pending.body["status"], "pending");
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{strong}/finish"),
        None,
    )
    .await;

    let (weak_id, weak) = app.invite(job_id, "Weak").await;
    app.start_interview(&weak).await;
    app.answer_next(&weak, WEAK_ANSWER).await;
    app.answer_next(&weak, "I always help customers.").await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{weak}/finish"),
        None,
    )
    .await;

    assert_eq!(app.drain_tasks().await, 2);

    let r = app
        .get(&format!("/api/v1/applications/{strong_id}/report"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "ready", "{}", r.body);
    let total = r.body["total"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&total));
    assert!(r.body["model_version"]
        .as_str()
        .unwrap()
        .starts_with("lexical"));
    let dims = r.body["dimensions"].as_object().unwrap();
    assert!(dims.contains_key("service") && dims.contains_key("problem_solving"));
    let answers = r.body["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 2);
    let kps = answers[0]["key_points"].as_array().unwrap();
    assert_eq!(kps.len(), 5);
    let covered: Vec<_> = kps.iter().filter(|k| k["covered"] == true).collect();
    assert!(
        covered.len() >= 3,
        "a strong answer covers most key points: {kps:?}"
    );
    for k in covered {
        let ev = k["evidence"]
            .as_str()
            .expect("covered points quote evidence");
        assert!(
            STRONG_ANSWER.contains(ev.trim_end_matches(['.', '。'])),
            "evidence {ev:?} is quoted from the answer"
        );
    }
    assert!(
        answers[1]["star"].is_object(),
        "behavioural answers carry STAR"
    );

    let w = app
        .get(&format!("/api/v1/applications/{weak_id}/report"))
        .await;
    let weak_total = w.body["total"].as_f64().unwrap();
    assert!(
        weak_total < total,
        "weak {weak_total} should score below strong {total}"
    );

    // The job's list shows both with status and score.
    let list = app
        .get(&format!("/api/v1/jobs/{job_id}/applications"))
        .await;
    let rows = list.body.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|a| a["status"] == "scored" && a["total"].is_number()));
}

#[tokio::test]
async fn an_interview_with_nothing_answered_is_insufficient_data() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (id, token) = app.invite(job["id"].as_str().unwrap(), "Silent").await;
    app.start_interview(&token).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;
    let r = app.get(&format!("/api/v1/applications/{id}/report")).await;
    assert_eq!(r.body["status"], "insufficient_data", "{}", r.body);
    assert!(r.body["total"].as_f64().unwrap() <= 40.0);
    assert!(r.body["answers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["answered"] == false));
}

/// An answer that uses the rubric's words to refuse what it asks: the points it refuses are
/// reported as contradicted with the sentence that says so, earn nothing, and the red flag
/// it asserts is raised; a negated flag is not. The console shows the relation and the
/// formula in words, never the internal codes.
#[tokio::test]
async fn refusals_are_contradictions_in_the_report_and_the_console() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (app_id, token) = app.invite(job_id, "Refuses").await;
    app.start_interview(&token).await;
    app.answer_next(
        &token,
        "I would not offer a refund, and I wouldn't arrange an express replacement either. \
         Following up is a waste of time. It's the courier's responsibility, not ours.",
    )
    .await;
    app.answer_next(&token, "I have never had a difficult customer.")
        .await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;

    let r = app
        .get(&format!("/api/v1/applications/{app_id}/report"))
        .await;
    assert_eq!(r.body["status"], "ready", "{}", r.body);
    let first = &r.body["answers"][0];
    let kps = first["key_points"].as_array().unwrap();
    let contradicted: Vec<&serde_json::Value> = kps
        .iter()
        .filter(|k| k["relation"] == "contradicts")
        .collect();
    assert!(contradicted.len() >= 2, "{kps:#?}");
    for k in &contradicted {
        assert_eq!(k["covered"], false);
        assert!(k["evidence"].is_string(), "{k}");
    }
    let flags = first["red_flags"].as_array().unwrap();
    assert!(
        flags
            .iter()
            .any(|f| f["flag"].as_str().unwrap().contains("blames") && f["relation"] == "supports"),
        "{flags:#?}"
    );

    // The band: never better than undecided with a red flag, and it says why.
    let rec = &r.body["recommendation"];
    assert!(
        rec["band"] == "undecided" || rec["band"] == "not_recommended",
        "{rec}"
    );
    let kinds: Vec<&str> = rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"red_flags") && kinds.contains(&"contradicted"),
        "{rec}"
    );

    // Notes for HR name what to probe, with the rubric's words and the candidate's;
    // feedback meant for the candidate names no rubric item.
    let notes: Vec<&str> = first["hr_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("goes against") && n.contains("refund")),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("Red flag")),
        "{notes:#?}"
    );
    let rubric: Vec<String> = kps
        .iter()
        .map(|k| k["point"].as_str().unwrap().to_string())
        .collect();
    for s in first["suggestions"].as_array().unwrap() {
        let s = s.as_str().unwrap();
        assert!(
            !rubric.iter().any(|p| s.contains(p.as_str())) && !s.contains("courier"),
            "candidate feedback leaks the rubric: {s}"
        );
    }
    // The advice for the next round names an unusable answer's question by its words.
    let advice = r.body["detail"]["next_round_advice"].to_string();
    assert!(
        !advice.contains(first["question_id"].as_str().unwrap()),
        "{advice}"
    );

    crate::console::sign_in(&app).await;
    let page = app.page(&format!("/applications/{app_id}")).await;
    assert!(page.contains("给面试官的提示"), "HR notes are shown");
    assert!(
        page.contains("回答与此相反"),
        "the relation is shown in words"
    );
    assert!(page.contains("评分要点覆盖"), "features are named in words");
    assert!(page.contains("id=\"report-band\""), "the band is shown");
    assert!(page.contains("需人工复核"), "with its reasons in words");
    for code in [
        "key_point_coverage",
        "red_flag_resemblance",
        "<code>evasive",
        "cap:",
    ] {
        assert!(!page.contains(code), "internal code {code} on the page");
    }
}
