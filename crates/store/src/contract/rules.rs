//! Rule runs happen once per key and all of a piece; a proposal is settled once, and
//! confirming it rejects the application only from the stage it was made on.

use kaoguan_domain::{Position, RejectReason, Role, StageKey};
use serde_json::json;

use super::{at, invite, new_job, new_org, unique};
use crate::testing::TestDb;
use crate::{
    Effects, NewEvent, NewMessage, NewReview, NewUser, ReviewDecision, ReviewResult, ReviewStatus,
    RuleRun, RuleRunResult,
};

fn stage(s: &str) -> StageKey {
    StageKey::parse(s).expect("stage key")
}

fn run(key: &str, application: kaoguan_domain::ApplicationId) -> RuleRun {
    RuleRun {
        key: key.to_string(),
        application_id: application,
        trigger: "report_ready".into(),
        outcome: json!([{"rule": 1, "result": "acted"}]),
        movement: Some((
            Position::at(stage("ai_interview")),
            Position::at(stage("second_round")),
        )),
        review: None,
        messages: vec![NewMessage {
            recipient: "role:hr".into(),
            template: "rule_notice".into(),
            payload: json!({"rule": 1}),
        }],
        effects: Effects::none().event(NewEvent {
            kind: "stage.changed".into(),
            application_id: Some(application),
            payload: json!({"by": "rule"}),
        }),
    }
}

pub async fn a_rule_run_is_written_whole_and_once(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let (app, _) = invite(store, org.id, &job, 10).await;
    let key = format!("report_ready:{}", app.id);

    // With the outbox broken, nothing of the run stays: no move, no record, no event.
    db.break_inserts_into("outbox").await;
    assert!(store
        .record_rule_run(org.id, &run(&key, app.id), at(60))
        .await
        .is_err());
    db.heal("outbox").await;
    let now = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(now.stage.as_str(), "ai_interview");
    assert!(store
        .list_rule_runs(org.id, app.id)
        .await
        .expect("runs")
        .is_empty());
    assert!(store
        .list_messages(org.id, app.id)
        .await
        .expect("messages")
        .is_empty());
    assert!(store
        .list_events(org.id, 0, 10)
        .await
        .expect("events")
        .is_empty());

    assert_eq!(
        store
            .record_rule_run(org.id, &run(&key, app.id), at(61))
            .await
            .expect("run"),
        RuleRunResult::Done
    );
    assert_eq!(
        store
            .record_rule_run(org.id, &run(&key, app.id), at(62))
            .await
            .expect("again"),
        RuleRunResult::AlreadyRun
    );
    let now = store.get_application(org.id, app.id).await.expect("get");
    assert_eq!(now.stage.as_str(), "second_round");
    assert_eq!(
        store
            .list_rule_runs(org.id, app.id)
            .await
            .expect("runs")
            .len(),
        1
    );
    assert_eq!(
        store
            .list_messages(org.id, app.id)
            .await
            .expect("messages")
            .len(),
        1
    );
    assert_eq!(
        store
            .list_events(org.id, 0, 10)
            .await
            .expect("events")
            .len(),
        1
    );

    // A run decided on a stage the application has left changes nothing.
    let stale = run(&format!("other:{}", app.id), app.id);
    assert_eq!(
        store
            .record_rule_run(org.id, &stale, at(63))
            .await
            .expect("stale"),
        RuleRunResult::StageChanged
    );
    assert_eq!(
        store
            .list_rule_runs(org.id, app.id)
            .await
            .expect("runs")
            .len(),
        1
    );
}

