//! Assignments: an interviewer sees exactly the candidates assigned to them; a department
//! head their department and what is shared with them; HR assigns, nobody else.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, TestApp};

async fn as_user(app: &TestApp, token: &str, path: &str) -> crate::common::Reply {
    app.call(Method::GET, path, None, Some(token)).await
}

async fn user_id(app: &TestApp, email: &str) -> String {
    let id = app
        .services
        .store
        .list_users(app.org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email.as_str() == email)
        .unwrap()
        .id
        .to_string();
    let assignable = app.get("/api/v1/staff/assignable").await.body;
    assert!(
        assignable.to_string().contains(&id),
        "{email} is offered to assign: {assignable}"
    );
    id
}

#[tokio::test]
async fn interviewers_see_exactly_what_is_assigned_to_them() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (mine, _) = app.invite(job_id, "Assigned Person").await;
    let (other, _) = app.invite(job_id, "Other Person").await;
    let iv = app
        .staff_token(app.org, "iv@test.example.com", Role::Interviewer, None)
        .await;
    let iv_id = user_id(&app, "iv@test.example.com").await;

    assert_eq!(as_user(&app, &iv, "/api/v1/jobs").await.body, json!([]));
    let r = as_user(&app, &iv, &format!("/api/v1/applications/{mine}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": iv_id, "application_id": mine}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let assignment = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["user_role"], "interviewer");
    // Twice is harmless.
    let again = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": iv_id, "application_id": mine}),
        )
        .await;
    assert_eq!(again.body["id"], assignment.as_str());

    let jobs = as_user(&app, &iv, "/api/v1/jobs").await.body;
    assert_eq!(jobs.as_array().unwrap().len(), 1, "{jobs}");
    let listed = as_user(&app, &iv, &format!("/api/v1/jobs/{job_id}/applications"))
        .await
        .body;
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mine.as_str()]);
    for (path, want) in [
        (format!("/api/v1/applications/{mine}"), StatusCode::OK),
        (
            format!("/api/v1/applications/{mine}/report"),
            StatusCode::OK,
        ),
        (
            format!("/api/v1/applications/{other}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/v1/applications/{other}/report"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(as_user(&app, &iv, &path).await.status, want, "{path}");
    }

    // The whole job, then taken back.
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": iv_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let whole = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        as_user(&app, &iv, &format!("/api/v1/applications/{other}"))
            .await
            .status,
        StatusCode::OK
    );
    let listed = app
        .get(&format!("/api/v1/jobs/{job_id}/assignments"))
        .await
        .body;
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    for id in [&whole, &assignment] {
        let r = app
            .call(
                Method::DELETE,
                &format!("/api/v1/assignments/{id}"),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    assert_eq!(
        as_user(&app, &iv, &format!("/api/v1/applications/{mine}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/assignments/{whole}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(events.contains("assignment.added") && events.contains("assignment.removed"));
}

#[tokio::test]
async fn department_heads_see_their_department_and_what_is_shared_and_only_hr_assigns() {
    let app = spawn_app().await;
    let job = app.create_job().await; // Customer Success
    let job_id = job["id"].as_str().unwrap();
    let (shared, _) = app.invite(job_id, "Shared Person").await;
    let (kept, _) = app.invite(job_id, "Kept Person").await;
    let head = app
        .staff_token(
            app.org,
            "fin@test.example.com",
            Role::DeptHead,
            Some("Finance"),
        )
        .await;
    let head_id = user_id(&app, "fin@test.example.com").await;
    assert_eq!(
        as_user(&app, &head, &format!("/api/v1/applications/{shared}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": head_id, "application_id": shared}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        as_user(&app, &head, &format!("/api/v1/applications/{shared}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        as_user(&app, &head, &format!("/api/v1/applications/{kept}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Only recruiters assign; HR and admins cannot be assigned (they see everything);
    // unknown people and another job's application are refused.
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/jobs/{job_id}/assignments"),
            Some(json!({"user_id": head_id})),
            Some(&head),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    app.staff_token(app.org, "hr2@test.example.com", Role::Hr, None)
        .await;
    let users = app.services.store.list_users(app.org).await.unwrap();
    let hr2 = users
        .iter()
        .find(|u| u.email.as_str() == "hr2@test.example.com")
        .unwrap()
        .id
        .to_string();
    let other_job = app.create_job().await;
    let (elsewhere, _) = app
        .invite(other_job["id"].as_str().unwrap(), "Elsewhere Person")
        .await;
    for (body, want) in [
        (json!({"user_id": hr2}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"user_id": "nobody"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"user_id": uuid::Uuid::new_v4().to_string()}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"user_id": head_id, "application_id": elsewhere}),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let r = app
            .post(&format!("/api/v1/jobs/{job_id}/assignments"), body.clone())
            .await;
        assert_eq!(r.status, want, "{body}: {}", r.body);
    }
}
