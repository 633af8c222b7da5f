//! Jobs list, new-job form and the job page (model, questions, candidates, invitations).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{JobDraft, JobId, Language};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::{ApplicationSummary, Job, JobSummary};

use super::form::FormFields;
use super::model::{parse_rows, rows_for, CompetencyRow};
use super::{page_result, recruiter_post, render, Chrome, StageNames};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    c: Chrome,
    jobs: Vec<JobSummary>,
    show_archived: bool,
    /// How many archived jobs the list leaves out.
    archived: usize,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    archived: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    console: Console,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            let show_archived = q.archived.as_deref() == Some("1");
            let all = jobs::list_jobs(&state.services, &console.staff).await?;
            let is_archived = |j: &JobSummary| j.status == kaoguan_domain::JobStatus::Archived;
            let archived = all.iter().filter(|j| is_archived(j)).count();
            let jobs = all
                .into_iter()
                .filter(|j| show_archived == is_archived(j))
                .collect();
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&JobsPage {
                    c,
                    jobs,
                    show_archived,
                    archived,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

/// Opens, closes or archives the job.
pub async fn set_status(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let status: kaoguan_domain::JobStatus = f.one("status").parse()?;
        jobs::set_status(&state.services, &who, id, status).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#job-status")).into_response())
    })
    .await
}

/// Copies the job and opens the copy.
pub async fn copy(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, _| async move {
        let job = jobs::copy(&state.services, &who, id).await?;
        Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
    })
    .await
}

#[derive(Template)]
#[template(path = "job_new.html")]
struct NewJobPage {
    c: Chrome,
    title: String,
    department: String,
    language: String,
    description: String,
    rows: Vec<CompetencyRow>,
    error: Option<String>,
}

pub async fn new_page(State(state): State<AppState>, console: Console) -> Response {
    page_result(
        console.lang,
        async {
            console.staff.recruiter()?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&NewJobPage {
                    language: c.lang.code().to_string(),
                    c,
                    title: String::new(),
                    department: console.staff.user.department.clone().unwrap_or_default(),
                    description: String::new(),
                    rows: rows_for(None),
                    error: None,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}

pub async fn create(
    State(state): State<AppState>,
    console: Console,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(f.one("csrf")) {
        return r;
    }
    page_result(
        console.lang,
        async {
            let who = console.staff.recruiter()?;
            let (rows, model) = parse_rows(&f);
            let draft = model.and_then(|model| {
                let language: Language = f.one("language").parse()?;
                JobDraft::parse(
                    f.one("title"),
                    f.one("department"),
                    language,
                    f.one("description"),
                    model,
                    vec![],
                )
            });
            match draft {
                Ok(draft) => {
                    let job = jobs::create_job(&state.services, &who, &draft).await?;
                    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
                }
                Err(e) => {
                    let c = match Chrome::of(&state, &console).await {
                        Ok(c) => c,
                        Err(r) => return Ok(r),
                    };
                    let mut rows = rows;
                    rows.extend(rows_for(None).into_iter().take(2));
                    let mut r = render(&NewJobPage {
                        c,
                        title: f.one("title").to_string(),
                        department: f.one("department").to_string(),
                        language: f.one("language").to_string(),
                        description: f.one("description").to_string(),
                        rows,
                        error: Some(super::errors::invalid(console.lang, &e)),
                    });
                    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    Ok(r)
                }
            }
        }
        .await,
    )
}

/// One calibration version as the job page lists it.
pub struct CalibrationRow {
    pub version: i64,
    pub status: &'static str,
    pub samples: i64,
    pub before: String,
    pub after: String,
}

impl CalibrationRow {
    fn of(c: &kaoguan_store::Calibration) -> Self {
        let r = &c.result;
        let agreement = |side: &str| {
            format!(
                "{:.2} / {:.2}",
                r[side]["spearman"].as_f64().unwrap_or(0.0),
                r[side]["mean_abs_error"].as_f64().unwrap_or(0.0)
            )
        };
        Self {
            version: c.version,
            status: c.status.as_str(),
            samples: r["samples"].as_i64().unwrap_or(0),
            before: agreement("before"),
            after: agreement("after"),
        }
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    c: Chrome,
    job: Job,
    apps: Vec<ApplicationSummary>,
    weights: Vec<(String, f64)>,
    calibrations: Vec<CalibrationRow>,
    rated_answers: usize,
    stages: StageNames,
    /// Which tab shows: candidates, questions, model or settings.
    tab: &'static str,
    /// The pipeline editor's rows (settings tab).
    stage_rows: Vec<super::pipeline::StageRow>,
    /// Who is assigned every candidate of the job.
    assigned: Vec<kaoguan_service::assignments::AssignmentView>,
    /// Whom HR may assign; empty for everyone else.
    assignable: Vec<kaoguan_store::User>,
}

impl JobPage {
    fn stage_name(&self, key: &kaoguan_domain::StageKey) -> String {
        self.stages.name(key)
    }

    fn competency_name(&self, key: &kaoguan_domain::CompetencyKey) -> String {
        self.job
            .model
            .get(key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    fn status_label(&self) -> String {
        self.c
            .t(&format!("jobstatus.{}", self.job.status.as_str()))
            .to_string()
    }

    fn rule_words(&self, rule: &kaoguan_domain::PipelineRule) -> String {
        super::rules::describe(self.c.lang, &self.stages, rule)
    }

    fn status_key(&self, a: &ApplicationSummary) -> String {
        format!("status.{}", a.status.as_str())
    }
}

#[derive(serde::Deserialize)]
pub struct TabQuery {
    tab: Option<String>,
}

/// The job page's tabs besides the board (a page of its own).
const TABS: [&str; 4] = ["candidates", "questions", "model", "settings"];

pub async fn detail(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<TabQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let tab = TABS
                .into_iter()
                .find(|t| q.tab.as_deref() == Some(*t))
                .unwrap_or("candidates");
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let apps = if tab == "candidates" {
                kaoguan_service::applications::list_applications(
                    &state.services,
                    &console.staff,
                    id,
                )
                .await?
            } else {
                Vec::new()
            };
            let weights = job
                .model
                .normalised_weights()
                .into_iter()
                .map(|(k, w)| (k.to_string(), (w * 1000.0).round() / 10.0))
                .collect();
            let (calibrations, rated_answers) = match console.staff.recruiter() {
                Ok(who) if tab == "model" => {
                    let (list, rated) =
                        kaoguan_service::calibration::overview(&state.services, &who, id).await?;
                    (list.iter().map(CalibrationRow::of).collect(), rated)
                }
                _ => (Vec::new(), 0),
            };
            let assigned =
                kaoguan_service::assignments::of_job(&state.services, &console.staff, id)
                    .await?
                    .into_iter()
                    .filter(|a| a.application_id.is_none())
                    .collect();
            let assignable = match console.staff.recruiter() {
                Ok(who) => kaoguan_service::assignments::assignable(&state.services, &who).await?,
                Err(_) => Vec::new(),
            };
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => {
                    let stages = StageNames::of(&job, c.lang);
                    render(&JobPage {
                        assigned,
                        assignable,
                        tab,
                        stage_rows: super::pipeline::rows_for(stages.pipeline()),
                        stages,
                        c,
                        job,
                        apps,
                        weights,
                        calibrations,
                        rated_answers,
                    })
                }
                Err(r) => r,
            })
        }
        .await,
    )
}

pub async fn update_details(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        jobs::update_details(
            &state.services,
            &who,
            id,
            f.one("title"),
            f.one("department"),
            f.one("description"),
        )
        .await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#details")).into_response())
    })
    .await
}

