//! Decisions move an application through its job's pipeline — 通过, 待定, 淘汰, moves —
//! only as the pipeline allows, only from the stage the person saw, and each is logged.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp};
use kaoguan_domain::Role;

async fn decide(app: &TestApp, id: &str, body: Value) -> crate::common::Reply {
    app.post(&format!("/api/v1/applications/{id}/decision"), body)
        .await
}

pub(crate) async fn invited(app: &TestApp) -> (String, String) {
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
    let decide_as = |token: String| {
        let app = &app;
        let path = format!("/api/v1/applications/{id}/decision");
        async move {
            app.call(
                Method::POST,
                &path,
                Some(json!({"decision": "advance"})),
                Some(&token),
            )
            .await
        }
    };
    let interviewer = app
        .staff_token(app.org, "iv2@test.example.com", Role::Interviewer, None)
        .await;
    assert_eq!(decide_as(interviewer).await.status, StatusCode::FORBIDDEN);

    // HR of another organisation on the same server.
    let other = kaoguan_service::auth::ensure_org(&app.services, "Other Org", "Asia/Shanghai")
        .await
        .unwrap();
    let outsider = app
        .staff_token(other.id, "hr@other.example.com", Role::Hr, None)
        .await;
    let r = decide_as(outsider).await;
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

/// Text nodes that are nothing but a catalogue key (`report.contact`): a label with no
/// translation shows its key.
pub(crate) fn untranslated(html: &str) -> Vec<String> {
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
