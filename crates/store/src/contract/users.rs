use kaoguan_domain::{Email, OrgId, Role, SecretDigest, UserId};

use super::{assert_not_found, at, new_org, unique};
use crate::{NewUser, Store, StoreError, User};

pub(crate) fn new_user(org: OrgId, email: &str, role: Role) -> NewUser {
    NewUser {
        org_id: org,
        email: email.parse().expect("valid email"),
        display_name: "Li Lei".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role,
        department: Some("Stores".into()),
    }
}

pub(crate) async fn user(store: &dyn Store, org: OrgId) -> User {
    let email = format!("{}@example.com", unique("hr"));
    store
        .create_user(new_user(org, &email, Role::Hr), at(2))
        .await
        .expect("create user")
}

pub async fn org_create_get_find(store: &dyn Store) {
    let name = unique("Acme 零售");
    let org = store
        .create_org(&name, "Asia/Shanghai", at(0))
        .await
        .expect("create org");
    assert_eq!(org.name, name);
    assert_eq!(org.timezone, "Asia/Shanghai");
    assert_eq!(org.created_at, at(0));
    assert_eq!(store.get_org(org.id).await.expect("get org"), org);
    assert_eq!(
        store.find_org_by_name(&name).await.expect("find"),
        Some(org)
    );
    assert_eq!(
        store
            .find_org_by_name(&unique("nobody"))
            .await
            .expect("find"),
        None
    );
    assert_not_found(store.get_org(OrgId::new()).await, "unknown org");
    match store.create_org(&name, "UTC", at(1)).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("duplicate org name: expected Conflict, got {other:?}"),
    }
}

pub async fn user_create_and_credentials(store: &dyn Store) {
    let org = new_org(store).await;
    let other = new_org(store).await;
    let email = format!("{}@Example.com", unique("Li.Lei"));
    let created = store
        .create_user(new_user(org.id, &email, Role::Admin), at(1))
        .await
        .expect("create user");
    assert_eq!(created.org_id, org.id);
    assert_eq!(created.email.as_str(), email.replace("Example", "example"));
    assert_eq!(created.role, Role::Admin);
    assert_eq!(created.department.as_deref(), Some("Stores"));
    assert_eq!(created.created_at, at(1));

    // Sign-in ignores the case of the whole address.
    let shouted: Email = email.to_uppercase().parse().expect("valid email");
    let creds = store
        .find_credentials(&shouted)
        .await
        .expect("find credentials")
        .expect("credentials exist");
    assert_eq!(creds.user, created);
    assert!(creds.password_hash.starts_with("$argon2id$"));
    let nobody: Email = "nobody@example.com".parse().expect("valid email");
    assert!(store
        .find_credentials(&nobody)
        .await
        .expect("find")
        .is_none());

    store
        .set_password_hash(created.id, "$argon2id$new")
        .await
        .expect("set hash");
    let creds = store
        .find_credentials(&created.email)
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(creds.password_hash, "$argon2id$new");
    assert_not_found(
        store.set_password_hash(UserId::new(), "x").await,
        "hash for unknown user",
    );

    let second = user(store, org.id).await;
    let listed = store.list_users(org.id).await.expect("list users");
    assert_eq!(listed, vec![created, second]);
    assert!(store.list_users(other.id).await.expect("list").is_empty());
}

pub async fn user_email_is_unique_case_insensitively(store: &dyn Store) {
    let org = new_org(store).await;
    let other = new_org(store).await;
    let email = format!("{}@example.com", unique("wang"));
    store
        .create_user(new_user(org.id, &email, Role::Hr), at(1))
        .await
        .expect("first user");
    // Unique across the installation: sign-in by email alone must find one user.
    let again = new_user(other.id, &email.to_uppercase(), Role::Hr);
    match store.create_user(again, at(2)).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("duplicate email: expected Conflict, got {other:?}"),
    }
    assert_eq!(store.list_users(other.id).await.expect("list").len(), 0);
}

pub async fn sessions_honour_expiry_and_delete(store: &dyn Store) {
    let org = new_org(store).await;
    let user = user(store, org.id).await;
    let digest = SecretDigest::of(&unique("session"));
    store
        .create_session(&digest, user.id, "csrf-123", at(100), at(200))
        .await
        .expect("create session");
    let session = store
        .get_session(&digest, at(150))
        .await
        .expect("get session")
        .expect("session live");
    assert_eq!(session.user, user);
    assert_eq!(session.csrf_token, "csrf-123");
    assert_eq!(session.expires_at, at(200));
    assert!(
        store
            .get_session(&digest, at(200))
            .await
            .expect("get")
            .is_none(),
        "expired at its end"
    );
    assert!(store
        .get_session(&digest, at(500))
        .await
        .expect("get")
        .is_none());
    let unknown = SecretDigest::of("unknown");
    assert!(store
        .get_session(&unknown, at(150))
        .await
        .expect("get")
        .is_none());

    store.delete_session(&digest).await.expect("delete");
    assert!(store
        .get_session(&digest, at(150))
        .await
        .expect("get")
        .is_none());
    store
        .delete_session(&digest)
        .await
        .expect("delete twice is fine");
}

pub async fn api_tokens_identify_their_user(store: &dyn Store) {
    let org = new_org(store).await;
    let user = user(store, org.id).await;
    let digest = SecretDigest::of(&unique("api"));
    store
        .create_api_token(&digest, user.id, "ATS sync", at(5))
        .await
        .expect("create token");
    assert_eq!(
        store.find_api_token_user(&digest).await.expect("find"),
        Some(user.clone())
    );
    assert!(store
        .find_api_token_user(&SecretDigest::of("nope"))
        .await
        .expect("find")
        .is_none());
    match store
        .create_api_token(&digest, user.id, "again", at(6))
        .await
    {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("duplicate token digest: expected Conflict, got {other:?}"),
    }
}
