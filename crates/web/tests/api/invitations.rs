//! Invitations as records: one person per job, links that are replaced, revoked and
//! expire, and how long a job's links last.

use kaoguan_service::clock::Clock;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::spawn_app;
use crate::decisions::invited;

/// The same person invited twice to one job — their email in another case, or their phone
/// with or without +86 — is refused, naming the application they already have; another
/// job takes them.
#[tokio::test]
async fn one_person_applies_to_a_job_once() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let path = format!("/api/v1/jobs/{job_id}/invitations");
    let first = app
        .post(
            &path,
            json!({"name": "张伟", "email": "Zhang.Wei@Example.com", "phone": "+86 138-0013-8000"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let existing = first.body["application_id"].as_str().unwrap().to_string();
    for again in [
        json!({"name": "张伟", "email": "zhang.wei@example.com"}),
        json!({"name": "Wei Zhang", "phone": "13800138000"}),
    ] {
        let r = app.post(&path, again.clone()).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{again}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "duplicate_application");
        assert!(r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&existing));
    }
    let list = app
        .get(&format!("/api/v1/jobs/{job_id}/applications"))
        .await
        .body;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing half-created");

    let other = app.create_job().await;
    let r = app
        .post(
            &format!("/api/v1/jobs/{}/invitations", other["id"].as_str().unwrap()),
            json!({"name": "张伟", "email": "zhang.wei@example.com"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "another job: {}", r.body);
    // Someone else with the same name but other contacts is another person.
    let r = app
        .post(&path, json!({"name": "张伟", "email": "zw2@example.com"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

/// A second invitation of the same person is merged on request: the contacts the candidate
/// lacked are added, nothing is replaced, no link is made; a contact of another candidate
/// of the job is refused.
#[tokio::test]
async fn a_duplicate_invitation_is_merged_on_request() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let path = format!("/api/v1/jobs/{job_id}/invitations");
    let first = app
        .post(&path, json!({"name": "李娜", "email": "li.na@example.com"}))
        .await;
    let existing = first.body["application_id"].as_str().unwrap().to_string();
    let other = app
        .post(&path, json!({"name": "王芳", "phone": "13900139000"}))
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
    let merge = format!("{path}/merge");

    // Nobody to merge into.
    let r = app
        .post(&merge, json!({"name": "赵六", "email": "zhao@example.com"}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // The phone belongs to 王芳: refused, and nothing changes.
    let r = app
        .post(
            &merge,
            json!({"name": "李娜", "email": "LI.NA@example.com", "phone": "+86 139 0013 9000"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "contact_in_use");
    let a = app
        .get(&format!("/api/v1/applications/{existing}"))
        .await
        .body;
    assert_eq!(a["candidate"]["phone"], json!(null));

    let r = app
        .post(
            &merge,
            json!({"name": "李娜（新）", "email": "other@example.com", "phone": "13800001111"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "neither contact matches: {}",
        r.body
    );
    let r = app
        .post(
            &merge,
            json!({"name": "李娜（新）", "email": "li.na@example.com", "phone": "13800001111"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["application_id"], existing.as_str());
    assert_eq!(r.body["added"], json!(["phone"]));
    let a = app
        .get(&format!("/api/v1/applications/{existing}"))
        .await
        .body;
    assert_eq!(
        (
            &a["candidate"]["name"],
            &a["candidate"]["email"],
            &a["candidate"]["phone"]
        ),
        (
            &json!("李娜"),
            &json!("li.na@example.com"),
            &json!("13800001111")
        ),
        "the name and email stay; the phone is added"
    );
    // The added phone now identifies the person too.
    let r = app
        .post(&path, json!({"name": "Li Na", "phone": "138 0000 1111"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let list = app
        .get(&format!("/api/v1/jobs/{job_id}/applications"))
        .await
        .body;
    assert_eq!(list.as_array().unwrap().len(), 2, "no application was made");
    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(events.contains("invitation.merged"), "{events}");

    // In the console: the duplicate's page names the existing candidate and merges.
    crate::console::sign_in(&app).await;
    for lang in ["en", "zh"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page(&format!("/jobs/{job_id}")).await;
        let r = app
            .client
            .post(app.url(&format!("/jobs/{job_id}/invitations")))
            .form(&[
                ("csrf", crate::console::hidden(&page, "csrf").as_str()),
                ("name", "王芳"),
                ("email", "wang.fang@example.com"),
                ("phone", "13900139000"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let shown = r.text().await.unwrap();
        assert!(
            shown.contains("id=\"merge\"") && shown.contains("王芳"),
            "{shown}"
        );
        assert_eq!(
            crate::decisions::untranslated(&shown),
            Vec::<String>::new(),
            "{lang}"
        );
    }
    let page = app.page(&format!("/jobs/{job_id}")).await;
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/invitations/merge")))
        .form(&[
            ("csrf", crate::console::hidden(&page, "csrf").as_str()),
            ("name", "王芳"),
            ("email", "wang.fang@example.com"),
            ("phone", "13900139000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let wang = other.body["application_id"].as_str().unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("/applications/{wang}").as_str()
    );
    let a = app.get(&format!("/api/v1/applications/{wang}")).await.body;
    assert_eq!(a["candidate"]["email"], "wang.fang@example.com");
}

/// A lost link is replaced (the old one stops working at once), a link can be revoked,
/// and neither is possible once the interview is over.
#[tokio::test]
async fn interview_links_are_replaced_and_revoked_while_the_interview_is_open() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (id, old) = app.invite(job["id"].as_str().unwrap(), "Lost Link").await;
    let open = |token: String| {
        let app = &app;
        async move {
            app.candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
                .await
                .status
        }
    };
    assert_eq!(open(old.clone()).await, StatusCode::OK);

    let r = app
        .post(&format!("/api/v1/applications/{id}/link"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let new = r.body["interview_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(new, old);
    assert_eq!(
        open(old.clone()).await,
        StatusCode::NOT_FOUND,
        "the old link is dead"
    );
    assert_eq!(open(new.clone()).await, StatusCode::OK);

    let r = app
        .call(
            Method::DELETE,
            &format!("/api/v1/applications/{id}/link"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(open(new.clone()).await, StatusCode::NOT_FOUND, "revoked");
    let a = app.get(&format!("/api/v1/applications/{id}")).await.body;
    assert_eq!(a["status"], "invited");

    // A new link after a revocation works; once the interview is over, links stay as
    // they are.
    let r = app
        .post(&format!("/api/v1/applications/{id}/link"), json!({}))
        .await;
    let token = r.body["interview_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/consent"),
        Some(json!({"accept": false})),
    )
    .await;
    let r = app
        .post(&format!("/api/v1/applications/{id}/link"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "interview_over");
    let kinds: Vec<String> = app
        .get("/api/v1/events")
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .filter(|k| k.starts_with("invitation."))
        .collect();
    assert_eq!(
        kinds,
        [
            "invitation.renewed",
            "invitation.revoked",
            "invitation.renewed"
        ]
    );
}

#[tokio::test]
async fn hr_makes_a_new_link_on_the_report_page() {
    use crate::console::{hidden, sign_in};
    let app = spawn_app().await;
    let (_, id) = invited(&app).await;
    sign_in(&app).await;
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(page.contains("重新生成链接") && page.contains("撤销链接"));
    let csrf = hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/link")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let shown = r.text().await.unwrap();
    assert!(
        shown.contains("只显示这一次") && shown.contains("/i/"),
        "{shown}"
    );
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/link/revoke")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(page.contains("链接已撤销") && !page.contains("id=\"revoke-link\""));
}

/// A link lasts the job's number of days (14 by default): after that a candidate who has
/// not started cannot open it, one who has may finish, and a new link starts the count
/// again.
#[tokio::test]
async fn interview_links_expire_after_the_job_s_days() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    assert_eq!(job["invite_valid_days"], 14);
    let (late, late_token) = app.invite(job_id, "Late Starter").await;
    let (_, early_token) = app.invite(job_id, "Early Starter").await;
    let a = app.get(&format!("/api/v1/applications/{late}")).await.body;
    let expires: chrono::DateTime<chrono::Utc> =
        a["link_expires_at"].as_str().unwrap().parse().unwrap();
    // Stored to the millisecond.
    assert!(
        ((expires - app.clock.now()) - chrono::Duration::days(14))
            .num_milliseconds()
            .abs()
            <= 1
    );
    let state = app
        .candidate(
            Method::GET,
            &format!("/api/v1/interview/{late_token}"),
            None,
        )
        .await;
    assert_eq!(
        state.body["link_expires_at"], a["link_expires_at"],
        "the candidate is told"
    );
    app.start_interview(&early_token).await;

    app.clock
        .advance(chrono::Duration::days(14) + chrono::Duration::minutes(1));
    let open = |token: String| {
        let app = &app;
        async move {
            app.candidate(Method::GET, &format!("/api/v1/interview/{token}"), None)
                .await
                .status
        }
    };
    assert_eq!(
        open(late_token.clone()).await,
        StatusCode::NOT_FOUND,
        "expired before starting"
    );
    assert_eq!(
        open(early_token).await,
        StatusCode::OK,
        "a started interview may finish"
    );

    let r = app
        .post(&format!("/api/v1/applications/{late}/link"), json!({}))
        .await;
    let fresh = r.body["interview_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        open(fresh).await,
        StatusCode::OK,
        "a new link starts the count again"
    );

    let path = format!("/api/v1/jobs/{job_id}/invite-validity");
    let r = app
        .call(Method::PUT, &path, Some(json!({"days": 3})), None)
        .await;
    assert_eq!(r.body["invite_valid_days"], 3, "{}", r.body);
    let (short, _) = app.invite(job_id, "Short Link").await;
    let a = app.get(&format!("/api/v1/applications/{short}")).await.body;
    let expires: chrono::DateTime<chrono::Utc> =
        a["link_expires_at"].as_str().unwrap().parse().unwrap();
    // Stored to the millisecond.
    assert!(
        ((expires - app.clock.now()) - chrono::Duration::days(3))
            .num_milliseconds()
            .abs()
            <= 1
    );
    for bad in [json!({"days": 0}), json!({"days": 400})] {
        let r = app.call(Method::PUT, &path, Some(bad.clone()), None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let r = app
        .call(Method::PUT, &path, Some(json!({"days": null})), None)
        .await;
    assert_eq!(r.body["invite_valid_days"], 14);
}

#[tokio::test]
async fn hr_sets_how_long_links_last_on_the_job_page() {
    use crate::console::{hidden, sign_in};
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    sign_in(&app).await;
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(
        page.contains("面试链接有效期")
            && page
                .contains("name=\"days\" min=\"1\" max=\"365\" step=\"1\" required value=\"14\"")
    );
    let csrf = hidden(&page, "csrf");
    let post = |days: &'static str| {
        let url = app.url(&format!("/jobs/{job_id}/link-days"));
        let client = app.client.clone();
        let csrf = csrf.clone();
        async move {
            client
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("days", days)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(post("7").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/jobs/{job_id}")).await.body["invite_valid_days"],
        7
    );
    for bad in ["0", "abc", "1000"] {
        let r = post(bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body = r.text().await.unwrap();
        assert!(body.contains("1 到 365"), "{body}");
    }
    assert_eq!(
        app.get(&format!("/api/v1/jobs/{job_id}")).await.body["invite_valid_days"],
        7
    );
}
