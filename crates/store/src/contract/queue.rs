use std::collections::HashSet;

use serde_json::json;

use super::at;
use crate::{Store, StoreError};

pub async fn queue_enqueue_claim_complete(store: &dyn Store) {
    assert_eq!(store.pending_tasks().await.expect("pending"), 0);
    let later = store
        .enqueue("notify", &json!({"n": 2}), at(20))
        .await
        .expect("enqueue");
    let sooner = store
        .enqueue(
            "score",
            &json!({"application": "a1", "retry": [1, 2]}),
            at(10),
        )
        .await
        .expect("enqueue");
    assert_ne!(later, sooner);
    assert_eq!(store.pending_tasks().await.expect("pending"), 2);
    assert_eq!(
        store.claim_task(at(5), at(65)).await.expect("claim"),
        None,
        "nothing due yet"
    );

    let task = store
        .claim_task(at(30), at(90))
        .await
        .expect("claim")
        .expect("due task");
    assert_eq!(task.id, sooner, "oldest due first");
    assert_eq!(task.kind, "score");
    assert_eq!(task.payload, json!({"application": "a1", "retry": [1, 2]}));
    assert_eq!(task.attempts, 1);
    store.complete_task(&task.id).await.expect("complete");
    assert_eq!(store.pending_tasks().await.expect("pending"), 1);

    let task = store
        .claim_task(at(30), at(90))
        .await
        .expect("claim")
        .expect("due task");
    assert_eq!(task.id, later);
    assert_eq!(
        store.pending_tasks().await.expect("pending"),
        1,
        "running counts as pending"
    );
    store.complete_task(&task.id).await.expect("complete");
    assert_eq!(store.pending_tasks().await.expect("pending"), 0);
    assert_eq!(
        store
            .claim_task(at(10_000), at(10_060))
            .await
            .expect("claim"),
        None,
        "done stays done"
    );
    assert!(matches!(
        store.complete_task("no-such-task").await,
        Err(StoreError::NotFound)
    ));
}

pub async fn queue_fail_retries_then_dies(store: &dyn Store) {
    let id = store
        .enqueue("transcribe", &json!({}), at(0))
        .await
        .expect("enqueue");
    let task = store
        .claim_task(at(1), at(61))
        .await
        .expect("claim")
        .expect("due");
    store
        .fail_task(&task.id, "model not loaded", Some(at(120)))
        .await
        .expect("fail");
    assert_eq!(store.pending_tasks().await.expect("pending"), 1);
    assert_eq!(
        store.claim_task(at(100), at(160)).await.expect("claim"),
        None,
        "waits for retry_at"
    );

    let retry = store
        .claim_task(at(120), at(180))
        .await
        .expect("claim")
        .expect("retry due");
    assert_eq!((retry.id.as_str(), retry.attempts), (id.as_str(), 2));
    store
        .fail_task(&retry.id, "still broken", None)
        .await
        .expect("give up");
    assert_eq!(store.pending_tasks().await.expect("pending"), 0);
    assert_eq!(
        store
            .claim_task(at(10_000), at(10_060))
            .await
            .expect("claim"),
        None,
        "dead stays dead"
    );
    assert!(matches!(
        store.fail_task("no-such-task", "x", None).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn queue_lease_hides_task_until_expiry(store: &dyn Store) {
    let id = store
        .enqueue("score", &json!({"a": 1}), at(0))
        .await
        .expect("enqueue");
    let first = store
        .claim_task(at(1), at(61))
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(first.id, id);
    assert_eq!(
        store.claim_task(at(30), at(90)).await.expect("claim"),
        None,
        "leased"
    );
    assert_eq!(
        store.claim_task(at(61), at(121)).await.expect("claim"),
        None,
        "lease ends after 61"
    );

    // The first worker died: once its lease is over the task comes back.
    let second = store
        .claim_task(at(62), at(122))
        .await
        .expect("claim")
        .expect("lease expired");
    assert_eq!((second.id.as_str(), second.attempts), (id.as_str(), 2));
    assert_eq!(second.payload, json!({"a": 1}));
    assert_eq!(
        store.claim_task(at(63), at(123)).await.expect("claim"),
        None,
        "leased again"
    );
    store.complete_task(&second.id).await.expect("complete");
    assert_eq!(
        store.claim_task(at(500), at(560)).await.expect("claim"),
        None
    );
}

pub async fn queue_concurrent_claims_are_distinct(store: &dyn Store) {
    const TASKS: usize = 6;
    let mut enqueued = HashSet::new();
    for i in 0..TASKS {
        let id = store
            .enqueue("score", &json!({"i": i}), at(0))
            .await
            .expect("enqueue");
        enqueued.insert(id);
    }
    // Eight claims in flight at once on the pool's connections, more than there are
    // tasks: each task must go to exactly one claimer.
    let claim = || store.claim_task(at(10), at(70));
    let results = tokio::join!(
        claim(),
        claim(),
        claim(),
        claim(),
        claim(),
        claim(),
        claim(),
        claim()
    );
    let results = [
        results.0, results.1, results.2, results.3, results.4, results.5, results.6, results.7,
    ];
    let mut claimed = Vec::new();
    for result in results {
        if let Some(task) = result.expect("claim") {
            claimed.push(task.id);
        }
    }
    let concurrent = claimed.len();
    // SKIP LOCKED may send a claimer away empty-handed while rows are briefly locked;
    // whatever is left must still be claimable afterwards, once each.
    while let Some(task) = store.claim_task(at(10), at(70)).await.expect("claim") {
        claimed.push(task.id);
    }
    let distinct: HashSet<String> = claimed.iter().cloned().collect();
    assert_eq!(
        distinct.len(),
        claimed.len(),
        "a task was claimed twice: {claimed:?}"
    );
    assert_eq!(distinct, enqueued, "every task claimed exactly once");
    assert!(concurrent > 0, "the concurrent claims claimed nothing");
}
