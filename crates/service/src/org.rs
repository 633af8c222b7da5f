//! Organisation settings: the defaults new jobs start with and who sees candidates'
//! contacts. Admins change them; recruiters read them.

use kaoguan_domain::{DomainError, Role};
use kaoguan_store::{Application, OrgSettings, Organisation};

use crate::{Admin, ServiceResult, Services, Staff};

/// The caller's organisation with its settings (recruiters and admins).
pub async fn settings(services: &Services, who: &Staff) -> ServiceResult<Organisation> {
    who.recruiter()?;
    Ok(services.store.get_org(who.org()).await?)
}

/// Replaces the organisation's settings. New jobs take the pipeline and link validity
/// from now on; jobs that exist keep theirs.
pub async fn set_settings(
    services: &Services,
    who: &Admin,
    settings: OrgSettings,
) -> ServiceResult<Organisation> {
    if settings
        .invite_valid_days
        .is_some_and(|d| !(1..=crate::jobs::MAX_INVITE_VALID_DAYS).contains(&d))
    {
        return Err(DomainError::new("invite_valid_days", "must be 1 to 365")
            .zh("链接有效期须为 1 到 365 天。")
            .en("Links must last 1 to 365 days.")
            .into());
    }
    services
        .store
        .set_org_settings(who.org(), &settings, services.clock.now())
        .await?;
    Ok(services.store.get_org(who.org()).await?)
}

/// Whether `who` may see candidates' phone numbers and e-mail addresses: HR and admins
/// always, department heads where the organisation allows it, interviewers never (they
/// rate answers; HR arranges the meetings).
pub fn sees_contacts(who: &Staff, org: &Organisation) -> bool {
    match who.user.role {
        Role::Admin | Role::Hr => true,
        Role::DeptHead => org.settings.dept_heads_see_contacts,
        Role::Interviewer => false,
    }
}

/// `app` as `who` may see it: without contacts where [`sees_contacts`] says no.
pub(crate) async fn redact(
    services: &Services,
    who: &Staff,
    mut app: Application,
) -> ServiceResult<Application> {
    if !matches!(who.user.role, Role::Admin | Role::Hr) {
        let org = services.store.get_org(who.org()).await?;
        if !sees_contacts(who, &org) {
            app.candidate_email = None;
            app.candidate_phone = None;
        }
    }
    Ok(app)
}

/// Whether `who` sees candidates' contacts in this organisation (see [`sees_contacts`]).
pub async fn contacts_visible(services: &Services, who: &Staff) -> ServiceResult<bool> {
    Ok(sees_contacts(
        who,
        &services.store.get_org(who.org()).await?,
    ))
}
