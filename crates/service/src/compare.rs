//! Two to four candidates of one job side by side: totals, bands, each dimension (the
//! best of the row marked), red flags and the report's highlights as evidence.

use kaoguan_domain::{ApplicationId, DomainError, JobId};
use serde::Serialize;

use crate::{applications, jobs, report, ServiceError, ServiceResult, Services, Staff};

pub const MIN: usize = 2;
pub const MAX: usize = 4;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComparedCandidate {
    pub application_id: String,
    pub candidate_name: String,
    pub stage: String,
    pub total: Option<f64>,
    /// The AI's band, e.g. `recommend`; `null` without a report.
    pub band: Option<String>,
    /// Each dimension's score, in the order of `Comparison::dimensions`.
    pub dimensions: Vec<Option<f64>>,
    pub red_flags: usize,
    /// Up to three highlights of the report, quoted from the answers.
    pub highlights: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// (key, name) of each dimension of the job's competency model.
    pub dimensions: Vec<(String, String)>,
    pub candidates: Vec<ComparedCandidate>,
}

impl Comparison {
    /// Whether candidate `i` has the best score of dimension `d` (ties all marked).
    pub fn is_best(&self, d: usize, i: usize) -> bool {
        let best = self
            .candidates
            .iter()
            .filter_map(|c| c.dimensions.get(d).copied().flatten())
            .fold(f64::NEG_INFINITY, f64::max);
        self.candidates[i]
            .dimensions
            .get(d)
            .copied()
            .flatten()
            .is_some_and(|s| s >= best)
    }
}

pub async fn compare(
    services: &Services,
    who: &Staff,
    job: JobId,
    ids: &[ApplicationId],
) -> ServiceResult<Comparison> {
    let mut unique: Vec<ApplicationId> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if !(MIN..=MAX).contains(&unique.len()) {
        return Err(
            DomainError::new("applications", "compare 2 to 4 candidates")
                .zh("请选择 2 到 4 位候选人进行对比。")
                .en("Choose 2 to 4 candidates to compare.")
                .into(),
        );
    }
    let job = jobs::get_job(services, who, job).await?;
    let dimensions: Vec<(String, String)> = job
        .model
        .competencies
        .iter()
        .map(|c| (c.key.to_string(), c.name.clone()))
        .collect();
    let mut candidates = Vec::new();
    for id in unique {
        let app = applications::get_application(services, who, id).await?;
        if app.job_id != job.id {
            return Err(ServiceError::NotFound);
        }
        let view = report::get_report(services, who, id).await?;
        candidates.push(ComparedCandidate {
            application_id: id.to_string(),
            candidate_name: app.candidate_name,
            stage: app.stage.to_string(),
            total: view.total,
            band: view.recommendation.map(|r| r.band.as_str().to_string()),
            dimensions: dimensions
                .iter()
                .map(|(k, _)| view.dimensions.get(k).copied())
                .collect(),
            red_flags: view.answers.iter().map(|a| a.red_flags.len()).sum(),
            highlights: view
                .detail
                .map(|d| d.highlights.into_iter().take(3).collect())
                .unwrap_or_default(),
        });
    }
    Ok(Comparison {
        dimensions,
        candidates,
    })
}
