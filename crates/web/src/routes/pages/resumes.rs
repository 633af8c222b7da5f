//! The job's resumes tab: upload resumes (one, many, or a ZIP) with a result per file, and
//! the screening rule they are read against.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use kaoguan_domain::JobId;
use kaoguan_service::intake::{self, FileOutcome, ResumeFile};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::Job;
use serde::{Deserialize, Serialize};

use super::errors::{conflict, invalid};
use super::form::FormFields;
use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::i18n::Lang;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// One file's result as the page (and its script) shows it.
#[derive(Debug, Serialize)]
pub struct FileRow {
    pub file: String,
    pub ok: bool,
    /// The candidate's name, when an application was made or found.
    pub name: String,
    pub application_id: String,
    /// The job had a screening rule to decide by.
    pub screened: bool,
    /// Met the screening rule.
    pub passed: bool,
    /// False: the person had already applied; this is their application.
    pub created: bool,
    /// What screening found, one sentence per clause, in the page's language.
    pub reasons: Vec<String>,
    /// Why the file was refused, in the page's language.
    pub error: String,
}

#[derive(Template)]
#[template(path = "resumes.html")]
struct ResumesPage {
    c: Chrome,
    job: Job,
    tab: &'static str,
    rows: Vec<FileRow>,
    rule: String,
    rule_error: String,
    saved: bool,
    /// The job's public apply page.
    apply_url: String,
    /// A rule tried on the job's resumes: (would pass, of, rows).
    preview: Option<kaoguan_service::intake::Preview>,
    /// The facts a rule may read, with their names, as one line in the page's language.
    facts: String,
    /// Why the candidate list just uploaded could not be read.
    import_error: String,
}

/// What the page shows besides the job: upload results, the rule as typed, a preview…
#[derive(Default)]
struct Shown {
    rows: Vec<FileRow>,
    /// The rule as typed and why it does not check, instead of the saved rule.
    rule_override: Option<(String, String)>,
    saved: bool,
    preview: Option<kaoguan_service::intake::Preview>,
    import_error: String,
}

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// The tab with a candidate list's error under the import form.
pub(super) async fn show_import_error(
    state: &AppState,
    console: &Console,
    id: JobId,
    import_error: String,
) -> Result<Response, ServiceError> {
    let mut r = show(
        state,
        console,
        id,
        Shown {
            import_error,
            ..Shown::default()
        },
    )
    .await?;
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

async fn show(
    state: &AppState,
    console: &Console,
    id: JobId,
    shown: Shown,
) -> Result<Response, ServiceError> {
    let Shown {
        rows,
        rule_override,
        saved,
        preview,
        import_error,
    } = shown;
    let job = jobs::get_job(&state.services, &console.staff, id).await?;
    let c = match Chrome::of(state, console).await {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let apply_url = format!(
        "{}/apply/{}",
        state.services.settings.public_url.trim_end_matches('/'),
        job.id
    );
    let (rule, rule_error) = rule_override.unwrap_or_else(|| {
        (
            job.screening_rule.clone().unwrap_or_default(),
            String::new(),
        )
    });
    let facts = kaoguan_service::screening::FACTS
        .iter()
        .map(|(key, zh, en)| match c.lang {
            Lang::Zh => format!("{key}（{zh}）"),
            Lang::En => format!("{key} ({en})"),
        })
        .collect::<Vec<_>>()
        .join(if c.lang == Lang::Zh { "、" } else { ", " });
    Ok(render(&ResumesPage {
        c,
        job,
        tab: "resumes",
        rows,
        rule,
        rule_error,
        saved,
        apply_url,
        preview,
        facts,
        import_error,
    }))
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            show(
                &state,
                &console,
                id,
                Shown {
                    saved: q.saved.is_some(),
                    ..Shown::default()
                },
            )
            .await
        }
        .await,
    )
}

/// Uploaded files: each is read and screened; the page (or, for the page's script, JSON)
/// lists a result per file.
pub async fn upload(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let wants_json = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let lang = console.lang;
    let form = match Multipart::from_request(req, &state).await {
        Ok(f) => f,
        Err(e) => return (e.status(), e.body_text()).into_response(),
    };
    let (csrf, files) = match super::form::read_upload(form, "files").await {
        Ok((csrf, files)) => (
            csrf,
            files
                .into_iter()
                .map(|(file_name, bytes)| ResumeFile { file_name, bytes })
                .collect::<Vec<_>>(),
        ),
        Err(e) => return (e.status(), e.body_text()).into_response(),
    };
    if let Some(r) = console.csrf_rejection(&csrf) {
        return r;
    }
    page_result(
        lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            // The job must be visible before any file is read.
            jobs::get_job(&state.services, &console.staff, id).await?;
            let mut rows = Vec::new();
            for file in files {
                for outcome in intake::apply_upload(&state.services, &who, id, file).await {
                    rows.push(row(lang, outcome));
                }
            }
            if wants_json {
                return Ok(Json(rows).into_response());
            }
            show(
                &state,
                &console,
                id,
                Shown {
                    rows,
                    ..Shown::default()
                },
            )
            .await
        }
        .await,
    )
}

