//! Accounts, for admins: invite with a temporary password, change role and department,
//! disable (sign-in, sessions and tokens stop at once) and enable, reset a password.

use kaoguan_domain::Role;
use kaoguan_service::auth;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, PASSWORD};

#[tokio::test]
async fn admins_manage_accounts_and_a_disabled_account_stops_at_once() {
    let app = spawn_app().await;
    let admin = app
        .staff_token(app.org, "admin@test.example.com", Role::Admin, None)
        .await;
    let call = |method: Method, path: String, body: Option<serde_json::Value>, token: String| {
        let app = &app;
        async move { app.call(method, &path, body, Some(&token)).await }
    };

    // HR is not an admin.
    let r = app.get("/api/v1/users").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = call(
        Method::POST,
        "/api/v1/users".into(),
        Some(
            json!({"email": "new.iv@test.example.com", "name": "新面试官", "role": "interviewer"}),
        ),
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["user"]["id"].as_str().unwrap().to_string();
    let temporary = r.body["temporary_password"].as_str().unwrap().to_string();
    assert!(temporary.len() >= 16);
    let signed_in = auth::sign_in(&app.services, "new.iv@test.example.com", &temporary)
        .await
        .expect("the temporary password signs in");

    for (body, want) in [
        (
            json!({"email": "new.iv@test.example.com", "role": "hr"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"email": "head@test.example.com", "role": "dept_head"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"email": "not an email", "role": "hr"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"email": "x@test.example.com", "role": "ceo"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let r = call(
            Method::POST,
            "/api/v1/users".into(),
            Some(body.clone()),
            admin.clone(),
        )
        .await;
        assert_eq!(r.status, want, "{body}: {}", r.body);
    }

    let r = call(
        Method::PUT,
        format!("/api/v1/users/{id}"),
        Some(json!({"role": "dept_head", "department": "Customer Success"})),
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["role"], "dept_head");

    // Disabled: the session, an API token and a new sign-in all stop working.
    let token = auth::issue_api_token(
        &app.services,
        &"new.iv@test.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap()
    .expose()
    .to_string();
    assert_eq!(
        call(Method::GET, "/api/v1/jobs".into(), None, token.clone())
            .await
            .status,
        StatusCode::OK
    );
    let r = call(
        Method::POST,
        format!("/api/v1/users/{id}/disable"),
        None,
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body["disabled_at"].is_string());
    assert_eq!(
        call(Method::GET, "/api/v1/jobs".into(), None, token.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        auth::session_staff(&app.services, &signed_in.session_secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        auth::sign_in(&app.services, "new.iv@test.example.com", &temporary)
            .await
            .is_err()
    );

    let r = call(
        Method::POST,
        format!("/api/v1/users/{id}/enable"),
        None,
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        call(Method::GET, "/api/v1/jobs".into(), None, token)
            .await
            .status,
        StatusCode::OK
    );

    let r = call(
        Method::POST,
        format!("/api/v1/users/{id}/reset-password"),
        None,
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let fresh = r.body["temporary_password"].as_str().unwrap().to_string();
    assert!(
        auth::sign_in(&app.services, "new.iv@test.example.com", &temporary)
            .await
            .is_err()
    );
    assert!(
        auth::sign_in(&app.services, "new.iv@test.example.com", &fresh)
            .await
            .is_ok()
    );

    // An admin cannot lock themselves out.
    let me = app
        .services
        .store
        .list_users(app.org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email.as_str() == "admin@test.example.com")
        .unwrap()
        .id;
    let r = call(
        Method::POST,
        format!("/api/v1/users/{me}/disable"),
        None,
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"]["code"], "own_account");
    let r = call(
        Method::PUT,
        format!("/api/v1/users/{me}"),
        Some(json!({"role": "hr"})),
        admin.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // The console screen, for the admin, in both languages.
    let page = app
        .client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::console::hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@test.example.com"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
            ("next", "/admin/users"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page("/admin/users").await;
        assert!(page.contains("new.iv@test.example.com"), "{page}");
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
    let page = app.page("/admin/users").await;
    let r = app
        .client
        .post(app.url("/admin/users"))
        .form(&[
            ("csrf", crate::console::hidden(&page, "csrf").as_str()),
            ("email", "form.user@test.example.com"),
            ("name", "表单用户"),
            ("role", "interviewer"),
            ("department", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let shown = r.text().await.unwrap();
    let marker = "id=\"temporary-password\">";
    let start = shown.find(marker).expect("the password is shown") + marker.len();
    let password: String = shown[start..].chars().take_while(|c| *c != '<').collect();
    assert!(
        auth::sign_in(&app.services, "form.user@test.example.com", &password)
            .await
            .is_ok()
    );
}
