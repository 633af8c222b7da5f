//! Applications with a resume or typed fields, screening settings, and reading a resume.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::Json;
use kaoguan_domain::{ApplicationId, DomainError, JobId};
use kaoguan_resume::Resume;
use kaoguan_service::intake::{self, IntakeInput, ResumeFile, TypedFields};
use kaoguan_service::screening::Screening;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::parse_id;
use crate::error::{ApiError, ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::json::JsonBody;
use crate::state::AppState;

/// Largest request to the applications endpoint: one resume file and its form fields.
pub const MAX_INTAKE_BYTES: usize = kaoguan_resume::MAX_FILE_BYTES + 64 * 1024;

/// An application as JSON fields (or the same names as multipart form fields beside a
/// `resume` file part). Fields given win over what the resume says.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `doctorate`, `master`, `bachelor`, `associate`, `high_school` or the Chinese names.
    pub education_level: Option<String>,
    pub school: Option<String>,
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    pub years_experience: Option<f64>,
    #[serde(default)]
    pub skills: Vec<String>,
}

/// The fields read from the resume (or given).
#[derive(Debug, Serialize, ToSchema)]
pub struct ParsedView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub education_level: Option<String>,
    pub school: Option<String>,
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    pub years_experience: f64,
    pub employers: Vec<String>,
    pub skills: Vec<String>,
    /// Kinds of sensitive facts found (`id_number`, `age`, `photo`…): never used by
    /// screening; ID numbers are not stored.
    pub sensitive: Vec<String>,
}

