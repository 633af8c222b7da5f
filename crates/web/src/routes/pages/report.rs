//! The report page (结构化面试报告): readable on screen and printable.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use kaoguan_domain::{ApplicationId, ReportStatus};
use kaoguan_service::report::{self, ReportBody};
use kaoguan_service::{jobs, ServiceError};
use kaoguan_store::{Application, Job};

use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::routes::api::parse_id;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Chrome,
    app: Application,
    job: Job,
    status: ReportStatus,
    body: Option<ReportBody>,
}

impl ReportPage {
    fn status_key(&self) -> String {
        format!("rstatus.{}", self.status.as_str())
    }

    fn kind_key(&self, kind: &kaoguan_domain::QuestionKind) -> String {
        format!("q.kind.{}", kind.as_str())
    }

    fn dimension_name(&self, key: &str) -> String {
        self.job
            .model
            .competencies
            .iter()
            .find(|c| c.key.as_str() == key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    fn pct(&self, v: &f64) -> String {
        format!("{:.0}", v * 100.0)
    }

    fn num(&self, v: &f64) -> String {
        format!("{v:.1}")
    }
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Path(id): Path<String>,
) -> Response {
    page_result(
        console.lang,
        async {
            let id: ApplicationId = parse_id(&id).map_err(|_| ServiceError::NotFound)?;
            let view = report::get_report(&state.services, &console.staff, id).await?;
            let app = state
                .services
                .store
                .get_application(console.staff.org(), id)
                .await?;
            let job = jobs::get_job(&state.services, &console.staff, app.job_id).await?;
            Ok(match Chrome::of(&state, &console).await {
                Ok(c) => render(&ReportPage {
                    c,
                    app,
                    job,
                    status: view.status,
                    body: view.detail,
                }),
                Err(r) => r,
            })
        }
        .await,
    )
}
