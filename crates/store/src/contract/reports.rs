use kaoguan_domain::{ApplicationId, ApplicationStatus, ReportStatus};
use serde_json::json;

use super::{assert_not_found, at, new_job, new_org, started};
use crate::{Report, Store};

fn report(
    application_id: ApplicationId,
    status: ReportStatus,
    total: Option<f64>,
    secs: i64,
) -> Report {
    Report {
        application_id,
        status,
        total,
        model_version: "competency-v1/scoring-2025.1".into(),
        body: json!({
            "dimensions": [{"key": "service", "score": 81.5, "evidence": ["倾听", "follow-up"]}],
            "flags": [],
            "nested": {"ok": true, "n": null}
        }),
        created_at: at(secs),
    }
}

pub async fn report_round_trip_marks_scored(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    assert!(store
        .finish_application(org.id, app.id, at(300), &crate::Effects::none())
        .await
        .expect("finish"));
    assert_eq!(store.get_report(org.id, app.id).await.expect("get"), None);

    let first = report(app.id, ReportStatus::Ready, Some(78.5), 400);
    store
        .save_report(org.id, &first, &crate::Effects::none())
        .await
        .expect("save report");
    assert_eq!(
        store.get_report(org.id, app.id).await.expect("get"),
        Some(first)
    );
    assert_eq!(
        store
            .get_application(org.id, app.id)
            .await
            .expect("get")
            .status,
        ApplicationStatus::Scored
    );
    let listed = store.list_applications(org.id, job.id).await.expect("list");
    assert_eq!(listed[0].status, ApplicationStatus::Scored);
    assert_eq!(
        (listed[0].report_status, listed[0].total),
        (Some(ReportStatus::Ready), Some(78.5))
    );

    // Re-scoring replaces the report rather than adding a second one.
    let rescored = report(app.id, ReportStatus::InsufficientData, None, 500);
    store
        .save_report(org.id, &rescored, &crate::Effects::none())
        .await
        .expect("save again");
    assert_eq!(
        store.get_report(org.id, app.id).await.expect("get"),
        Some(rescored)
    );
    let listed = store.list_applications(org.id, job.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].report_status, listed[0].total),
        (Some(ReportStatus::InsufficientData), None)
    );

    let stray = report(ApplicationId::new(), ReportStatus::Ready, Some(1.0), 600);
    assert_not_found(
        store
            .save_report(org.id, &stray, &crate::Effects::none())
            .await,
        "report for unknown application",
    );
}

pub async fn report_is_invisible_to_other_orgs(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    assert!(store
        .finish_application(org.id, app.id, at(300), &crate::Effects::none())
        .await
        .expect("finish"));
    let saved = report(app.id, ReportStatus::Ready, Some(64.0), 400);
    store
        .save_report(org.id, &saved, &crate::Effects::none())
        .await
        .expect("save");

    assert_eq!(store.get_report(intruder, app.id).await.expect("get"), None);
    let forged = report(app.id, ReportStatus::Ready, Some(100.0), 500);
    assert_not_found(
        store
            .save_report(intruder, &forged, &crate::Effects::none())
            .await,
        "save into another org",
    );
    assert_eq!(
        store.get_report(org.id, app.id).await.expect("get"),
        Some(saved)
    );
}
