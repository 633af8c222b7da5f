//! Pipeline rules: checked when saved, run once on the events they wait for, and never
//! rejecting anyone — a proposed rejection waits in the review queue for a person.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, STRONG_ANSWER, WEAK_ANSWER};

pub(crate) async fn set_rules(app: &TestApp, job_id: &str, rules: Value) -> crate::common::Reply {
    app.call(
        Method::PUT,
        &format!("/api/v1/jobs/{job_id}/pipeline-rules"),
        Some(json!({ "rules": rules })),
        None,
    )
    .await
}

/// Invites `name`, answers both questions with `answer` and finishes.
pub(crate) async fn interviewed(app: &TestApp, job_id: &str, name: &str, answer: &str) -> String {
    let (id, token) = app.invite(job_id, name).await;
    app.start_interview(&token).await;
    app.answer_next(&token, answer).await;
    app.answer_next(&token, answer).await;
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

pub(crate) async fn stage_of(app: &TestApp, id: &str) -> String {
    app.get(&format!("/api/v1/applications/{id}")).await.body["stage"]
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) fn standard_rules() -> Value {
    json!([
        {"name": "高分进复试", "on": "report_ready", "if": "report.total >= 50 && report.dimensions.service >= 40", "do": "advance"},
        {"name": "低分待复核", "on": "report_ready", "if": "report.total < 30", "do": "propose_reject"},
        {"on": "interview_finished", "do": "notify:hr"}
    ])
}

#[tokio::test]
async fn rules_are_checked_when_saved_and_errors_name_the_rule_and_position() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    assert_eq!(job["pipeline_rules"], json!([]));

    let cases = [
        (
            json!([{"on": "report_ready", "do": "advance"},
                   {"on": "report_ready", "if": "report.total >= ", "do": "advance"}]),
            "rules[1].if",
            "line 1, column 17",
        ),
        (
            json!([{"on": "report_ready", "if": "report.dimensions.logic >= 60", "do": "advance"}]),
            "rules[0].if",
            "report.dimensions.logic",
        ),
        (
            json!([{"on": "interview_finished", "if": "report.total > 1", "do": "advance"}]),
            "rules[0].if",
            "no report",
        ),
        (
            json!([{"on": "report_ready", "do": "reject"}]),
            "rules[0]",
            "never rejects",
        ),
        (
            json!([{"on": "report_ready", "do": "move:hired"}]),
            "rules[0].do",
            "never moves",
        ),
        (
            json!([{"on": "stage_timeout", "stage": "ai_interview", "do": "notify:hr"}]),
            "rules[0].after_hours",
            "8760",
        ),
        (
            json!([{"on": "report_ready", "do": "notify:ceo"}]),
            "rules[0]",
            "ceo",
        ),
        (
            // A screened resume has no report yet.
            json!([{"on": "screened", "if": "report.total > 60", "do": "invite"}]),
            "rules[0].if",
            "no report",
        ),
    ];
    for (rules, field, says) in cases {
        let r = set_rules(&app, job_id, rules.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{rules}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["field"], field, "{rules}: {}", r.body);
        assert!(
            r.body.to_string().contains(says),
            "{rules}: {} should say {says}",
            r.body
        );
    }
    let unchanged = app.get(&format!("/api/v1/jobs/{job_id}")).await.body;
    assert_eq!(unchanged["pipeline_rules"], json!([]), "nothing was saved");

    let r = set_rules(&app, job_id, standard_rules()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["pipeline_rules"], standard_rules());
}

