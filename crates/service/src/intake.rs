//! Applications that arrive with a resume or typed fields rather than an invitation: HR
//! uploading resumes, another system posting to the API, later the public apply page.
//!
//! One intake is one transaction: the application at the pipeline's first stage, the
//! person (the organisation's existing candidate when the email or phone matches), the
//! resume with ID numbers redacted, the screening verdict, the `application.created` and
//! `application.screened` events and, when the job has rules on `screened`, their task.
//! Reading the file runs on a blocking thread: PDF text is CPU work.

use kaoguan_domain::{
    ApplicationId, CandidateName, DomainError, EducationLevel, Email, InterviewToken, JobId, Phone,
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
    let rule = job
        .screening_rule
        .as_deref()
        .map(ScreeningRule::compile)
        .transpose()?;
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
    let facts = screening::facts(
        &resume,
        candidate.email.is_some(),
        candidate.phone.is_some(),
    );
    let verdict = rule
        .as_ref()
        .map_or_else(screening::no_rule, |r| r.decide(&facts));

    let id = ApplicationId::new();
    let now = services.clock.now();
    let mut effects = Effects::none()
        .event(DomainEvent::ApplicationCreated { job_id: job.id }.logged())
        .event(
            DomainEvent::Screened {
                application_id: id,
                passed: verdict.passed,
                score: verdict.score,
            }
            .logged(),
        );
    let trigger = kaoguan_domain::Trigger::Screened;
    if crate::rules::has_rules_on(&job, trigger) {
        effects = effects.task(tasks::Task::apply_rules(org, id, trigger).queued_at(now));
    }
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
    let fields_only = NewResume {
        file_name: String::new(),
        format: "fields".into(),
        size_bytes: 0,
        sha256: String::new(),
        text: String::new(),
        parsed: serde_json::to_value(&resume).map_err(anyhow::Error::from)?,
    };
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
    Ok(ResumeRecord {
        resume,
        screening,
        screened_at,
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

/// How one uploaded file (or one file of an uploaded ZIP) went.
pub struct FileOutcome {
    /// The file's name, with its folder inside a ZIP.
    pub file_name: String,
    pub result: Result<Intake, ServiceError>,
}

/// Most bytes one console upload may carry (a ZIP of resumes, or several files).
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Takes one uploaded file from HR: a resume, or a ZIP of resumes (each file its own
/// intake; a bad file gets its own error and the others go on). Nothing of a failed file
/// is written.
pub async fn apply_upload(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    file: ResumeFile,
) -> Vec<FileOutcome> {
    if !kaoguan_resume::archive::is_zip(&file.bytes) {
        let file_name = clean_file_name(&file.file_name);
        let result = apply(
            services,
            who,
            job,
            IntakeInput {
                resume: Some(file),
                source: "upload",
                ..IntakeInput::default()
            },
        )
        .await;
        return vec![FileOutcome { file_name, result }];
    }
    let archive_name = clean_file_name(&file.file_name);
    let bytes = file.bytes;
    let unpacked =
        tokio::task::spawn_blocking(move || kaoguan_resume::archive::unpack(&bytes)).await;
    let entries = match unpacked {
        Ok(Ok(entries)) => entries,
        Ok(Err(e)) => {
            return vec![FileOutcome {
                result: Err(unreadable(&archive_name, &e).into()),
                file_name: archive_name,
            }]
        }
        Err(e) => {
            return vec![FileOutcome {
                file_name: archive_name,
                result: Err(anyhow::anyhow!("archive reader stopped: {e}").into()),
            }]
        }
    };
    if entries.is_empty() {
        return vec![FileOutcome {
            result: Err(unreadable(&archive_name, &ExtractError::Empty).into()),
            file_name: archive_name,
        }];
    }
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let file_name = entry
            .name
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect::<String>();
        let result = match entry.bytes {
            Ok(bytes) => {
                apply(
                    services,
                    who,
                    job,
                    IntakeInput {
                        resume: Some(ResumeFile {
                            file_name: file_name.clone(),
                            bytes,
                        }),
                        source: "upload",
                        ..IntakeInput::default()
                    },
                )
                .await
            }
            Err(e) => Err(unreadable(&file_name, &e).into()),
        };
        out.push(FileOutcome { file_name, result });
    }
    out
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
        let facts = screening::facts(&resume, resume.email.is_some(), resume.phone.is_some());
        let verdict = rule.decide(&facts);
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
    let rule = job
        .screening_rule
        .as_deref()
        .map(ScreeningRule::compile)
        .transpose()?;
    let facts = screening::facts(
        &resume,
        app.candidate_email.is_some(),
        app.candidate_phone.is_some(),
    );
    let verdict = rule
        .as_ref()
        .map_or_else(screening::no_rule, |r| r.decide(&facts));
    let effects = Effects::none().event(
        DomainEvent::Screened {
            application_id: id,
            passed: verdict.passed,
            score: verdict.score,
        }
        .logged(),
    );
    let value = serde_json::to_value(&verdict).map_err(anyhow::Error::from)?;
    services
        .store
        .set_screening(who.org(), id, &value, services.clock.now(), &effects)
        .await?;
    Ok(verdict)
}
