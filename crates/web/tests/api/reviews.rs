//! The review queue and the history a person reads: proposals confirmed or overridden
//! once, on the stage they were made, by people in scope; every move kept with who or
//! which rule made it.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, STRONG_ANSWER, WEAK_ANSWER};
use crate::rules::{interviewed, set_rules, stage_of, standard_rules};

#[tokio::test]
async fn a_person_confirms_or_overrides_a_proposal_once_and_on_the_stage_it_was_made() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let r = set_rules(&app, job_id, standard_rules()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let first = interviewed(&app, job_id, "First Weak", WEAK_ANSWER).await;
    let second = interviewed(&app, job_id, "Second Weak", WEAK_ANSWER).await;
    app.drain_tasks().await;
    let reviews = app.get("/api/v1/reviews").await.body;
    let id_of = |app_id: &str| {
        reviews
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["application_id"] == app_id)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (r1, r2) = (id_of(&first), id_of(&second));

    // A reason is required; an unknown decision is refused.
    for bad in [
        json!({"decision": "confirm", "reason": "  "}),
        json!({"decision": "maybe", "reason": "unsure"}),
    ] {
        let r = app
            .post(&format!("/api/v1/reviews/{r1}"), bad.clone())
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    assert_eq!(stage_of(&app, &first).await, "ai_interview");

    let r = app
        .post(
            &format!("/api/v1/reviews/{r1}"),
            json!({"decision": "confirm", "category": "skills", "reason": "两题都没有具体做法"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "confirmed");
    assert_eq!(r.body["decision_note"], "两题都没有具体做法");
    let a = app.get(&format!("/api/v1/applications/{first}")).await.body;
    assert_eq!(
        (a["stage"].as_str(), a["reject_reason"].as_str()),
        (Some("rejected"), Some("skills"))
    );
    let again = app
        .post(
            &format!("/api/v1/reviews/{r1}"),
            json!({"decision": "override", "reason": "second thoughts"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.body["error"]["code"], "review_decided");

    // Someone put the second candidate on hold meanwhile: confirming would reject them
    // from a stage the rule never saw, so it is refused; overriding closes the proposal.
    let r = app
        .post(
            &format!("/api/v1/applications/{second}/decision"),
            json!({"decision": "hold"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/reviews/{r2}"),
            json!({"decision": "confirm", "reason": "too weak"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "stage_changed");
    assert_eq!(stage_of(&app, &second).await, "on_hold");
    let r = app
        .post(
            &format!("/api/v1/reviews/{r2}"),
            json!({"decision": "override", "reason": "面谈后再定"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "overridden");
    assert_eq!(stage_of(&app, &second).await, "on_hold");

    assert_eq!(app.get("/api/v1/reviews").await.body, json!([]));
    let done = app.get("/api/v1/reviews?status=confirmed").await.body;
    assert_eq!(done.as_array().unwrap().len(), 1);
    let r = app.get("/api/v1/reviews?status=whatever").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            "/api/v1/reviews/not-a-review",
            json!({"decision": "override", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(events.contains("review.decided"), "{events}");
    assert!(!events.contains("两题都没有"), "notes stay out of the log");
}

#[tokio::test]
async fn only_people_in_scope_see_proposals_and_only_recruiters_decide() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    set_rules(&app, job_id, standard_rules()).await;
    interviewed(&app, job_id, "Scoped Weak", WEAK_ANSWER).await;
    app.drain_tasks().await;
    let review = app.get("/api/v1/reviews").await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let own = app
        .staff_token(
            app.org,
            "cs-head@test.example.com",
            Role::DeptHead,
            Some("Customer Success"),
        )
        .await;
    let other = app
        .staff_token(
            app.org,
            "fin-head@test.example.com",
            Role::DeptHead,
            Some("Finance"),
        )
        .await;
    let interviewer = app
        .staff_token(app.org, "iv@test.example.com", Role::Interviewer, None)
        .await;
    let seen = |token: String| {
        let app = &app;
        async move {
            app.call(Method::GET, "/api/v1/reviews", None, Some(&token))
                .await
                .body
                .as_array()
                .map_or(0, Vec::len)
        }
    };
    assert_eq!(seen(own.clone()).await, 1);
    assert_eq!(seen(other).await, 0);
    assert_eq!(seen(interviewer.clone()).await, 0);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{review}"),
            Some(json!({"decision": "override", "reason": "x"})),
            Some(&interviewer),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

/// Every move records who or which rule, when and why; an application shows its history
/// and the proposal waiting for it; `POST …/stage` moves it, 409 where the pipeline will
/// not.
#[tokio::test]
async fn an_application_shows_its_history_and_pending_proposal() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    set_rules(&app, job_id, standard_rules()).await;
    let strong = interviewed(&app, job_id, "History Strong", STRONG_ANSWER).await;
    let weak = interviewed(&app, job_id, "History Weak", WEAK_ANSWER).await;
    app.drain_tasks().await;

    let a = app
        .get(&format!("/api/v1/applications/{strong}"))
        .await
        .body;
    assert_eq!(a["stage"], "second_round");
    assert_eq!(a["history"][0]["by"], "rule");
    assert_eq!(a["history"][0]["rule"], "高分进复试");
    assert_eq!(a["pending_proposal"], Value::Null);
    let w = app.get(&format!("/api/v1/applications/{weak}")).await.body;
    assert_eq!(w["pending_proposal"]["rule_name"], "低分待复核");
    assert_eq!(w["history"], json!([]), "a proposal moves nobody");

    let stage = |id: String, body: Value| {
        let app = &app;
        async move {
            app.post(&format!("/api/v1/applications/{id}/stage"), body)
                .await
        }
    };
    let r = stage(
        strong.clone(),
        json!({"stage": "background_check", "expected_stage": "second_round"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = stage(strong.clone(), json!({"stage": "rejected"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a reason"
    );
    let r = stage(
        strong.clone(),
        json!({"stage": "rejected", "reason": "compensation", "note": "期望薪资过高"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = stage(strong.clone(), json!({"stage": "on_hold"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "move_not_allowed");
    let r = stage(
        strong.clone(),
        json!({"stage": "second_round", "expected_stage": "background_check"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"]["code"], "stage_changed");

    let a = app
        .get(&format!("/api/v1/applications/{strong}"))
        .await
        .body;
    let history = a["history"].as_array().unwrap();
    assert_eq!(history.len(), 3, "{a}");
    assert_eq!(
        (
            history[1]["from"].as_str(),
            history[1]["to"].as_str(),
            history[1]["by"].as_str()
        ),
        (
            Some("second_round"),
            Some("background_check"),
            Some("person")
        )
    );
    assert!(history[1]["person"].is_string(), "who moved it: {a}");
    assert_eq!(history[2]["reason"], "compensation");
    let page = {
        crate::console::sign_in(&app).await;
        app.page(&format!("/applications/{strong}")).await
    };
    assert!(
        page.contains("stage-history"),
        "the report page shows the history"
    );
}
