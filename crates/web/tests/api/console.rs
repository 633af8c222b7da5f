//! The HR console through plain HTTP: sign-in, CSRF, pages and forms.

use reqwest::StatusCode;

use crate::common::{spawn_app, TestApp, PASSWORD, STRONG_ANSWER};

pub(crate) fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name} in page"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// A browser of its own (cookies apart from `app.client`), signed in as `email`.
pub(crate) async fn signed_in_client(app: &TestApp, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let login = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf", hidden(&login, "csrf").as_str()),
            ("next", "/jobs"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in redirects");
    client
}

pub(crate) async fn sign_in(app: &TestApp) -> String {
    let page = app
        .client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", app.hr_email.as_str()),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/jobs"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in redirects");
    let set_cookie: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let session = set_cookie
        .iter()
        .find(|c| c.starts_with("kg_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let jobs = app
        .client
        .get(app.url("/jobs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    hidden(&jobs, "csrf")
}

#[tokio::test]
async fn pages_need_a_session() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/jobs")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login?next="));
}

#[tokio::test]
async fn wrong_password_and_missing_csrf_are_refused() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf");
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", app.hr_email.as_str()),
            ("password", "wrong password!"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", app.hr_email.as_str()),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "a forged login CSRF token is refused"
    );

    let csrf = sign_in(&app).await;
    assert!(!csrf.is_empty());
    let r = app
        .client
        .post(app.url("/jobs"))
        .form(&[
            ("title", "X"),
            ("language", "zh"),
            ("c0_name", "沟通"),
            ("c0_weight", "1"),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hr_builds_a_job_invites_and_reads_the_report_in_the_console() {
    let app = spawn_app().await;
    let csrf = sign_in(&app).await;

    // New job with two dimensions (one without a key: it is derived).
    let r = app
        .client
        .post(app.url("/jobs"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "客服专员"),
            ("department", "客户成功部"),
            ("language", "en"),
            ("description", "处理客户来电"),
            ("c0_name", "服务意识"),
            ("c0_key", "service"),
            ("c0_weight", "60"),
            ("c0_indicators", "安抚情绪\n主动跟进"),
            ("c1_name", "解决问题"),
            ("c1_key", ""),
            ("c1_weight", "40"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job_path = r.headers()["location"].to_str().unwrap().to_string();

    // A question with the rubric as lines.
    let form = [
        ("csrf", csrf.as_str()),
        ("kind", "situational"),
        ("text", "A customer calls: the gift they ordered arrived broken and the party is tomorrow. How do you handle it?"),
        ("competency", "service"),
        ("competency", "dim_2"),
        ("think_seconds", "30"),
        ("answer_seconds", "120"),
        ("mode", "text"),
        ("key_points", "apologises sincerely and acknowledges the frustration\ngathers the facts: order number, what is damaged, photo\noffers an express replacement or local pickup before the deadline"),
        ("red_flags", "blames the courier"),
        ("exemplars", ""),
    ];
    let r = app
        .client
        .post(app.url(&format!("{job_path}/questions/new")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // An invalid question comes back with the message and the text as typed.
    let bad = [
        ("csrf", csrf.as_str()),
        ("kind", "open"),
        ("text", "Why?"),
        ("think_seconds", "x"),
        ("answer_seconds", "60"),
        ("key_points", "a"),
    ];
    let r = app
        .client
        .post(app.url(&format!("{job_path}/questions/new")))
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Why?"));

    // Bulk invitation: one bad line rejects the batch and names the line.
    let r = app
        .client
        .post(app.url(&format!("{job_path}/invitations")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("bulk", "王芳, wangfang@example.com\n李明, not-an-email@"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("第 2 行"));
    let r = app
        .client
        .post(app.url(&format!("{job_path}/invitations")))
        .form(&[
            ("csrf", csrf.as_str()),
            (
                "bulk",
                "王芳, wangfang@example.com, 13800138000\n李明, 13900139000",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let links: Vec<&str> = html
        .match_indices("/i/")
        .map(|(i, _)| &html[i + 3..])
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 2, "two links shown");

    // The first candidate takes the interview through the API.
    let token = links[0].to_string();
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        reqwest::Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;

    let job_page = app
        .client
        .get(app.url(&job_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(job_page.contains("王芳") && job_page.contains("李明"));
    assert!(
        job_page.contains("已出报告"),
        "status shown in Chinese by default"
    );
    // The row of the candidate who finished (rows created in the same instant may come in either order).
    let row = job_page
        .split("<tr>")
        .find(|r| r.contains("王芳"))
        .expect("王芳's row");
    let report_link = row
        .split("href=\"/applications/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let report = app
        .client
        .get(app.url(&format!("/applications/{report_link}")))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), StatusCode::OK);
    let html = report.text().await.unwrap();
    assert!(html.contains("结构化面试报告"));
    assert!(html.contains("id=\"report-total\""));
    assert!(html.contains("class=\"evidence\""), "evidence is quoted");

    // Switch to English.
    let r = app
        .client
        .get(app.url(&format!("/lang/en?next={job_path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app
        .client
        .get(app.url(&job_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Question bank") && page.contains("Report ready"));

    // Competency model editing creates version 2.
    let r = app
        .client
        .post(app.url(&format!("{job_path}/model")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("c0_name", "服务意识"),
            ("c0_key", "service"),
            ("c0_weight", "50"),
            ("c1_name", "解决问题"),
            ("c1_key", "dim_2"),
            ("c1_weight", "50"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = job_path.rsplit('/').next().unwrap();
    let job = app.get(&format!("/api/v1/jobs/{id}")).await;
    assert_eq!(job.body["model_version"], 2);
    // Removing a dimension a question measures is refused.
    let r = app
        .client
        .post(app.url(&format!("{job_path}/model")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("c0_name", "服务意识"),
            ("c0_key", "service"),
            ("c0_weight", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_portal_page_is_served_without_leaking_the_token() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let (_, token) = app.invite(job["id"].as_str().unwrap(), "A").await;
    let r = app
        .client
        .get(app.url(&format!("/i/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
    let html = r.text().await.unwrap();
    assert!(html.contains(&token));
    assert!(html.contains("/static/portal.js"));
    let js = app
        .client
        .get(app.url("/static/portal.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    // A malformed token is not echoed into the page.
    let html = app
        .client
        .get(app.url("/i/<script>alert(1)</script>"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert"));
}

#[tokio::test]
async fn hr_rates_answers_and_sees_calibration_in_the_console() {
    let app = spawn_app().await;
    let csrf = sign_in(&app).await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    let (app_id, token) = app.invite(job_id, "Rated").await;
    app.start_interview(&token).await;
    let qid = app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        reqwest::Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;

    let page = app.page(&format!("/applications/{app_id}")).await;
    assert!(
        page.contains("name=\"r_service\"") && page.contains("name=\"r_problem_solving\""),
        "a rating select per dimension"
    );
    let r = app
        .client
        .post(app.url(&format!("/applications/{app_id}/ratings")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("question_id", qid.as_str()),
            ("anchor", "rate-1"),
            ("r_service", "5"),
            ("r_problem_solving", ""),
            ("note", "clear plan"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("#rate-1"));
    let ratings = app
        .get(&format!("/api/v1/applications/{app_id}/ratings"))
        .await;
    let list = ratings.body.as_array().unwrap();
    assert_eq!(list.len(), 1, "the blank dimension is not rated: {list:?}");
    assert_eq!(list[0]["rating"], 5);
    assert_eq!(list[0]["note"], "clear plan");
    let page = app.page(&format!("/applications/{app_id}")).await;
    assert!(
        page.contains("<option value=\"5\" selected>"),
        "the form shows the saved rating"
    );

    let job_page = app
        .client
        .get(app.url(&format!("/jobs/{job_id}?tab=model")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(job_page.contains("id=\"rated-answers\">1<"));
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/calibrations")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("需要至少 20 个人工评分的回答") && !html.contains("at least 20"),
        "the conflict is said in Chinese by its code, not in the API's English: {html}"
    );
}
