//! Answer slots: the clock on each question and the once-only answer.

use kaoguan_domain::{ApplicationId, QuestionId};

use super::{assert_not_found, at, invite, new_job, new_org, started};
use crate::{SlotState, Store};

pub async fn present_question_keeps_first_clock(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let [q0, q1, q2] = [0, 1, 2].map(|i| job.questions[i].id);

    let slot = store
        .present_question(org.id, app.id, q0, at(40), at(190))
        .await
        .expect("present");
    assert_eq!((slot.application_id, slot.question_id), (app.id, q0));
    assert_eq!(slot.state, SlotState::Presented);
    assert_eq!((slot.presented_at, slot.deadline_at), (at(40), at(190)));
    assert_eq!((slot.answered_at, slot.text.as_deref()), (None, None));

    // A reload presents the question again; the clock must not restart.
    let again = store
        .present_question(org.id, app.id, q0, at(100), at(250))
        .await
        .expect("present again");
    assert_eq!(again, slot);

    store
        .present_question(org.id, app.id, q1, at(50), at(200))
        .await
        .expect("present");
    store
        .present_question(org.id, app.id, q2, at(45), at(195))
        .await
        .expect("present");
    let order: Vec<QuestionId> = store
        .list_slots(org.id, app.id)
        .await
        .expect("slots")
        .iter()
        .map(|s| s.question_id)
        .collect();
    assert_eq!(order, vec![q0, q2, q1], "ordered by presented_at");

    let foreign = new_job(store, org.id).await.questions[0].id;
    assert_not_found(
        store
            .present_question(org.id, app.id, foreign, at(60), at(90))
            .await,
        "question of another job",
    );
    assert_not_found(
        store
            .present_question(org.id, app.id, QuestionId::new(), at(60), at(90))
            .await,
        "unknown question",
    );
    let (fresh, _) = invite(store, org.id, &job, 21).await;
    assert!(store
        .list_slots(org.id, fresh.id)
        .await
        .expect("slots")
        .is_empty());
}

pub async fn answer_is_recorded_once(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let (q0, q1) = (job.questions[0].id, job.questions[1].id);
    store
        .present_question(org.id, app.id, q0, at(40), at(190))
        .await
        .expect("present");

    let text = "我先倾听顾客的诉求，然后……";
    assert!(store
        .record_answer(org.id, app.id, q0, text, at(60))
        .await
        .expect("answer"));
    assert!(!store
        .record_answer(org.id, app.id, q0, "changed", at(61))
        .await
        .expect("again"));
    let slots = store.list_slots(org.id, app.id).await.expect("slots");
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].state, SlotState::Answered);
    assert_eq!(
        (slots[0].text.as_deref(), slots[0].answered_at),
        (Some(text), Some(at(60)))
    );
    assert_eq!(slots[0].presented_at, at(40));

    assert!(
        !store
            .record_answer(org.id, app.id, q1, "unasked", at(62))
            .await
            .expect("answer"),
        "a question never presented takes no answer"
    );
    assert_not_found(
        store
            .record_answer(org.id, ApplicationId::new(), q0, "x", at(63))
            .await,
        "answer for unknown application",
    );
}

pub async fn mark_missed_only_affects_presented_slots(store: &dyn Store) {
    let org = new_org(store).await;
    let job = new_job(store, org.id).await;
    let app = started(store, org.id, &job).await;
    let (q0, q1) = (job.questions[0].id, job.questions[1].id);
    store
        .present_question(org.id, app.id, q0, at(40), at(190))
        .await
        .expect("present");
    store
        .present_question(org.id, app.id, q1, at(41), at(191))
        .await
        .expect("present");
    assert!(store
        .record_answer(org.id, app.id, q0, "on time", at(60))
        .await
        .expect("answer"));

    store
        .mark_missed(org.id, app.id, q0, at(200))
        .await
        .expect("missed (no effect)");
    store
        .mark_missed(org.id, app.id, q1, at(200))
        .await
        .expect("missed");
    let slots = store.list_slots(org.id, app.id).await.expect("slots");
    assert_eq!(
        (slots[0].question_id, slots[0].state),
        (q0, SlotState::Answered)
    );
    assert_eq!(slots[0].text.as_deref(), Some("on time"));
    assert_eq!(
        (slots[1].question_id, slots[1].state),
        (q1, SlotState::Missed)
    );
    assert!(
        !store
            .record_answer(org.id, app.id, q1, "too late", at(201))
            .await
            .expect("late"),
        "a missed slot takes no answer"
    );
    assert_not_found(
        store
            .mark_missed(org.id, ApplicationId::new(), q1, at(202))
            .await,
        "unknown application",
    );
}
