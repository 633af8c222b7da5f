//! An import commits every row, its events and the import's own result in one
//! transaction, once; a failure part-way writes nothing; a committed import keeps no
//! candidate details; previews nobody committed are purged.

use kaoguan_domain::{ApplicationId, InterviewToken, StageKey};

use super::{assert_not_found, at, candidate, new_job, new_org};
use crate::{Effects, ImportRow, NewCandidate, NewImport, NewIntake, NewResume, Store, StoreError};

pub async fn an_import_commits_whole_and_once(db: &crate::testing::TestDb) {
    let store: &dyn Store = &db.store;
    let org = new_org(store).await;
    let other = new_org(store).await;
    let job = new_job(store, org.id).await;
    let hr = super::users::user(store, org.id).await;
    let people: Vec<NewCandidate> = ["王芳", "李雷", "韩梅梅"].map(candidate).into();
    let stage: StageKey = "screening".parse().expect("stage");
    let tokens: Vec<_> = (0..3)
        .map(|_| InterviewToken::generate().digest())
        .collect();
    let resume = NewResume {
        file_name: String::new(),
        format: "fields".into(),
        size_bytes: 0,
        sha256: String::new(),
        text: String::new(),
        parsed: serde_json::json!({"education_level": {"value": "bachelor"}}),
    };
    let screening = serde_json::json!({"passed": true, "score": 100.0, "reasons": []});
    let effects = Effects::none().event(crate::NewEvent {
        kind: "application.created".into(),
        application_id: None,
        payload: serde_json::json!({}),
    });
    let ids: Vec<ApplicationId> = (0..3).map(|_| ApplicationId::new()).collect();
    let rows: Vec<ImportRow<'_>> = (0..3)
        .map(|i| ImportRow {
            row: i as u32 + 2,
            intake: NewIntake {
                id: ids[i],
                candidate: &people[i],
                stage: &stage,
                token: &tokens[i],
                source: "import",
                resume: Some(&resume),
                screening: &screening,
            },
            effects: effects.clone(),
        })
        .collect();
    let preview = serde_json::json!({"rows": [{"row": 2, "name": "王芳"}]});
    let cleared = serde_json::json!({"rows": [{"row": 2}]});
    store
        .save_import(
            org.id,
            &NewImport {
                id: "import-1",
                job: job.id,
                created_by: hr.id,
                file_name: "名单.xlsx",
                preview: &preview,
            },
            at(30),
        )
        .await
        .expect("save");
    assert_not_found(
        store.get_import(other.id, "import-1").await,
        "another org's import",
    );
    let kept = store.get_import(org.id, "import-1").await.expect("get");
    assert_eq!((kept.job_id, kept.created_by), (job.id, hr.id));
    assert_eq!(kept.file_name, "名单.xlsx");
    assert_eq!(kept.preview, preview);
    assert_eq!((kept.committed_at, kept.result), (None, None));

    let emails: Vec<String> = people
        .iter()
        .map(|p| p.email.as_ref().expect("email").match_key())
        .collect();
    let phones: Vec<String> = people
        .iter()
        .map(|p| p.phone.as_ref().expect("phone").match_key())
        .collect();
    let known = store
        .known_contacts(org.id, job.id, &emails, &phones)
        .await
        .expect("known");
    assert!(known.org_emails.is_empty() && known.job_phones.is_empty());

    // The third row's resume cannot be written: nothing of the import is.
    db.break_inserts_into("resumes").await;
    assert!(store
        .commit_import(org.id, "import-1", &rows, &cleared, at(31))
        .await
        .is_err());
    db.heal("resumes").await;
    assert!(store
        .list_applications(org.id, job.id)
        .await
        .expect("list")
        .is_empty());
    let after_failure = store.get_import(org.id, "import-1").await.expect("get");
    assert_eq!(after_failure.committed_at, None);
    assert_eq!(after_failure.preview, preview);

    assert_not_found(
        store
            .commit_import(other.id, "import-1", &rows, &cleared, at(32))
            .await,
        "committing another org's import",
    );
    let done = store
        .commit_import(org.id, "import-1", &rows, &cleared, at(33))
        .await
        .expect("commit");
    assert_eq!(
        done.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![2, 3, 4]
    );
    assert!(done.iter().all(|r| r.created));
    assert_eq!(
        done.iter().map(|r| r.application_id).collect::<Vec<_>>(),
        ids
    );
    let apps = store.list_applications(org.id, job.id).await.expect("list");
    assert_eq!(apps.len(), 3);
    let events = store.list_events(org.id, 0, 100).await.expect("events");
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "application.created")
            .count(),
        3
    );
    let committed = store.get_import(org.id, "import-1").await.expect("get");
    assert_eq!(committed.committed_at, Some(at(33)));
    assert_eq!(committed.preview, cleared, "no candidate details are kept");
    assert_eq!(committed.result.as_deref(), Some(done.as_slice()));

    // Twice: refused, nothing more written.
    assert!(matches!(
        store
            .commit_import(org.id, "import-1", &rows, &cleared, at(34))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .list_applications(org.id, job.id)
            .await
            .expect("list")
            .len(),
        3
    );

    let known = store
        .known_contacts(org.id, job.id, &emails[..1], &phones[1..2])
        .await
        .expect("known");
    assert!(known.job_emails.contains(&emails[0]) && known.org_emails.contains(&emails[0]));
    assert!(known.job_phones.contains(&phones[1]));
    assert!(!known.job_phones.contains(&phones[2]));
    let elsewhere = new_job(store, org.id).await;
    let known = store
        .known_contacts(org.id, elsewhere.id, &emails, &[])
        .await
        .expect("known");
    assert_eq!(known.org_emails.len(), 3);
    assert!(known.job_emails.is_empty(), "another job of the org");
    assert!(store
        .known_contacts(other.id, job.id, &emails, &phones)
        .await
        .expect("known")
        .org_emails
        .is_empty());

    // A second import with a person who applied meanwhile: their application, not created.
    store
        .save_import(
            org.id,
            &NewImport {
                id: "import-2",
                job: job.id,
                created_by: hr.id,
                file_name: "again.csv",
                preview: &preview,
            },
            at(40),
        )
        .await
        .expect("save");
    let again_id = ApplicationId::new();
    let again = [ImportRow {
        row: 7,
        intake: NewIntake {
            id: again_id,
            ..rows[0].intake
        },
        effects: effects.clone(),
    }];
    let done = store
        .commit_import(org.id, "import-2", &again, &cleared, at(41))
        .await
        .expect("commit");
    assert_eq!(done[0].application_id, ids[0]);
    assert!(!done[0].created);

    // Previews nobody committed go; committed ones stay.
    store
        .save_import(
            org.id,
            &NewImport {
                id: "import-3",
                job: job.id,
                created_by: hr.id,
                file_name: "forgotten.csv",
                preview: &preview,
            },
            at(50),
        )
        .await
        .expect("save");
    assert_eq!(store.purge_imports(at(50)).await.expect("purge"), 0);
    assert_eq!(store.purge_imports(at(51)).await.expect("purge"), 1);
    assert_not_found(
        store.get_import(org.id, "import-3").await,
        "a purged import",
    );
    assert!(store.get_import(org.id, "import-1").await.is_ok());
    assert_not_found(
        store
            .save_import(
                other.id,
                &NewImport {
                    id: "import-4",
                    job: job.id,
                    created_by: hr.id,
                    file_name: "x.csv",
                    preview: &preview,
                },
                at(60),
            )
            .await,
        "an import to another org's job",
    );
}
