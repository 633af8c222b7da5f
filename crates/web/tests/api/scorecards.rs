//! Second-round scorecards: every dimension rated with evidence, several interviewers per
//! candidate, shown beside the AI's scores with disagreements marked.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, STRONG_ANSWER};

async fn put_card(
    app: &TestApp,
    id: &str,
    card: Value,
    token: Option<&str>,
) -> crate::common::Reply {
    app.call(
        Method::PUT,
        &format!("/api/v1/applications/{id}/scorecard"),
        Some(card),
        token,
    )
    .await
}

fn card(service: u8, problem_solving: u8, recommendation: &str) -> Value {
    json!({
        "ratings": {
            "service": {"level": service, "evidence": "先致歉，再确认订单和损坏情况"},
            "problem_solving": {"level": problem_solving, "evidence": "给出了加急补发和退款两个方案"}
        },
        "recommendation": recommendation,
        "summary": "沟通自然"
    })
}

#[tokio::test]
async fn interviewers_score_every_dimension_with_evidence_beside_the_ai() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (id, token) = app.invite(job_id, "Card Person").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;

    let iv = app
        .staff_token(app.org, "iv-card@test.example.com", Role::Interviewer, None)
        .await;
    let stranger = app
        .staff_token(
            app.org,
            "iv-other@test.example.com",
            Role::Interviewer,
            None,
        )
        .await;
    let iv_id = app
        .services
        .store
        .list_users(app.org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email.as_str() == "iv-card@test.example.com")
        .unwrap()
        .id
        .to_string();
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": iv_id, "application_id": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Incomplete or wrong cards are refused and name what is wrong.
    let mut missing = card(4, 4, "hire");
    missing["ratings"]
        .as_object_mut()
        .unwrap()
        .remove("problem_solving");
    let mut no_evidence = card(4, 4, "hire");
    no_evidence["ratings"]["service"]["evidence"] = json!("  ");
    let mut extra = card(4, 4, "hire");
    extra["ratings"]["charm"] = json!({"level": 5, "evidence": "x"});
    for (bad, field) in [
        (missing, "ratings.problem_solving"),
        (no_evidence, "ratings.service.evidence"),
        (card(6, 4, "hire"), "ratings.service.level"),
        (extra, "ratings.charm"),
    ] {
        let r = put_card(&app, &id, bad.clone(), Some(&iv)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["field"], field, "{}", r.body);
    }
    let r = put_card(&app, &id, card(4, 4, "maybe"), Some(&iv)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = put_card(&app, &id, card(4, 4, "hire"), Some(&stranger)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not assigned, not seen");

    let r = put_card(&app, &id, card(5, 4, "strong_hire"), Some(&iv)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // HR scores too, later, and sees it differently on service.
    app.clock.advance(chrono::Duration::minutes(5));
    let r = put_card(&app, &id, card(2, 4, "no_hire"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Editing replaces the interviewer's card.
    let r = put_card(&app, &id, card(5, 3, "hire"), Some(&iv)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let board = app
        .get(&format!("/api/v1/applications/{id}/scorecards"))
        .await
        .body;
    let cards = board["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 2, "{board}");
    assert_eq!(cards[0]["recommendation"], "hire");
    assert_eq!(cards[1]["recommendation"], "no_hire");
    assert_eq!(cards[0]["stage"], "ai_interview");
    let row = |key: &str| {
        board["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["key"] == key)
            .unwrap()
            .clone()
    };
    let service = row("service");
    assert_eq!(service["levels"], json!([5, 2]));
    assert_eq!(service["disagreement"], true, "5 and 2 disagree");
    let ai = service["ai_level"].as_u64().expect("the AI's level");
    assert!((1..=5).contains(&ai));
    let ps = row("problem_solving");
    assert_eq!(ps["levels"], json!([3, 4]));
    let ai_ps = ps["ai_level"].as_u64().unwrap();
    assert_eq!(
        ps["disagreement"],
        json!(ai_ps.abs_diff(3) >= 2 || ai_ps.abs_diff(4) >= 2),
        "the AI's level counts too: {ps}"
    );

    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(events.contains("scorecard.submitted"));
    assert!(!events.contains("先致歉"), "evidence stays out of the log");
}

#[tokio::test]
async fn the_report_page_takes_a_scorecard_and_shows_it_beside_the_ai() {
    use crate::console::{hidden, sign_in};
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (id, _) = app.invite(job["id"].as_str().unwrap(), "Form Card").await;
    sign_in(&app).await;
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("name=\"level_service\""),
        "the form rates each dimension"
    );
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let url = app.url(&format!("/applications/{id}/scorecard"));
        let client = app.client.clone();
        let mut form = vec![("csrf".to_string(), hidden(&page, "csrf"))];
        form.extend(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        async move { client.post(url).form(&form).send().await.unwrap() }
    };
    let fields = vec![
        ("level_service", "4"),
        ("evidence_service", "主动道歉并给出补发方案"),
        ("level_problem_solving", "3"),
        ("evidence_problem_solving", ""),
        ("recommendation", "hire"),
        ("summary", ""),
    ];
    let r = post(fields.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("Problem solving"),
        "the error names the dimension: {text}"
    );
    let mut fixed = fields.clone();
    fixed[3] = ("evidence_problem_solving", "拆解了两步");
    assert_eq!(post(fixed).await.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("主动道歉并给出补发方案"),
        "the evidence is shown"
    );
    assert!(
        page.contains("checked"),
        "the form keeps the card for editing"
    );
}
