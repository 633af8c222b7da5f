//! Calibrating a job's scorer from its human ratings, and publishing the result as a new
//! scorer version. Reports keep the version they were scored with; re-scoring is explicit.

use std::collections::BTreeMap;
use std::sync::Arc;

use kaoguan_domain::{ApplicationId, ApplicationStatus, JobId, OrgId, QuestionId};
use kaoguan_scoring::calibrate::{self, CalibrationResult, FeatureWeights, RatedAnswer};
use kaoguan_scoring::Scorer;
use kaoguan_store::Calibration;

use crate::report::ReportBody;
use crate::{tasks, Recruiter, ServiceError, ServiceResult, Services};

/// Fits the job's scorer to every rating given on its candidates' answers and stores the
/// result as a draft version, with agreement before and after for HR to judge.
pub async fn fit_for_job(
    services: &Services,
    who: &Recruiter,
    job: JobId,
) -> ServiceResult<(Calibration, CalibrationResult)> {
    let org = who.org();
    services.store.get_job(org, job).await?;
    let ratings = services.store.list_job_ratings(org, job).await?;
    // One sample per rated answer: the mean over its competencies and raters.
    let mut by_answer: BTreeMap<(ApplicationId, QuestionId), Vec<f64>> = BTreeMap::new();
    for r in &ratings {
        by_answer
            .entry((r.application_id, r.question_id))
            .or_default()
            .push(r.rating as f64);
    }
    let mut reports: BTreeMap<ApplicationId, Option<ReportBody>> = BTreeMap::new();
    let mut samples = Vec::new();
    for ((app, question), values) in by_answer {
        if let std::collections::btree_map::Entry::Vacant(slot) = reports.entry(app) {
            let body = match services.store.get_report(org, app).await? {
                Some(r) => serde_json::from_value::<ReportBody>(r.body).ok(),
                None => None,
            };
            slot.insert(body);
        }
        // Ratings of answers that were never scored, or not answered, teach nothing.
        let Some(Some(body)) = reports.get(&app) else {
            continue;
        };
        let qid = question.to_string();
        let Some(answer) = body
            .answers
            .iter()
            .find(|a| a.question_id == qid && a.answered)
        else {
            continue;
        };
        let Some(total) = answer.score else { continue };
        samples.push(RatedAnswer {
            features: answer.features.clone(),
            engine_total: total,
            rating: values.iter().sum::<f64>() / values.len() as f64,
        });
    }
    let next = services
        .store
        .list_calibrations(org, job)
        .await?
        .first()
        .map_or(1, |c| c.version + 1);
    let result = calibrate::fit(&samples, &format!("cal-{next}"))
        .map_err(|e| ServiceError::conflict("calibration_not_possible", e.to_string()))?;
    let stored = services
        .store
        .create_calibration(
            org,
            job,
            &serde_json::to_value(&result.weights).map_err(anyhow::Error::from)?,
            &serde_json::to_value(&result).map_err(anyhow::Error::from)?,
            who.user(),
            services.clock.now(),
        )
        .await?;
    if stored.version != next {
        return Err(ServiceError::conflict(
            "calibration_race",
            "another calibration of this job was created at the same time; try again",
        ));
    }
    Ok((stored, result))
}

pub async fn list(
    services: &Services,
    who: &Recruiter,
    job: JobId,
) -> ServiceResult<Vec<Calibration>> {
    services.store.get_job(who.org(), job).await?;
    Ok(services.store.list_calibrations(who.org(), job).await?)
}

/// The job's calibrations and how many distinct answers have human ratings, for the job
/// page.
pub async fn overview(
    services: &Services,
    who: &Recruiter,
    job: JobId,
) -> ServiceResult<(Vec<Calibration>, usize)> {
    let list = list(services, who, job).await?;
    let ratings = services.store.list_job_ratings(who.org(), job).await?;
    let answers: std::collections::BTreeSet<_> = ratings
        .iter()
        .map(|r| (r.application_id, r.question_id))
        .collect();
    Ok((list, answers.len()))
}

/// Makes `version` the job's scorer for interviews scored from now on.
pub async fn publish(
    services: &Services,
    who: &Recruiter,
    job: JobId,
    version: i64,
) -> ServiceResult<()> {
    Ok(services
        .store
        .publish_calibration(who.org(), job, version, services.clock.now())
        .await?)
}

/// The scorer for a job: the engine with the job's published weights, if any.
pub async fn scorer_for_job(
    services: &Services,
    org: OrgId,
    job: JobId,
) -> ServiceResult<Arc<Scorer>> {
    match services.store.published_calibration(org, job).await? {
        Some(c) => {
            let weights: FeatureWeights =
                serde_json::from_value(c.weights).map_err(anyhow::Error::from)?;
            Ok(Arc::new(services.scorer.with_feature_weights(weights)))
        }
        None => Ok(services.scorer.clone()),
    }
}

/// Queues a new report for a finished interview, scored with the job's current scorer.
pub async fn rescore(
    services: &Services,
    who: &Recruiter,
    application: ApplicationId,
) -> ServiceResult<()> {
    let app = services
        .store
        .get_application(who.org(), application)
        .await?;
    if !matches!(
        app.status,
        ApplicationStatus::Completed | ApplicationStatus::Scored
    ) {
        return Err(ServiceError::conflict(
            "not_finished",
            "only a finished interview can be re-scored",
        ));
    }
    tasks::enqueue(services, tasks::Task::score(who.org(), application)).await
}
