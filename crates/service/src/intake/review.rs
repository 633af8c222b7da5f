//! After intake: the job's rule and its preview, a resume as the viewer may see it, HR's
//! corrections of what was read, and screening again.

use kaoguan_domain::{ApplicationId, EducationLevel, JobId};
use kaoguan_resume::Resume;
use kaoguan_store::Effects;

use super::{decide, job_rule, overlay, screened, TypedFields};
use crate::screening::{Screening, ScreeningRule};
use crate::{Recruiter, ServiceError, ServiceResult, Services};

/// Sets the job's screening rule (empty: none) and whether its apply page is open; the
/// rule is checked first and a bad one changes nothing.
pub async fn set_settings(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    rule: Option<&str>,
    apply_open: bool,
) -> ServiceResult<Option<String>> {
    let rule = rule.map(str::trim).filter(|r| !r.is_empty());
    let compiled = rule.map(ScreeningRule::compile).transpose()?;
    let source = compiled.as_ref().map(|c| c.source().to_string());
    services
        .store
        .set_intake_settings(who.org(), job, source.as_deref(), apply_open)
        .await?;
    Ok(source)
}

/// An application's resume and screening verdict, as the viewer may see them.
pub struct ResumeRecord {
    pub resume: Option<kaoguan_store::StoredResume>,
    pub screening: Option<Screening>,
    pub screened_at: Option<chrono::DateTime<chrono::Utc>>,
    /// How the resume matches the job's description, once compared.
    pub resume_match: Option<crate::resume_match::ResumeMatch>,
}

/// The resume behind an application, for staff who may see the application. For those
/// who may not see contacts (interviewers; department heads unless allowed), the phone
/// and e-mail are masked in the text and left out of the fields.
pub async fn resume(
    services: &Services,
    who: &crate::Staff,
    id: ApplicationId,
) -> ServiceResult<ResumeRecord> {
    let app = crate::applications::get_application(services, who, id).await?;
    let mut resume = services.store.get_resume(who.org(), app.id).await?;
    if !crate::org::contacts_visible(services, who).await? {
        if let Some(r) = resume.as_mut() {
            mask_contacts(r);
        }
    }
    let (screening, screened_at) = match services.store.get_screening(who.org(), app.id).await? {
        Some((v, at)) => (serde_json::from_value(v).ok(), Some(at)),
        None => (None, None),
    };
    let mut resume_match: Option<crate::resume_match::ResumeMatch> = services
        .store
        .get_resume_match(who.org(), app.id)
        .await?
        .and_then(|v| serde_json::from_value(v).ok());
    // The sentences as the reader may see them: contacts masked where the text is.
    if let (Some(m), Some(r)) = (resume_match.as_mut(), resume.as_ref()) {
        for support in &mut m.supports {
            if let Some(t) = r.text.get(support.start..support.end) {
                support.sentence = t.to_string();
            }
        }
    }
    Ok(ResumeRecord {
        resume,
        screening,
        screened_at,
        resume_match,
    })
}

fn mask_contacts(r: &mut kaoguan_store::StoredResume) {
    for key in ["phone", "email"] {
        let span = r.parsed.get(key).and_then(|f| f.get("span")).cloned();
        if let Some(obj) = r.parsed.as_object_mut() {
            obj.insert(key.into(), serde_json::Value::Null);
        }
        let (Some(start), Some(end)) = (
            span.as_ref()
                .and_then(|s| s.get("start"))
                .and_then(serde_json::Value::as_u64),
            span.as_ref()
                .and_then(|s| s.get("end"))
                .and_then(serde_json::Value::as_u64),
        ) else {
            continue;
        };
        let (start, end) = (start as usize, end as usize);
        if let Some(part) = r.text.get(start..end).map(str::to_string) {
            // Every place the contact appears; ASCII characters become `*` one for one, so
            // other spans stay valid.
            let masked: String = part
                .chars()
                .map(|c| if c.is_ascii() { '*' } else { c })
                .collect();
            r.text = r.text.replace(&part, &masked);
        }
    }
}

/// A rule tried on the job's resumes before it is saved.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Preview {
    /// Applications with a resume (or typed fields) the rule was tried on.
    pub total: usize,
    /// How many of them it would pass.
    pub passed: usize,
    pub rows: Vec<PreviewRow>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewRow {
    #[schema(value_type = String)]
    pub application_id: ApplicationId,
    pub candidate_name: String,
    pub passed: bool,
    pub score: f64,
}

