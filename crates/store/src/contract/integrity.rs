//! Integrity counts: one record per presented question, replaced by each report, and the
//! org boundary around them.

use kaoguan_domain::{FaceCounts, IntegrityCounts};

use super::{assert_not_found, at, new_job, new_org, started};
use crate::Store;

fn counts(paste: i64, chars: i64, losses: i64, away: i64) -> IntegrityCounts {
    IntegrityCounts::parse(paste, chars, losses, away, None).expect("valid counts")
}

pub async fn integrity_latest_report_replaces_earlier(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let (q1, q2) = (job.questions[0].id, job.questions[1].id);
    store
        .present_question(org.id, app.id, q1, at(40), at(190))
        .await
        .expect("present");

    // Only a question that was shown can carry counts.
    assert_not_found(
        store
            .save_integrity(org.id, app.id, q2, &counts(1, 5, 0, 0), at(50))
            .await,
        "counts for a question never presented",
    );

    let first = store
        .save_integrity(org.id, app.id, q1, &counts(1, 12, 2, 9), at(60))
        .await
        .expect("first report");
    assert_eq!(first.counts, counts(1, 12, 2, 9));
    assert_eq!(first.updated_at, at(60));

    let faces = FaceCounts::parse(40, 3, 1).expect("valid faces");
    let latest = IntegrityCounts::parse(2, 30, 3, 14, Some(faces)).expect("valid counts");
    store
        .save_integrity(org.id, app.id, q1, &latest, at(70))
        .await
        .expect("second report");
    let listed = store
        .list_integrity(org.id, app.id)
        .await
        .expect("list integrity");
    assert_eq!(listed.len(), 1, "one record per question: {listed:?}");
    assert_eq!(listed[0].question_id, q1);
    assert_eq!(
        listed[0].counts, latest,
        "the latest report replaced the first"
    );
    assert_eq!(listed[0].updated_at, at(70));

    // A later report without face counts clears them rather than keeping stale ones.
    store
        .save_integrity(org.id, app.id, q1, &counts(2, 30, 3, 14), at(80))
        .await
        .expect("third report");
    let listed = store.list_integrity(org.id, app.id).await.expect("list");
    assert_eq!(listed[0].counts.faces(), None);

    store
        .present_question(org.id, app.id, q2, at(200), at(350))
        .await
        .expect("present q2");
    store
        .save_integrity(org.id, app.id, q2, &counts(0, 0, 0, 0), at(210))
        .await
        .expect("zeros are a report too");
    let listed = store.list_integrity(org.id, app.id).await.expect("list");
    let mut questions: Vec<_> = listed.iter().map(|r| r.question_id).collect();
    questions.sort_by_key(|q| q.to_string());
    let mut expected = vec![q1, q2];
    expected.sort_by_key(|q| q.to_string());
    assert_eq!(questions, expected);
}

pub async fn integrity_is_invisible_to_other_orgs(store: &dyn Store) {
    let org = new_org(store).await;
    let other = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let q = job.questions[0].id;
    store
        .present_question(org.id, app.id, q, at(40), at(190))
        .await
        .expect("present");
    store
        .save_integrity(org.id, app.id, q, &counts(1, 3, 1, 2), at(50))
        .await
        .expect("save");

    assert_not_found(
        store
            .save_integrity(other.id, app.id, q, &counts(9, 9, 9, 9), at(60))
            .await,
        "another org writing this application's counts",
    );
    assert!(store
        .list_integrity(other.id, app.id)
        .await
        .expect("list from another org")
        .is_empty());
    let listed = store.list_integrity(org.id, app.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].counts,
        counts(1, 3, 1, 2),
        "the other org's write changed nothing"
    );
}