fn row(lang: Lang, outcome: FileOutcome) -> FileRow {
    match outcome.result {
        Ok(done) => FileRow {
            file: outcome.file_name,
            ok: true,
            name: done.application.candidate_name.clone(),
            application_id: done.application.id.to_string(),
            screened: done.screening.rule.is_some(),
            passed: done.screening.passed,
            created: done.created,
            reasons: done
                .screening
                .reasons
                .iter()
                .map(|r| {
                    if lang == Lang::Zh {
                        r.zh.clone()
                    } else {
                        r.en.clone()
                    }
                })
                .collect(),
            error: String::new(),
        },
        Err(e) => FileRow {
            file: outcome.file_name,
            ok: false,
            name: String::new(),
            application_id: String::new(),
            screened: false,
            passed: false,
            created: false,
            reasons: Vec::new(),
            error: match &e {
                ServiceError::Invalid(d) => invalid(lang, d),
                ServiceError::Conflict { code, .. } => conflict(lang, code),
                _ => lang.t("error.internal").to_string(),
            },
        },
    }
}

/// Saves the screening rule; a rule that does not check stays in the form with the reason.
pub async fn save_rule(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(f.one("csrf")) {
        return r;
    }
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let rule = f.one("screening_rule").to_string();
            // Tried, not saved: the page shows how many would pass, the rule still in the
            // form. Saved: back to the page. Either way a rule that does not check stays
            // in the form with the reason.
            let outcome = if f.one("action") == "preview" {
                intake::preview(&state.services, &who, id, &rule)
                    .await
                    .map(Some)
            } else {
                intake::set_settings(&state.services, &who, id, Some(&rule), job.apply_open)
                    .await
                    .map(|_| None)
            };
            match outcome {
                Ok(Some(p)) => {
                    show(
                        &state,
                        &console,
                        id,
                        Shown {
                            rule_override: Some((rule, String::new())),
                            preview: Some(p),
                            ..Shown::default()
                        },
                    )
                    .await
                }
                Ok(None) => {
                    Ok(Redirect::to(&format!("/jobs/{id}/resumes?saved=1")).into_response())
                }
                Err(ServiceError::Invalid(e)) => {
                    let reason = invalid(console.lang, &e);
                    let mut r = show(
                        &state,
                        &console,
                        id,
                        Shown {
                            rule_override: Some((rule, reason)),
                            ..Shown::default()
                        },
                    )
                    .await?;
                    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    Ok(r)
                }
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

/// Saves HR's corrections of the read fields, then shows the candidate again.
pub async fn correct(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    super::recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: kaoguan_domain::ApplicationId, f| async move {
            let text = |k: &str| Some(f.one(k).trim().to_string()).filter(|v| !v.is_empty());
            let number =
                |k: &str, field: &str, zh: &str, en: &str| -> Result<Option<f64>, ServiceError> {
                    match text(k) {
                        None => Ok(None),
                        Some(v) => v.parse::<f64>().map(Some).map_err(|_| {
                            ServiceError::Invalid(
                                kaoguan_domain::DomainError::new(field, "must be a number")
                                    .zh(zh)
                                    .en(en),
                            )
                        }),
                    }
                };
            let fields = kaoguan_service::intake::TypedFields {
                education_level: text("education_level"),
                school: text("school"),
                major: text("major"),
                graduation_year: number(
                    "graduation_year",
                    "graduation_year",
                    "毕业年份须为数字。",
                    "The graduation year must be a number.",
                )?
                .map(|y| y as i32),
                years_experience: number(
                    "years_experience",
                    "years_experience",
                    "工作年限须为数字。",
                    "Years of experience must be a number.",
                )?,
                skills: f
                    .one("skills")
                    .split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            intake::correct(&state.services, &who, id, fields).await?;
            Ok(Redirect::to(&format!("/applications/{id}#resume")).into_response())
        },
    )
    .await
}

/// Screens the candidate again on the corrected fields, then shows them again.
pub async fn rescreen(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    super::recruiter_post(
        &console,
        &id,
        pairs,
        |who, id: kaoguan_domain::ApplicationId, _| async move {
            intake::rescreen(&state.services, &who, id).await?;
            Ok(Redirect::to(&format!("/applications/{id}#resume")).into_response())
        },
    )
    .await
}

/// Opens or closes the job's public apply page.
pub async fn set_apply_page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let staff = &console.staff;
    super::recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let job = jobs::get_job(&state.services, staff, id).await?;
        let open = f.one("open") == "1";
        intake::set_settings(
            &state.services,
            &who,
            id,
            job.screening_rule.as_deref(),
            open,
        )
        .await?;
        Ok(Redirect::to(&format!("/jobs/{id}/resumes#apply-page")).into_response())
    })
    .await
}
