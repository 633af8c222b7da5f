//! Applications that arrive with a resume or typed fields rather than an invitation: HR
//! uploading resumes, another system posting to the API, later the public apply page.
//!
//! One intake is one transaction: the application at the pipeline's first stage, the
//! person (the organisation's existing candidate when the email or phone matches), the
//! resume with ID numbers redacted, the screening verdict, the `application.created` and
//! `application.screened` events and, when the job has rules on `screened`, their task.
//! Reading the file runs on a blocking thread: PDF text is CPU work.
//!
//! `upload` takes HR's files (ZIPs too); `import` takes candidate lists (CSV, Excel) with
//! a preview before anything is written; `review` is what HR does afterwards: the rule and
//! its preview, reading a resume, correcting it and screening again.

mod import;
mod review;
mod upload;

pub use import::*;
pub use review::*;
pub use upload::*;

use kaoguan_domain::{
    ApplicationId, CandidateName, DomainError, Email, InterviewToken, JobId, Phone,
};
use kaoguan_resume::{ExtractError, Resume};
use kaoguan_store::{Application, Effects, IntakeOutcome, NewCandidate, NewIntake, NewResume};
use sha2::{Digest, Sha256};

use crate::events::DomainEvent;
use crate::screening::{self, Screening, ScreeningRule};
use crate::{tasks, Recruiter, ServiceError, ServiceResult, Services};

/// A resume file as received.
pub struct ResumeFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What an intake brings: typed fields (which win over what the resume says), a resume,
/// or both.
pub struct IntakeInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Fields typed instead of a resume: education level, school, years… (see
    /// [`TypedFields`]).
    pub fields: TypedFields,
    pub resume: Option<ResumeFile>,
    /// `upload`, `api`, `apply` or `import`.
    pub source: &'static str,
}

impl Default for IntakeInput {
    fn default() -> Self {
        Self {
            name: None,
            email: None,
            phone: None,
            fields: TypedFields::default(),
            resume: None,
            source: "api",
        }
    }
}

/// Resume facts given as fields: for applications without a file, and as HR's corrections
/// of what was read (only the fields given change).
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypedFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub major: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graduation_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
}

/// What an intake made.
pub struct Intake {
    pub application: Application,
    /// The fields read (or typed), or `None` for an existing application.
    pub parsed: Option<Resume>,
    pub screening: Screening,
    /// False when the person had already applied to the job: nothing new was written and
    /// `application` is the existing one.
    pub created: bool,
}

pub async fn apply(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    input: IntakeInput,
) -> ServiceResult<Intake> {
    apply_in(services, who.org(), job, input).await
}

/// An application through the job's public apply page: only while the page is open and
/// the job takes candidates (otherwise the job is not found, as if it had no page). The
/// applicant gives a name, a phone or e-mail, and a resume.
pub async fn apply_public(
    services: &Services,
    job: JobId,
    input: IntakeInput,
) -> ServiceResult<Intake> {
    let org = services.store.job_org(job).await?;
    let found = services.store.get_job(org, job).await?;
    if !found.apply_open || found.status != kaoguan_domain::JobStatus::Open {
        return Err(ServiceError::NotFound);
    }
    if input.resume.is_none() {
        return Err(DomainError::new("resume", "attach a resume")
            .zh("请上传简历文件。")
            .en("Attach your resume.")
            .into());
    }
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if blank(&input.phone) && blank(&input.email) {
        return Err(
            DomainError::new("phone", "give a phone number or an e-mail address")
                .zh("请填写手机号或邮箱，方便招聘方联系你。")
                .en("Give a phone number or an e-mail address so the employer can reach you.")
                .into(),
        );
    }
    if blank(&input.name) {
        return Err(DomainError::new("name", "enter your name")
            .zh("请填写姓名。")
            .en("Enter your name.")
            .into());
    }
    apply_in(
        services,
        org,
        job,
        IntakeInput {
            source: "apply",
            ..input
        },
    )
    .await
}

/// What the public apply page shows of a job, when its page is open.
pub struct PublicJob {
    pub title: String,
    pub description: String,
    pub organisation: String,
    pub language: kaoguan_domain::Language,
}

pub async fn public_job(services: &Services, job: JobId) -> ServiceResult<PublicJob> {
    let org = services.store.job_org(job).await?;
    let found = services.store.get_job(org, job).await?;
    if !found.apply_open || found.status != kaoguan_domain::JobStatus::Open {
        return Err(ServiceError::NotFound);
    }
    let organisation = services.store.get_org(org).await?.name;
    Ok(PublicJob {
        title: found.title,
        description: found.description,
        organisation,
        language: found.language,
    })
}

