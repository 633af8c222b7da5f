//! Decisions move an application through its job's pipeline — 通过, 待定, 淘汰, moves —
//! only as the pipeline allows, only from the stage the person saw, and each is logged.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp};
use kaoguan_service::clock::Clock;

async fn decide(app: &TestApp, id: &str, body: Value) -> crate::common::Reply {
    app.post(&format!("/api/v1/applications/{id}/decision"), body)
        .await
}

async fn invited(app: &TestApp) -> (String, String) {
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    assert_eq!(job["pipeline"][0]["key"], "screening");
    assert_eq!(
        job["pipeline"].as_array().unwrap().last().unwrap()["key"],
        "hired"
    );
    let (id, _) = app.invite(&job_id, "Stage Person").await;
    (job_id, id)
}

#[tokio::test]
async fn decisions_walk_the_pipeline_as_it_allows() {
    let app = spawn_app().await;
    let (_, id) = invited(&app).await;
    let a = app.get(&format!("/api/v1/applications/{id}")).await.body;
    assert_eq!(a["stage"], "ai_interview");

    let r = decide(
        &app,
        &id,
        json!({"decision": "advance", "expected_stage": "ai_interview"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["stage"], "second_round");

    let r = decide(&app, &id, json!({"decision": "hold"})).await;
    assert_eq!(
        (r.body["stage"].as_str(), r.body["held_from"].as_str()),
        (Some("on_hold"), Some("second_round"))
    );
    let r = decide(&app, &id, json!({"decision": "advance"})).await;
    assert_eq!(
        r.body["stage"], "background_check",
        "on from where it was held"
    );

    let r = decide(&app, &id, json!({"decision": "reject"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "reason");
    let r = decide(
        &app,
        &id,
        json!({"decision": "reject", "reason": "experience", "note": "  少于两年相关经验  "}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["stage"], "rejected");
    assert_eq!(r.body["reject_reason"], "experience");
    assert_eq!(r.body["reject_note"], "少于两年相关经验");

    for forbidden in [
        json!({"decision": "advance"}),
        json!({"decision": "hold"}),
        json!({"decision": "move", "stage": "final_round"}),
        json!({"decision": "move", "stage": "Rejected!"}),
        json!({"decision": "promote"}),
    ] {
        let r = decide(&app, &id, forbidden.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{forbidden}: {}",
            r.body
        );
    }
    let r = decide(
        &app,
        &id,
        json!({"decision": "move", "stage": "second_round"}),
    )
    .await;
    assert_eq!(r.body["stage"], "second_round", "reopened");
    assert_eq!(r.body["reject_reason"], Value::Null);

    let events = app.get("/api/v1/events").await.body;
    let moves: Vec<(String, String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "stage.changed")
        .map(|e| {
            let p = &e["payload"];
            (
                p["from"].as_str().unwrap().into(),
                p["to"].as_str().unwrap().into(),
                p["decision"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = [
        ("ai_interview", "second_round", "advance"),
        ("second_round", "on_hold", "hold"),
        ("on_hold", "background_check", "advance"),
        ("background_check", "rejected", "reject"),
        ("rejected", "second_round", "move"),
    ];
    assert_eq!(
        moves,
        expect.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    assert!(
        !events.to_string().contains("少于两年"),
        "notes stay out of the log"
    );
}

#[tokio::test]
async fn a_decision_on_a_stage_already_left_changes_nothing() {
    let app = spawn_app().await;
    let (_, id) = invited(&app).await;
    decide(
        &app,
        &id,
        json!({"decision": "hold", "expected_stage": "ai_interview"}),
    )
    .await;
    let r = decide(
        &app,
        &id,
        json!({"decision": "reject", "reason": "skills", "expected_stage": "ai_interview"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "stage_changed");
    let a = app.get(&format!("/api/v1/applications/{id}")).await.body;
    assert_eq!(a["stage"], "on_hold");
}

#[tokio::test]
async fn a_job_s_own_pipeline_decides_the_moves() {
    let app = spawn_app().await;
    let (job_id, id) = invited(&app).await;
    let path = format!("/api/v1/jobs/{job_id}/pipeline");
    let own = json!({"stages": [
        {"key": "ai_interview", "name": "AI 面试"},
        {"key": "panel", "name": "小组面试"},
        {"key": "hired", "name": "入职"}
    ]});
    let r = app.call(Method::PUT, &path, Some(own), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["pipeline"][1]["name"], "小组面试");
    let r = decide(&app, &id, json!({"decision": "advance"})).await;
    assert_eq!(r.body["stage"], "panel");
    let r = decide(
        &app,
        &id,
        json!({"decision": "move", "stage": "second_round"}),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not in this pipeline"
    );

    for bad in [
        json!({"stages": [{"key": "panel", "name": "小组面试"}]}),
        json!({"stages": [{"key": "panel", "name": "A"}, {"key": "rejected", "name": "B"}, {"key": "hired", "name": "C"}]}),
        json!({"stages": [{"key": "a", "name": ""}, {"key": "hired", "name": "C"}]}),
    ] {
        let r = app.call(Method::PUT, &path, Some(bad.clone()), None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    let r = app
        .call(Method::PUT, &path, Some(json!({"stages": null})), None)
        .await;
    assert_eq!(r.body["pipeline"][0]["key"], "screening");
}

#[tokio::test]
async fn only_recruiters_decide_and_only_in_their_organisation() {
    let app = spawn_app().await;
    let (_, id) = invited(&app).await;
    crate::common::create_user(
        &app.services,
        app.org,
        "iv2@test.example.com",
        kaoguan_domain::Role::Interviewer,
        None,
    )
    .await;
    let token = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"iv2@test.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/applications/{id}/decision"),
            Some(json!({"decision": "advance"})),
            Some(token.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // HR of another organisation on the same server.
    let other = kaoguan_service::auth::ensure_org(&app.services, "Other Org", "Asia/Shanghai")
        .await
        .unwrap();
    crate::common::create_user(
        &app.services,
        other.id,
        "hr@other.example.com",
        kaoguan_domain::Role::Hr,
        None,
    )
    .await;
    let token = kaoguan_service::auth::issue_api_token(
        &app.services,
        &"hr@other.example.com".parse().unwrap(),
        "t",
    )
    .await
    .unwrap();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/applications/{id}/decision"),
            Some(json!({"decision": "advance"})),
            Some(token.expose()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let a = app.get(&format!("/api/v1/applications/{id}")).await.body;
    assert_eq!(a["stage"], "ai_interview");
}

#[tokio::test]
async fn hr_decides_on_the_report_page_in_words() {
    use crate::console::{hidden, sign_in};
    let app = spawn_app().await;
    let (job_id, id) = invited(&app).await;
    sign_in(&app).await;
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("招聘决定") && page.contains("AI面试"),
        "{page}"
    );
    assert!(page.contains("通过 → 复试"));
    assert!(
        page.contains("联系方式") && page.contains("mailto:stageperson@example.com"),
        "HR sees how to reach the candidate"
    );
    assert!(
        !page.contains("ai_interview<"),
        "no stage key shown as text"
    );
    let csrf = hidden(&page, "csrf");
    let post = |fields: Vec<(&'static str, String)>| {
        let url = app.url(&format!("/applications/{id}/decision"));
        let client = app.client.clone();
        async move { client.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("expected_stage", "ai_interview".into()),
        ("decision", "advance".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job_page = app.page(&format!("/jobs/{job_id}")).await;
    assert!(
        job_page.contains("data-stage=\"second_round\">复试<"),
        "the list shows the stage"
    );

    // The same button pressed again on the old page: a clear message, nothing moves.
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("expected_stage", "ai_interview".into()),
        ("decision", "advance".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.unwrap();
    assert!(body.contains("刷新页面"), "{body}");

    let r = post(vec![
        ("csrf", csrf.clone()),
        ("expected_stage", "second_round".into()),
        ("decision", "reject".into()),
        ("reason", "communication".into()),
        ("note", "表达不清".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(page.contains("已淘汰") && page.contains("沟通表达") && page.contains("表达不清"));
    assert!(page.contains("重新打开到"));
}

/// A candidate who declines the AI interview appears in HR's 待办 with their contacts
/// until someone decides on the application.
#[tokio::test]
async fn a_declined_ai_interview_waits_in_the_to_do_list_until_decided() {
    use crate::console::sign_in;
    let app = spawn_app().await;
    let (job_id, _) = invited(&app).await;
    app.invite(&job_id, "Still Invited").await;
    let (declined, token) = app.invite(&job_id, "Declines Li").await;
    let r = app
        .candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/consent"),
            Some(json!({"accept": false})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    sign_in(&app).await;
    let page = app.page("/todo").await;
    assert!(
        page.contains("待安排人工面试") && page.contains("Declines Li"),
        "{page}"
    );
    assert!(
        page.contains("mailto:declinesli@example.com"),
        "contacts are shown"
    );
    assert!(!page.contains("Still Invited"), "only those who declined");

    let r = decide(&app, &declined, json!({"decision": "advance"})).await;
    assert_eq!(r.body["stage"], "second_round", "{}", r.body);
    let page = app.page("/todo").await;
    assert!(!page.contains("Declines Li") && page.contains("暂无待办"));
}

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

/// Text nodes that are nothing but a catalogue key (`report.contact`): a label with no
/// translation shows its key.
fn untranslated(html: &str) -> Vec<String> {
    html.split('>')
        .filter_map(|chunk| chunk.split('<').next())
        .map(str::trim)
        .filter(|t| {
            t.contains('.')
                && !t.starts_with('.')
                && !t.ends_with('.')
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        })
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_new_console_pages_have_every_label_in_both_languages() {
    use crate::console::sign_in;
    let app = spawn_app().await;
    let (job_id, id) = invited(&app).await;
    let (_, token) = app.invite(&job_id, "Declines Wang").await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/consent"),
        Some(json!({"accept": false})),
    )
    .await;
    assert_eq!(
        untranslated("<dt>report.contact</dt><p>Ready. Set.</p><a>cand@x.com</a>"),
        ["report.contact"],
        "the check itself finds a bare key"
    );
    sign_in(&app).await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        for path in [
            format!("/applications/{id}"),
            format!("/jobs/{job_id}"),
            "/todo".to_string(),
        ] {
            let page = app.page(&path).await;
            assert_eq!(untranslated(&page), Vec::<String>::new(), "{lang} {path}");
        }
    }
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
    let page = app.page(&format!("/jobs/{job_id}")).await;
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
