//! Inviting one candidate or a pasted list; the links are shown once.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kaoguan_domain::JobId;
use kaoguan_service::{invitations, jobs, ServiceError};
use kaoguan_store::NewCandidate;

use super::errors::invalid;
use super::form::FormFields;
use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::routes::api::dto::CreateInvitation;
use crate::routes::api::parse_id;
use crate::state::AppState;

pub struct CreatedLink {
    pub name: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "invited.html")]
struct InvitedPage {
    c: Chrome,
    job_id: String,
    job_title: String,
    links: Vec<CreatedLink>,
    /// (line number, message) for a rejected batch.
    errors: Vec<(usize, String)>,
    /// A single invitation of someone the job already has: whom, and what to merge.
    merge: Option<MergeOffer>,
}

/// The person the job already has, and the invitation HR may merge into them.
pub struct MergeOffer {
    pub application_id: String,
    pub existing_name: String,
    pub name: String,
    pub email: String,
    pub phone: String,
}

pub async fn create(
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
            let candidates: Result<Vec<NewCandidate>, Vec<(usize, String)>> =
                if f.one("bulk").trim().is_empty() {
                    CreateInvitation {
                        name: f.one("name").into(),
                        email: Some(f.one("email").into()),
                        phone: Some(f.one("phone").into()),
                    }
                    .parse()
                    .map(|c| vec![c])
                    .map_err(|e| vec![(1, invalid(console.lang, &e))])
                } else {
                    invitations::parse_bulk(f.one("bulk")).map_err(|errs| {
                        errs.into_iter()
                            .map(|(n, e)| (n, invalid(console.lang, &e)))
                            .collect()
                    })
                };
            let mut links = Vec::new();
            let mut errors = Vec::new();
            let mut merge = None;
            // A second invitation of someone the job already has (or of one person twice
            // in the list) stops the whole batch before anything is sent.
            let candidates = match candidates {
                Ok(list) => {
                    let dup = invitations::duplicates(&state.services, &who, id, &list).await?;
                    if let ([cand], false) = (list.as_slice(), dup.is_empty()) {
                        if let Some(existing) =
                            invitations::existing_application(&state.services, &who, id, cand)
                                .await?
                        {
                            merge = Some(MergeOffer {
                                application_id: existing.id.to_string(),
                                existing_name: existing.candidate_name,
                                name: f.one("name").to_string(),
                                email: f.one("email").to_string(),
                                phone: f.one("phone").to_string(),
                            });
                        }
                    }
                    if dup.is_empty() {
                        Ok(list)
                    } else {
                        Err(dup
                            .into_iter()
                            .map(|(n, e)| (n, invalid(console.lang, &e)))
                            .collect())
                    }
                }
                Err(e) => Err(e),
            };
            match candidates {
                Ok(list) => {
                    for cand in list {
                        let inv = invitations::invite(&state.services, &who, id, &cand).await?;
                        links.push(CreatedLink {
                            name: cand.name.to_string(),
                            url: inv.interview_url,
                        });
                    }
                }
                Err(e) => errors = e,
            }
            let c = match Chrome::of(&state, &console).await {
                Ok(c) => c,
                Err(r) => return Ok(r),
            };
            let failed = !errors.is_empty();
            let mut r = render(&InvitedPage {
                c,
                job_id: id.to_string(),
                job_title: job.title,
                links,
                errors,
                merge,
            });
            if failed {
                *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            }
            Ok(r)
        }
        .await,
    )
}

/// Merges a single invitation into the application the job already has for this person
/// (the 合并 button on the duplicate's page), then opens that application.
pub async fn merge(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    super::recruiter_post(&console, &id, pairs, |who, id: JobId, f| async move {
        let candidate = CreateInvitation {
            name: f.one("name").into(),
            email: Some(f.one("email").into()),
            phone: Some(f.one("phone").into()),
        }
        .parse()?;
        let merged = invitations::merge(&state.services, &who, id, &candidate).await?;
        Ok(
            axum::response::Redirect::to(&format!("/applications/{}", merged.application.id))
                .into_response(),
        )
    })
    .await
}
