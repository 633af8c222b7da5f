//! Jobs, competency models and question banks.

use kaoguan_domain::{CompetencyModel, DomainError, JobDraft, JobId, QuestionDraft, QuestionId};
use kaoguan_store::{Job, JobSummary, Question};

use crate::{Recruiter, ServiceError, ServiceResult, Services, Staff};

pub async fn create_job(
    services: &Services,
    who: &Recruiter,
    draft: &JobDraft,
) -> ServiceResult<Job> {
    Ok(services
        .store
        .create_job(who.org(), draft, services.clock.now())
        .await?)
}

/// A job the caller may see; `NotFound` (not `Forbidden`) otherwise, so ids of other
/// departments' jobs are not confirmed to exist.
pub async fn get_job(services: &Services, who: &Staff, id: JobId) -> ServiceResult<Job> {
    let job = services.store.get_job(who.org(), id).await?;
    let sight = who.sight(services).await?;
    if sight.job(job.org_id, job.id, &job.department) {
        Ok(job)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// The jobs the caller may see: all of them, their department's, or those with
/// applications assigned or shared to them.
pub async fn list_jobs(services: &Services, who: &Staff) -> ServiceResult<Vec<JobSummary>> {
    let sight = who.sight(services).await?;
    Ok(services
        .store
        .list_jobs(who.org())
        .await?
        .into_iter()
        .filter(|j| sight.job(who.org(), j.id, &j.department))
        .collect())
}

/// Turns on or off the job's in-browser face detection for video answers. It reports
/// counts only (frames with no face, with more than one), as integrity signals for
/// review; it never identifies anyone and never enters a score.
pub async fn set_face_detection(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    enabled: bool,
) -> ServiceResult<Job> {
    services
        .store
        .set_face_detection(who.org(), id, enabled, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}

/// Sets where this job's recommendation bands start (`None`: the defaults). Bands are
/// derived when a report is read, so existing reports take the new bands at once and no
/// score changes.
pub async fn set_band_thresholds(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    thresholds: Option<kaoguan_domain::BandThresholds>,
) -> ServiceResult<Job> {
    services
        .store
        .set_band_thresholds(who.org(), id, thresholds, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}

/// Longest a job's interview links may last.
pub const MAX_INVITE_VALID_DAYS: u32 = 365;

/// Sets how many days this job's new interview links last (`None`: the default).
pub async fn set_invite_validity(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    days: Option<u32>,
) -> ServiceResult<Job> {
    if days.is_some_and(|d| !(1..=MAX_INVITE_VALID_DAYS).contains(&d)) {
        return Err(DomainError::new("days", "must be 1 to 365")
            .zh("链接有效期须为 1 到 365 天。")
            .en("Links must last 1 to 365 days.")
            .into());
    }
    services
        .store
        .set_invite_validity(who.org(), id, days, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}

/// Sets the job's own pipeline (`None`: the default).
pub async fn set_pipeline(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    pipeline: Option<&kaoguan_domain::Pipeline>,
) -> ServiceResult<Job> {
    services
        .store
        .set_pipeline(who.org(), id, pipeline, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}

pub async fn update_details(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    title: &str,
    department: &str,
    description: &str,
) -> ServiceResult<()> {
    let title = kaoguan_domain::JobTitle::parse(title)?;
    if department.trim().chars().count() > 100 {
        return Err(
            DomainError::new("department", "is longer than 100 characters")
                .zh("部门名称不能超过 100 个字符。")
                .en("The department must be at most 100 characters.")
                .into(),
        );
    }
    services
        .store
        .update_job_details(
            who.org(),
            id,
            title.as_str(),
            department.trim(),
            description.trim(),
            services.clock.now(),
        )
        .await?;
    Ok(())
}

/// Saves a new competency-model version. Every active question must still measure only
/// dimensions the new model has, so that no question silently stops counting.
pub async fn save_model(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    model: &CompetencyModel,
) -> ServiceResult<i64> {
    let job = services.store.get_job(who.org(), id).await?;
    for q in &job.questions {
        if let Some(k) = q.competencies.iter().find(|k| model.get(k).is_none()) {
            return Err(DomainError::new(
                "competencies",
                format!(
                    "question {:?} measures {k}; keep that dimension or edit the question first",
                    truncate(&q.text, 30)
                ),
            )
            .zh(format!(
                "题目“{}”考察维度“{k}”，请保留该维度，或先修改这道题。",
                truncate(&q.text, 30)
            ))
            .en(format!(
                "The question {:?} measures {k}; keep that dimension or edit the question first.",
                truncate(&q.text, 30)
            ))
            .into());
        }
    }
    Ok(services
        .store
        .save_competency_model(who.org(), id, model, services.clock.now())
        .await?)
}

fn check_question_fits(job: &Job, draft: &QuestionDraft) -> ServiceResult<()> {
    if let Some(k) = draft
        .competencies
        .iter()
        .find(|k| job.model.get(k).is_none())
    {
        return Err(DomainError::new(
            "competencies",
            format!("{k} is not in the job's competency model"),
        )
        .zh(format!("考察维度“{k}”不在本岗位的能力模型中。"))
        .en(format!(
            "The dimension \"{k}\" is not in the job's competency model."
        ))
        .into());
    }
    Ok(())
}

pub async fn add_question(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    draft: &QuestionDraft,
) -> ServiceResult<Question> {
    let job = services.store.get_job(who.org(), job).await?;
    if job.questions.len() >= kaoguan_domain::job::MAX_QUESTIONS {
        return Err(DomainError::new(
            "questions",
            "the job already has the maximum number of questions",
        )
        .zh(format!(
            "该岗位已有 {} 道题，达到上限。",
            kaoguan_domain::job::MAX_QUESTIONS
        ))
        .en(format!(
            "The job already has the maximum of {} questions.",
            kaoguan_domain::job::MAX_QUESTIONS
        ))
        .into());
    }
    check_question_fits(&job, draft)?;
    Ok(services
        .store
        .add_question(who.org(), job.id, draft, services.clock.now())
        .await?)
}

pub async fn update_question(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    question: QuestionId,
    draft: &QuestionDraft,
) -> ServiceResult<Question> {
    let job = services.store.get_job(who.org(), job).await?;
    check_question_fits(&job, draft)?;
    Ok(services
        .store
        .update_question(who.org(), job.id, question, draft, services.clock.now())
        .await?)
}

pub async fn archive_question(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    question: QuestionId,
) -> ServiceResult<()> {
    Ok(services
        .store
        .archive_question(who.org(), job, question, services.clock.now())
        .await?)
}

pub(crate) fn truncate(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Opens, closes (no new invitations; candidates already in go on) or archives the job.
pub async fn set_status(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    status: kaoguan_domain::JobStatus,
) -> ServiceResult<Job> {
    services
        .store
        .set_job_status(who.org(), id, status, services.clock.now())
        .await?;
    tracing::info!(job = %id, status = status.as_str(), "job status changed");
    Ok(services.store.get_job(who.org(), id).await?)
}

/// A new, open job made from this one: its details, competency model, active questions,
/// pipeline, rules, bands, link validity and face-detection setting — no candidates.
/// Its title says it is a copy until someone renames it.
pub async fn copy(services: &Services, who: &Recruiter, id: JobId) -> ServiceResult<Job> {
    let source = services.store.get_job(who.org(), id).await?;
    let suffix = match source.language {
        kaoguan_domain::Language::Zh => "（副本）",
        kaoguan_domain::Language::En => " (copy)",
    };
    let title: String = source
        .title
        .chars()
        .take(200 - suffix.chars().count())
        .collect();
    let draft = JobDraft {
        title: kaoguan_domain::JobTitle::parse(&format!("{title}{suffix}"))?,
        department: source.department.clone(),
        language: source.language,
        description: source.description.clone(),
        model: source.model.clone(),
        questions: source
            .questions
            .iter()
            .map(|q| QuestionDraft {
                kind: q.kind,
                text: q.text.clone(),
                competencies: q.competencies.clone(),
                think_seconds: q.think_seconds,
                answer_seconds: q.answer_seconds,
                modes: q.modes.clone(),
                rubric: q.rubric.clone(),
            })
            .collect(),
    };
    let now = services.clock.now();
    let job = services.store.create_job(who.org(), &draft, now).await?;
    let store = &services.store;
    if let Some(p) = &source.pipeline {
        store.set_pipeline(who.org(), job.id, Some(p), now).await?;
    }
    if !source.pipeline_rules.is_empty() {
        store
            .set_pipeline_rules(who.org(), job.id, &source.pipeline_rules, now)
            .await?;
    }
    if source.band_thresholds.is_some() {
        store
            .set_band_thresholds(who.org(), job.id, source.band_thresholds, now)
            .await?;
    }
    if source.invite_valid_days.is_some() {
        store
            .set_invite_validity(who.org(), job.id, source.invite_valid_days, now)
            .await?;
    }
    if source.face_detection {
        store
            .set_face_detection(who.org(), job.id, true, now)
            .await?;
    }
    tracing::info!(job = %job.id, from = %id, "job copied");
    Ok(store.get_job(who.org(), job.id).await?)
}
