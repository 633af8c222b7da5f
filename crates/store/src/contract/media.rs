//! Upload sessions of recorded answers: a byte prefix within its limit, concurrent appends,
//! and the sweep of abandoned ones. (The answers they become: [`super::media_answers`].)

use kaoguan_domain::{AnswerMode, OrgId, QuestionId, UploadId};

use super::{assert_not_found, at, new_job, new_org, started};
use crate::{
    AppendOutcome, Application, NewMediaAnswer, NewUpload, Store, Upload, UploadChunk, UploadState,
};

pub(crate) fn new_upload(app: &Application, question: QuestionId, max_bytes: i64) -> NewUpload {
    NewUpload {
        id: UploadId::new(),
        application_id: app.id,
        question_id: question,
        kind: AnswerMode::Audio,
        content_type: "audio/webm;codecs=opus".into(),
        max_bytes,
    }
}

pub(crate) fn chunk(upload: UploadId, offset: i64, length: i64, tag: &str) -> UploadChunk {
    UploadChunk {
        upload_id: upload,
        offset,
        length,
        sha256: format!("{tag:0>64}"),
        object_key: format!("staging/{upload}/{offset}-{tag}"),
        created_at: at(70),
    }
}

pub(crate) fn media_answer(upload: &Upload) -> NewMediaAnswer {
    NewMediaAnswer {
        application_id: upload.application_id,
        question_id: upload.question_id,
        upload_id: upload.id,
        kind: upload.kind,
        content_type: upload.content_type.clone(),
        size_bytes: upload.received,
        sha256: "ab".repeat(32),
        object_key: format!("answers/{}", upload.id),
    }
}

/// An application with its first question presented, and an open upload for it.
pub(crate) async fn open_upload(
    store: &dyn Store,
    org: OrgId,
    max_bytes: i64,
) -> (Application, Upload) {
    let job = new_job(store, org).await;
    let app = started(store, org, &job).await;
    let q = job.questions[0].id;
    store
        .present_question(org, app.id, q, at(40), at(190))
        .await
        .expect("present");
    let upload = store
        .create_upload(org, &new_upload(&app, q, max_bytes), at(50))
        .await
        .expect("create upload");
    (app, upload)
}

pub(crate) fn appended(outcome: AppendOutcome) -> Upload {
    match outcome {
        AppendOutcome::Appended(u) => u,
        other => panic!("expected Appended, got {other:?}"),
    }
}

pub(crate) fn rejected(outcome: AppendOutcome) -> Upload {
    match outcome {
        AppendOutcome::Rejected(u) => u,
        other => panic!("expected Rejected, got {other:?}"),
    }
}

