use kaoguan_domain::{CompetencyModel, JobId, QuestionId};

use super::{assert_not_found, at, competency, invite, job_draft, new_job, new_org, question};
use crate::Store;

pub async fn job_round_trip(store: &dyn Store) {
    let org = new_org(store).await;
    let draft = job_draft("Store assistant 店员");
    let created = store
        .create_job(org.id, &draft, at(10))
        .await
        .expect("create job");
    assert_eq!(created.org_id, org.id);
    assert_eq!(created.title, "Store assistant 店员");
    assert_eq!(created.model_version, 1);
    assert_eq!(created.model, draft.model);
    assert_eq!(created.created_at, at(10));
    let positions: Vec<i64> = created.questions.iter().map(|q| q.position).collect();
    assert_eq!(positions, vec![0, 1, 2]);

    let fetched = store.get_job(org.id, created.id).await.expect("get job");
    assert_eq!(fetched, created);
    let texts: Vec<&str> = fetched.questions.iter().map(|q| q.text.as_str()).collect();
    let drafted: Vec<&str> = draft.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, drafted, "questions keep their order");
    let first = &fetched.questions[0];
    assert_eq!(first.modes, draft.questions[0].modes);
    assert_eq!(first.rubric, draft.questions[0].rubric);
    assert_eq!(first.competencies, draft.questions[0].competencies);
    assert_eq!((first.think_seconds, first.answer_seconds), (30, 120));
    assert_eq!(
        store
            .get_question(org.id, first.id)
            .await
            .expect("get question"),
        *first
    );

    store
        .update_job_details(
            org.id,
            created.id,
            "Senior assistant",
            "Flagship",
            "Lead the floor.",
            at(11),
        )
        .await
        .expect("update details");
    let updated = store.get_job(org.id, created.id).await.expect("get job");
    assert_eq!(
        (
            updated.title.as_str(),
            updated.department.as_str(),
            updated.description.as_str()
        ),
        ("Senior assistant", "Flagship", "Lead the floor.")
    );
    assert_not_found(store.get_job(org.id, JobId::new()).await, "unknown job");
}

pub async fn job_is_invisible_to_other_orgs(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    let q = job.questions[0].id;
    let draft = question("Sneaky?", &["service"]);
    let model = CompetencyModel::parse(vec![competency("service", 1.0)]).expect("model");

    assert_not_found(store.get_job(intruder, job.id).await, "get_job");
    assert_not_found(
        store
            .update_job_details(intruder, job.id, "x", "y", "z", at(11))
            .await,
        "update_job_details",
    );
    assert_not_found(
        store
            .save_competency_model(intruder, job.id, &model, at(11))
            .await,
        "save model",
    );
    assert_not_found(
        store.add_question(intruder, job.id, &draft, at(11)).await,
        "add_question",
    );
    assert_not_found(
        store
            .update_question(intruder, job.id, q, &draft, at(11))
            .await,
        "update_question",
    );
    assert_not_found(
        store.archive_question(intruder, job.id, q, at(11)).await,
        "archive_question",
    );
    assert_not_found(store.get_question(intruder, q).await, "get_question");
    assert!(store.list_jobs(intruder).await.expect("list").is_empty());

    // Nothing above changed the owner's job.
    assert_eq!(store.get_job(org.id, job.id).await.expect("get job"), job);
}

pub async fn list_jobs_counts_active_questions_and_applications(store: &dyn Store) {
    let org = new_org(store).await;
    let older = store
        .create_job(org.id, &job_draft("Cashier"), at(10))
        .await
        .expect("create job");
    let newer = store
        .create_job(org.id, &job_draft("Stocker"), at(20))
        .await
        .expect("create job");
    store
        .archive_question(org.id, older.id, older.questions[1].id, at(30))
        .await
        .expect("archive");
    invite(store, org.id, &older, 40).await;
    invite(store, org.id, &older, 41).await;
    let other = new_org(store).await;
    new_job(store, other.id).await;

    let jobs = store.list_jobs(org.id).await.expect("list jobs");
    let ids: Vec<JobId> = jobs.iter().map(|j| j.id).collect();
    assert_eq!(ids, vec![newer.id, older.id], "newest first, own org only");
    assert_eq!((jobs[0].question_count, jobs[0].application_count), (3, 0));
    assert_eq!((jobs[1].question_count, jobs[1].application_count), (2, 2));
    assert_eq!(jobs[1].title, "Cashier");
    assert_eq!(jobs[1].created_at, at(10));
}

