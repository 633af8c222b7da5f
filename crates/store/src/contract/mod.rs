//! The behaviour every [`Store`] must show, written once and run against each backend.
//!
//! Each function takes a store of its own (a fresh database): the queue functions in
//! particular assume no other tasks exist. Organisation names carry a random suffix, so
//! the org-scoped functions also tolerate a shared database. [`contract_tests!`] turns the
//! whole list into one `#[tokio::test]` per behaviour, so a failure names what broke.
//!
//! [`contract_tests!`]: crate::contract_tests

mod applications;
mod assignments;
mod comments;
mod imports;
mod intake;
mod integrity;
mod jobs;
mod media;
mod media_answers;
mod queue;
mod ratings;
mod reports;
mod rules;
mod slots;
mod unit_of_work;
mod users;

pub use applications::*;
pub use assignments::*;
pub use comments::*;
pub use imports::*;
pub use intake::*;
pub use integrity::*;
pub use jobs::*;
pub use media::*;
pub use media_answers::*;
pub use queue::*;
pub use ratings::*;
pub use reports::*;
pub use rules::*;
pub use slots::*;
pub use unit_of_work::*;
pub use users::*;

use std::fmt::Debug;

use chrono::{DateTime, Duration, Utc};
use kaoguan_domain::{
    AnswerMode, Competency, CompetencyModel, JobDraft, Language, OrgId, QuestionDraft,
    QuestionKind, Rubric, SecretDigest,
};

use crate::{Application, Job, NewCandidate, Organisation, Store, StoreError, StoreResult};

/// Generates one `#[tokio::test]` per contract function. `$setup` is an async fn returning
/// `Option<D>` where `D` has a `store` field implementing [`Store`]; `None` skips the test
/// (say why before returning it). The calling crate needs `tokio` (with `macros` and
/// `rt-multi-thread`) among its dev-dependencies.
#[macro_export]
macro_rules! contract_tests {
    ($setup:path) => {
        $crate::contract_tests!(@each $setup;
            org_create_get_find,
            user_create_and_credentials,
            user_email_is_unique_case_insensitively,
            sessions_honour_expiry_and_delete,
            api_tokens_identify_their_user,
            job_round_trip,
            job_is_invisible_to_other_orgs,
            face_detection_is_opt_in_per_job,
            band_thresholds_are_per_job_and_restorable,
            list_jobs_counts_active_questions_and_applications,
            competency_model_versions,
            questions_add_update_archive,
            application_create_find_list,
            consent_accept_is_recorded_once,
            consent_refusal_is_recorded_once,
            present_question_keeps_first_clock,
            answer_is_recorded_once,
            mark_missed_only_affects_presented_slots,
            finish_only_from_in_progress,
            stage_moves_only_from_the_stage_seen,
            one_person_applies_to_a_job_once,
            a_job_keeps_its_own_pipeline,
            application_is_invisible_to_other_orgs,
            report_round_trip_marks_scored,
            report_is_invisible_to_other_orgs,
            queue_enqueue_claim_complete,
            queue_fail_retries_then_dies,
            queue_lease_hides_task_until_expiry,
            queue_concurrent_claims_are_distinct,
            ratings_upsert_and_stay_in_their_org,
            calibrations_version_and_publish_one_at_a_time,
            uploads_grow_as_a_prefix_within_their_limit,
            concurrent_appends_at_one_offset_store_once,
            media_answer_is_recorded_once_with_its_transcript,
            media_is_invisible_to_other_orgs,
            abandoned_uploads_are_found_and_discarded_once,
            open_uploads_of_a_question_are_listed_in_their_org,
            integrity_latest_report_replaces_earlier,
            integrity_is_invisible_to_other_orgs,
            assignments_are_made_once_and_stay_in_their_org,
        );
        $crate::contract_tests!(@database $setup;
            finishing_and_its_work_commit_together,
            a_report_and_its_work_commit_together,
            a_recorded_answer_and_its_transcription_commit_together,
            events_are_read_in_order_within_their_org,
            a_rule_run_is_written_whole_and_once,
            a_proposal_is_settled_once_and_only_on_its_stage,
            a_report_s_band_follows_its_job_s_thresholds,
            a_comment_and_its_mentions_commit_together,
            an_intake_commits_whole_and_one_person_stays_one_candidate,
            an_import_commits_whole_and_once,
        );
    };
    // Tests that need the database itself (to inject faults), not only its store.
    (@database $setup:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(db) = $setup().await else { return };
                $crate::contract::$name(&db).await;
            }
        )*
    };
    (@each $setup:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(db) = $setup().await else { return };
                $crate::contract::$name(&db.store).await;
            }
        )*
    };
}

