use kaoguan_domain::{Email, Role, UserId};
use serde_json::json;

use super::{assert_not_found, at, new_job, new_org, started, unique};
use crate::{CalibrationStatus, NewUser, Rating, Store};

async fn rater(store: &dyn Store, org: kaoguan_domain::OrgId) -> UserId {
    let email: Email = format!("{}@example.com", unique("rater"))
        .parse()
        .expect("email");
    store
        .create_user(
            NewUser {
                org_id: org,
                email,
                display_name: "Rater".into(),
                password_hash: "x".into(),
                role: Role::Hr,
                department: None,
            },
            at(1),
        )
        .await
        .expect("create rater")
        .id
}

pub async fn ratings_upsert_and_stay_in_their_org(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let who = rater(store, org.id).await;
    let mut r = Rating {
        application_id: app.id,
        question_id: job.questions[0].id,
        competency: "service".parse().expect("key"),
        rater_id: who,
        rating: 3,
        note: Some("ok".into()),
        updated_at: at(500),
    };
    store.upsert_rating(org.id, &r).await.expect("rate");
    r.rating = 4;
    r.note = None;
    r.updated_at = at(600);
    store.upsert_rating(org.id, &r).await.expect("re-rate");
    assert_eq!(
        store.list_ratings(org.id, app.id).await.expect("list"),
        vec![r.clone()]
    );
    assert_eq!(
        store
            .list_job_ratings(org.id, job.id)
            .await
            .expect("list job"),
        vec![r.clone()]
    );

    // Another org can neither write nor read them; a question of another job is refused.
    let other = new_org(store).await;
    assert_not_found(
        store.upsert_rating(other.id, &r).await,
        "rating from another org",
    );
    assert!(store
        .list_ratings(other.id, app.id)
        .await
        .expect("list")
        .is_empty());
    let other_job = new_job(store, org.id).await;
    let mut wrong = r.clone();
    wrong.question_id = other_job.questions[0].id;
    assert_not_found(
        store.upsert_rating(org.id, &wrong).await,
        "question of another job",
    );
}

pub async fn calibrations_version_and_publish_one_at_a_time(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let who = rater(store, org.id).await;
    let c1 = store
        .create_calibration(
            org.id,
            job.id,
            &json!({"intercept": 1.0}),
            &json!({"samples": 20}),
            who,
            at(700),
        )
        .await
        .expect("create");
    let c2 = store
        .create_calibration(
            org.id,
            job.id,
            &json!({"intercept": 2.0}),
            &json!({"samples": 25}),
            who,
            at(800),
        )
        .await
        .expect("create");
    assert_eq!((c1.version, c2.version), (1, 2));
    assert_eq!(c1.status, CalibrationStatus::Draft);
    assert_eq!(
        store
            .published_calibration(org.id, job.id)
            .await
            .expect("get"),
        None
    );

    store
        .publish_calibration(org.id, job.id, 1, at(900))
        .await
        .expect("publish 1");
    store
        .publish_calibration(org.id, job.id, 2, at(950))
        .await
        .expect("publish 2");
    let published = store
        .published_calibration(org.id, job.id)
        .await
        .expect("get")
        .expect("one");
    assert_eq!(published.version, 2);
    assert_eq!(published.weights, json!({"intercept": 2.0}));
    let all = store.list_calibrations(org.id, job.id).await.expect("list");
    assert_eq!(
        all.iter()
            .map(|c| (c.version, c.status))
            .collect::<Vec<_>>(),
        vec![
            (2, CalibrationStatus::Published),
            (1, CalibrationStatus::Retired)
        ]
    );

    let other = new_org(store).await;
    assert_not_found(
        store
            .publish_calibration(other.id, job.id, 2, at(990))
            .await,
        "publish from another org",
    );
    assert_not_found(
        store
            .create_calibration(other.id, job.id, &json!({}), &json!({}), who, at(990))
            .await,
        "calibrate another org's job",
    );
    assert_not_found(
        store.publish_calibration(org.id, job.id, 9, at(990)).await,
        "unknown version",
    );
    assert!(store
        .list_calibrations(other.id, job.id)
        .await
        .expect("list")
        .is_empty());
}
