//! Applications with a resume: read, screened by the job's rule with a verdict per clause,
//! kept with ID numbers redacted, and written in one transaction with their events and the
//! rules they trigger; the same person stays one candidate.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{spawn_app, Reply, TestApp};

pub(crate) fn corpus(file: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/resumes/dev")
        .join(file);
    std::fs::read(path).expect("a corpus resume")
}

pub(crate) async fn upload(
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
    app.post_multipart(&format!("/api/v1/jobs/{job_id}/applications"), form)
        .await
}

pub(crate) async fn job_with_rule(app: &TestApp, rule: &str) -> String {
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

/// The resume is compared with the job's description in the background: a banking
/// resume supports a teller's requirements with its own sentences, quoted where they
/// stand; the match is advice beside the rule, which it does not change.
#[tokio::test]
async fn a_resume_is_matched_with_the_job_description_by_the_sentences_that_support_it() {
    let app = spawn_app().await;
    let mut teller = crate::common::sample_job();
    teller["language"] = json!("zh");
    teller["description"] = json!(
        "岗位职责：\n1. 办理对公、对私柜面业务，保证账务准确。\n2. 处理客户投诉，做好客户沟通与服务。\n任职要求：\n熟悉银行运营管理制度。"
    );
    let job: Value = app.post("/api/v1/jobs", teller).await.body;
    let job_id = job["id"].as_str().unwrap().to_string();
    let bank = upload(&app, &job_id, "陈思雨.txt", corpus("zh-01.txt"), &[]).await;
    assert_eq!(bank.status, StatusCode::CREATED, "{}", bank.body);
    let id = bank.body["application_id"].as_str().unwrap().to_string();
    let before = app.get(&format!("/api/v1/applications/{id}/resume")).await;
    assert_eq!(
        before.body["resume_match"],
        Value::Null,
        "computed in the background"
    );
    assert!(app.drain_tasks().await >= 1);
    let after = app
        .get(&format!("/api/v1/applications/{id}/resume"))
        .await
        .body;
    let found = &after["resume_match"];
    assert_eq!(
        found["requirements"], 3,
        "the two headings are not requirements: {found}"
    );
    assert!(found["score"].as_f64().unwrap() > 0.0, "{found}");
    let text = after["text"].as_str().unwrap();
    let supports = found["supports"].as_array().unwrap();
    assert!(!supports.is_empty(), "{found}");
    for s in supports {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], s["sentence"].as_str().unwrap(), "{s}");
    }
    assert_eq!(
        after["screening"], before.body["screening"],
        "the rule's verdict stands"
    );

    // A resume from another trade (a primary-school teacher) matches less.
    let other = upload(&app, &job_id, "教师.txt", corpus("zh-03.txt"), &[]).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    app.drain_tasks().await;
    let other_id = other.body["application_id"].as_str().unwrap();
    let other_match = app
        .get(&format!("/api/v1/applications/{other_id}/resume"))
        .await
        .body["resume_match"]
        .clone();
    assert!(
        other_match["score"].as_f64().unwrap_or(0.0) < found["score"].as_f64().unwrap(),
        "{other_match} vs {found}"
    );
    crate::console::sign_in(&app).await;
    let page = app.page(&format!("/applications/{id}")).await;
    assert!(
        page.contains("id=\"resume-match\"")
            && page.contains("善于与客户沟通，能较好地处理客户投诉"),
        "{page}"
    );
}