async fn apply_in(
    services: &Services,
    org: kaoguan_domain::OrgId,
    job: JobId,
    input: IntakeInput,
) -> ServiceResult<Intake> {
    let job = services.store.get_job(org, job).await?;
    if job.status != kaoguan_domain::JobStatus::Open {
        return Err(ServiceError::conflict(
            "job_closed",
            "the job is closed to new candidates; reopen it to take applications",
        ));
    }
    // The rule is checked before anything else happens to the file.
    let rule = job_rule(&job)?;
    let today = services.clock.now().date_naive();
    let (mut resume, stored) = match input.resume {
        Some(file) => {
            let (resume, stored) = read_file(file, today).await?;
            (resume, Some(stored))
        }
        None => (Resume::default(), None),
    };
    overlay(&mut resume, &input.fields)?;
    let name = input
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .or(resume.name.as_ref().map(|f| f.value.as_str()))
        .ok_or_else(|| {
            DomainError::new("name", "no name given or found in the resume")
                .zh("没有填写姓名，简历中也没有找到姓名；请填写候选人姓名。")
                .en("No name was given or found in the resume; enter the candidate's name.")
        })?
        .parse::<CandidateName>()?;
    // Typed contacts must be valid; contacts read from a resume are kept only if they are.
    let email = match input.email.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(e) => Some(e.parse::<Email>()?),
        None => resume
            .email
            .as_ref()
            .and_then(|f| f.value.parse::<Email>().ok()),
    };
    let phone = match input.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(p.parse::<Phone>()?),
        None => resume
            .phone
            .as_ref()
            .and_then(|f| f.value.parse::<Phone>().ok()),
    };
    let candidate = NewCandidate { name, email, phone };
    let verdict = decide(
        rule.as_ref(),
        &resume,
        candidate.email.is_some(),
        candidate.phone.is_some(),
    );

    let id = ApplicationId::new();
    let now = services.clock.now();
    let effects = intake_effects(&job, id, &verdict, now, stored.is_some());
    let pipeline = job.pipeline();
    let token = InterviewToken::generate();
    let new_resume = stored.map(|(file_name, format, size_bytes, sha256, text)| NewResume {
        file_name,
        format,
        size_bytes,
        sha256,
        text,
        parsed: serde_json::to_value(&resume).unwrap_or_default(),
    });
    let fields_only = fields_only(&resume)?;
    let screening_json = serde_json::to_value(&verdict).map_err(anyhow::Error::from)?;
    let outcome = services
        .store
        .create_intake(
            org,
            job.id,
            &NewIntake {
                id,
                candidate: &candidate,
                stage: pipeline.first(),
                token: &token.digest(),
                source: input.source,
                resume: Some(new_resume.as_ref().unwrap_or(&fields_only)),
                screening: &screening_json,
            },
            now,
            &effects,
        )
        .await?;
    match outcome {
        IntakeOutcome::Created(application) => {
            if !effects.tasks.is_empty() {
                services.task_wakeup.notify_one();
            }
            Ok(Intake {
                application: *application,
                parsed: Some(resume),
                screening: verdict,
                created: true,
            })
        }
        IntakeOutcome::Existing(existing) => {
            let application = services.store.get_application(org, existing).await?;
            let screening = match services.store.get_screening(org, existing).await? {
                Some((v, _)) => serde_json::from_value(v).unwrap_or_else(|_| screening::no_rule()),
                None => screening::no_rule(),
            };
            Ok(Intake {
                application,
                parsed: None,
                screening,
                created: false,
            })
        }
    }
}

/// What an intake causes besides itself: `application.created`, `application.screened`,
/// the comparison of its resume's text with the job's description (when it has both) and,
/// when the job has rules on `screened`, their task.
fn intake_effects(
    job: &kaoguan_store::Job,
    id: ApplicationId,
    verdict: &Screening,
    now: chrono::DateTime<chrono::Utc>,
    has_text: bool,
) -> Effects {
    let mut effects = Effects::none()
        .event(DomainEvent::ApplicationCreated { job_id: job.id }.logged())
        .event(screened(id, verdict));
    if has_text && !job.description.trim().is_empty() {
        effects = effects.task(tasks::Task::match_resume(job.org_id, id).queued_at(now));
    }
    let trigger = kaoguan_domain::Trigger::Screened;
    if crate::rules::has_rules_on(job, trigger) {
        effects.task(tasks::Task::apply_rules(job.org_id, id, trigger).queued_at(now))
    } else {
        effects
    }
}

