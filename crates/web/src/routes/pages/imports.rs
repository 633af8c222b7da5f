//! Bulk import on the console: a candidate list uploaded from the resumes tab, its
//! preview (what each row becomes, or why it is rejected), and the commit.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::JobId;
use kaoguan_service::intake::{self, ImportFile, ImportRowView, ImportView, RowOutcome};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::Job;

use super::{console_post, page_result, render, Chrome};
use crate::extract::Console;
use crate::i18n::Lang;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// Rows listed in full on the page besides every rejected one: a preview of thousands of
/// good rows is read by its counts, not row by row.
const ROWS_SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    job: Job,
    tab: &'static str,
    import: ImportView,
    /// Rejected rows first, then the others, at most [`ROWS_SHOWN`] of those.
    rows: Vec<ImportRowView>,
    /// Rows not listed.
    hidden: usize,
    /// Rows the commit creates.
    to_create: usize,
}

impl ImportPage {
    fn field_name(&self, key: &str) -> &'static str {
        self.c.t(match key {
            "name" => "import.field.name",
            "phone" => "import.field.phone",
            "email" => "import.field.email",
            "education_level" => "import.field.education_level",
            "school" => "import.field.school",
            "major" => "import.field.major",
            "graduation_year" => "import.field.graduation_year",
            "years_experience" => "import.field.years_experience",
            _ => "import.field.skills",
        })
    }

    fn outcome(&self, row: &ImportRowView) -> &'static str {
        self.c.t(match row.outcome {
            RowOutcome::New => "import.outcome.new",
            RowOutcome::Known => "import.outcome.known",
            RowOutcome::AlreadyApplied => "import.outcome.already_applied",
            RowOutcome::Rejected => "import.outcome.rejected",
        })
    }

    fn reason<'a>(&self, r: &'a intake::RowReason) -> &'a str {
        match self.c.lang {
            Lang::Zh => &r.zh,
            Lang::En => &r.en,
        }
    }

    fn education(&self, row: &ImportRowView) -> String {
        row.fields
            .education_level
            .as_deref()
            .and_then(kaoguan_domain::EducationLevel::from_name)
            .map(|l| match self.c.lang {
                Lang::Zh => l.zh().to_string(),
                Lang::En => l.en().to_string(),
            })
            .unwrap_or_default()
    }

    fn years(&self, row: &ImportRowView) -> String {
        row.fields
            .years_experience
            .map(|y| format!("{y}"))
            .unwrap_or_default()
    }
}

/// A candidate list from the resumes tab: read into a preview, then shown.
pub async fn upload(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let lang = console.lang;
    let form = match Multipart::from_request(req, &state).await {
        Ok(f) => f,
        Err(e) => return (e.status(), e.body_text()).into_response(),
    };
    let (csrf, file) = match super::form::read_upload(form, "file").await {
        Ok((csrf, files)) => (
            csrf,
            files
                .into_iter()
                .next()
                .map(|(file_name, bytes)| ImportFile { file_name, bytes }),
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
            jobs::get_job(&state.services, &console.staff, id).await?;
            let Some(file) = file else {
                return super::resumes::show_import_error(
                    &state,
                    &console,
                    id,
                    lang.t("import.choose_file").to_string(),
                )
                .await;
            };
            match intake::preview_import(&state.services, &who, id, file).await {
                Ok(view) => {
                    Ok(Redirect::to(&format!("/jobs/{id}/imports/{}", view.id)).into_response())
                }
                Err(ServiceError::Invalid(e)) => {
                    let reason = super::errors::invalid(lang, &e);
                    super::resumes::show_import_error(&state, &console, id, reason).await
                }
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

/// The preview, or what the committed import made.
pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Path((id, import)): Path<(String, String)>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let view = intake::get_import(&state.services, &who, &import).await?;
            if view.job_id != id {
                return Err(ServiceError::NotFound);
            }
            let c = match Chrome::of(&state, &console).await {
                Ok(c) => c,
                Err(r) => return Ok(r),
            };
            let to_create =
                view.preview.counts.new_candidates + view.preview.counts.known_candidates;
            let (mut rows, others): (Vec<ImportRowView>, Vec<ImportRowView>) = view
                .preview
                .rows
                .iter()
                .cloned()
                .partition(ImportRowView::is_rejected);
            let hidden = others.len().saturating_sub(ROWS_SHOWN);
            rows.extend(others.into_iter().take(ROWS_SHOWN));
            Ok(render(&ImportPage {
                c,
                job,
                tab: "resumes",
                import: view,
                rows,
                hidden,
                to_create,
            }))
        }
        .await,
    )
}

/// Commits the preview, then shows what it made.
pub async fn commit(
    State(state): State<AppState>,
    console: Console,
    Path((id, import)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let staff = &console.staff;
    console_post(&console, pairs, |_| async move {
        let id: JobId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
        let who = staff.recruiter()?;
        jobs::get_job(&state.services, staff, id).await?;
        let view = intake::get_import(&state.services, &who, &import).await?;
        if view.job_id != id {
            return Err(ServiceError::NotFound);
        }
        intake::commit_import(&state.services, &who, &import).await?;
        Ok(Redirect::to(&format!("/jobs/{id}/imports/{import}")).into_response())
    })
    .await
}