pub async fn competency_model_versions(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let v2 = CompetencyModel::parse(vec![
        competency("communication", 1.0),
        competency("service", 3.0),
    ])
    .expect("model");
    let v3 = CompetencyModel::parse(vec![competency("service", 1.0)]).expect("model");
    assert_eq!(
        store
            .save_competency_model(org.id, job.id, &v2, at(20))
            .await
            .expect("save"),
        2
    );
    let fetched = store.get_job(org.id, job.id).await.expect("get job");
    assert_eq!((fetched.model_version, &fetched.model), (2, &v2));
    assert_eq!(
        store
            .save_competency_model(org.id, job.id, &v3, at(30))
            .await
            .expect("save"),
        3
    );
    let fetched = store.get_job(org.id, job.id).await.expect("get job");
    assert_eq!((fetched.model_version, &fetched.model), (3, &v3));
    assert_eq!(fetched.questions, job.questions, "questions are untouched");
    assert_not_found(
        store
            .save_competency_model(org.id, JobId::new(), &v3, at(40))
            .await,
        "unknown job",
    );
}

pub async fn questions_add_update_archive(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let added = store
        .add_question(
            org.id,
            job.id,
            &question("Why retail?", &["service"]),
            at(20),
        )
        .await
        .expect("add question");
    assert_eq!(
        (added.position, added.job_id, added.text.as_str()),
        (3, job.id, "Why retail?")
    );

    // Archived questions leave interviews but keep their position and stay readable.
    let archived = job.questions[2].id;
    store
        .archive_question(org.id, job.id, archived, at(21))
        .await
        .expect("archive");
    store
        .archive_question(org.id, job.id, archived, at(22))
        .await
        .expect("archive twice");
    let after = store.get_job(org.id, job.id).await.expect("get job");
    let ids: Vec<QuestionId> = after.questions.iter().map(|q| q.id).collect();
    assert_eq!(
        ids,
        vec![job.questions[0].id, job.questions[1].id, added.id]
    );
    assert_eq!(
        store
            .get_question(org.id, archived)
            .await
            .expect("get archived"),
        job.questions[2]
    );
    let next = store
        .add_question(
            org.id,
            job.id,
            &question("Weekend shifts?", &["service"]),
            at(23),
        )
        .await
        .expect("add question");
    assert_eq!(
        next.position, 4,
        "appends after every question, archived ones included"
    );

    let revised = question("Why retail, and why us?", &["communication", "service"]);
    let updated = store
        .update_question(org.id, job.id, added.id, &revised, at(24))
        .await
        .expect("update question");
    assert_eq!((updated.id, updated.position), (added.id, 3));
    assert_eq!(updated.text, revised.text);
    assert_eq!(updated.competencies, revised.competencies);
    assert_eq!(
        store.get_question(org.id, added.id).await.expect("get"),
        updated
    );

    let other_job = new_job(store, org.id).await;
    assert_not_found(
        store
            .update_question(org.id, other_job.id, added.id, &revised, at(25))
            .await,
        "question of another job",
    );
    assert_not_found(
        store
            .archive_question(org.id, job.id, QuestionId::new(), at(25))
            .await,
        "unknown",
    );
    assert_not_found(
        store
            .add_question(org.id, JobId::new(), &revised, at(25))
            .await,
        "unknown job",
    );
}

pub async fn face_detection_is_opt_in_per_job(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    assert!(!job.face_detection, "off for a new job");
    assert!(
        !store
            .get_job(org.id, job.id)
            .await
            .expect("get")
            .face_detection
    );

    store
        .set_face_detection(org.id, job.id, true, at(20))
        .await
        .expect("turn on");
    assert!(
        store
            .get_job(org.id, job.id)
            .await
            .expect("get")
            .face_detection
    );
    assert_not_found(
        store
            .set_face_detection(intruder, job.id, false, at(30))
            .await,
        "another org switching it off",
    );
    assert!(
        store
            .get_job(org.id, job.id)
            .await
            .expect("get")
            .face_detection,
        "the other org's attempt changed nothing"
    );
    store
        .set_face_detection(org.id, job.id, false, at(40))
        .await
        .expect("turn off");
    assert!(
        !store
            .get_job(org.id, job.id)
            .await
            .expect("get")
            .face_detection
    );
}

pub async fn band_thresholds_are_per_job_and_restorable(store: &dyn Store) {
    let org = new_org(store).await;
    let intruder = new_org(store).await.id;
    let job = new_job(store, org.id).await;
    let other = new_job(store, org.id).await;
    assert_eq!(job.band_thresholds, None, "a new job uses the defaults");
    let strict = kaoguan_domain::BandThresholds::new(88.5, 72.0, 55.0).expect("valid");
    store
        .set_band_thresholds(org.id, job.id, Some(strict), at(20))
        .await
        .expect("set");
    let read = |id| async move {
        store
            .get_job(org.id, id)
            .await
            .expect("get")
            .band_thresholds
    };
    assert_eq!(read(job.id).await, Some(strict), "read back exactly");
    assert_eq!(read(other.id).await, None, "another job is unchanged");
    assert_not_found(
        store
            .set_band_thresholds(intruder, job.id, None, at(30))
            .await,
        "another org resetting them",
    );
    assert_eq!(
        read(job.id).await,
        Some(strict),
        "the other org changed nothing"
    );
    store
        .set_band_thresholds(org.id, job.id, None, at(40))
        .await
        .expect("restore the defaults");
    assert_eq!(read(job.id).await, None);
}