/// The resume record of an application given as fields, without a file.
fn fields_only(resume: &Resume) -> ServiceResult<NewResume> {
    Ok(NewResume {
        file_name: String::new(),
        format: "fields".into(),
        size_bytes: 0,
        sha256: String::new(),
        text: String::new(),
        parsed: serde_json::to_value(resume).map_err(anyhow::Error::from)?,
    })
}

/// The job's screening rule, compiled; `None` when it has none.
fn job_rule(job: &kaoguan_store::Job) -> Result<Option<ScreeningRule>, DomainError> {
    job.screening_rule
        .as_deref()
        .map(ScreeningRule::compile)
        .transpose()
}

/// The verdict on a resume: the rule's, or a pass when there is none.
fn decide(
    rule: Option<&ScreeningRule>,
    resume: &Resume,
    has_email: bool,
    has_phone: bool,
) -> Screening {
    let facts = screening::facts(resume, has_email, has_phone);
    rule.map_or_else(screening::no_rule, |r| r.decide(&facts))
}

/// The event a verdict is logged with.
fn screened(application_id: ApplicationId, verdict: &Screening) -> kaoguan_store::NewEvent {
    DomainEvent::Screened {
        application_id,
        passed: verdict.passed,
        score: verdict.score,
    }
    .logged()
}

/// The stored file's name, format, size, digest and redacted text.
type StoredFile = (String, String, u64, String, String);

/// Reads a resume file on a blocking thread.
async fn read_file(
    file: ResumeFile,
    today: chrono::NaiveDate,
) -> ServiceResult<(Resume, StoredFile)> {
    let ResumeFile { file_name, bytes } = file;
    let name = file_name.clone();
    let read = tokio::task::spawn_blocking(move || {
        let doc = kaoguan_resume::extract(&name, &bytes)?;
        let parsed = kaoguan_resume::parse(&doc.text, doc.has_image, today);
        let text = kaoguan_resume::redact(&doc.text, &parsed.sensitive);
        let sha = hex::encode(Sha256::digest(&bytes));
        Ok::<_, ExtractError>((
            parsed,
            (
                doc.format.as_str().to_string(),
                bytes.len() as u64,
                sha,
                text,
            ),
        ))
    })
    .await
    .map_err(|e| anyhow::anyhow!("resume reader stopped: {e}"))?;
    match read {
        Ok((parsed, (format, size, sha, text))) => Ok((
            parsed,
            (clean_file_name(&file_name), format, size, sha, text),
        )),
        Err(e) => Err(unreadable(&file_name, &e).into()),
    }
}

/// Why a file could not be read, as a field error naming the file.
pub fn unreadable(file_name: &str, e: &ExtractError) -> DomainError {
    let file = clean_file_name(file_name);
    DomainError::new("resume", format!("{file}: {e} ({})", e.code()))
        .zh(format!("{file}：{}", e.zh()))
        .en(format!("{file}: {}", e.en()))
}

/// The last path segment of an uploaded name, without control characters, at most 200
/// characters: what is stored and shown.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() {
        "resume".into()
    } else {
        cleaned
    }
}

/// Typed fields win over what the resume says.
fn overlay(resume: &mut Resume, fields: &TypedFields) -> Result<(), DomainError> {
    use kaoguan_resume::{Field, Span};
    let typed = |v: String| Field::new(v, Span::new(0, 0));
    if let Some(level) = &fields.education_level {
        resume.education_level = Some(Field::new(level.parse()?, Span::new(0, 0)));
    }
    if let Some(s) = &fields.school {
        resume.school = Some(typed(s.clone()));
    }
    if let Some(m) = &fields.major {
        resume.major = Some(typed(m.clone()));
    }
    if let Some(y) = fields.graduation_year {
        if !(1950..=2100).contains(&y) {
            return Err(
                DomainError::new("graduation_year", "must be between 1950 and 2100")
                    .zh("毕业年份须在 1950 到 2100 之间。")
                    .en("The graduation year must be between 1950 and 2100."),
            );
        }
        resume.graduation_year = Some(Field::new(y, Span::new(0, 0)));
    }
    if let Some(y) = fields.years_experience {
        if !(0.0..=70.0).contains(&y) || !y.is_finite() {
            return Err(
                DomainError::new("years_experience", "must be between 0 and 70")
                    .zh("工作年限须在 0 到 70 年之间。")
                    .en("Years of experience must be between 0 and 70."),
            );
        }
        resume.years_experience = y;
    }
    if !fields.skills.is_empty() {
        resume.skills = fields
            .skills
            .iter()
            .map(|s| typed(s.trim().to_string()))
            .filter(|f| !f.value.is_empty())
            .take(60)
            .collect();
    }
    Ok(())
}