pub async fn uploads_grow_as_a_prefix_within_their_limit(store: &dyn Store) {
    let org = new_org(store).await;
    let (app, upload) = open_upload(store, org.id, 100).await;
    assert_eq!((upload.org_id, upload.application_id), (org.id, app.id));
    assert_eq!(upload.kind, AnswerMode::Audio);
    assert_eq!(upload.content_type, "audio/webm;codecs=opus");
    assert_eq!((upload.received, upload.max_bytes), (0, 100));
    assert_eq!(upload.state, UploadState::Open);
    assert_eq!(
        (upload.created_at, upload.updated_at, upload.completed_at),
        (at(50), at(50), None)
    );
    assert_eq!(
        store
            .get_upload(org.id, app.id, upload.id)
            .await
            .expect("get"),
        upload
    );
    assert!(store
        .list_upload_chunks(org.id, upload.id)
        .await
        .expect("chunks")
        .is_empty());

    let first = appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 0, 40, "a"), at(60))
            .await
            .expect("append"),
    );
    assert_eq!((first.received, first.updated_at), (40, at(60)));
    // A retry of the same offset, a gap and an overlap store nothing.
    for (offset, len) in [(0, 40), (50, 10), (30, 20)] {
        let stale = rejected(
            store
                .append_chunk(org.id, &chunk(upload.id, offset, len, "b"), at(61))
                .await
                .expect("append"),
        );
        assert_eq!(stale.received, 40, "chunk at {offset}");
    }
    appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 40, 60, "c"), at(62))
            .await
            .expect("append"),
    );
    // Exactly at the limit is fine; one byte past it is not.
    let full = rejected(
        store
            .append_chunk(org.id, &chunk(upload.id, 100, 1, "d"), at(63))
            .await
            .expect("append"),
    );
    assert_eq!(full.received, 100);
    let chunks = store
        .list_upload_chunks(org.id, upload.id)
        .await
        .expect("chunks");
    assert_eq!(
        chunks,
        vec![chunk(upload.id, 0, 40, "a"), chunk(upload.id, 40, 60, "c")]
            .into_iter()
            .map(|c| UploadChunk {
                created_at: if c.offset == 0 { at(60) } else { at(62) },
                ..c
            })
            .collect::<Vec<_>>()
    );

    // Uploads open only for a presented question of the application.
    let unpresented = app_question_not_presented(store, org.id).await;
    assert_not_found(
        store.create_upload(org.id, &unpresented, at(50)).await,
        "upload for a question not presented",
    );
    let (other_app, _) = open_upload(store, org.id, 100).await;
    assert_not_found(
        store.get_upload(org.id, other_app.id, upload.id).await,
        "upload through another application",
    );
    assert_not_found(
        store.get_upload(org.id, app.id, UploadId::new()).await,
        "unknown upload",
    );
    assert_not_found(
        store.list_upload_chunks(org.id, UploadId::new()).await,
        "chunks of unknown upload",
    );
}

async fn app_question_not_presented(store: &dyn Store, org: OrgId) -> NewUpload {
    let job = new_job(store, org).await;
    let app = started(store, org, &job).await;
    new_upload(&app, job.questions[1].id, 100)
}

pub async fn concurrent_appends_at_one_offset_store_once(store: &dyn Store) {
    let org = new_org(store).await;
    let (_, upload) = open_upload(store, org.id, 1000).await;
    let [ca, cb, cc] = ["a", "b", "c"].map(|tag| chunk(upload.id, 0, 10, tag));
    let (a, b, c) = tokio::join!(
        store.append_chunk(org.id, &ca, at(60)),
        store.append_chunk(org.id, &cb, at(60)),
        store.append_chunk(org.id, &cc, at(60)),
    );
    let outcomes = [a.expect("a"), b.expect("b"), c.expect("c")];
    let won = outcomes
        .iter()
        .filter(|o| matches!(o, AppendOutcome::Appended(_)))
        .count();
    assert_eq!(won, 1, "{outcomes:?}");
    let chunks = store
        .list_upload_chunks(org.id, upload.id)
        .await
        .expect("chunks");
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].length, 10);
}

