//! The candidate list across jobs.

use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use kaoguan_domain::{DomainError, StageKey};
use kaoguan_store::{CandidateFilter, CandidateSort, FlagFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiResult, ProblemBody};
use crate::extract::ApiStaff;
use crate::state::AppState;

/// Filters, sort and page of the candidate list; every field is optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct CandidateQuery {
    /// Part of the candidate's name.
    pub q: Option<String>,
    /// A job id.
    pub job: Option<String>,
    /// A stage key, e.g. `second_round`.
    pub stage: Option<String>,
    /// An interview status, e.g. `scored`.
    pub status: Option<String>,
    pub min_score: Option<String>,
    pub max_score: Option<String>,
    /// The AI's band: `strongly_recommend`, `recommend`, `undecided`, `not_recommended`.
    pub band: Option<String>,
    /// `red_flag` (any red flag), or an answer flag such as `off_topic` or `evasive`.
    pub flag: Option<String>,
    /// Invited on or after this day (YYYY-MM-DD, UTC).
    pub from: Option<String>,
    /// Invited on or before this day (YYYY-MM-DD, UTC).
    pub to: Option<String>,
    /// `newest` (default), `oldest`, `score_high`, `score_low`, `name`.
    pub sort: Option<String>,
    /// 1-based; 50 per page.
    pub page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn day(v: &str, field: &str) -> Result<DateTime<Utc>, DomainError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
        .map_err(|_| {
            DomainError::new(field, "expected a date as YYYY-MM-DD")
                .zh("日期格式应为 年-月-日，例如 2026-12-05。")
                .en("Dates are written YYYY-MM-DD, e.g. 2026-12-05.")
        })
}

fn score(v: &str, field: &str) -> Result<f64, DomainError> {
    v.parse::<f64>()
        .ok()
        .filter(|s| (0.0..=100.0).contains(s))
        .ok_or_else(|| {
            DomainError::new(field, "expected a score from 0 to 100")
                .zh("分数须为 0 到 100 之间的数字。")
                .en("Scores are numbers from 0 to 100.")
        })
}

/// The answer flags the scorer and the pipeline raise, as the list offers them.
pub const ANSWER_FLAGS: [&str; 9] = [
    "off_topic",
    "evasive",
    "too_short",
    "unanswered",
    "keyword_list",
    "question_echo",
    "addresses_scorer",
    "transcription_failed",
    "engines_disagree",
];

fn flag(v: &str) -> Result<FlagFilter, DomainError> {
    if v == "red_flag" {
        return Ok(FlagFilter::RedFlag);
    }
    if !v.is_empty() && v.len() <= 40 && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Ok(FlagFilter::Answer(v.to_string()));
    }
    Err(
        DomainError::new("flag", "expected red_flag or a flag name such as off_topic")
            .zh("提示类型无法识别。")
            .en("Unknown flag."),
    )
}

impl CandidateQuery {
    pub fn filter(&self) -> Result<CandidateFilter, DomainError> {
        Ok(CandidateFilter {
            name: given(&self.q).map(|s| s.chars().take(100).collect()),
            job: given(&self.job).map(str::parse).transpose()?,
            stage: given(&self.stage).map(StageKey::parse).transpose()?,
            status: given(&self.status).map(str::parse).transpose()?,
            min_total: given(&self.min_score)
                .map(|s| score(s, "min_score"))
                .transpose()?,
            max_total: given(&self.max_score)
                .map(|s| score(s, "max_score"))
                .transpose()?,
            from: given(&self.from).map(|d| day(d, "from")).transpose()?,
            to: given(&self.to)
                .map(|d| day(d, "to").map(|t| t + chrono::Duration::days(1)))
                .transpose()?,
            band: given(&self.band).map(str::parse).transpose()?,
            flag: given(&self.flag).map(flag).transpose()?,
            sort: match given(&self.sort) {
                None | Some("newest") => CandidateSort::Newest,
                Some("oldest") => CandidateSort::Oldest,
                Some("score_high") => CandidateSort::ScoreHigh,
                Some("score_low") => CandidateSort::ScoreLow,
                Some("name") => CandidateSort::Name,
                Some(_) => {
                    return Err(DomainError::new(
                        "sort",
                        "expected newest, oldest, score_high, score_low or name",
                    )
                    .zh("排序方式无法识别。")
                    .en("Unknown sort order."))
                }
            },
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateItem {
    pub application_id: String,
    pub job_id: String,
    pub job_title: String,
    pub candidate_name: String,
    pub status: String,
    pub stage: String,
    pub total: Option<f64>,
    /// The AI's band under the job's thresholds (null until scored).
    pub band: Option<String>,
    pub red_flags: u32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateList {
    /// How many match.
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub items: Vec<CandidateItem>,
}

/// Candidates across every job you may see, filtered, sorted and 50 to a page.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications",
    params(CandidateQuery),
    responses((status = 200, body = CandidateList), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Query(q): Query<CandidateQuery>,
) -> ApiResult<Json<CandidateList>> {
    let filter = q.filter()?;
    let page = kaoguan_service::applications::search(
        &state.services,
        &staff,
        &filter,
        q.page.unwrap_or(1),
    )
    .await?;
    Ok(Json(CandidateList {
        total: page.total,
        page: page.page,
        pages: page.pages,
        items: page
            .rows
            .into_iter()
            .map(|r| CandidateItem {
                application_id: r.id.to_string(),
                job_id: r.job_id.to_string(),
                job_title: r.job_title,
                candidate_name: r.candidate_name,
                status: r.status.as_str().to_string(),
                stage: r.stage.to_string(),
                total: r.total,
                band: r.band.map(|b| b.as_str().to_string()),
                red_flags: r.red_flags,
                created_at: r.created_at,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CompareQuery {
    /// 2 to 4 application ids of the job, comma-separated.
    pub applications: String,
}

/// Two to four candidates of the job side by side: totals, bands, dimensions, red flags
/// and highlights.
#[utoipa::path(get, path = "/api/v1/jobs/{id}/compare", tag = "applications",
    params(("id" = String, Path, description = "job id"), CompareQuery),
    responses((status = 200, body = kaoguan_service::compare::Comparison),
        (status = 404, body = ProblemBody), (status = 422, body = ProblemBody),
        (status = 401, body = ProblemBody)),
    security(("bearer" = [])))]
pub async fn compare(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(q): Query<CompareQuery>,
) -> ApiResult<Json<kaoguan_service::compare::Comparison>> {
    let job: kaoguan_domain::JobId = super::parse_id(&id)?;
    let ids = q
        .applications
        .split(',')
        .map(|a| super::parse_id(a.trim()))
        .collect::<Result<Vec<kaoguan_domain::ApplicationId>, _>>()?;
    Ok(Json(
        kaoguan_service::compare::compare(&state.services, &staff, job, &ids).await?,
    ))
}
