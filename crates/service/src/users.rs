//! The organisation's accounts, for its admins: invite a colleague (with a temporary
//! password shown once), change their role and department, disable or re-enable them,
//! reset their password. An admin cannot lock themselves out: they cannot disable their
//! own account or take away their own admin role.

use kaoguan_domain::{DomainError, Email, InterviewToken, Role, UserId};
use kaoguan_store::User;

use crate::auth::{self, NewStaff};
use crate::{Admin, ServiceError, ServiceResult, Services};

/// A password to hand over once; the colleague changes it after signing in.
fn temporary_password() -> String {
    // 256 random bits, URL-safe: far above the policy and easy to copy.
    InterviewToken::generate()
        .expose()
        .chars()
        .take(20)
        .collect()
}

fn department(d: Option<&str>) -> Result<Option<String>, DomainError> {
    let d = d.map(str::trim).filter(|d| !d.is_empty());
    if d.is_some_and(|d| d.chars().count() > 100) {
        return Err(
            DomainError::new("department", "is longer than 100 characters")
                .zh("部门名称不能超过 100 个字符。")
                .en("The department must be at most 100 characters."),
        );
    }
    Ok(d.map(str::to_string))
}

pub async fn list(services: &Services, who: &Admin) -> ServiceResult<Vec<User>> {
    Ok(services.store.list_users(who.org()).await?)
}

/// Creates a colleague's account; returns it with its temporary password.
pub async fn invite(
    services: &Services,
    who: &Admin,
    email: &str,
    name: &str,
    role: Role,
    dept: Option<&str>,
) -> ServiceResult<(User, String)> {
    let email: Email = email.parse()?;
    let dept = department(dept)?;
    if role == Role::DeptHead && dept.is_none() {
        return Err(
            DomainError::new("department", "a department head needs a department")
                .zh("用人部门负责人须填写所属部门。")
                .en("A department head needs a department.")
                .into(),
        );
    }
    let password = temporary_password();
    let user = auth::create_user(
        services,
        NewStaff {
            org: who.org(),
            email,
            display_name: name.to_string(),
            role,
            department: dept,
            password: password.clone(),
        },
    )
    .await?;
    tracing::info!(user = %user.id, role = role.as_str(), "account created");
    Ok((user, password))
}

async fn find(services: &Services, who: &Admin, id: UserId) -> ServiceResult<User> {
    services
        .store
        .list_users(who.org())
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(ServiceError::NotFound)
}

/// Refuses an action on the admin's own account (409 `own_account`).
fn not_yourself(who: &Admin, id: UserId, message: &str) -> ServiceResult<()> {
    if who.user() == id {
        return Err(ServiceError::conflict("own_account", message.to_string()));
    }
    Ok(())
}

/// Changes a colleague's role and department.
pub async fn update(
    services: &Services,
    who: &Admin,
    id: UserId,
    role: Role,
    dept: Option<&str>,
) -> ServiceResult<User> {
    let user = find(services, who, id).await?;
    if user.role == Role::Admin && role != Role::Admin {
        not_yourself(who, id, "you cannot take away your own admin role")?;
    }
    let dept = department(dept)?;
    if role == Role::DeptHead && dept.is_none() {
        return Err(
            DomainError::new("department", "a department head needs a department")
                .zh("用人部门负责人须填写所属部门。")
                .en("A department head needs a department.")
                .into(),
        );
    }
    services
        .store
        .update_user(who.org(), id, role, dept.as_deref())
        .await?;
    find(services, who, id).await
}

/// Disables an account (its sessions end and its API tokens stop at once) or enables it
/// again.
pub async fn set_disabled(
    services: &Services,
    who: &Admin,
    id: UserId,
    disabled: bool,
) -> ServiceResult<User> {
    find(services, who, id).await?;
    if disabled {
        not_yourself(who, id, "you cannot disable your own account")?;
    }
    services
        .store
        .set_user_disabled(who.org(), id, disabled, services.clock.now())
        .await?;
    tracing::info!(user = %id, disabled, "account access changed");
    find(services, who, id).await
}

/// Gives a colleague a new temporary password, shown once.
pub async fn reset_password(services: &Services, who: &Admin, id: UserId) -> ServiceResult<String> {
    find(services, who, id).await?;
    let password = temporary_password();
    let hash = auth::hash_password(password.clone()).await?;
    services.store.set_password_hash(id, &hash).await?;
    tracing::info!(user = %id, "password reset by an admin");
    Ok(password)
}
