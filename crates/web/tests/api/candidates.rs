//! The candidate list across jobs: search, filters, sort and pages, within what the
//! caller may see.

use kaoguan_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, STRONG_ANSWER, WEAK_ANSWER};

#[tokio::test]
async fn candidates_are_searched_filtered_sorted_and_paged_across_jobs() {
    let app = spawn_app().await;
    let support = app.create_job().await;
    let support_id = support["id"].as_str().unwrap().to_string();
    let mut other = crate::common::sample_job();
    other["title"] = json!("Finance Analyst");
    other["department"] = json!("Finance");
    let finance = app.post("/api/v1/jobs", other).await.body;
    let finance_id = finance["id"].as_str().unwrap().to_string();

    let mut ids = Vec::new();
    for (job, name, answer) in [
        (&support_id, "Alice Strong", Some(STRONG_ANSWER)),
        (&support_id, "Bob Weak", Some(WEAK_ANSWER)),
        (&support_id, "Carol Invited", None),
        (&finance_id, "Dave Finance", Some(STRONG_ANSWER)),
    ] {
        let (id, token) = app.invite(job, name).await;
        if let Some(text) = answer {
            app.start_interview(&token).await;
            app.answer_next(&token, text).await;
            app.answer_next(&token, text).await;
            app.candidate(
                Method::POST,
                &format!("/api/v1/interview/{token}/finish"),
                None,
            )
            .await;
        }
        app.clock.advance(chrono::Duration::minutes(1));
        ids.push(id);
    }
    app.drain_tasks().await;
    let names = |body: &serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["candidate_name"].as_str().unwrap().to_string())
            .collect()
    };

    let all = app.get("/api/v1/applications").await.body;
    assert_eq!(all["total"], 4);
    assert_eq!(
        names(&all),
        ["Dave Finance", "Carol Invited", "Bob Weak", "Alice Strong"]
    );
    let r = app.get("/api/v1/applications?q=ali").await.body;
    assert_eq!(names(&r), ["Alice Strong"], "name search ignores case");
    let r = app
        .get(&format!("/api/v1/applications?job={finance_id}"))
        .await
        .body;
    assert_eq!(names(&r), ["Dave Finance"]);
    let r = app.get("/api/v1/applications?status=invited").await.body;
    assert_eq!(names(&r), ["Carol Invited"]);
    let r = app.get("/api/v1/applications?sort=score_high").await.body;
    let totals: Vec<Option<f64>> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["total"].as_f64())
        .collect();
    assert!(
        totals[0] >= totals[1] && totals[1] >= totals[2],
        "{totals:?}"
    );
    assert_eq!(totals[3], None, "unscored last");
    let r = app.get("/api/v1/applications?min_score=50").await.body;
    assert!(!names(&r).contains(&"Bob Weak".to_string()), "{r}");
    let r = app.get("/api/v1/applications?q=%25").await.body;
    assert_eq!(r["total"], 0, "LIKE's wildcard is taken literally");
    for bad in [
        "sort=best",
        "min_score=abc",
        "from=05/12/2026",
        "stage=Second%20Round",
        "band=excellent",
        "flag=off%25topic",
    ] {
        let r = app.get(&format!("/api/v1/applications?{bad}")).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
    }
    let r = app.get("/api/v1/applications?page=2").await.body;
    assert_eq!(
        (r["page"].as_u64(), r["pages"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(r["items"], json!([]));

    // A department head sees their department's candidates only.
    let head = app
        .staff_token(
            app.org,
            "fin-list@test.example.com",
            Role::DeptHead,
            Some("Finance"),
        )
        .await;
    let r = app
        .call(Method::GET, "/api/v1/applications", None, Some(&head))
        .await
        .body;
    assert_eq!(names(&r), ["Dave Finance"]);
    let iv = app
        .staff_token(app.org, "iv-list@test.example.com", Role::Interviewer, None)
        .await;
    let r = app
        .call(Method::GET, "/api/v1/applications", None, Some(&iv))
        .await
        .body;
    assert_eq!(r["total"], 0, "nothing assigned, nothing seen");

    // The console page, in both languages.
    crate::console::sign_in(&app).await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page("/candidates?q=alice&sort=name").await;
        assert!(
            page.contains("Alice Strong") && !page.contains("Bob Weak"),
            "{page}"
        );
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
    let page = app.page("/candidates?min_score=abc").await;
    assert!(page.contains("role=\"alert\""), "a bad filter is explained");
}

#[tokio::test]
async fn band_and_flag_filters_agree_with_each_report() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    for (name, text) in [
        ("Alice Strong", STRONG_ANSWER),
        ("Bob Weak", WEAK_ANSWER),
        ("Olga Short", "OK."),
    ] {
        let (_, token) = app.invite(&job_id, name).await;
        app.start_interview(&token).await;
        app.answer_next(&token, text).await;
        app.answer_next(&token, text).await;
        app.candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
    }
    app.drain_tasks().await;
    let all = app.get("/api/v1/applications").await.body;

    // Band and flag filters agree with each report as its page shows it.
    let mut bands = std::collections::BTreeMap::<String, Vec<String>>::new();
    let mut flagged = std::collections::BTreeMap::<String, Vec<String>>::new();
    for item in all["items"].as_array().unwrap() {
        let id = item["application_id"].as_str().unwrap();
        let report = app
            .get(&format!("/api/v1/applications/{id}/report"))
            .await
            .body;
        let listed = app
            .get(&format!(
                "/api/v1/applications?q={}",
                item["candidate_name"].as_str().unwrap().replace(' ', "%20")
            ))
            .await
            .body;
        let band = &report["recommendation"]["band"];
        assert_eq!(listed["items"][0]["band"], *band, "{report}");
        if let Some(b) = band.as_str() {
            bands.entry(b.to_string()).or_default().push(id.to_string());
        }
        let mut red = 0;
        for answer in report["answers"].as_array().into_iter().flatten() {
            red += answer["red_flags"].as_array().map_or(0, Vec::len);
            for f in answer["flags"].as_array().into_iter().flatten() {
                let f = f.as_str().unwrap().to_string();
                let ids = flagged.entry(f).or_default();
                if !ids.contains(&id.to_string()) {
                    ids.push(id.to_string());
                }
            }
        }
        assert_eq!(listed["items"][0]["red_flags"], red, "{report}");
    }
    assert!(
        bands.values().map(Vec::len).sum::<usize>() == 3,
        "{bands:?}"
    );
    assert!(!flagged.is_empty(), "the weak answer raises a flag");
    let ids_of = |body: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["application_id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    for (band, mut ids) in bands {
        ids.sort();
        let r = app
            .get(&format!("/api/v1/applications?band={band}"))
            .await
            .body;
        assert_eq!(ids_of(&r), ids, "band {band}");
    }
    for (flag, mut ids) in flagged {
        ids.sort();
        let r = app
            .get(&format!("/api/v1/applications?flag={flag}"))
            .await
            .body;
        assert_eq!(ids_of(&r), ids, "flag {flag}");
    }
    crate::console::sign_in(&app).await;
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page("/candidates?flag=too_short").await;
        assert!(
            page.contains("Olga Short") && !page.contains("Alice Strong"),
            "{page}"
        );
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
}

#[tokio::test]
async fn two_to_four_candidates_of_a_job_compare_side_by_side() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for (name, answer) in [("Cmp Strong", STRONG_ANSWER), ("Cmp Weak", WEAK_ANSWER)] {
        let (id, token) = app.invite(&job_id, name).await;
        app.start_interview(&token).await;
        app.answer_next(&token, answer).await;
        app.answer_next(&token, answer).await;
        app.candidate(
            Method::POST,
            &format!("/api/v1/interview/{token}/finish"),
            None,
        )
        .await;
        ids.push(id);
    }
    let (invited, _) = app.invite(&job_id, "Cmp Invited").await;
    app.drain_tasks().await;
    let other = app.create_job().await;
    let (elsewhere, _) = app
        .invite(other["id"].as_str().unwrap(), "Cmp Elsewhere")
        .await;

    let r = app
        .get(&format!(
            "/api/v1/jobs/{job_id}/compare?applications={},{},{invited}",
            ids[0], ids[1]
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cands = r.body["candidates"].as_array().unwrap();
    assert_eq!(cands.len(), 3);
    assert_eq!(r.body["dimensions"].as_array().unwrap().len(), 2);
    let strong = cands[0]["dimensions"][0].as_f64().unwrap();
    let weak = cands[1]["dimensions"][0].as_f64().unwrap();
    assert!(strong > weak, "{strong} vs {weak}");
    assert_eq!(cands[2]["total"], serde_json::Value::Null, "no report yet");

    for (list, want) in [
        (ids[0].clone(), StatusCode::UNPROCESSABLE_ENTITY),
        (
            format!("{},{}", ids[0], ids[0]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (format!("{},{elsewhere}", ids[0]), StatusCode::NOT_FOUND),
    ] {
        let r = app
            .get(&format!(
                "/api/v1/jobs/{job_id}/compare?applications={list}"
            ))
            .await;
        assert_eq!(r.status, want, "{list}: {}", r.body);
    }

    // From the board's ticked cards, in both languages; the best of each row is marked.
    crate::console::sign_in(&app).await;
    let path = format!(
        "/jobs/{job_id}/compare?card={}:ai_interview&card={}:ai_interview&action=&csrf=x",
        ids[0], ids[1]
    );
    for lang in ["zh", "en"] {
        app.page(&format!("/lang/{lang}")).await;
        let page = app.page(&path).await;
        assert!(
            page.contains("Cmp Strong") && page.contains("Cmp Weak"),
            "{page}"
        );
        assert!(page.contains("num best"), "the best score is marked");
        assert_eq!(
            crate::decisions::untranslated(&page),
            Vec::<String>::new(),
            "{lang}"
        );
    }
}
