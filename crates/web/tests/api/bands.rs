//! Per-job recommendation bands: set and restored by API and console form, checked for
//! order and range, applied to reports already written without re-scoring them.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{spawn_app, TestApp, STRONG_ANSWER};
use crate::console::{hidden, sign_in};

/// A finished, scored interview; returns (job id, application id).
async fn scored(app: &TestApp) -> (String, String) {
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap().to_string();
    assert_eq!(job["band_thresholds"]["custom"], false);
    assert_eq!(job["band_thresholds"]["recommend"], 65.0);
    let (id, token) = app.invite(&job_id, "Band Test").await;
    app.start_interview(&token).await;
    app.answer_next(&token, STRONG_ANSWER).await;
    app.candidate(
        Method::POST,
        &format!("/api/v1/interview/{token}/finish"),
        None,
    )
    .await;
    app.drain_tasks().await;
    (job_id, id)
}

#[tokio::test]
async fn a_job_s_thresholds_re_band_its_reports_without_re_scoring() {
    let app = spawn_app().await;
    let (job_id, id) = scored(&app).await;
    let before = app
        .get(&format!("/api/v1/applications/{id}/report"))
        .await
        .body;
    let total = before["total"].as_f64().unwrap();
    assert_eq!(before["status"], "ready");

    // Bands all above this total: not recommended, and the reason names the job's mark.
    let undecided = (total + 5.0).min(97.0).ceil();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{job_id}/band-thresholds"),
            Some(json!({"strongly_recommend": undecided + 2.0, "recommend": undecided + 1.0, "undecided": undecided})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["band_thresholds"]["custom"], true);
    assert_eq!(r.body["band_thresholds"]["undecided"], undecided);
    let after = app
        .get(&format!("/api/v1/applications/{id}/report"))
        .await
        .body;
    assert_eq!(after["total"], before["total"], "no score changes");
    assert_eq!(
        after["recommendation"]["band"], "not_recommended",
        "{after}"
    );
    assert_eq!(
        after["recommendation"]["reasons"][0],
        json!({"kind": "total_below", "total": total, "threshold": undecided})
    );

    // Nulls restore the defaults, and the band with them.
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/jobs/{job_id}/band-thresholds"),
            Some(json!({"strongly_recommend": null, "recommend": null, "undecided": null})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["band_thresholds"]["custom"], false);
    let restored = app
        .get(&format!("/api/v1/applications/{id}/report"))
        .await
        .body;
    assert_eq!(restored["recommendation"], before["recommendation"]);
}

#[tokio::test]
async fn thresholds_out_of_order_or_range_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let job = app.create_job().await;
    let job_id = job["id"].as_str().unwrap();
    for body in [
        json!({"strongly_recommend": 60, "recommend": 70, "undecided": 50}),
        json!({"strongly_recommend": 120, "recommend": 70, "undecided": 50}),
        json!({"strongly_recommend": 80, "recommend": null, "undecided": 50}),
    ] {
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/jobs/{job_id}/band-thresholds"),
                Some(body.clone()),
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
    }
    let job = app.get(&format!("/api/v1/jobs/{job_id}")).await.body;
    assert_eq!(job["band_thresholds"]["custom"], false);
    let unknown = app
        .call(
            Method::PUT,
            "/api/v1/jobs/00000000-0000-0000-0000-000000000000/band-thresholds",
            Some(json!({"strongly_recommend": 90, "recommend": 70, "undecided": 50})),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hr_sets_and_restores_bands_on_the_job_page() {
    let app = spawn_app().await;
    let (job_id, _) = scored(&app).await;
    sign_in(&app).await;
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(
        page.contains("推荐档位") && page.contains("默认档位"),
        "{page}"
    );
    let csrf = hidden(&page, "csrf");
    let post = |fields: Vec<(&'static str, String)>| {
        let url = app.url(&format!("/jobs/{job_id}/bands"));
        let client = app.client.clone();
        async move { client.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("strongly_recommend", "88".into()),
        ("recommend", "72.5".into()),
        ("undecided", "55".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(page.contains("value=\"72.5\"") && page.contains("自定义档位"));

    // Out of order: a clear message in Chinese, and nothing saved.
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("strongly_recommend", "60".into()),
        ("recommend", "70".into()),
        ("undecided", "55".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        !body.contains("band_thresholds"),
        "no field key on the page: {body}"
    );
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(page.contains("value=\"72.5\""), "nothing changed");

    let r = post(vec![("csrf", csrf), ("reset", "1".into())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/jobs/{job_id}?tab=settings")).await;
    assert!(page.contains("默认档位") && page.contains("value=\"65\""));
}
