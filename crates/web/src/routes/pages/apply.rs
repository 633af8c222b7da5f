//! A job's public apply page: the job, what is recorded and why, contact fields and a
//! resume; it makes the application and says what happens next. Open only while HR has
//! switched it on and the job takes candidates; otherwise the page does not exist.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kaoguan_domain::{JobId, Language};
use kaoguan_service::intake::{self, IntakeInput, PublicJob, ResumeFile};
use kaoguan_service::ServiceError;

use super::errors::invalid;
use super::{error_page, render};
use crate::i18n::Lang;
use crate::routes::api::parse_id;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    lang: Lang,
    job_id: String,
    job: PublicJob,
    notice: String,
    error: String,
    name: String,
    phone: String,
    email: String,
    done: bool,
    created: bool,
}

impl ApplyPage {
    fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }
}

fn lang_of(job: &PublicJob) -> Lang {
    match job.language {
        Language::Zh => Lang::Zh,
        Language::En => Lang::En,
    }
}

/// What the applicant is told is recorded: exactly what an application through this page
/// stores and how it is used.
fn notice(lang: Lang, job: &PublicJob) -> String {
    lang.t("apply.notice")
        .replace("{org}", &job.organisation)
        .replace("{job}", &job.title)
}

fn page(job_id: String, job: PublicJob) -> ApplyPage {
    let lang = lang_of(&job);
    ApplyPage {
        lang,
        job_id,
        notice: notice(lang, &job),
        job,
        error: String::new(),
        name: String::new(),
        phone: String::new(),
        email: String::new(),
        done: false,
        created: false,
    }
}

pub async fn show(
    State(state): State<AppState>,
    browser: Lang,
    Path(id): Path<String>,
) -> Response {
    let Ok(job_id) = parse_id::<JobId>(&id) else {
        return error_page(browser, &ServiceError::NotFound);
    };
    match intake::public_job(&state.services, job_id).await {
        Ok(job) => render(&page(job_id.to_string(), job)),
        Err(e) => error_page(browser, &e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    browser: Lang,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let Ok(job_id) = parse_id::<JobId>(&id) else {
        return error_page(browser, &ServiceError::NotFound);
    };
    let job = match intake::public_job(&state.services, job_id).await {
        Ok(job) => job,
        Err(e) => return error_page(browser, &e),
    };
    let form = match Multipart::from_request(req, &state).await {
        Ok(f) => f,
        Err(e) => return (e.status(), e.body_text()).into_response(),
    };
    let (fields, resume) = match read(form).await {
        Ok(x) => x,
        Err(e) => return (e.status(), e.body_text()).into_response(),
    };
    let mut shown = page(job_id.to_string(), job);
    let lang = shown.lang;
    let one = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    shown.name = one("name");
    shown.phone = one("phone");
    shown.email = one("email");
    if one("consent") != "1" {
        shown.error = lang.t("apply.need_consent").to_string();
        let mut r = render(&shown);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return r;
    }
    let input = IntakeInput {
        name: Some(shown.name.clone()),
        phone: Some(shown.phone.clone()),
        email: Some(shown.email.clone()),
        resume,
        ..IntakeInput::default()
    };
    match intake::apply_public(&state.services, job_id, input).await {
        Ok(done) => {
            shown.done = true;
            shown.created = done.created;
            render(&shown)
        }
        Err(ServiceError::Invalid(e)) => {
            shown.error = invalid(lang, &e);
            let mut r = render(&shown);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => error_page(lang, &e),
    }
}

type Fields = Vec<(String, String)>;

async fn read(
    mut form: Multipart,
) -> Result<(Fields, Option<ResumeFile>), axum::extract::multipart::MultipartError> {
    let mut fields = Vec::new();
    let mut resume = None;
    while let Some(field) = form.next_field().await? {
        let name = field.name().unwrap_or("").to_string();
        if name == "resume" {
            let file_name = field.file_name().unwrap_or("resume").to_string();
            let bytes = field.bytes().await?;
            if !bytes.is_empty() {
                resume = Some(ResumeFile {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else if ["name", "phone", "email", "consent"].contains(&name.as_str()) {
            let value = field.text().await?;
            fields.push((name, value.chars().take(300).collect()));
        }
    }
    Ok((fields, resume))
}