/// A fixed instant plus `secs`: the suite never depends on the wall clock.
pub(crate) fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_750_000_000_000).expect("valid base time")
        + Duration::seconds(secs)
}

pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

pub(crate) fn assert_not_found<T: Debug>(result: StoreResult<T>, what: &str) {
    match result {
        Err(StoreError::NotFound) => {}
        other => panic!("{what}: expected NotFound, got {other:?}"),
    }
}

pub(crate) async fn new_org(store: &dyn Store) -> Organisation {
    store
        .create_org(&unique("org"), "Asia/Shanghai", at(0))
        .await
        .expect("create org")
}

pub(crate) fn competency(key: &str, weight: f64) -> Competency {
    Competency {
        key: key.parse().expect("valid key"),
        name: key.to_uppercase(),
        weight,
        indicators: vec![format!("shows {key}")],
    }
}

pub(crate) fn question(text: &str, keys: &[&str]) -> QuestionDraft {
    QuestionDraft::parse(
        QuestionKind::Behavioral,
        text,
        keys.iter().map(|k| k.parse().expect("valid key")).collect(),
        30,
        120,
        vec![AnswerMode::Text, AnswerMode::Audio],
        Rubric {
            key_points: vec![format!("{text}: point")],
            red_flags: vec!["blames others".into()],
            exemplars: vec![],
        },
    )
    .expect("valid question")
}

/// A valid two-dimension, three-question job (also used by the candidate-list benchmark).
pub fn job_draft(title: &str) -> JobDraft {
    let model = CompetencyModel::parse(vec![
        competency("communication", 40.0),
        competency("service", 60.0),
    ])
    .expect("valid model");
    JobDraft::parse(
        title,
        "Stores",
        Language::Zh,
        "Front-line customer service.",
        model,
        vec![
            question("Tell us about a difficult customer.", &["service"]),
            question(
                "Explain a policy to a confused customer.",
                &["communication"],
            ),
            question(
                "Describe a time you helped a colleague.",
                &["communication", "service"],
            ),
        ],
    )
    .expect("valid job")
}

pub(crate) async fn new_job(store: &dyn Store, org: OrgId) -> Job {
    store
        .create_job(org, &job_draft("Store assistant"), at(10))
        .await
        .expect("create job")
}

/// A candidate with contact details of their own: a job takes one application per
/// person (email or phone), so every call is another person.
pub(crate) fn candidate(name: &str) -> NewCandidate {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    NewCandidate {
        name: name.parse().expect("valid name"),
        email: Some(
            format!("{}@example.com", unique("candidate"))
                .parse()
                .expect("valid email"),
        ),
        phone: Some(
            format!("+86 139-{:04}-{:04}", (n / 10_000) % 10_000, n % 10_000)
                .parse()
                .expect("valid phone"),
        ),
    }
}

pub(crate) async fn invite(
    store: &dyn Store,
    org: OrgId,
    job: &Job,
    secs: i64,
) -> (Application, SecretDigest) {
    let token = SecretDigest::of(&unique("token"));
    let app = store
        .create_application(
            org,
            job.id,
            &crate::NewApplication {
                candidate: &candidate("王小明"),
                stage: &kaoguan_domain::StageKey::parse(kaoguan_domain::stage::AI_INTERVIEW)
                    .unwrap(),
                token: &token,
            },
            at(secs),
            &crate::Effects::none(),
        )
        .await
        .expect("create application");
    (app, token)
}

/// An application that has accepted consent, so it takes answers.
pub(crate) async fn started(store: &dyn Store, org: OrgId, job: &Job) -> Application {
    let (app, _) = invite(store, org, job, 20).await;
    assert!(store
        .record_consent(org, app.id, true, "v1", at(30))
        .await
        .expect("consent"));
    app
}