/// Saves the job's pipeline from the editor (or restores the built-in one).
pub async fn set_pipeline(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let pipeline = super::pipeline::parse(&f)?;
        jobs::set_pipeline(&state.services, &who, id, pipeline.as_ref()).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#pipeline")).into_response())
    })
    .await
}

/// Turns the job's face detection on or off (an unticked box sends nothing: off).
pub async fn set_face_detection(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        jobs::set_face_detection(&state.services, &who, id, f.one("enabled") == "1").await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#face-detection")).into_response())
    })
    .await
}

/// Sets how many days the job's new interview links last.
pub async fn set_link_days(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let days: u32 = f.one("days").trim().parse().map_err(|_| {
            kaoguan_domain::DomainError::new("days", "must be a whole number")
                .zh("链接有效期须为 1 到 365 的整数天。")
                .en("Links must last a whole number of days from 1 to 365.")
        })?;
        jobs::set_invite_validity(&state.services, &who, id, Some(days)).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#links")).into_response())
    })
    .await
}

/// Sets where the job's recommendation bands start, or restores the defaults.
pub async fn set_band_thresholds(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let thresholds = if f.one("reset") == "1" {
            None
        } else {
            let number = |field: &str| {
                f.one(field).trim().parse::<f64>().map_err(|_| {
                    let (zh, en) = kaoguan_domain::band::threshold_words(field);
                    ServiceError::from(
                        kaoguan_domain::DomainError::new(field, "must be a number from 0 to 100")
                            .zh(format!("“{zh}”档的起始分须为 0 到 100 之间的数。"))
                            .en(format!(
                                "The {en} threshold must be a number from 0 to 100."
                            )),
                    )
                })
            };
            Some(kaoguan_domain::BandThresholds::new(
                number("strongly_recommend")?,
                number("recommend")?,
                number("undecided")?,
            )?)
        };
        jobs::set_band_thresholds(&state.services, &who, id, thresholds).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=settings#bands")).into_response())
    })
    .await
}

/// Fits a new calibration draft from the job's ratings.
pub async fn calibrate(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    recruiter_post(&console, &id, pairs, |who, id: JobId, _| async move {
        kaoguan_service::calibration::fit_for_job(&state.services, &who, id).await?;
        Ok(Redirect::to(&format!("/jobs/{id}?tab=model#calibration")).into_response())
    })
    .await
}

pub async fn publish_calibration(
    State(state): State<AppState>,
    console: Console,
    Path((id, version)): Path<(String, String)>,
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
            let version: i64 = version.parse().map_err(|_| ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            kaoguan_service::calibration::publish(&state.services, &who, id, version).await?;
            Ok(Redirect::to(&format!("/jobs/{id}?tab=model#calibration")).into_response())
        }
        .await,
    )
}