pub async fn a_proposal_is_settled_once_and_only_on_its_stage(db: &TestDb) {
    let store: &dyn crate::Store = &db.store;
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let user = store
        .create_user(
            NewUser {
                org_id: org.id,
                email: format!("{}@example.com", unique("hr"))
                    .parse()
                    .expect("email"),
                display_name: "HR".into(),
                password_hash: "x".into(),
                role: Role::Hr,
                department: None,
            },
            at(1),
        )
        .await
        .expect("user");
    let mut proposals = Vec::new();
    for secs in [10, 11] {
        let (app, _) = invite(store, org.id, &job, secs).await;
        let mut proposal = run(&format!("report_ready:{}", app.id), app.id);
        proposal.movement = None;
        proposal.review = Some(NewReview {
            rule_name: Some("low".into()),
            rule_condition: "report.total < 30".into(),
            stage: stage("ai_interview"),
            facts: json!({"total": 12.5}),
        });
        assert_eq!(
            store
                .record_rule_run(org.id, &proposal, at(60))
                .await
                .expect("run"),
            RuleRunResult::Done
        );
        // A second proposal for the same application while one waits adds nothing.
        let mut second = proposal.clone();
        second.key = format!("stage_timeout:{}", app.id);
        store
            .record_rule_run(org.id, &second, at(61))
            .await
            .expect("second");
        proposals.push(app);
    }
    let pending = store
        .list_reviews(org.id, ReviewStatus::Pending, 50)
        .await
        .expect("reviews");
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].facts["total"], 12.5);
    let review_of = |app: &crate::Application| {
        pending
            .iter()
            .find(|r| r.application_id == app.id)
            .expect("its review")
            .id
            .clone()
    };
    let confirm = ReviewDecision {
        by: user.id,
        reject: Some(RejectReason::Skills),
        note: "no concrete actions".into(),
    };

    // Confirming rejects with the reason, in the same transaction as its events.
    let first = review_of(&proposals[0]);
    db.break_inserts_into("events").await;
    let event = Effects::none().event(NewEvent {
        kind: "review.decided".into(),
        application_id: Some(proposals[0].id),
        payload: json!({}),
    });
    assert!(store
        .decide_review(org.id, &first, &confirm, at(100), &event)
        .await
        .is_err());
    db.heal("events").await;
    let still = store
        .get_application(org.id, proposals[0].id)
        .await
        .expect("get");
    assert_eq!(still.stage.as_str(), "ai_interview", "rolled back whole");
    assert_eq!(
        store
            .decide_review(org.id, &first, &confirm, at(101), &event)
            .await
            .expect("decide"),
        ReviewResult::Decided
    );
    let rejected = store
        .get_application(org.id, proposals[0].id)
        .await
        .expect("get");
    assert_eq!(rejected.stage.as_str(), "rejected");
    assert_eq!(rejected.reject_reason, Some(RejectReason::Skills));
    assert_eq!(
        store
            .decide_review(org.id, &first, &confirm, at(102), &Effects::none())
            .await
            .expect("again"),
        ReviewResult::AlreadyDecided
    );
    let decided = store.get_review(org.id, &first).await.expect("review");
    assert_eq!(decided.status, ReviewStatus::Confirmed);
    assert_eq!(decided.decided_by, Some(user.id));

    // The second application moved meanwhile: confirming is refused, overriding works.
    let second = review_of(&proposals[1]);
    let moved = store
        .move_stage(
            org.id,
            proposals[1].id,
            &Position::at(stage("ai_interview")),
            &Position::at(stage("second_round")),
            None,
            at(110),
            &Effects::none(),
        )
        .await
        .expect("move");
    assert!(moved);
    assert_eq!(
        store
            .decide_review(org.id, &second, &confirm, at(111), &Effects::none())
            .await
            .expect("stale"),
        ReviewResult::StageChanged
    );
    assert_eq!(
        store.get_review(org.id, &second).await.expect("r").status,
        ReviewStatus::Pending
    );
    let keep = ReviewDecision {
        by: user.id,
        reject: None,
        note: "strong in person".into(),
    };
    assert_eq!(
        store
            .decide_review(org.id, &second, &keep, at(112), &Effects::none())
            .await
            .expect("override"),
        ReviewResult::Decided
    );
    let kept = store
        .get_application(org.id, proposals[1].id)
        .await
        .expect("get");
    assert_eq!(kept.stage.as_str(), "second_round");

    // Another organisation sees none of it.
    let other = new_org(store).await;
    assert!(store
        .list_reviews(other.id, ReviewStatus::Confirmed, 50)
        .await
        .expect("list")
        .is_empty());
    super::assert_not_found(
        store.get_review(other.id, &first).await,
        "another org's review",
    );
}
