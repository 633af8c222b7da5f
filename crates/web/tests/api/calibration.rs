use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{create_user, spawn_app, TestApp, STRONG_ANSWER, WEAK_ANSWER};

/// Runs `n` interviews of the sample job with answers of varied quality; returns the
/// application ids with the quality level used (0 = weakest).
async fn interviews(app: &TestApp, job_id: &str, n: usize) -> Vec<(String, usize)> {
    let first = [WEAK_ANSWER, "I would apologise and send a replacement.", "I would apologise, take the order number and arrange an express replacement, or a refund if that is too late.", STRONG_ANSWER];
    let second = [
        "I always help customers.",
        "Once a customer had a billing problem and I fixed it.",
        "A customer could not log in before a demo. I reset their account and checked the logs, and they made the demo.",
        "Last year a key customer's payroll import failed before month-end. My task was to fix it within two days. I found a date-format change, wrote a conversion script and trained their team. As a result the import worked that night and similar tickets fell by 40%.",
    ];
    let mut out = Vec::new();
    for i in 0..n {
        let level = i % 4;
        let (id, token) = app.invite(job_id, &format!("Candidate {i}")).await;
        app.start_interview(&token).await;
        app.answer_next(&token, first[level]).await;
        app.answer_next(&token, second[(level + i / 4) % 4]).await;
        app.candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
        out.push((id, level));
    }
    app.drain_tasks().await;
    out
}

#[tokio::test]
async fn ratings_calibrate_publish_and_rescore() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let q1 = job["questions"][0]["id"].as_str().unwrap();
    let q2 = job["questions"][1]["id"].as_str().unwrap();
    let apps = interviews(&app, job_id, 11).await;

    // Too few ratings: a clear refusal, nothing stored.
    let r = app
        .post(&format!("/api/v1/jobs/{job_id}/calibrations"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("at least 20"));

    // HR rates every answer; raters value the first question's quality level.
    for (id, level) in &apps {
        let path = format!("/api/v1/applications/{id}/ratings");
        let rating = 1 + *level as i64 + i64::from(*level == 3);
        for (q, comp) in [
            (q1, "service"),
            (q1, "problem_solving"),
            (q2, "problem_solving"),
        ] {
            let r = app
                .post(
                    &path,
                    json!({"question_id": q, "competency": comp, "rating": rating.min(5)}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
    }
    let listed = app
        .get(&format!("/api/v1/applications/{}/ratings", apps[0].0))
        .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 3);

    let r = app
        .post(&format!("/api/v1/jobs/{job_id}/calibrations"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.body["status"], "draft");
    let result = &r.body["result"];
    assert_eq!(result["samples"], 22);
    for side in ["before", "after"] {
        assert!(
            result[side]["spearman"].is_number() && result[side]["mean_abs_error"].is_number(),
            "{result}"
        );
    }
    assert!(result["weights"]["weights"]["key_point_coverage"].is_number());

    // A draft changes nothing; publishing does, for reports scored from then on.
    let before = app
        .get(&format!("/api/v1/applications/{}/report", apps[3].0))
        .await;
    assert_eq!(before.body["model_version"], "lexical-2");
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/calibrations/1/publish"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let kept = app
        .get(&format!("/api/v1/applications/{}/report", apps[3].0))
        .await;
    assert_eq!(
        kept.body["model_version"], "lexical-2",
        "old reports keep their version"
    );
    let r = app
        .post(
            &format!("/api/v1/applications/{}/rescore", apps[3].0),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(app.drain_tasks().await, 1);
    let after = app
        .get(&format!("/api/v1/applications/{}/report", apps[3].0))
        .await;
    assert_eq!(
        after.body["model_version"], "lexical-2/cal-1",
        "{}",
        after.body["model_version"]
    );
    let features = after.body["answers"][0]["features"].as_array().unwrap();
    assert!(features
        .iter()
        .any(|f| f["name"] == "calibration_intercept"));

    let list = app
        .get(&format!("/api/v1/jobs/{job_id}/calibrations"))
        .await;
    assert_eq!(list.body[0]["status"], "published");
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/calibrations/7/publish"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_ratings_are_refused() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let q2 = job["questions"][1]["id"].as_str().unwrap();
    let apps = interviews(&app, job_id, 1).await;
    let path = format!("/api/v1/applications/{}/ratings", apps[0].0);
    let r = app
        .post(
            &path,
            json!({"question_id": q2, "competency": "problem_solving", "rating": 6}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["field"], "rating");
    let r = app
        .post(
            &path,
            json!({"question_id": q2, "competency": "service", "rating": 3}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the second question does not measure service"
    );
    assert_eq!(r.body["error"]["field"], "competency");
    let r = app
        .post(
            &path,
            json!({"question_id": "x", "competency": "service", "rating": 3}),
        )
        .await;
    assert_eq!(r.body["error"]["field"], "question_id");
    let r = app.post(&path, json!({"question_id": "00000000-0000-4000-8000-000000000000", "competency": "service", "rating": 3})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // An interviewer (no access to this job yet) cannot rate or calibrate.
    create_user(
        &app.services,
        app.org,
        "iv@test.example.com",
        Role::Interviewer,
        None,
    )
    .await;
    let iv = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"iv@test.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::POST,
            &path,
            Some(json!({"question_id": q2, "competency": "problem_solving", "rating": 3})),
            Some(iv.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/jobs/{job_id}/calibrations"),
            Some(json!({})),
            Some(iv.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
