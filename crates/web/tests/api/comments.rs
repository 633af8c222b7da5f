//! Comments with @mentions: by anyone who can see the candidate, mentioning only people
//! who can see them too, each mention a queued message in the same transaction.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::spawn_app;
use crate::console::hidden;

#[tokio::test]
async fn a_mention_notifies_a_colleague_who_can_see_the_candidate() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    let (id, _) = app.invite(&job_id, "Mei Mention").await;
    let reviewer = app
        .staff_token(
            app.org,
            "reviewer@test.example.com",
            Role::Interviewer,
            None,
        )
        .await;
    let path = format!("/api/v1/applications/{id}/comments");
    let messages = || {
        let app = &app;
        let id = id.clone();
        async move {
            app.get(&format!("/api/v1/applications/{id}/rules"))
                .await
                .body["messages"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        }
    };

    // Not assigned yet: mentioning is not sharing.
    let r = app
        .post(&path, json!({"body": "@reviewer 请看一下第二题"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reviewer cannot see this candidate"),
        "{}",
        r.body
    );
    assert_eq!(app.get(&path).await.body, json!([]), "nothing written");
    assert!(messages().await.is_empty());

    let staff = app.get("/api/v1/staff/assignable").await.body;
    let reviewer_id = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "reviewer")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": reviewer_id, "application_id": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let r = app
        .post(&path, json!({"body": "@reviewer 请看一下第二题，谢谢"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["mentions"], json!([reviewer_id]));
    let queued = messages().await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0]["recipient"], format!("user:{reviewer_id}"));
    assert_eq!(queued[0]["status"], "queued");
    let events = app.get("/api/v1/events").await.body;
    assert!(
        events.to_string().contains("comment.added"),
        "the event is logged: {events}"
    );

    // The reviewer reads and answers; a comment without a mention notifies nobody.
    let r = app.call(Method::GET, &path, None, Some(&reviewer)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    let r = app
        .call(
            Method::POST,
            &path,
            Some(json!({"body": "看过了，逻辑清楚。"})),
            Some(&reviewer),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["author_name"], "reviewer");
    assert_eq!(messages().await.len(), 1);

    for bad in [
        json!({"body": "   "}),
        json!({"body": "长".repeat(2001)}),
        json!({"text": "x"}),
    ] {
        let r = app.post(&path, bad.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    assert_eq!(app.get(&path).await.body.as_array().unwrap().len(), 2);

    // Someone who cannot see the candidate cannot read or write their comments.
    let other = app
        .staff_token(
            app.org,
            "other-iv@test.example.com",
            Role::Interviewer,
            None,
        )
        .await;
    let r = app.call(Method::GET, &path, None, Some(&other)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(
            Method::POST,
            &path,
            Some(json!({"body": "hi"})),
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn comments_and_mentions_show_on_the_report_and_to_do_pages() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    let (id, _) = app.invite(&job_id, "Page Mention").await;
    crate::common::create_user(
        &app.services,
        app.org,
        "lead@test.example.com",
        Role::Hr,
        None,
    )
    .await;
    crate::common::create_user(
        &app.services,
        app.org,
        "outsider@test.example.com",
        Role::Interviewer,
        None,
    )
    .await;
    crate::console::sign_in(&app).await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page(&format!("/applications/{id}")).await;
        assert!(page.contains("id=\"comments\""), "{page}");
        assert!(
            page.contains("data-mention=\"lead\"") && !page.contains("data-mention=\"outsider\""),
            "only colleagues who can see the candidate are offered: {page}"
        );
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
    app.page("/lang/zh").await;
    let page = app.page(&format!("/applications/{id}")).await;
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/comments")))
        .form(&[
            ("csrf", hidden(&page, "csrf").as_str()),
            ("body", "@lead 这位候选人的沟通不错 <b>加粗</b>"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("这位候选人的沟通不错 &#60;b&#62;加粗&#60;/b&#62;")
            && !page.contains("<b>加粗"),
        "shown, escaped: {page}"
    );
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/comments")))
        .form(&[("csrf", hidden(&page, "csrf").as_str()), ("body", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The colleague mentioned finds it on their to-do page.
    let lead = crate::console::signed_in_client(&app, "lead@test.example.com").await;
    let todo = lead
        .get(app.url("/todo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        todo.contains("id=\"mentions\"")
            && todo.contains("Page Mention")
            && todo.contains("沟通不错"),
        "{todo}"
    );
    let mine = app.page("/todo").await;
    assert!(!mine.contains("沟通不错"), "only the person mentioned");
}
