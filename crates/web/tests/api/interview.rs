use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, STRONG_ANSWER};

#[tokio::test]
async fn unknown_or_malformed_tokens_are_404() {
    let app = spawn_app().await;
    for token in [
        "nope",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "..%2F..%2Fetc",
    ] {
        let r = app
            .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{token}");
    }
}

#[tokio::test]
async fn the_practice_question_comes_first_and_is_not_kept() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    let state = app
        .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
        .await;
    assert_eq!(state.body["status"], "invited");
    assert_eq!(state.body["consent"], serde_json::Value::Null);
    assert_eq!(state.body["question_count"], 2);
    // Nothing is served before consent.
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"]["code"], "consent_required");
    app.start_interview(&token).await;
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(r.body["practice"], false);
    assert_eq!(r.body["index"], 1);
    assert_eq!(r.body["total"], 2);
    assert!(r.body["answer_deadline"].is_string() && r.body["think_deadline"].is_string());
}

#[tokio::test]
async fn refusing_routes_to_a_human_and_is_never_scored() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (app_id, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/consent"),
            Some(json!({"accept": false})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "human_interview_requested");
    assert_eq!(r.body["consent"], false);
    // Repeating the decision is harmless; changing it is refused.
    let again = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/consent"),
            Some(json!({"accept": false})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let flip = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/consent"),
            Some(json!({"accept": true})),
        )
        .await;
    assert_eq!(flip.status, StatusCode::CONFLICT);
    let next = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(next.body["error"]["code"], "ai_interview_refused");
    let fin = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(fin.status, StatusCode::CONFLICT);
    assert_eq!(app.drain_tasks().await, 0, "nothing is queued for scoring");
    let report = app
        .get(&format!("/api/v1/applications/{app_id}/report"))
        .await;
    assert_eq!(report.body["status"], "not_scored");
    assert_eq!(report.body["total"], serde_json::Value::Null);
    let a = app.get(&format!("/api/v1/applications/{app_id}")).await;
    assert_eq!(a.body["status"], "human_interview_requested");
}

#[tokio::test]
async fn late_answers_are_refused_and_count_as_unanswered() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    let qid = r.body["question"]["id"].as_str().unwrap().to_string();
    // Think 30 s + answer 120 s + grace 5 s have passed, and one more second.
    app.clock.advance(Duration::seconds(156));
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers"),
            Some(json!({"question_id": qid, "text": STRONG_ANSWER})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "deadline_passed");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("time"));
    // The interview moves on to the second question.
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(r.body["index"], 2, "{}", r.body);
    assert_ne!(r.body["question"]["id"].as_str().unwrap(), qid);
}

