//! What rules would do to a job's candidates as they stand.

use kaoguan_domain::{JobId, PipelineRule, Trigger};
use serde::Serialize;

use super::check::check;
use super::decide::decide;
use super::facts::facts;
use super::RuleVerdict;
use crate::report::ReportBody;
use crate::{Recruiter, ServiceResult, Services};

/// One application in a preview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PreviewRow {
    pub application_id: String,
    pub candidate_name: String,
    pub stage: String,
    pub total: Option<f64>,
    pub verdicts: Vec<RuleVerdict>,
}

/// What `rules` would do to the job's applications as they stand now, changing nothing:
/// each rule is decided on the facts its trigger would provide, for the applications its
/// occasion has come for (a finished interview, a report, a stay past the limit), and is
/// shown as already run where rules on that occasion ran before.
pub async fn preview(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    rules: &[PipelineRule],
) -> ServiceResult<Vec<PreviewRow>> {
    let job = services.store.get_job(who.org(), id).await?;
    check(&job, rules)?;
    let now = services.clock.now();
    let mut rows = Vec::new();
    for summary in services.store.list_applications(who.org(), id).await? {
        let app = services
            .store
            .get_application(who.org(), summary.id)
            .await?;
        let body = match services.store.get_report(who.org(), app.id).await? {
            Some(r) => serde_json::from_value::<ReportBody>(r.body).ok(),
            None => None,
        };
        let screening = services
            .store
            .get_screening(app.org_id, app.id)
            .await?
            .map(|(v, _)| v);
        let facts = facts(
            &app,
            body.as_ref().map(|b| (&job, b)),
            screening.as_ref(),
            now,
        );
        let ran: Vec<String> = services
            .store
            .list_rule_runs(who.org(), app.id)
            .await?
            .into_iter()
            .map(|r| r.trigger)
            .collect();
        let mut verdicts = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let verdict = |result: &'static str| RuleVerdict {
                rule: index + 1,
                name: rule.name.clone(),
                action: rule.action.to_string(),
                result,
                note: None,
            };
            // Each trigger as it would find this application: rules on an occasion that
            // has not come yet do not apply, and ones that already ran do not run again.
            let applies = match rule.on {
                Trigger::InterviewFinished => app.finished_at.is_some(),
                Trigger::ReportReady => body.is_some(),
                Trigger::StageTimeout => {
                    let since = app.stage_changed_at.unwrap_or(app.created_at);
                    rule.stage.as_ref() == Some(&app.stage)
                        && rule
                            .after_hours
                            .is_some_and(|h| now - since >= chrono::Duration::hours(i64::from(h)))
                }
                Trigger::Screened => false,
            };
            let once = matches!(rule.on, Trigger::InterviewFinished | Trigger::ReportReady);
            if !applies {
                verdicts.push(verdict("not_yet"));
            } else if once && ran.iter().any(|t| t == rule.on.as_str()) {
                verdicts.push(verdict("already_ran"));
            } else {
                // Decided with the rules of its trigger before it, so that "only the
                // first rule that moves acts" holds in the preview too.
                let before: Vec<(usize, &PipelineRule)> = rules
                    .iter()
                    .enumerate()
                    .take(index + 1)
                    .filter(|(_, r)| r.on == rule.on)
                    .collect();
                let decided = decide(&job, &app, &before, &facts);
                if let Some(v) = decided.verdicts.into_iter().last() {
                    verdicts.push(v);
                }
            }
        }
        verdicts.sort_by_key(|v| v.rule);
        rows.push(PreviewRow {
            application_id: app.id.to_string(),
            candidate_name: summary.candidate_name,
            stage: app.stage.to_string(),
            total: summary.total,
            verdicts,
        });
    }
    Ok(rows)
}