#[tokio::test]
async fn a_strong_report_advances_a_weak_one_waits_for_a_person_and_nothing_runs_twice() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let r = set_rules(&app, job_id, standard_rules()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let strong = interviewed(&app, job_id, "Strong Person", STRONG_ANSWER).await;
    let weak = interviewed(&app, job_id, "Weak Person", WEAK_ANSWER).await;
    // Per candidate: scoring, the interview_finished run and the report_ready run.
    assert_eq!(app.drain_tasks().await, 6);

    let strong_report = app
        .get(&format!("/api/v1/applications/{strong}/report"))
        .await
        .body;
    let weak_report = app
        .get(&format!("/api/v1/applications/{weak}/report"))
        .await
        .body;
    assert!(
        strong_report["total"].as_f64().unwrap() >= 50.0,
        "{}",
        strong_report["total"]
    );
    assert!(
        weak_report["total"].as_f64().unwrap() < 30.0,
        "{}",
        weak_report["total"]
    );

    assert_eq!(stage_of(&app, &strong).await, "second_round");
    assert_eq!(
        stage_of(&app, &weak).await,
        "ai_interview",
        "a rule never rejects"
    );

    let reviews = app.get("/api/v1/reviews").await.body;
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    let review = &reviews[0];
    assert_eq!(review["application_id"], weak.as_str());
    assert_eq!(review["rule_name"], "低分待复核");
    assert_eq!(review["rule_condition"], "report.total < 30");
    assert_eq!(review["stage"], "ai_interview");
    assert_eq!(review["status"], "pending");
    assert_eq!(review["facts"]["total"], weak_report["total"]);

    // Each rule's verdict is on record, and the notice is queued for the messaging worker.
    let history = app
        .get(&format!("/api/v1/applications/{strong}/rules"))
        .await
        .body;
    let runs = history["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "{history}");
    let report_run = runs
        .iter()
        .find(|r| r["trigger"] == "report_ready")
        .unwrap();
    let results: Vec<&str> = report_run["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["acted", "not_met"]);
    assert_eq!(history["messages"][0]["recipient"], "role:hr");
    assert_eq!(history["messages"][0]["status"], "queued");

    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(events.contains("\"by\":\"rule\""), "{events}");
    assert!(events.contains("review.proposed"), "{events}");
    assert!(events.contains("message.queued"), "{events}");

    // A re-scored report runs no rule again: the strong candidate stays where the first
    // run put them, and no second proposal appears.
    for id in [&strong, &weak] {
        let r = app
            .post(&format!("/api/v1/applications/{id}/rescore"), json!({}))
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    }
    assert_eq!(app.drain_tasks().await, 4, "scoring and a rules run each");
    assert_eq!(stage_of(&app, &strong).await, "second_round");
    assert_eq!(
        app.get("/api/v1/reviews")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let history = app
        .get(&format!("/api/v1/applications/{strong}/rules"))
        .await
        .body;
    assert_eq!(history["runs"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_preview_shows_what_rules_would_do_and_changes_nothing() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let strong = interviewed(&app, job_id, "Preview Strong", STRONG_ANSWER).await;
    let weak = interviewed(&app, job_id, "Preview Weak", WEAK_ANSWER).await;
    let (invited, _) = app.invite(job_id, "Preview Invited").await;
    app.drain_tasks().await;
    let before = app.get("/api/v1/events").await.body;

    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/pipeline-rules/preview"),
            json!({"rules": standard_rules()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = |id: &str| {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["application_id"] == id)
            .unwrap()
            .clone()
    };
    let results = |row: Value| -> Vec<String> {
        row["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["result"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(results(row(&strong)), ["acted", "not_met", "acted"]);
    assert_eq!(results(row(&weak)), ["not_met", "acted", "acted"]);
    assert_eq!(
        results(row(&invited)),
        ["not_yet", "not_yet", "not_yet"],
        "no interview, no report yet"
    );

    assert_eq!(stage_of(&app, &strong).await, "ai_interview");
    assert_eq!(app.get("/api/v1/reviews").await.body, json!([]));
    assert_eq!(app.get("/api/v1/events").await.body, before);
    let job = app.get(&format!("/api/v1/jobs/{job_id}")).await.body;
    assert_eq!(job["pipeline_rules"], json!([]), "a preview saves nothing");

    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/pipeline-rules/preview"),
            json!({"rules": [{"on": "report_ready", "if": "report.totl > 1", "do": "advance"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Once the rules are saved and have run for a candidate, the preview says so.
    set_rules(&app, job_id, standard_rules()).await;
    let late = interviewed(&app, job_id, "Preview Late", STRONG_ANSWER).await;
    app.drain_tasks().await;
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/pipeline-rules/preview"),
            json!({"rules": standard_rules()}),
        )
        .await;
    let late_row = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["application_id"] == late.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        results(late_row),
        ["already_ran", "already_ran", "already_ran"]
    );
}

#[tokio::test]
async fn a_stay_in_a_stage_times_out_once_per_rule() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let r = set_rules(
        &app,
        job_id,
        json!([{"name": "催办", "on": "stage_timeout", "stage": "ai_interview", "after_hours": 72,
                "if": "application.status == 'invited'", "do": "notify:hr"}]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (waiting, _) = app.invite(job_id, "Slow Person").await;
    let (started, token) = app.invite(job_id, "Busy Person").await;
    app.start_interview(&token).await;

    let sweep = || kaoguan_service::rules::sweep_timeouts(&app.services);
    assert_eq!(sweep().await.unwrap(), 0, "nobody has waited 72 hours yet");
    app.clock.advance(chrono::Duration::hours(73));
    assert_eq!(sweep().await.unwrap(), 2, "both have waited long enough");
    assert_eq!(sweep().await.unwrap(), 2, "each sweep looks again…");
    let messages = |id: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/applications/{id}/rules"))
                .await
                .body["messages"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(messages(waiting.clone()).await, 1, "…but notifies once");
    assert_eq!(messages(started).await, 0, "the condition did not hold");
    assert_eq!(stage_of(&app, &waiting).await, "ai_interview");
}

#[tokio::test]
async fn a_rules_run_that_fails_half_way_leaves_nothing_and_runs_again() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    set_rules(
        &app,
        job_id,
        json!([{"on": "report_ready", "if": "report.total >= 50", "do": "advance"},
               {"on": "report_ready", "do": "notify:dept_head"}]),
    )
    .await;
    let id = interviewed(&app, job_id, "Fault Person", STRONG_ANSWER).await;
    // Scoring runs; the rules' message cannot be queued, so their run fails as a whole.
    app.break_inserts_into("outbox").await;
    let mut failed = 0;
    loop {
        match kaoguan_jobs::try_execute_task(&app.services).await.unwrap() {
            kaoguan_jobs::ExecutionOutcome::EmptyQueue => break,
            kaoguan_jobs::ExecutionOutcome::TaskFailed { kind, will_retry } => {
                assert_eq!(kind, "apply_rules");
                assert!(will_retry);
                failed += 1;
            }
            kaoguan_jobs::ExecutionOutcome::TaskCompleted { .. } => {}
        }
    }
    assert_eq!(failed, 1);
    assert_eq!(
        stage_of(&app, &id).await,
        "ai_interview",
        "the move rolled back"
    );
    let history = app
        .get(&format!("/api/v1/applications/{id}/rules"))
        .await
        .body;
    assert_eq!(history["runs"], json!([]), "{history}");

    app.heal("outbox").await;
    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(app.drain_tasks().await, 1);
    assert_eq!(stage_of(&app, &id).await, "second_round");
    let history = app
        .get(&format!("/api/v1/applications/{id}/rules"))
        .await
        .body;
    assert_eq!(history["runs"].as_array().unwrap().len(), 1);
    assert_eq!(history["messages"][0]["recipient"], "role:dept_head");
}

/// The console: the editor keeps what was typed and names the mistake in the page's
/// language, saving returns to the job, and the review queue confirms by form.
#[tokio::test]
async fn the_console_edits_rules_and_reviews_proposals_in_both_languages() {
    use crate::console::{hidden, sign_in};
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    sign_in(&app).await;
    let editor = app.page(&format!("/jobs/{job_id}/rules")).await;
    let csrf = hidden(&editor, "csrf");
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let url = app.url(&format!("/jobs/{job_id}/rules"));
        let client = app.client.clone();
        let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
        form.extend(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        async move { client.post(url).form(&form).send().await.unwrap() }
    };
    let rows = vec![
        ("count", "3"),
        ("name_0", "高分进复试"),
        ("on_0", "report_ready"),
        ("if_0", "report.total >= 50"),
        ("do_0", "advance"),
        ("on_1", "report_ready"),
        ("if_1", "report.total < "),
        ("do_1", "propose_reject"),
        // A blank row is ignored.
        ("on_2", "interview_finished"),
    ];
    app.page("/lang/zh").await;
    let r = post(rows.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("第 2 条规则：条件第 1 行第 16 列有语法错误"),
        "{page}"
    );
    assert!(
        page.contains("value=\"高分进复试\""),
        "what was typed stays"
    );
    app.page("/lang/en").await;
    let page = post(rows.clone()).await.text().await.unwrap();
    assert!(
        page.contains("Rule 2: The condition has a syntax error at line 1, column 16"),
        "{page}"
    );
    assert_eq!(
        app.get(&format!("/api/v1/jobs/{job_id}")).await.body["pipeline_rules"],
        json!([])
    );

    let mut fixed = rows.clone();
    fixed[6] = ("if_1", "report.total < 30");
    let r = post(fixed.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = app.get(&format!("/api/v1/jobs/{job_id}")).await.body["pipeline_rules"].clone();
    assert_eq!(saved.as_array().unwrap().len(), 2, "{saved}");
    assert_eq!(saved[1]["do"], "propose_reject");

    interviewed(&app, job_id, "Console Weak", WEAK_ANSWER).await;
    app.drain_tasks().await;
    let mut preview = fixed.clone();
    preview.push(("preview", "1"));
    let page = post(preview).await.text().await.unwrap();
    assert!(
        page.contains("Console Weak"),
        "the preview lists the candidate"
    );
    assert!(
        page.contains("rules on this occasion already ran"),
        "{page}"
    );

    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        for path in [
            format!("/jobs/{job_id}/rules"),
            format!("/jobs/{job_id}"),
            "/reviews".to_string(),
        ] {
            let page = app.page(&path).await;
            assert_eq!(
                crate::decisions::untranslated(&page),
                Vec::<String>::new(),
                "{lang} {path}"
            );
        }
    }
    let queue = app.page("/reviews").await;
    assert!(queue.contains("Console Weak"), "{queue}");
    let review = app.get("/api/v1/reviews").await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let app_id = app.get("/api/v1/reviews").await.body[0]["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .client
        .post(app.url(&format!("/reviews/{review}")))
        .form(&[
            ("csrf", hidden(&queue, "csrf").as_str()),
            ("decision", "confirm"),
            ("category", "skills"),
            ("reason", "没有具体做法"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stage_of(&app, &app_id).await, "rejected");
    let queue = app.page("/reviews").await;
    assert!(
        queue.contains("没有具体做法"),
        "the decision is listed with its reason"
    );
}
