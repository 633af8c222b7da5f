//! The console's side of resume intake: uploading files and ZIPs, correcting what was read
//! and screening again, and the public apply page.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp};
use crate::intake::{corpus, job_with_rule, upload};

/// A console form post with the signed-in client's cookies.
async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .unwrap()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[tokio::test]
async fn the_console_takes_many_resumes_and_a_zip_with_a_result_per_file() {
    let app = spawn_app().await;
    let csrf = crate::console::sign_in(&app).await;
    let job_id = job_with_rule(&app, r#"education_level >= "本科""#).await;
    let page = app.page(&format!("/jobs/{job_id}/resumes")).await;
    assert!(
        page.contains("id=\"resume-upload\"")
            && page.contains("education_level &#62;= &#34;本科&#34;"),
        "{page}"
    );

    let zip = zip_of(&[
        ("简历/zh-05.txt", &corpus("zh-05.txt")),
        ("简历/broken.pdf", b"%PDF-1.4 nothing here"),
        ("inner.zip", &zip_of(&[("a.txt", b"x")])),
    ]);
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "files",
            reqwest::multipart::Part::bytes(corpus("zh-02.txt")).file_name("刘洋.txt"),
        )
        .part(
            "files",
            reqwest::multipart::Part::bytes(zip).file_name("batch.zip"),
        );
    let resp = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/resumes")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    // zh-02 is an associate degree: read, kept, not passed (and not rejected).
    assert!(
        html.contains("刘洋") && html.contains("不符合筛选条件"),
        "{html}"
    );
    // zh-05 (inside the ZIP) is a bachelor's: passed.
    assert!(
        html.contains("简历/zh-05.txt") && html.contains("孙悦") && html.contains("符合筛选条件"),
        "{html}"
    );
    assert!(
        html.contains("broken.pdf：文件已损坏，无法读取。"),
        "{html}"
    );
    assert!(html.contains("压缩包里的压缩包不会解压"), "{html}");
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 2);

    // The page's script asks for JSON, one file at a time.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "files",
            reqwest::multipart::Part::bytes(corpus("zh-02.txt")).file_name("again.txt"),
        );
    let rows: Value = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/resumes")))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rows[0]["ok"], true, "{rows}");
    assert_eq!(rows[0]["created"], false, "the same person again: {rows}");

    // Without the CSRF token nothing is read.
    let form = reqwest::multipart::Form::new().part(
        "files",
        reqwest::multipart::Part::bytes(corpus("zh-03.txt")).file_name("x.txt"),
    );
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/resumes")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 2);

    // The candidate's page shows what was read, the verdict, the personal details found
    // (named, not used) and the text.
    let id = rows[0]["application_id"].as_str().unwrap();
    let report = app.page(&format!("/applications/{id}")).await;
    assert!(report.contains("id=\"resume\""), "{report}");
    assert!(
        report.contains("浙江工商职业技术学院") && report.contains("不符合筛选条件"),
        "{report}"
    );
    assert!(
        report.contains("学历 大专：不符合 education_level"),
        "the reasons are listed: {report}"
    );
    // Each field links to where it was read, marked in the text.
    assert!(
        report.contains("href=\"#read-school\"")
            && report
                .contains("<mark id=\"read-school\" title=\"学校\">浙江工商职业技术学院</mark>"),
        "{report}"
    );
    assert!(
        report.contains("筛选不会使用：性别、年龄") || report.contains("筛选不会使用：年龄、性别"),
        "{report}"
    );

    // A rule tried before it is saved: how many would pass, nothing changed.
    let p = app
        .post(
            &format!("/api/v1/jobs/{job_id}/screening/preview"),
            json!({"screening_rule": "years_experience >= 5"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(
        (p.body["total"].as_u64(), p.body["passed"].as_u64()),
        (Some(2), Some(1)),
        "{}",
        p.body
    );
    let r = post_form(
        &app,
        &format!("/jobs/{job_id}/screening"),
        &[
            ("csrf", csrf.as_str()),
            ("screening_rule", "years_experience >= 5"),
            ("action", "preview"),
        ],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("有 1 位符合这个条件") && html.contains("尚未保存"),
        "{html}"
    );
    let job = app.get(&format!("/api/v1/jobs/{job_id}")).await.body;
    assert_eq!(
        job["screening_rule"],
        json!("education_level >= \"本科\""),
        "not saved by a preview"
    );

    // A rule that does not check stays in the form with the reason.
    let r = post_form(
        &app,
        &format!("/jobs/{job_id}/screening"),
        &[("csrf", csrf.as_str()), ("screening_rule", "age < 35")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("不是简历字段") && html.contains("age &#60; 35"),
        "{html}"
    );
}

#[tokio::test]
async fn hr_corrects_what_was_read_and_screens_again_explicitly() {
    let app = spawn_app().await;
    let csrf = crate::console::sign_in(&app).await;
    let job_id = job_with_rule(&app, r#"education_level >= "本科""#).await;
    // zh-02: an associate degree, so not passed.
    let r = upload(&app, &job_id, "zh-02.txt", corpus("zh-02.txt"), &[]).await;
    assert_eq!(r.body["screening"]["passed"], false, "{}", r.body);
    let id = r.body["application_id"].as_str().unwrap().to_string();
    let fix = format!("/api/v1/applications/{id}/resume/corrections");

    for bad in [
        json!({"education_level": "本科生"}),
        json!({"years_experience": -1}),
        json!({"age": 30}),
    ] {
        let r = app.call(Method::PUT, &fix, Some(bad.clone()), None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    let r = app
        .call(
            Method::PUT,
            &fix,
            Some(json!({"education_level": "本科", "school": "浙江工商大学"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["education_level"], "bachelor");
    assert_eq!(
        r.body["major"], "电子商务",
        "fields not corrected stay as read"
    );

    let resume = app
        .get(&format!("/api/v1/applications/{id}/resume"))
        .await
        .body;
    assert_eq!(
        resume["parsed"]["education_level"]["value"], "associate",
        "what was read is kept"
    );
    assert_eq!(resume["corrections"]["education_level"], "本科");
    assert_eq!(
        resume["screening"]["passed"], false,
        "a correction does not change the verdict by itself"
    );

    let r = app
        .post(&format!("/api/v1/applications/{id}/screening"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["passed"], true);
    let resume = app
        .get(&format!("/api/v1/applications/{id}/resume"))
        .await
        .body;
    assert_eq!(resume["screening"]["passed"], true);
    let events = app.get("/api/v1/events").await.body.to_string();
    assert_eq!(
        events.matches("application.screened").count(),
        2,
        "{events}"
    );

    // The console: the card marks the corrected fields; the form corrects and re-screens.
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("浙江工商大学") && page.contains("（已更正）"),
        "{page}"
    );
    let r = post_form(
        &app,
        &format!("/applications/{id}/resume"),
        &[
            ("csrf", csrf.as_str()),
            ("education_level", "associate"),
            ("years_experience", "七"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("工作年限须为数字"));
    let r = post_form(
        &app,
        &format!("/applications/{id}/resume"),
        &[("csrf", csrf.as_str()), ("education_level", "associate")],
    )
    .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let r = post_form(
        &app,
        &format!("/applications/{id}/screening"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let resume = app
        .get(&format!("/api/v1/applications/{id}/resume"))
        .await
        .body;
    assert_eq!(resume["screening"]["passed"], false, "{resume}");
}

#[tokio::test]
async fn the_public_apply_page_exists_only_while_open_and_makes_one_application() {
    let app = spawn_app().await;
    let csrf = crate::console::sign_in(&app).await;
    let job_id = job_with_rule(&app, r#"education_level >= "本科""#).await;
    let anonymous = reqwest::Client::new();
    let page = |c: &reqwest::Client| {
        let c = c.clone();
        let url = app.url(&format!("/apply/{job_id}"));
        async move { c.get(url).send().await.unwrap() }
    };
    assert_eq!(
        page(&anonymous).await.status(),
        StatusCode::NOT_FOUND,
        "closed by default"
    );

    // HR opens it from the Resumes tab.
    let r = post_form(
        &app,
        &format!("/jobs/{job_id}/apply-page"),
        &[("csrf", csrf.as_str()), ("open", "1")],
    )
    .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let tab = app.page(&format!("/jobs/{job_id}/resumes")).await;
    assert!(
        tab.contains(&format!("/apply/{job_id}")),
        "the link is shown"
    );

    let html = page(&anonymous).await.text().await.unwrap();
    assert!(
        html.contains("Customer Support Specialist") && html.contains("Handles customer calls"),
        "{html}"
    );
    assert!(
        html.contains("ID numbers removed") && html.contains("not used for screening"),
        "the notice: {html}"
    );

    let form = |consent: bool, file: Option<(&str, Vec<u8>)>| {
        let mut f = reqwest::multipart::Form::new()
            .text("name", "刘洋")
            .text("phone", "156 2718 3390")
            .text("email", "");
        if consent {
            f = f.text("consent", "1");
        }
        if let Some((name, bytes)) = file {
            f = f.part(
                "resume",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        }
        f
    };
    let post = |f: reqwest::multipart::Form| {
        let c = anonymous.clone();
        let url = app.url(&format!("/apply/{job_id}"));
        async move { c.post(url).multipart(f).send().await.unwrap() }
    };
    // Without consent, or without a resume: the form again with the reason; nothing made.
    let r = post(form(false, Some(("cv.txt", corpus("zh-02.txt"))))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("tick that you agree"));
    let r = post(form(true, None)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(form(true, Some(("cv.pdf", b"%PDF-1.4 broken".to_vec())))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("damaged"));
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 0);

    let r = post(form(true, Some(("cv.txt", corpus("zh-02.txt"))))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("has been received"));
    let r = post(form(true, Some(("cv.txt", corpus("zh-02.txt"))))).await;
    assert!(r.text().await.unwrap().contains("already applied"));
    let all = app.get("/api/v1/applications").await.body;
    assert_eq!(all["total"], 1, "{all}");
    assert_eq!(all["items"][0]["stage"], "screening");

    // Closed again: gone.
    post_form(
        &app,
        &format!("/jobs/{job_id}/apply-page"),
        &[("csrf", csrf.as_str()), ("open", "0")],
    )
    .await;
    assert_eq!(page(&anonymous).await.status(), StatusCode::NOT_FOUND);
}