/// The sweeper's view: open uploads whose slot can no longer take them, in any
/// organisation, discarded with their chunk records exactly once.
pub async fn abandoned_uploads_are_found_and_discarded_once(store: &dyn Store) {
    let org = new_org(store).await;
    // Deadline at(190): not abandoned before it, abandoned after.
    let (app, upload) = open_upload(store, org.id, 100).await;
    appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 0, 40, "a"), at(60))
            .await
            .expect("append"),
    );
    let listed = |uploads: Vec<Upload>| uploads.iter().any(|u| u.id == upload.id);
    let early = store
        .list_abandoned_uploads(at(189), 100_000)
        .await
        .expect("list");
    assert!(!listed(early), "listed before its deadline");
    let late = store
        .list_abandoned_uploads(at(191), 100_000)
        .await
        .expect("list");
    let found = late
        .iter()
        .find(|u| u.id == upload.id)
        .expect("listed after");
    assert_eq!((found.org_id, found.received), (org.id, 40));

    // Another organisation cannot discard it.
    let other = new_org(store).await;
    assert_eq!(
        store
            .discard_upload(other.id, upload.id)
            .await
            .expect("discard"),
        None
    );
    let keys = store
        .discard_upload(org.id, upload.id)
        .await
        .expect("discard")
        .expect("it was open");
    assert_eq!(keys, vec![chunk(upload.id, 0, 40, "a").object_key]);
    assert_not_found(
        store.get_upload(org.id, app.id, upload.id).await,
        "discarded upload",
    );
    assert_eq!(
        store
            .discard_upload(org.id, upload.id)
            .await
            .expect("again"),
        None
    );
    assert!(!listed(
        store
            .list_abandoned_uploads(at(191), 100_000)
            .await
            .expect("list")
    ));

    // A slot answered some other way abandons its open upload at once; a completed
    // upload is never abandoned.
    let (app2, open) = open_upload(store, org.id, 100).await;
    let (app3, done) = open_upload(store, org.id, 100).await;
    assert!(store
        .record_answer(org.id, app2.id, open.question_id, "typed instead", at(70))
        .await
        .expect("text answer"));
    appended(
        store
            .append_chunk(org.id, &chunk(done.id, 0, 10, "c"), at(60))
            .await
            .expect("append"),
    );
    let done = store
        .get_upload(org.id, app3.id, done.id)
        .await
        .expect("get");
    assert!(store
        .record_media_answer(
            org.id,
            &media_answer(&done),
            at(80),
            &crate::Effects::none()
        )
        .await
        .expect("record"));
    let now = store
        .list_abandoned_uploads(at(100), 100_000)
        .await
        .expect("list");
    assert!(
        now.iter().any(|u| u.id == open.id),
        "answered slot's upload"
    );
    assert!(!now.iter().any(|u| u.id == done.id), "completed upload");
    assert_eq!(
        store
            .discard_upload(org.id, done.id)
            .await
            .expect("discard"),
        None
    );
}

/// A question's open uploads with bytes, for salvaging a recording the browser never
/// completed; empty ones, completed ones and other organisations' are not listed.
pub async fn open_uploads_of_a_question_are_listed_in_their_org(store: &dyn Store) {
    let org = new_org(store).await;
    let (app, upload) = open_upload(store, org.id, 100).await;
    let q = upload.question_id;
    let ids = |uploads: Vec<Upload>| uploads.iter().map(|u| u.id).collect::<Vec<_>>();
    let listed = store
        .list_open_uploads(org.id, app.id, q)
        .await
        .expect("list");
    assert!(listed.is_empty(), "an upload without bytes is not listed");

    appended(
        store
            .append_chunk(org.id, &chunk(upload.id, 0, 40, "a"), at(60))
            .await
            .expect("append"),
    );
    let second = store
        .create_upload(org.id, &new_upload(&app, q, 100), at(61))
        .await
        .expect("second upload");
    let second = appended(
        store
            .append_chunk(org.id, &chunk(second.id, 0, 70, "b"), at(62))
            .await
            .expect("append"),
    );
    let listed = store
        .list_open_uploads(org.id, app.id, q)
        .await
        .expect("list");
    assert_eq!(
        ids(listed.clone()),
        vec![second.id, upload.id],
        "most bytes first"
    );
    assert_eq!(listed[0].received, 70);

    let other = new_org(store).await;
    assert!(store
        .list_open_uploads(other.id, app.id, q)
        .await
        .expect("list")
        .is_empty());

    // Completed: no longer open.
    let recorded = store
        .record_media_answer(
            org.id,
            &media_answer(&second),
            at(63),
            &crate::Effects::none(),
        )
        .await
        .expect("record");
    assert!(recorded);
    let listed = store
        .list_open_uploads(org.id, app.id, q)
        .await
        .expect("list");
    assert_eq!(ids(listed), vec![upload.id]);
}
