use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{create_user, sample_job, spawn_app};

#[tokio::test]
async fn missing_or_invalid_bearer_is_401() {
    let app = spawn_app().await;
    for token in [
        "",
        "not-a-real-token",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        let r = app
            .call(Method::GET, "/api/v1/jobs", None, Some(token))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "token {token:?}");
        assert_eq!(r.body["error"]["code"], "unauthorized");
    }
    let r = app
        .client
        .get(app.url("/api/v1/jobs"))
        .header("authorization", "Basic Zm9vOmJhcg==")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_and_organisations_are_enforced() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let id = job["id"].as_str().unwrap();

    // An interviewer of the same organisation may not create jobs or see this one.
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
            "/api/v1/jobs",
            Some(sample_job()),
            Some(iv.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/jobs/{id}"),
            None,
            Some(iv.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A department head sees their own department's jobs only.
    create_user(
        &app.services,
        app.org,
        "head@test.example.com",
        Role::DeptHead,
        Some("Customer Success"),
    )
    .await;
    let head = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"head@test.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/jobs/{id}"),
            None,
            Some(head.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // HR of another organisation sees nothing of this one.
    let other = kaoguan_service::auth::ensure_org(&app.services, "Other Org", "Europe/Berlin")
        .await
        .unwrap();
    create_user(
        &app.services,
        other.id,
        "hr@other.example.com",
        Role::Hr,
        None,
    )
    .await;
    let foreign = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"hr@other.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/jobs/{id}"),
            None,
            Some(foreign.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/jobs/{id}/invitations"),
            Some(json!({"name": "X"})),
            Some(foreign.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(Method::GET, "/api/v1/jobs", None, Some(foreign.expose()))
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 0);
}
