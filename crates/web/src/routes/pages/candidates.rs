//! 候选人: every candidate the viewer may see across jobs, with search, filters, sort and
//! pages (the database does the work; 50 to a page).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use kaoguan_service::applications::{self, CandidatePage};
use kaoguan_store::{CandidateRow, JobSummary};

use super::{page_result, render, Chrome};
use crate::extract::Console;
use crate::routes::api::candidates::CandidateQuery;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "candidates.html")]
struct CandidatesPage {
    c: Chrome,
    q: CandidateQuery,
    jobs: Vec<JobSummary>,
    stages: Vec<(String, String)>,
    statuses: Vec<&'static str>,
    result: CandidatePage,
    error: Option<String>,
    bands: [&'static str; 4],
    flags: Vec<&'static str>,
}

impl CandidatesPage {
    fn val<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn stage_name(&self, r: &CandidateRow) -> String {
        self.stages
            .iter()
            .find(|(k, _)| k == r.stage.as_str())
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| r.stage.to_string())
    }

    /// The link to `page` with the same filters.
    fn page_link(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (k, v) in [
            ("q", &self.q.q),
            ("job", &self.q.job),
            ("stage", &self.q.stage),
            ("status", &self.q.status),
            ("min_score", &self.q.min_score),
            ("max_score", &self.q.max_score),
            ("band", &self.q.band),
            ("flag", &self.q.flag),
            ("from", &self.q.from),
            ("to", &self.q.to),
            ("sort", &self.q.sort),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                pairs.push((k, v));
            }
        }
        let page = page.to_string();
        pairs.push(("page", &page));
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        format!("/candidates?{}", query.join("&"))
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    console: Console,
    Query(q): Query<CandidateQuery>,
) -> Response {
    page_result(
        console.lang,
        async {
            let jobs = kaoguan_service::jobs::list_jobs(&state.services, &console.staff).await?;
            let (result, error) = match q.filter() {
                Ok(filter) => (
                    applications::search(
                        &state.services,
                        &console.staff,
                        &filter,
                        q.page.unwrap_or(1),
                    )
                    .await?,
                    None,
                ),
                Err(e) => (
                    CandidatePage {
                        rows: Vec::new(),
                        total: 0,
                        page: 1,
                        pages: 1,
                    },
                    Some(super::errors::invalid(console.lang, &e)),
                ),
            };
            let c = match Chrome::of(&state, &console).await {
                Ok(c) => c,
                Err(r) => return Ok(r),
            };
            let pipeline = kaoguan_domain::Pipeline::default_for(c.lang.language());
            let mut stages: Vec<(String, String)> = pipeline
                .stages()
                .iter()
                .map(|s| (s.key.to_string(), s.name.clone()))
                .collect();
            for special in [
                kaoguan_domain::stage::ON_HOLD,
                kaoguan_domain::stage::REJECTED,
                kaoguan_domain::stage::WITHDRAWN,
            ] {
                let key = kaoguan_domain::StageKey::parse(special)?;
                stages.push((
                    special.to_string(),
                    pipeline.name_of(&key, c.lang.language()),
                ));
            }
            Ok(render(&CandidatesPage {
                c,
                q,
                jobs,
                stages,
                statuses: kaoguan_domain::ApplicationStatus::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect(),
                result,
                error,
                bands: kaoguan_domain::Band::ALL.map(|b| b.as_str()),
                flags: std::iter::once("red_flag")
                    .chain(crate::routes::api::candidates::ANSWER_FLAGS)
                    .collect(),
            }))
        }
        .await,
    )
}