#[tokio::test]
async fn answers_within_grace_are_accepted() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    let qid = r.body["question"]["id"].as_str().unwrap().to_string();
    app.clock.advance(Duration::seconds(154));
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers"),
            Some(json!({"question_id": qid, "text": "Within the grace period."})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn resending_an_answer_is_idempotent_and_a_different_one_is_refused() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    let qid = app.answer_next(&token, STRONG_ANSWER).await;
    let path = format!("/api/v1/interview/{token}/answers");
    let again = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": qid, "text": STRONG_ANSWER})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["duplicate"], true);
    let other = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": qid, "text": "Something else"})),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.body["error"]["code"], "already_answered");
    // Empty and oversize answers are refused without losing the question.
    let r = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    let q2 = r.body["question"]["id"].as_str().unwrap().to_string();
    let empty = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": q2, "text": "   "})),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": q2, "text": "字".repeat(20_001)})),
        )
        .await;
    assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": "00000000-0000-4000-8000-000000000000", "text": "x"})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let ok = app
        .candidate(
            Method::POST,
            &path,
            Some(json!({"question_id": q2, "text": "Now a real answer."})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn answering_a_question_not_yet_shown_is_refused() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    let second = job["questions"][1]["id"].as_str().unwrap();
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers"),
            Some(json!({"question_id": second, "text": "jumping ahead"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"]["code"], "question_not_started");
}

#[tokio::test]
async fn reopening_resumes_at_the_first_unanswered_question_with_the_same_deadline() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    let first = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    app.clock.advance(Duration::seconds(20));
    // "Closing the browser": a fresh GET of state and next, as the reopened page does.
    let state = app
        .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
        .await;
    assert_eq!(state.body["answered_count"], 1);
    assert_eq!(state.body["practice_done"], true);
    let again = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(again.body["question"]["id"], first.body["question"]["id"]);
    assert_eq!(again.body["answer_deadline"], first.body["answer_deadline"]);
    assert_eq!(again.body["index"], 2);
}

#[tokio::test]
async fn finishing_twice_queues_scoring_once() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (app_id, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    let path = format!("/api/v1/interview/{token}/finish");
    let r1 = app.candidate(Method::POST, &path, None).await;
    assert_eq!(r1.status, StatusCode::OK);
    assert_eq!(r1.body["status"], "completed");
    let r2 = app.candidate(Method::POST, &path, None).await;
    assert_eq!(r2.status, StatusCode::OK);
    assert_eq!(app.drain_tasks().await, 1);
    let r3 = app.candidate(Method::POST, &path, None).await;
    assert_eq!(r3.body["status"], "scored");
    assert_eq!(app.drain_tasks().await, 0);
    let next = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{token}/next"),
            None,
        )
        .await;
    assert_eq!(next.body, json!({"done": true}));
    // Answers after finishing are refused.
    let q2 = job["questions"][1]["id"].as_str().unwrap();
    let late = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/answers"),
            Some(json!({"question_id": q2, "text": "too late"})),
        )
        .await;
    assert!(late.status.is_client_error());
    let a = app.get(&format!("/api/v1/applications/{app_id}")).await;
    assert_eq!(a.body["status"], "scored");
}

/// The portal checks the microphone (and camera) first only when some question takes
/// spoken (or filmed) answers: the state says which ways of answering the job takes.
#[tokio::test]
async fn the_state_lists_every_way_the_questions_may_be_answered() {
    let app = spawn_app().await;
    let text_only = app.create_job().await;
    let mut spoken = crate::common::sample_job();
    spoken["questions"][1]["modes"] = json!(["audio", "video"]);
    let r = app.post("/api/v1/jobs", spoken).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (job, modes) in [
        (&text_only, json!(["text"])),
        (&r.body, json!(["text", "audio", "video"])),
    ] {
        let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
        let state = app
            .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
            .await;
        assert_eq!(state.status, StatusCode::OK, "{}", state.body);
        assert_eq!(state.body["answer_modes"], modes, "{}", state.body);
    }
}

/// The finish of an interview and the scoring it queues are one unit: with the queue
/// failing, finishing fails and leaves the interview open, so the candidate's retry
/// finishes it and the report is written — never a finished interview that waits for ever.
#[tokio::test]
async fn a_finish_whose_scoring_cannot_be_queued_can_be_retried() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (id, token) = app.invite(job["id"].as_str().unwrap(), "Retry").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;

    app.break_inserts_into("tasks").await;
    let failed = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert!(failed.status.is_server_error(), "{}", failed.status);
    app.heal("tasks").await;
    let state = app
        .candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
        .await;
    assert_ne!(state.body["status"], "completed", "{}", state.body);

    let done = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(app.drain_tasks().await, 1, "scoring was queued once");
    let report = app.get(&format!("/api/v1/applications/{id}/report")).await;
    assert_eq!(report.body["status"], "ready", "{}", report.body);
}

/// The event log follows an interview from invitation to report, in order, without the
/// candidate's name; interviewers and department heads cannot read it.
#[tokio::test]
async fn the_event_log_follows_an_interview_in_order() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (id, token) = app
        .invite(job["id"].as_str().unwrap(), "Event Person")
        .await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;

    let r = app.get("/api/v1/events").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let events = r.body.as_array().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["application.created", "interview.completed", "report.ready"]
    );
    assert!(events.iter().all(|e| e["application_id"] == id.as_str()));
    assert_eq!(events[2]["payload"]["status"], "ready");
    assert!(!r.body.to_string().contains("Event Person"));

    let first = events[0]["seq"].as_i64().unwrap();
    let rest = app
        .get(&format!("/api/v1/events?after={first}&limit=1"))
        .await;
    assert_eq!(rest.body.as_array().unwrap().len(), 1);
    assert_eq!(rest.body[0]["kind"], "interview.completed");

    for (email, role, dept) in [
        (
            "iv@test.example.com",
            kaoguan_domain::Role::Interviewer,
            None,
        ),
        (
            "head@test.example.com",
            kaoguan_domain::Role::DeptHead,
            Some("Customer Success"),
        ),
    ] {
        let token = app.staff_token(app.org, email, role, dept).await;
        let r = app
            .call(Method::GET, "/api/v1/events", None, Some(&token))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}: {}", r.body);
    }
}