/// What `rule` would make of the job's applicants ("would pass 37 of 52"), changing
/// nothing. Checks the rule first, as saving it would.
pub async fn preview(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    rule: &str,
) -> ServiceResult<Preview> {
    let rule = ScreeningRule::compile(rule)?;
    services.store.get_job(who.org(), job).await?;
    let mut rows = Vec::new();
    for app in services.store.list_applications(who.org(), job).await? {
        let Some(stored) = services.store.get_resume(who.org(), app.id).await? else {
            continue;
        };
        let resume = effective(&stored);
        let verdict = decide(
            Some(&rule),
            &resume,
            resume.email.is_some(),
            resume.phone.is_some(),
        );
        rows.push(PreviewRow {
            application_id: app.id,
            candidate_name: app.candidate_name,
            passed: verdict.passed,
            score: verdict.score,
        });
    }
    Ok(Preview {
        total: rows.len(),
        passed: rows.iter().filter(|r| r.passed).count(),
        rows,
    })
}

/// The fields as HR sees them: what was read, with HR's corrections over it.
pub fn effective(stored: &kaoguan_store::StoredResume) -> Resume {
    let mut resume: Resume = serde_json::from_value(stored.parsed.clone()).unwrap_or_default();
    if let Ok(corrections) = serde_json::from_value::<TypedFields>(stored.corrections.clone()) {
        // Stored corrections passed `overlay` when they were saved.
        let _ = overlay(&mut resume, &corrections);
    }
    resume
}

/// Keeps HR's corrections of the fields read (education, school, major, graduation year,
/// years of experience, skills) beside what was read. The verdict stays as it was until
/// HR screens again ([`rescreen`]): a correction never silently changes a decision.
pub async fn correct(
    services: &Services,
    who: &Recruiter,
    id: ApplicationId,
    corrections: TypedFields,
) -> ServiceResult<Resume> {
    let stored = services
        .store
        .get_resume(who.org(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let read: Resume = serde_json::from_value(stored.parsed.clone()).unwrap_or_default();
    let mut resume = read.clone();
    overlay(&mut resume, &corrections)?;
    // A form sends every field; only those that differ from what was read are corrections.
    let mut corrections = corrections;
    let same_text = |typed: &Option<String>, read: &Option<kaoguan_resume::Field<String>>| {
        typed.as_deref().map(str::trim) == read.as_ref().map(|f| f.value.trim())
    };
    if corrections
        .education_level
        .as_deref()
        .and_then(EducationLevel::from_name)
        == read.education_level.as_ref().map(|f| f.value)
    {
        corrections.education_level = None;
    }
    if same_text(&corrections.school, &read.school) {
        corrections.school = None;
    }
    if same_text(&corrections.major, &read.major) {
        corrections.major = None;
    }
    if corrections.graduation_year == read.graduation_year.as_ref().map(|f| f.value) {
        corrections.graduation_year = None;
    }
    if corrections
        .years_experience
        .is_some_and(|y| (y - read.years_experience).abs() < 0.05)
    {
        corrections.years_experience = None;
    }
    if corrections
        .skills
        .iter()
        .map(String::as_str)
        .eq(read.skills.iter().map(|f| f.value.as_str()))
    {
        corrections.skills.clear();
    }
    let value = serde_json::to_value(&corrections).map_err(anyhow::Error::from)?;
    services
        .store
        .set_resume_corrections(who.org(), id, &value)
        .await?;
    Ok(resume)
}

/// Screens the application again: the job's rule as it is now, on the fields with HR's
/// corrections. The new verdict and an `application.screened` event are written together;
/// rules on `screened` ran once, for the first verdict, and do not run again.
pub async fn rescreen(
    services: &Services,
    who: &Recruiter,
    id: ApplicationId,
) -> ServiceResult<Screening> {
    let app = services.store.get_application(who.org(), id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let stored = services
        .store
        .get_resume(who.org(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let resume = effective(&stored);
    let verdict = decide(
        job_rule(&job)?.as_ref(),
        &resume,
        app.candidate_email.is_some(),
        app.candidate_phone.is_some(),
    );
    let effects = Effects::none().event(screened(id, &verdict));
    let value = serde_json::to_value(&verdict).map_err(anyhow::Error::from)?;
    services
        .store
        .set_screening(who.org(), id, &value, services.clock.now(), &effects)
        .await?;
    Ok(verdict)
}
