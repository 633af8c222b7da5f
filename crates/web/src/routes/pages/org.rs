//! 组织设置: the defaults new jobs start with (pipeline, link validity) and whether
//! department heads see candidates' contacts. Admins only.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kaoguan_domain::Pipeline;
use kaoguan_service::org;
use kaoguan_store::{OrgSettings, Organisation, DEFAULT_INVITE_VALID_DAYS};

use super::pipeline::{self, StageRow};
use super::{console_post, page_result, render, Chrome};
use crate::extract::Console;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "org_settings.html")]
struct SettingsPage {
    c: Chrome,
    org: Organisation,
    stage_rows: Vec<StageRow>,
    default_days: u32,
    saved: bool,
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            console.staff.admin()?;
            let org = org::settings(&state.services, &console.staff).await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => {
                    let shown = org
                        .settings
                        .pipeline
                        .clone()
                        .unwrap_or_else(|| Pipeline::default_for(c.lang.language()));
                    render(&SettingsPage {
                        c,
                        stage_rows: pipeline::rows_for(&shown),
                        org,
                        default_days: DEFAULT_INVITE_VALID_DAYS,
                        saved: q.saved.is_some(),
                    })
                }
                Err(r) => r,
            })
        }
        .await,
    )
}

pub async fn save(
    State(state): State<AppState>,
    console: Console,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let admin = console.staff.admin();
    let console = &console;
    console_post(console, pairs, |f| async move {
        let who = admin?;
        // Not a whole number: 0, which the service refuses with its own message.
        let days = match f.one("days").trim() {
            "" => None,
            d => Some(d.parse::<u32>().unwrap_or(0)),
        };
        // The form shows the built-in pipeline in the reader's language when there is no
        // default of its own; sent back unchanged it stays "built-in", so that saving
        // another setting from the English screen does not give Chinese jobs English names.
        let current = org::settings(&state.services, &console.staff).await?;
        let pipeline = match pipeline::parse(&f)? {
            Some(p)
                if current.settings.pipeline.is_none()
                    && p == Pipeline::default_for(console.lang.language()) =>
            {
                None
            }
            other => other,
        };
        let settings = OrgSettings {
            pipeline,
            invite_valid_days: days,
            dept_heads_see_contacts: f.one("dept_heads_see_contacts") == "1",
        };
        org::set_settings(&state.services, &who, settings).await?;
        Ok(Redirect::to("/admin/settings?saved=1").into_response())
    })
    .await
}
