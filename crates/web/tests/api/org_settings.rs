//! Organisation settings: the pipeline and link validity new jobs start with, and whether
//! department heads see candidates' contacts; by API and on the admin's screen; and the
//! job page's tabs with its pipeline editor.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, TestApp, PASSWORD};
use crate::console::hidden;

async fn sign_in_as(app: &TestApp, email: &str, next: &str) {
    let page = app.page("/login").await;
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf", hidden(&page, "csrf").as_str()),
            ("next", next),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn new_jobs_start_with_the_organisation_s_pipeline_and_link_validity() {
    let app = spawn_app().await;
    let admin = app
        .staff_token(app.org, "admin-org@test.example.com", Role::Admin, None)
        .await;
    let before = app.create_job().await;

    let r = app.get("/api/v1/org/settings").await;
    assert_eq!(r.status, StatusCode::OK, "HR reads the settings");
    assert_eq!(r.body["default_pipeline"], json!(null));
    assert_eq!(r.body["dept_heads_see_contacts"], false);
    let wanted = json!({
        "default_pipeline": [
            {"key": "screening", "name": "简历初筛"},
            {"key": "written_test", "name": "笔试"},
            {"key": "second_round", "name": "终面"},
            {"key": "hired", "name": "入职"}
        ],
        "invite_valid_days": 30,
        "dept_heads_see_contacts": false
    });
    let r = app
        .call(
            Method::PUT,
            "/api/v1/org/settings",
            Some(wanted.clone()),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "HR may not change them");

    for bad in [
        json!({"default_pipeline": [{"key": "hired", "name": "入职"}, {"key": "screening", "name": "筛选"}],
               "invite_valid_days": null, "dept_heads_see_contacts": false}),
        json!({"default_pipeline": null, "invite_valid_days": 0, "dept_heads_see_contacts": false}),
        json!({"default_pipeline": [{"key": "Screening!", "name": "x"}, {"key": "hired", "name": "入职"}],
               "invite_valid_days": null, "dept_heads_see_contacts": false}),
    ] {
        let r = app
            .call(
                Method::PUT,
                "/api/v1/org/settings",
                Some(bad.clone()),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    assert_eq!(
        app.get("/api/v1/org/settings").await.body["invite_valid_days"],
        json!(null),
        "a refused change changes nothing"
    );

    let r = app
        .call(
            Method::PUT,
            "/api/v1/org/settings",
            Some(wanted.clone()),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["default_pipeline"], wanted["default_pipeline"]);
    assert_eq!(r.body["invite_valid_days"], 30);

    let after = app.create_job().await;
    assert_eq!(after["invite_valid_days"], 30, "{after}");
    let stages: Vec<&str> = after["pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["简历初筛", "笔试", "终面", "入职"]);
    let old = app
        .get(&format!("/api/v1/jobs/{}", before["id"].as_str().unwrap()))
        .await
        .body;
    assert_eq!(
        old["pipeline"], before["pipeline"],
        "existing jobs keep theirs"
    );
    assert_eq!(old["invite_valid_days"], before["invite_valid_days"]);

    // An invitation to the new job starts at its first stage and lasts 30 days.
    let (id, _) = app
        .invite(after["id"].as_str().unwrap(), "Pia Pipeline")
        .await;
    let a = app.get(&format!("/api/v1/applications/{id}")).await.body;
    assert_eq!(a["stage"], "screening", "{a}");
    let created: chrono::DateTime<chrono::Utc> = a["created_at"].as_str().unwrap().parse().unwrap();
    let expires: chrono::DateTime<chrono::Utc> =
        a["link_expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!((expires - created).num_days(), 30);
}

#[tokio::test]
async fn department_heads_see_contacts_only_where_the_organisation_allows_it() {
    let app = spawn_app().await;
    let admin = app
        .staff_token(app.org, "admin-c@test.example.com", Role::Admin, None)
        .await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let department = job["department"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/invitations"),
            json!({"name": "Chen Contact", "email": "chen@example.com", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["application_id"].as_str().unwrap().to_string();
    let head = app
        .staff_token(
            app.org,
            "head-c@test.example.com",
            Role::DeptHead,
            Some(&department),
        )
        .await;
    let contacts = |token: Option<String>| {
        let app = &app;
        let id = id.clone();
        async move {
            let r = app
                .call(
                    Method::GET,
                    &format!("/api/v1/applications/{id}"),
                    None,
                    token.as_deref(),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            (
                r.body["candidate"]["email"].clone(),
                r.body["candidate"]["phone"].clone(),
            )
        }
    };
    assert_eq!(
        contacts(None).await,
        (json!("chen@example.com"), json!("13800138000")),
        "HR sees them"
    );
    assert_eq!(
        contacts(Some(head.clone())).await,
        (json!(null), json!(null))
    );

    let r = app
        .call(
            Method::PUT,
            "/api/v1/org/settings",
            Some(json!({"default_pipeline": null, "invite_valid_days": null, "dept_heads_see_contacts": true})),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        contacts(Some(head)).await,
        (json!("chen@example.com"), json!("13800138000")),
        "allowed now"
    );

    // An interviewer assigned the candidate rates answers; HR arranges the meetings.
    let iv = app
        .staff_token(app.org, "iv-c@test.example.com", Role::Interviewer, None)
        .await;
    let staff = app.get("/api/v1/staff/assignable").await.body;
    let iv_id = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["role"] == "interviewer")
        .unwrap()["id"]
        .clone();
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/assignments"),
            json!({"user_id": iv_id, "application_id": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(contacts(Some(iv)).await, (json!(null), json!(null)));
}

#[tokio::test]
async fn the_admin_sets_the_organisation_s_defaults_on_its_screen() {
    let app = spawn_app().await;
    crate::common::create_user(
        &app.services,
        app.org,
        "admin-s@test.example.com",
        Role::Admin,
        None,
    )
    .await;
    sign_in_as(&app, "admin-s@test.example.com", "/admin/settings").await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page("/admin/settings").await;
        assert!(page.contains("id=\"org-settings\""), "{page}");
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
    // Sent back as shown, the built-in pipeline stays built-in (jobs in either language
    // keep their own names); only the other settings change.
    let page = app.page("/admin/settings").await;
    let mut unchanged: Vec<(String, String)> = Vec::new();
    for i in 0..8 {
        for field in ["key", "name", "order"] {
            let name = format!("s{i}_{field}");
            if page.contains(&format!("name=\"{name}\" value=\"")) {
                unchanged.push((name.clone(), hidden(&page, &name)));
            }
        }
    }
    assert!(
        unchanged.iter().any(|(_, v)| v == "Screening"),
        "{unchanged:?}"
    );
    unchanged.push(("csrf".into(), hidden(&page, "csrf")));
    unchanged.push(("dept_heads_see_contacts".into(), "1".into()));
    let r = app
        .client
        .post(app.url("/admin/settings"))
        .form(&unchanged)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let s = app.get("/api/v1/org/settings").await.body;
    assert_eq!(
        (&s["default_pipeline"], &s["dept_heads_see_contacts"]),
        (&json!(null), &json!(true))
    );

    app.page("/lang/zh").await;
    let page = app.page("/admin/settings").await;
    let csrf = hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url("/admin/settings"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("s0_key", "screening"),
            ("s0_name", "简历筛选"),
            ("s0_order", "1"),
            ("s1_key", "ai_interview"),
            ("s1_name", "AI面试"),
            ("s1_order", "2"),
            ("s2_key", "second_round"),
            ("s2_name", "复试"),
            ("s2_remove", "1"),
            ("s3_key", ""),
            ("s3_name", "总监面"),
            ("s3_order", "3"),
            ("s4_key", "hired"),
            ("s4_name", "入职"),
            ("s4_order", "1000"),
            ("days", "21"),
            ("dept_heads_see_contacts", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let s = app.get("/api/v1/org/settings").await.body;
    assert_eq!(s["invite_valid_days"], 21);
    assert_eq!(s["dept_heads_see_contacts"], true);
    let names: Vec<&str> = s["default_pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["简历筛选", "AI面试", "总监面", "入职"]);
    let page = app.page("/admin/settings?saved=1").await;
    assert!(page.contains("id=\"org-saved\"") && page.contains("value=\"总监面\""));

    // A bad value is explained and saves nothing.
    let r = app
        .client
        .post(app.url("/admin/settings"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("s0_key", "hired"),
            ("s0_name", "入职"),
            ("days", "21"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("流程须有 2 到 20 个阶段"));
    assert_eq!(
        app.get("/api/v1/org/settings").await.body["default_pipeline"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );

    // HR may not open the screen.
    let hr = crate::console::signed_in_client(&app, &app.hr_email).await;
    let r = hr.get(app.url("/admin/settings")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_job_page_shows_one_tab_at_a_time_and_edits_its_pipeline() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    app.invite(job_id, "Tab Candidate").await;
    crate::console::sign_in(&app).await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        for (tab, has, lacks) in [
            ("", "id=\"candidates\"", "id=\"bands\""),
            ("?tab=questions", "id=\"questions\"", "id=\"candidates\""),
            ("?tab=model", "id=\"calibration\"", "id=\"questions\""),
            ("?tab=settings", "id=\"pipeline\"", "id=\"calibration\""),
        ] {
            let page = app.page(&format!("/jobs/{job_id}{tab}")).await;
            assert!(page.contains(has) && !page.contains(lacks), "{tab}: {page}");
            assert!(page.contains("aria-current=\"page\""), "{tab}");
            assert_eq!(
                crate::decisions::untranslated(&page),
                Vec::<String>::new(),
                "{lang} {tab}"
            );
        }
        let board = app.page(&format!("/jobs/{job_id}/board")).await;
        assert!(board.contains("class=\"tabs\""), "the board is a tab too");
    }
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(!page.contains("Tab Candidate"));
    let csrf = hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/pipeline")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("s0_key", "screening"),
            ("s0_name", "初筛"),
            ("s0_order", "1"),
            ("s1_key", "ai_interview"),
            ("s1_name", "AI面试"),
            ("s1_order", "2"),
            ("s2_key", "hired"),
            ("s2_name", "入职"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/jobs/{job_id}?tab=settings#pipeline").as_str()
    );
    let saved = app.get(&format!("/api/v1/jobs/{job_id}")).await.body;
    let keys: Vec<&str> = saved["pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["screening", "ai_interview", "hired"]);
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/details")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "客服专员（夜班）"),
            ("department", "客服部"),
            ("description", "夜班"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/jobs/{job_id}")).await.body["title"],
        "客服专员（夜班）"
    );
}
