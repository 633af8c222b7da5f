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
        red_flags: 0,
        flags: vec![],
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

/// The list's band of a report: set when it is saved, re-set with the job's thresholds in
/// the same transaction, filled in for reports saved before the store kept it; and the
/// flag filters match whole flag names only.
pub async fn a_report_s_band_follows_its_job_s_thresholds(db: &crate::testing::TestDb) {
    use crate::{CandidateFilter, FlagFilter, Visible};
    use kaoguan_domain::{Band, BandThresholds};
    let store: &dyn Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let mut apps = Vec::new();
    for (total, red_flags, flags) in [
        (90.0, 0, vec![]),
        (90.0, 1, vec!["off_topic".to_string()]),
        (
            40.0,
            0,
            vec!["evasive".to_string(), "too_short".to_string()],
        ),
    ] {
        let app = started(store, org.id, &job).await;
        let mut r = report(app.id, ReportStatus::Ready, Some(total), 400);
        r.red_flags = red_flags;
        r.flags = flags;
        store
            .save_report(org.id, &r, &crate::Effects::none())
            .await
            .expect("save report");
        apps.push(app.id);
    }
    let everything = Visible {
        everything: true,
        ..Visible::default()
    };
    let find = |filter: CandidateFilter| {
        let everything = everything.clone();
        async move {
            let (rows, n) = store
                .search_applications(org.id, &everything, &filter, 0, 50)
                .await
                .expect("search");
            assert_eq!(n as usize, rows.len());
            let mut ids: Vec<_> = rows.iter().map(|r| r.id).collect();
            ids.sort();
            ids
        }
    };
    let sorted = |mut v: Vec<ApplicationId>| {
        v.sort();
        v
    };
    let band = |b: Band| CandidateFilter {
        band: Some(b),
        ..CandidateFilter::default()
    };
    // A red flag caps 90 at undecided.
    assert_eq!(find(band(Band::StronglyRecommend)).await, vec![apps[0]]);
    assert_eq!(find(band(Band::Undecided)).await, vec![apps[1]]);
    assert_eq!(find(band(Band::NotRecommended)).await, vec![apps[2]]);
    let flag = |f: FlagFilter| CandidateFilter {
        flag: Some(f),
        ..CandidateFilter::default()
    };
    assert_eq!(find(flag(FlagFilter::RedFlag)).await, vec![apps[1]]);
    assert_eq!(
        find(flag(FlagFilter::Answer("too_short".into()))).await,
        vec![apps[2]]
    );
    assert_eq!(
        find(flag(FlagFilter::Answer("short".into()))).await,
        Vec::<ApplicationId>::new(),
        "a part of a flag's name matches nothing"
    );

    // New thresholds re-band the job's reports at once.
    store
        .set_band_thresholds(
            org.id,
            job.id,
            Some(BandThresholds::new(95.0, 85.0, 30.0).expect("thresholds")),
            at(500),
        )
        .await
        .expect("thresholds");
    assert_eq!(find(band(Band::Recommend)).await, vec![apps[0]]);
    assert_eq!(
        find(band(Band::Undecided)).await,
        sorted(vec![apps[1], apps[2]])
    );

    // A report saved before the store kept bands is found and given one.
    sqlx::query(
        "UPDATE reports SET band = NULL, red_flags = 0, flags = '' WHERE application_id = $1",
    )
    .bind(apps[1].to_string())
    .execute(db.store.pool())
    .await
    .expect("forget the band");
    let missing = store.reports_without_band(10).await.expect("missing");
    assert_eq!(
        missing
            .iter()
            .map(|(o, r)| (*o, r.application_id))
            .collect::<Vec<_>>(),
        vec![(org.id, apps[1])]
    );
    store
        .set_report_facts(org.id, apps[1], 1, &["off_topic".to_string()])
        .await
        .expect("facts");
    assert!(store
        .reports_without_band(10)
        .await
        .expect("missing")
        .is_empty());
    assert_eq!(
        find(band(Band::Undecided)).await,
        sorted(vec![apps[1], apps[2]])
    );
    assert_eq!(find(flag(FlagFilter::RedFlag)).await, vec![apps[1]]);
    assert_not_found(
        store
            .set_report_facts(new_org(store).await.id, apps[1], 0, &[])
            .await,
        "another org's report",
    );
}
