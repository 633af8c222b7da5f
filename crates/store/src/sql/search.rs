//! The candidate list across jobs: filters, sort and pages done by the database, so a
//! page costs the same at ten applications or ten thousand.

use kaoguan_domain::OrgId;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

use super::codec::{ms, RowExt};
use super::SqlStore;
use crate::{CandidateFilter, CandidateRow, CandidateSort, FlagFilter, StoreResult, Visible};

/// A value bound to a numbered parameter.
enum Bound {
    Text(String),
    Float(f64),
    Int(i64),
}

fn bind_all<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    values: &[Bound],
) -> Query<'q, Any, AnyArguments<'q>> {
    for v in values {
        q = match v {
            Bound::Text(s) => q.bind(s.clone()),
            Bound::Float(f) => q.bind(*f),
            Bound::Int(i) => q.bind(*i),
        };
    }
    q
}

/// `%part%` for LIKE, with LIKE's own characters taken literally.
fn like_pattern(part: &str) -> String {
    let escaped = part
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl SqlStore {
    pub(super) async fn search(
        &self,
        org: OrgId,
        visible: &Visible,
        filter: &CandidateFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<CandidateRow>, i64)> {
        let mut values = vec![Bound::Text(org.to_string())];
        let param = |values: &mut Vec<Bound>, v: Bound| {
            values.push(v);
            format!("${}", values.len())
        };
        let mut clauses = vec!["a.org_id = $1".to_string()];
        if !visible.everything {
            let mut any = Vec::new();
            if let Some(d) = &visible.department {
                any.push(format!(
                    "j.department = {}",
                    param(&mut values, Bound::Text(d.clone()))
                ));
            }
            if !visible.jobs.is_empty() {
                let list: Vec<String> = visible
                    .jobs
                    .iter()
                    .map(|j| param(&mut values, Bound::Text(j.to_string())))
                    .collect();
                any.push(format!("a.job_id IN ({})", list.join(", ")));
            }
            if !visible.applications.is_empty() {
                let list: Vec<String> = visible
                    .applications
                    .iter()
                    .map(|a| param(&mut values, Bound::Text(a.to_string())))
                    .collect();
                any.push(format!("a.id IN ({})", list.join(", ")));
            }
            if any.is_empty() {
                return Ok((Vec::new(), 0));
            }
            clauses.push(format!("({})", any.join(" OR ")));
        }
        if let Some(name) = filter
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let p = param(&mut values, Bound::Text(like_pattern(name)));
            clauses.push(format!("LOWER(c.name) LIKE {p} ESCAPE '\\'"));
        }
        if let Some(job) = filter.job {
            let p = param(&mut values, Bound::Text(job.to_string()));
            clauses.push(format!("a.job_id = {p}"));
        }
        if let Some(stage) = &filter.stage {
            let p = param(&mut values, Bound::Text(stage.to_string()));
            clauses.push(format!("a.stage = {p}"));
        }
        if let Some(status) = filter.status {
            let p = param(&mut values, Bound::Text(status.as_str().to_string()));
            clauses.push(format!("a.status = {p}"));
        }
        if let Some(min) = filter.min_total {
            let p = param(&mut values, Bound::Float(min));
            clauses.push(format!("r.total >= {p}"));
        }
        if let Some(max) = filter.max_total {
            let p = param(&mut values, Bound::Float(max));
            clauses.push(format!("r.total <= {p}"));
        }
        if let Some(from) = filter.from {
            let p = param(&mut values, Bound::Int(ms(from)));
            clauses.push(format!("a.created_at >= {p}"));
        }
        if let Some(to) = filter.to {
            let p = param(&mut values, Bound::Int(ms(to)));
            clauses.push(format!("a.created_at < {p}"));
        }
        if let Some(band) = filter.band {
            let p = param(&mut values, Bound::Text(band.as_str().to_string()));
            clauses.push(format!("r.band = {p}"));
        }
        match &filter.flag {
            None => {}
            Some(FlagFilter::RedFlag) => clauses.push("r.red_flags > 0".to_string()),
            Some(FlagFilter::Answer(flag)) => {
                // Flags are stored as " a b "; the name is checked to be [a-z_]+ upstream,
                // and LIKE's own characters are escaped here all the same.
                let p = param(
                    &mut values,
                    Bound::Text(format!("% {} %", flag.replace('_', "\\_"))),
                );
                clauses.push(format!("r.flags LIKE {p} ESCAPE '\\'"));
            }
        }
        let from = "FROM applications a
             JOIN jobs j ON j.id = a.job_id AND j.org_id = a.org_id
             JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id
             LEFT JOIN reports r ON r.application_id = a.id AND r.org_id = a.org_id";
        let filter_sql = clauses.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) AS n {from} WHERE {filter_sql}");
        let total: i64 = bind_all(sqlx::query(&count_sql), &values)
            .fetch_one(&self.pool)
            .await?
            .int("n")?;
        let order = match filter.sort {
            CandidateSort::Newest => "a.created_at DESC, a.id DESC",
            CandidateSort::Oldest => "a.created_at ASC, a.id ASC",
            CandidateSort::ScoreHigh => "(r.total IS NULL), r.total DESC, a.id",
            CandidateSort::ScoreLow => "(r.total IS NULL), r.total ASC, a.id",
            CandidateSort::Name => "c.name, a.id",
        };
        let lim = param(&mut values, Bound::Int(i64::from(limit)));
        let off = param(&mut values, Bound::Int(i64::from(offset)));
        let page_sql = format!(
            "SELECT a.id AS id, a.job_id AS job_id, j.title AS job_title, j.department AS department,
                    c.name AS candidate_name, a.status AS status, a.stage AS stage,
                    r.total AS total, r.band AS band, r.red_flags AS red_flags,
                    a.created_at AS created_at
             {from} WHERE {filter_sql} ORDER BY {order} LIMIT {lim} OFFSET {off}"
        );
        let rows = bind_all(sqlx::query(&page_sql), &values)
            .fetch_all(&self.pool)
            .await?;
        let rows = rows
            .iter()
            .map(|row| {
                Ok(CandidateRow {
                    id: row.parsed("id")?,
                    job_id: row.parsed("job_id")?,
                    job_title: row.text("job_title")?,
                    department: row.text("department")?,
                    candidate_name: row.text("candidate_name")?,
                    status: row.parsed("status")?,
                    stage: row.parsed("stage")?,
                    total: row.opt_float("total")?,
                    band: row.opt_text("band")?.map(|b| b.parse()).transpose()?,
                    red_flags: row.opt_u32("red_flags")?.unwrap_or(0),
                    created_at: row.time("created_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }
}
