//! The competency-model editor, and the numbered form rows it shares with "new job".

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::{Competency, CompetencyModel, DomainError, JobId};
use kaoguan_service::jobs;

use super::form::FormFields;
use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

/// One editable row of the competency table.
#[derive(Debug, Clone, Default)]
pub struct CompetencyRow {
    pub key: String,
    pub name: String,
    pub weight: String,
    pub indicators: String,
}

/// Rows for the editor: the model's dimensions plus blanks to add new ones.
pub fn rows_for(model: Option<&CompetencyModel>) -> Vec<CompetencyRow> {
    let mut rows: Vec<CompetencyRow> = model
        .map(|m| {
            m.competencies
                .iter()
                .map(|c| CompetencyRow {
                    key: c.key.to_string(),
                    name: c.name.clone(),
                    weight: format!("{}", c.weight),
                    indicators: c.indicators.join("\n"),
                })
                .collect()
        })
        .unwrap_or_default();
    let blanks = if rows.is_empty() { 4 } else { 2 };
    let room = kaoguan_domain::competency::MAX_COMPETENCIES.saturating_sub(rows.len());
    rows.extend(std::iter::repeat_n(
        CompetencyRow::default(),
        blanks.min(room),
    ));
    rows
}

/// Reads rows `c0_*`, `c1_*`, … back; blank rows are skipped and a missing key is
/// derived from the row number, since Chinese names do not make keys.
pub fn parse_rows(f: &FormFields) -> (Vec<CompetencyRow>, Result<CompetencyModel, DomainError>) {
    let mut rows = Vec::new();
    for i in 0..kaoguan_domain::competency::MAX_COMPETENCIES {
        let row = CompetencyRow {
            key: f.one(&format!("c{i}_key")).trim().to_string(),
            name: f.one(&format!("c{i}_name")).trim().to_string(),
            weight: f.one(&format!("c{i}_weight")).trim().to_string(),
            indicators: f.one(&format!("c{i}_indicators")).to_string(),
        };
        if row.key.is_empty()
            && row.name.is_empty()
            && row.weight.is_empty()
            && row.indicators.trim().is_empty()
        {
            continue;
        }
        rows.push(row);
    }
    let parsed = (|| {
        let mut comps = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let at = format!("competencies[{i}]");
            let key = if r.key.is_empty() {
                format!("dim_{}", i + 1)
            } else {
                r.key.clone()
            };
            let weight: f64 = r.weight.parse().map_err(|_| {
                DomainError::new("weight", "must be a number")
                    .zh("权重须为数字。")
                    .en("The weight must be a number.")
                    .within(&at)
            })?;
            comps.push(Competency {
                key: key.parse().map_err(|e: DomainError| e.within(&at))?,
                name: r.name.clone(),
                weight,
                indicators: r.indicators.lines().map(String::from).collect(),
            });
        }
        CompetencyModel::parse(comps)
    })();
    (rows, parsed)
}

#[derive(Template)]
#[template(path = "model.html")]
struct ModelPage {
    c: Chrome,
    job_id: String,
    job_title: String,
    version: i64,
    rows: Vec<CompetencyRow>,
    error: Option<String>,
}

pub async fn edit_page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> Response {
    let lang = console.lang;
    page_result(
        lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| kaoguan_service::ServiceError::NotFound)?;
            console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let c = match Chrome::of(&state, &console).await {
                Ok(c) => c,
                Err(r) => return Ok(r),
            };
            Ok(render(&ModelPage {
                c,
                job_id: job.id.to_string(),
                job_title: job.title.clone(),
                version: job.model_version,
                rows: rows_for(Some(&job.model)),
                error: None,
            }))
        }
        .await,
    )
}

pub async fn save(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormFields::new(pairs);
    if let Some(r) = console.csrf_rejection(f.one("csrf")) {
        return r;
    }
    let lang = console.lang;
    page_result(
        lang,
        async {
            let id: JobId = parse_id(&id).map_err(|_| kaoguan_service::ServiceError::NotFound)?;
            let who = console.staff.recruiter()?;
            let job = jobs::get_job(&state.services, &console.staff, id).await?;
            let (rows, parsed) = parse_rows(&f);
            let result = match parsed {
                Ok(model) => jobs::save_model(&state.services, &who, id, &model).await,
                Err(e) => Err(e.into()),
            };
            match result {
                Ok(_) => Ok(Redirect::to(&format!("/jobs/{id}?tab=model")).into_response()),
                Err(kaoguan_service::ServiceError::Invalid(e)) => {
                    let c = match Chrome::of(&state, &console).await {
                        Ok(c) => c,
                        Err(r) => return Ok(r),
                    };
                    let mut rows = rows;
                    rows.extend(rows_for(None).into_iter().take(2));
                    let mut r = render(&ModelPage {
                        c,
                        job_id: id.to_string(),
                        job_title: job.title,
                        version: job.model_version,
                        rows,
                        error: Some(super::errors::invalid(lang, &e)),
                    });
                    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    Ok(r)
                }
                Err(e) => Err(e),
            }
        }
        .await,
    )
}