impl From<&Resume> for ParsedView {
    fn from(r: &Resume) -> Self {
        let mut sensitive: Vec<String> = r
            .sensitive
            .iter()
            .map(|s| s.kind.as_str().to_string())
            .collect();
        sensitive.dedup();
        Self {
            name: r.name.as_ref().map(|f| f.value.clone()),
            phone: r.phone.as_ref().map(|f| f.value.clone()),
            email: r.email.as_ref().map(|f| f.value.clone()),
            education_level: r
                .education_level
                .as_ref()
                .map(|f| f.value.as_str().to_string()),
            school: r.school.as_ref().map(|f| f.value.clone()),
            major: r.major.as_ref().map(|f| f.value.clone()),
            graduation_year: r.graduation_year.as_ref().map(|f| f.value),
            years_experience: r.years_experience,
            employers: r.employers().into_iter().map(str::to_string).collect(),
            skills: r.skills.iter().map(|f| f.value.clone()).collect(),
            sensitive,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeView {
    #[schema(value_type = String)]
    pub application_id: ApplicationId,
    pub candidate_id: String,
    /// What was read; absent when the person had already applied (nothing new was made).
    pub parsed: Option<ParsedView>,
    pub screening: Screening,
    /// The pipeline stage the application is at.
    pub stage: String,
    /// False: the same email or phone had already applied to this job, and this is that
    /// application (status 200 instead of 201).
    pub created: bool,
}

/// Adds an applicant to a job: JSON fields, or `multipart/form-data` with a `resume` file
/// part (PDF, DOCX or text) and the same fields. The resume is read and screened by the
/// job's rule in the same request. The same person (email or phone) applying again is
/// answered with their existing application.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/applications", tag = "applications",
    params(("id" = String, Path, description = "job id")),
    request_body(content = ApplicationInput, description = "JSON, or multipart/form-data with a `resume` file part and these fields"),
    responses((status = 201, body = IntakeView), (status = 200, description = "already applied", body = IntakeView),
        (status = 404, body = ProblemBody),
        (status = 409, description = "the job is closed", body = ProblemBody),
        (status = 413, body = ProblemBody),
        (status = 422, description = "an unreadable file (damaged, encrypted, a scan…) or a bad field; nothing is written", body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    req: Request,
) -> ApiResult<(StatusCode, Json<IntakeView>)> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
    let (fields, resume) = if multipart {
        let form = Multipart::from_request(req, &state)
            .await
            .map_err(|e| ApiError::new(e.status(), "bad_multipart", e.body_text()))?;
        read_form(form).await?
    } else {
        let JsonBody(body) = JsonBody::<ApplicationInput>::from_request(req, &state).await?;
        (body, None)
    };
    let input = IntakeInput {
        name: fields.name,
        email: fields.email,
        phone: fields.phone,
        fields: TypedFields {
            education_level: fields.education_level,
            school: fields.school,
            major: fields.major,
            graduation_year: fields.graduation_year,
            years_experience: fields.years_experience,
            skills: fields.skills,
        },
        resume,
        source: "api",
    };
    let done = intake::apply(&state.services, &who, job, input).await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(IntakeView {
            application_id: done.application.id,
            candidate_id: done.application.candidate_id.clone(),
            parsed: done.parsed.as_ref().map(ParsedView::from),
            screening: done.screening,
            stage: done.application.stage.to_string(),
            created: done.created,
        }),
    ))
}

async fn read_form(
    mut form: Multipart,
) -> Result<(ApplicationInput, Option<ResumeFile>), ApiError> {
    let mut input = ApplicationInput::default();
    let mut resume = None;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(e.status(), "bad_multipart", e.body_text())
    };
    while let Some(field) = form.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "resume" {
            let file_name = field.file_name().unwrap_or("resume").to_string();
            let bytes = field.bytes().await.map_err(too_large)?;
            resume = Some(ResumeFile {
                file_name,
                bytes: bytes.to_vec(),
            });
            continue;
        }
        let value = field.text().await.map_err(too_large)?;
        let value = value.trim().to_string();
        let number = |what: &str| -> Result<_, ApiError> {
            Err(ApiError::from(
                DomainError::new(name.clone(), format!("{what} expected"))
                    .zh(format!("{name} 须为数字。"))
                    .en(format!("{name} must be a number.")),
            ))
        };
        match name.as_str() {
            "name" => input.name = Some(value),
            "email" => input.email = Some(value),
            "phone" => input.phone = Some(value),
            "education_level" => input.education_level = Some(value).filter(|v| !v.is_empty()),
            "school" => input.school = Some(value).filter(|v| !v.is_empty()),
            "major" => input.major = Some(value).filter(|v| !v.is_empty()),
            "graduation_year" if !value.is_empty() => match value.parse() {
                Ok(y) => input.graduation_year = Some(y),
                Err(_) => return number("a year"),
            },
            "years_experience" if !value.is_empty() => match value.parse() {
                Ok(y) => input.years_experience = Some(y),
                Err(_) => return number("a number"),
            },
            // One field per skill, or one with commas.
            "skills" => input.skills.extend(
                value
                    .split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            ),
            "graduation_year" | "years_experience" => {}
            other => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    format!("unknown field {other:?}"),
                )
                .with_field(other.to_string()))
            }
        }
    }
    Ok((input, resume))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeSettings {
    /// The screening condition, e.g. `education_level >= "本科" && years_experience >= 2`;
    /// empty or absent: none (everyone passes).
    pub screening_rule: Option<String>,
    /// Whether the public apply page takes applications.
    #[serde(default)]
    pub apply_open: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeSettingsView {
    pub screening_rule: Option<String>,
    pub apply_open: bool,
}

/// Sets the job's screening rule and apply page; a rule that does not compile, names an
/// unknown fact or education level, or reads personal facts is refused with the reason.
#[utoipa::path(put, path = "/api/v1/jobs/{id}/screening", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = IntakeSettings,
    responses((status = 200, body = IntakeSettingsView), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn set_settings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<IntakeSettings>,
) -> ApiResult<Json<IntakeSettingsView>> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    let rule = intake::set_settings(
        &state.services,
        &who,
        job,
        body.screening_rule.as_deref(),
        body.apply_open,
    )
    .await?;
    Ok(Json(IntakeSettingsView {
        screening_rule: rule,
        apply_open: body.apply_open,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeView {
    pub file_name: Option<String>,
    /// `pdf`, `docx`, `text`, or `fields` (typed, no file).
    pub format: Option<String>,
    /// The text as read, ID numbers redacted; field spans index into it (bytes).
    pub text: Option<String>,
    /// Every field with its value and span, as read.
    #[schema(value_type = Object)]
    pub parsed: Option<serde_json::Value>,
    /// HR's corrections of the read fields (only those given).
    #[schema(value_type = Object)]
    pub corrections: Option<serde_json::Value>,
    pub screening: Option<Screening>,
    /// How the resume matches the job's description by meaning, with the sentences that
    /// support it; computed shortly after intake (absent until then, and for applications
    /// without a resume text or a job without a description). Advice: screening never
    /// reads it.
    pub resume_match: Option<kaoguan_service::resume_match::ResumeMatch>,
}

/// The application's resume, the fields read with where they came from, and its screening.
#[utoipa::path(get, path = "/api/v1/applications/{id}/resume", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = ResumeView), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn get_resume(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<ResumeView>> {
    let id: ApplicationId = parse_id(&id)?;
    let r = intake::resume(&state.services, &staff, id).await?;
    Ok(Json(ResumeView {
        file_name: r.resume.as_ref().map(|x| x.file_name.clone()),
        format: r.resume.as_ref().map(|x| x.format.clone()),
        text: r.resume.as_ref().map(|x| x.text.clone()),
        corrections: r.resume.as_ref().map(|x| x.corrections.clone()),
        parsed: r.resume.map(|x| x.parsed),
        screening: r.screening,
        resume_match: r.resume_match,
    }))
}

/// Corrects fields read from the resume (education level, school, major, graduation year,
/// years of experience, skills); what was read is kept beside. The screening verdict
/// stays until `POST /api/v1/applications/{id}/screening`.
#[utoipa::path(put, path = "/api/v1/applications/{id}/resume/corrections", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    request_body = TypedFields,
    responses((status = 200, description = "the fields with the corrections", body = ParsedView),
        (status = 404, body = ProblemBody), (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn correct(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<TypedFields>,
) -> ApiResult<Json<ParsedView>> {
    let who = staff.recruiter()?;
    let id: ApplicationId = parse_id(&id)?;
    let resume = intake::correct(&state.services, &who, id, body).await?;
    Ok(Json(ParsedView::from(&resume)))
}

/// Screens the application again by the job's rule as it is now, on the fields with HR's
/// corrections; the new verdict replaces the old and an `application.screened` event is
/// logged. Rules on `screened` do not run again.
#[utoipa::path(post, path = "/api/v1/applications/{id}/screening", tag = "applications",
    params(("id" = String, Path, description = "application id")),
    responses((status = 200, body = Screening), (status = 404, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn rescreen(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
) -> ApiResult<Json<Screening>> {
    let who = staff.recruiter()?;
    let id: ApplicationId = parse_id(&id)?;
    Ok(Json(intake::rescreen(&state.services, &who, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewInput {
    pub screening_rule: String,
}

/// Tries a screening rule on the job's applicants with a resume: how many it would pass,
/// and each one's verdict. Nothing changes.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/screening/preview", tag = "jobs",
    params(("id" = String, Path, description = "job id")),
    request_body = PreviewInput,
    responses((status = 200, body = kaoguan_service::intake::Preview), (status = 404, body = ProblemBody),
        (status = 422, body = ProblemBody), (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn preview(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PreviewInput>,
) -> ApiResult<Json<kaoguan_service::intake::Preview>> {
    let who = staff.recruiter()?;
    let job: JobId = parse_id(&id)?;
    Ok(Json(
        intake::preview(&state.services, &who, job, &body.screening_rule).await?,
    ))
}
