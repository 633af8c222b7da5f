//! Applications with a resume: read, screened by the job's rule with a verdict per clause,
//! kept with ID numbers redacted, and written in one transaction with their events and the
//! rules they trigger; the same person stays one candidate.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, Reply, TestApp};

fn corpus(file: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/resumes/dev")
        .join(file);
    std::fs::read(path).expect("a corpus resume")
}

async fn upload(
    app: &TestApp,
    job_id: &str,
    file: &str,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> Reply {
    let mut form = reqwest::multipart::Form::new().part(
        "resume",
        reqwest::multipart::Part::bytes(bytes).file_name(file.to_string()),
    );
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/jobs/{job_id}/applications")))
        .bearer_auth(&app.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

async fn job_with_rule(app: &TestApp, rule: &str) -> String {
    let job = app.create_job().await;
    let id = job["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{id}/screening"),
            Some(json!({"screening_rule": rule})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

#[tokio::test]
async fn a_resume_file_is_read_screened_per_clause_and_kept_without_its_id_number() {
    let app = spawn_app().await;
    let job_id = job_with_rule(
        &app,
        r#"education_level >= "本科" && years_experience >= 10"#,
    )
    .await;
    // zh-01: a bachelor with 9.3 years at two banks, an ID number in the personal details.
    let bytes = corpus("zh-01.txt");
    let raw = String::from_utf8(bytes.clone()).unwrap();
    let r = upload(&app, &job_id, "陈思雨简历.txt", bytes, &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let parsed = &r.body["parsed"];
    assert_eq!(parsed["name"], "陈思雨");
    assert_eq!(parsed["phone"], "13807315526");
    assert_eq!(parsed["education_level"], "bachelor");
    assert_eq!(parsed["school"], "湖南商学院");
    assert_eq!(parsed["years_experience"], 9.3);
    assert_eq!(parsed["employers"].as_array().unwrap().len(), 2);
    assert!(parsed["sensitive"]
        .as_array()
        .unwrap()
        .contains(&json!("id_number")));
    assert_eq!(
        r.body["stage"], "screening",
        "intake starts at the pipeline's first stage"
    );
    let screening = &r.body["screening"];
    assert_eq!(screening["passed"], false);
    let results: Vec<&str> = screening["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["pass", "fail"]);
    assert_eq!(
        screening["reasons"][0]["zh"],
        "学历 本科：符合 education_level >= \"本科\""
    );
    assert_eq!(
        screening["reasons"][1]["en"],
        "Years of experience 9.3 years: not met, years_experience >= 10"
    );

    let id = r.body["application_id"].as_str().unwrap();
    let resume = app.get(&format!("/api/v1/applications/{id}/resume")).await;
    assert_eq!(resume.status, StatusCode::OK, "{}", resume.body);
    let text = resume.body["text"].as_str().unwrap();
    let id_number = raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() == 18 && w[..17].chars().all(|c| c.is_ascii_digit()))
        .expect("the file carries an ID number");
    assert!(!text.contains(id_number), "the ID number is not stored");
    assert!(text.contains("中国建设银行"));
    // Spans point into the stored text.
    let span = &resume.body["parsed"]["school"]["span"];
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "湖南商学院");
    assert_eq!(resume.body["screening"]["passed"], false);

    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(
        events.contains("application.created") && events.contains("application.screened"),
        "{events}"
    );
}

#[tokio::test]
async fn the_same_person_is_one_candidate_across_jobs_and_applies_once_per_job() {
    let app = spawn_app().await;
    let a = app.create_job().await["id"].as_str().unwrap().to_string();
    let b = app.create_job().await["id"].as_str().unwrap().to_string();
    let first = app
        .post(
            &format!("/api/v1/jobs/{a}/applications"),
            json!({"name": "王芳", "phone": "13800138000", "education_level": "本科", "years_experience": 3}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(
        first.body["screening"]["passed"], true,
        "no rule: everyone passes"
    );
    // The same phone written another way, to the same job: the existing application.
    let again = app
        .post(
            &format!("/api/v1/jobs/{a}/applications"),
            json!({"name": "王芳", "phone": "+86 138-0013-8000"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["created"], false);
    assert_eq!(again.body["application_id"], first.body["application_id"]);
    // To another job: a second application of the same candidate.
    let other = app
        .post(
            &format!("/api/v1/jobs/{b}/applications"),
            json!({"name": "王芳", "phone": "+8613800138000", "email": "WangFang@Example.com"}),
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    assert_ne!(other.body["application_id"], first.body["application_id"]);
    assert_eq!(other.body["candidate_id"], first.body["candidate_id"]);
    // An invitation by e-mail to a third job finds the same person too.
    let c = app.create_job().await["id"].as_str().unwrap().to_string();
    let third = app
        .post(
            &format!("/api/v1/jobs/{c}/applications"),
            json!({"name": "Wang Fang", "email": "wangfang@example.com"}),
        )
        .await;
    assert_eq!(
        third.body["candidate_id"], first.body["candidate_id"],
        "{}",
        third.body
    );
    let all = app.get("/api/v1/applications").await.body;
    assert_eq!(all["total"], 3);
}

#[tokio::test]
async fn unreadable_files_are_refused_with_a_reason_and_nothing_is_written() {
    let app = spawn_app().await;
    let job_id = app.create_job().await["id"].as_str().unwrap().to_string();
    for (file, bytes, words) in [
        (
            "cv.pdf",
            b"%PDF-1.4\n garbage that is no PDF".to_vec(),
            "damaged",
        ),
        (
            "cv.docx",
            b"PK\x03\x04 not a zip at all".to_vec(),
            "damaged",
        ),
        (
            "photo.jpg",
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(),
            "not a PDF, DOCX or text",
        ),
        ("empty.txt", Vec::new(), "empty"),
    ] {
        let r = upload(&app, &job_id, file, bytes, &[("name", "Test Person")]).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{file}: {}",
            r.body
        );
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(file) && message.contains(words),
            "{file}: {message}"
        );
        assert_eq!(r.body["error"]["field"], "resume");
    }
    // Too large for any resume: refused before it is read.
    let big = vec![b'a'; kaoguan_resume::MAX_FILE_BYTES + 70 * 1024];
    let r = upload(&app, &job_id, "big.txt", big, &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    // No name given or found.
    let r = app
        .post(
            &format!("/api/v1/jobs/{job_id}/applications"),
            json!({"email": "x@example.com"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "name");
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 0);

    // A resume larger than the 1 MB JSON limit but within the file limit is taken.
    let mut padded = corpus("zh-02.txt");
    padded.extend(std::iter::repeat_n(b'\n', 1_200_000));
    let r = upload(&app, &job_id, "padded.txt", padded, &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn a_failed_write_leaves_no_application_behind() {
    let app = spawn_app().await;
    let job_id = app.create_job().await["id"].as_str().unwrap().to_string();
    app.break_inserts_into("resumes").await;
    let r = upload(&app, &job_id, "zh-02.txt", corpus("zh-02.txt"), &[]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 0);
    let events = app.get("/api/v1/events").await.body.to_string();
    assert!(!events.contains("application.screened"), "{events}");
    app.heal("resumes").await;
    let r = upload(&app, &job_id, "zh-02.txt", corpus("zh-02.txt"), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(app.get("/api/v1/applications").await.body["total"], 1);
}

#[tokio::test]
async fn screening_rules_are_checked_when_saved() {
    let app = spawn_app().await;
    let job_id = app.create_job().await["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/jobs/{job_id}/screening");
    for bad in [
        r#"education_level >= "本科生""#,
        "age < 35",
        "gender == 'male'",
        "years_experience >=",
    ] {
        let r = app
            .call(
                Method::PUT,
                &path,
                Some(json!({"screening_rule": bad})),
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["field"], "screening_rule");
    }
    let r = app
        .call(
            Method::PUT,
            &path,
            Some(json!({"screening_rule": "  skills.exists(s, s in ['Excel', 'SAP'])  ", "apply_open": true})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["screening_rule"],
        "skills.exists(s, s in ['Excel', 'SAP'])"
    );
}

#[tokio::test]
async fn rules_on_screened_invite_those_who_pass_and_propose_rejecting_the_others() {
    let app = spawn_app().await;
    let job_id = job_with_rule(
        &app,
        r#"education_level >= "本科" && years_experience >= 2"#,
    )
    .await;
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{job_id}/pipeline-rules"),
            Some(json!({"rules": [
                {"name": "通过初筛即邀请", "on": "screened", "if": "screening.passed", "do": "invite"},
                {"on": "screened", "if": "!screening.passed", "do": "propose_reject"}
            ]})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let apply = |name: &str, phone: &str, level: &str, years: f64| json!({"name": name, "phone": phone, "education_level": level, "years_experience": years});
    let pass = app
        .post(
            &format!("/api/v1/jobs/{job_id}/applications"),
            apply("Li Pass", "13900000001", "硕士", 3.0),
        )
        .await;
    let fail = app
        .post(
            &format!("/api/v1/jobs/{job_id}/applications"),
            apply("Li Fail", "13900000002", "大专", 5.0),
        )
        .await;
    assert_eq!(pass.status, StatusCode::CREATED, "{}", pass.body);
    assert_eq!(fail.body["screening"]["passed"], false);
    assert!(app.drain_tasks().await >= 2);

    let pass_id = pass.body["application_id"].as_str().unwrap();
    let history = app
        .get(&format!("/api/v1/applications/{pass_id}/rules"))
        .await
        .body;
    let text = history.to_string();
    assert!(text.contains("interview_invitation"), "{text}");
    let candidates = app.get("/api/v1/applications").await.body;
    let stage_of = |name: &str| {
        candidates["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["candidate_name"] == name)
            .map(|i| i["stage"].clone())
            .unwrap()
    };
    assert_eq!(stage_of("Li Pass"), "ai_interview");
    assert_eq!(
        stage_of("Li Fail"),
        "screening",
        "screening never rejects by itself"
    );
    let reviews = app.get("/api/v1/reviews").await.body.to_string();
    assert!(
        reviews.contains(fail.body["application_id"].as_str().unwrap()),
        "{reviews}"
    );
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
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/screening")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("screening_rule", "years_experience >= 5"),
            ("action", "preview"),
        ])
        .send()
        .await
        .unwrap();
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
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/screening")))
        .form(&[("csrf", csrf.as_str()), ("screening_rule", "age < 35")])
        .send()
        .await
        .unwrap();
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
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/resume")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("education_level", "associate"),
            ("years_experience", "七"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("工作年限须为数字"));
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/resume")))
        .form(&[("csrf", csrf.as_str()), ("education_level", "associate")])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let r = app
        .client
        .post(app.url(&format!("/applications/{id}/screening")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
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
    let r = app
        .client
        .post(app.url(&format!("/jobs/{job_id}/apply-page")))
        .form(&[("csrf", csrf.as_str()), ("open", "1")])
        .send()
        .await
        .unwrap();
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
    app.client
        .post(app.url(&format!("/jobs/{job_id}/apply-page")))
        .form(&[("csrf", csrf.as_str()), ("open", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(page(&anonymous).await.status(), StatusCode::NOT_FOUND);
}
