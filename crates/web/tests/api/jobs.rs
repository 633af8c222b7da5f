use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{sample_job, spawn_app};

#[tokio::test]
async fn health_and_openapi() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc = app
        .candidate(Method::GET, "/api/v1/openapi.json", None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/jobs",
        "/api/v1/jobs/{id}",
        "/api/v1/jobs/{id}/invitations",
        "/api/v1/applications/{id}",
        "/api/v1/applications/{id}/report",
        "/api/v1/interview/{token}",
        "/api/v1/interview/{token}/consent",
        "/api/v1/interview/{token}/next",
        "/api/v1/interview/{token}/answers",
        "/api/v1/interview/{token}/finish",
    ] {
        assert!(paths.contains_key(p), "OpenAPI document lacks {p}");
    }
    assert!(doc.body["components"]["schemas"]["CreateJob"].is_object());
}

#[tokio::test]
async fn create_and_read_a_job() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let id = job["id"].as_str().unwrap();
    let r = app.get(&format!("/api/v1/jobs/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["title"], "Customer Support Specialist");
    assert_eq!(r.body["model_version"], 1);
    assert_eq!(r.body["competencies"].as_array().unwrap().len(), 2);
    let qs = r.body["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[1]["kind"], "behavioral");
    assert_eq!(qs[0]["rubric"]["key_points"].as_array().unwrap().len(), 5);
    let list = app.get("/api/v1/jobs").await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    assert_eq!(list.body[0]["question_count"], 2);
}

#[tokio::test]
async fn invalid_jobs_are_rejected_with_the_field_named() {
    let app = spawn_app().await;
    // Syntax error → 400.
    let r = app
        .client
        .post(app.url("/api/v1/jobs"))
        .bearer_auth(&app.token)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "malformed_json");

    // Wrong content type → 415.
    let r = app
        .client
        .post(app.url("/api/v1/jobs"))
        .bearer_auth(&app.token)
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Unknown question kind → 422 naming the field.
    let mut job = sample_job();
    job["questions"][1]["kind"] = json!("riddle");
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "questions[1].kind");

    // A question measuring a dimension the model lacks → 422.
    let mut job = sample_job();
    job["questions"][0]["competencies"] = json!(["leadership"]);
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["field"], "questions[0].competencies");

    // Bad weight, empty rubric, bad key.
    let mut job = sample_job();
    job["competencies"][0]["weight"] = json!(-1);
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.body["error"]["field"], "competencies[0].weight");
    let mut job = sample_job();
    job["questions"][0]["rubric"]["key_points"] = json!([]);
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.body["error"]["field"], "questions[0].rubric.key_points");
    let mut job = sample_job();
    job["competencies"][1]["key"] = json!("Problem Solving");
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["field"], "competencies[1].key");

    // Nothing was stored by any of these.
    assert_eq!(
        app.get("/api/v1/jobs").await.body.as_array().unwrap().len(),
        0
    );
}

#[tokio::test]
async fn oversize_bodies_are_refused() {
    let app = spawn_app().await;
    let mut job = sample_job();
    job["description"] = json!("x".repeat(2 * 1024 * 1024));
    let r = app.post("/api/v1/jobs", job).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "body_too_large");
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let app = spawn_app().await;
    let missing = "00000000-0000-4000-8000-000000000000";
    for path in [
        format!("/api/v1/jobs/{missing}"),
        "/api/v1/jobs/not-a-uuid".to_string(),
        format!("/api/v1/applications/{missing}"),
        format!("/api/v1/applications/{missing}/report"),
        "/api/v1/no-such-endpoint".to_string(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.body["error"]["code"], "not_found", "{path}");
    }
    let r = app
        .post(
            &format!("/api/v1/jobs/{missing}/invitations"),
            json!({"name": "A"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invitations_validate_contacts() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let id = job["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/jobs/{id}/invitations"),
            json!({"name": "A", "email": "not-an-email"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["field"], "email");
    let r = app
        .post(
            &format!("/api/v1/jobs/{id}/invitations"),
            json!({"name": "  "}),
        )
        .await;
    assert_eq!(r.body["error"]["field"], "name");
    let (app_id, token) = app.invite(id, "王小明").await;
    assert!(token.len() >= 32);
    let r = app.get(&format!("/api/v1/applications/{app_id}")).await;
    assert_eq!(r.body["status"], "invited");
    assert_eq!(r.body["job_id"], id);
    assert_eq!(r.body["candidate"]["name"], "王小明");
    let list = app.get(&format!("/api/v1/jobs/{id}/applications")).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn jobs_close_reopen_archive_and_copy() {
    let app = crate::common::spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    assert_eq!(job["status"], "open");
    let (existing, _) = app.invite(job_id, "Before Closing").await;
    let r = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/jobs/{job_id}/pipeline-rules"),
            Some(serde_json::json!({"rules": [{"on": "report_ready", "do": "notify:hr"}]})),
            None,
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
    let set = |status: &'static str| {
        let app = &app;
        async move {
            app.call(
                reqwest::Method::PUT,
                &format!("/api/v1/jobs/{job_id}/status"),
                Some(serde_json::json!({ "status": status })),
                None,
            )
            .await
        }
    };
    assert_eq!(set("closed").await.body["status"], "closed");
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/invitations"),
            serde_json::json!({"name": "After Closing", "email": "after@example.com"}),
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "job_closed");
    let r = app.get(&format!("/api/v1/applications/{existing}")).await;
    assert_eq!(
        r.status,
        reqwest::StatusCode::OK,
        "candidates already in go on"
    );
    assert_eq!(
        set("paused").await.status,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY
    );

    assert_eq!(set("archived").await.body["status"], "archived");
    let listed = app.get("/api/v1/jobs").await.body;
    assert!(
        !listed.to_string().contains(job_id),
        "archived jobs leave the list"
    );
    let all = app.get("/api/v1/jobs?archived=true").await.body;
    assert!(all.to_string().contains(job_id));

    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/copy"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{}", r.body);
    let copy = r.body;
    assert_ne!(copy["id"], job["id"]);
    assert_eq!(copy["title"], "Customer Support Specialist (copy)");
    assert_eq!(copy["status"], "open");
    assert_eq!(
        copy["questions"].as_array().unwrap().len(),
        job["questions"].as_array().unwrap().len()
    );
    assert_eq!(copy["competencies"], job["competencies"]);
    assert_eq!(copy["pipeline_rules"][0]["do"], "notify:hr");
    let apps = app
        .get(&format!(
            "/api/v1/jobs/{}/applications",
            copy["id"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(apps, serde_json::json!([]), "a copy has no candidates");

    assert_eq!(set("open").await.body["status"], "open");
    app.invite(job_id, "After Reopening").await;
}

#[tokio::test]
async fn unknown_console_paths_get_the_error_page_in_the_readers_language() {
    let app = spawn_app().await;
    for (lang, says) in [("zh-CN,zh;q=0.9", "岗位"), ("en-US,en;q=0.9", "Jobs")] {
        let r = app
            .client
            .get(app.url("/no-such-page"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = r.text().await.unwrap();
        assert!(
            page.contains("href=\"/jobs\"") && page.contains(says),
            "{page}"
        );
    }
    let r = app.get("/api/v1/still-json").await;
    assert_eq!(r.body["error"]["code"], "not_found", "the API keeps JSON");
}
