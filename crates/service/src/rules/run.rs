//! Running rules once: on the occasions that queue them and on stage timeouts.

use kaoguan_domain::{ApplicationId, OrgId, PipelineRule, Trigger};
use kaoguan_store::{Effects, RuleRun, RuleRunResult, StoreError};
use sha2::{Digest, Sha256};

use super::decide::decide;
use super::facts::facts;
use crate::events::DomainEvent;
use crate::report::ReportBody;
use crate::{ServiceResult, Services};

/// Runs the job's rules on `trigger` for one application, once. The worker calls this for
/// the tasks that finishing an interview and writing a report queue.
pub async fn run(
    services: &Services,
    org: OrgId,
    id: ApplicationId,
    trigger: Trigger,
) -> ServiceResult<()> {
    let key = format!("{}:{id}", trigger.as_str());
    run_keyed(services, org, id, trigger, None, &key).await
}

pub(super) async fn run_keyed(
    services: &Services,
    org: OrgId,
    id: ApplicationId,
    trigger: Trigger,
    only: Option<usize>,
    key: &str,
) -> ServiceResult<()> {
    // A person may move the candidate between our read and our write; the store then
    // changes nothing and we decide again on what is there now.
    for _ in 0..3 {
        let app = services.store.get_application(org, id).await?;
        let job = services.store.get_job(org, app.job_id).await?;
        let rules: Vec<(usize, &PipelineRule)> = job
            .pipeline_rules
            .iter()
            .enumerate()
            .filter(|(i, r)| r.on == trigger && only.is_none_or(|o| o == *i))
            .collect();
        let body = match trigger {
            Trigger::ReportReady => match services.store.get_report(org, id).await? {
                Some(r) => Some(
                    serde_json::from_value::<ReportBody>(r.body).map_err(anyhow::Error::from)?,
                ),
                None => None,
            },
            _ => None,
        };
        let now = services.clock.now();
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
        let decided = decide(&job, &app, &rules, &facts);
        let mut effects = Effects::none();
        if let Some((from, to, kind, label)) = &decided.movement {
            effects = effects.event(
                DomainEvent::StageChanged {
                    application_id: id,
                    from: from.stage.to_string(),
                    to: to.stage.to_string(),
                    decision: kind,
                    reason: None,
                    by: "rule",
                    user: None,
                    rule: Some(label.clone()),
                }
                .logged(),
            );
        }
        if let Some(review) = &decided.review {
            effects = effects.event(
                DomainEvent::RejectionProposed {
                    application_id: id,
                    rule: review.rule_name.clone(),
                }
                .logged(),
            );
        }
        for m in &decided.messages {
            effects = effects.event(
                DomainEvent::MessageQueued {
                    application_id: id,
                    recipient: m.recipient.clone(),
                    template: m.template.clone(),
                }
                .logged(),
            );
        }
        let run = RuleRun {
            key: key.to_string(),
            application_id: id,
            trigger: trigger.as_str().to_string(),
            outcome: serde_json::to_value(&decided.verdicts).map_err(anyhow::Error::from)?,
            movement: decided.movement.map(|(from, to, _, _)| (from, to)),
            review: decided.review,
            messages: decided.messages,
            effects,
        };
        match services.store.record_rule_run(org, &run, now).await? {
            RuleRunResult::Done => {
                let acted = run
                    .outcome
                    .as_array()
                    .map_or(0, |v| v.iter().filter(|o| o["result"] == "acted").count());
                if acted > 0 {
                    tracing::info!(application = %id, trigger = trigger.as_str(), acted, "rules acted");
                }
                return Ok(());
            }
            RuleRunResult::AlreadyRun => return Ok(()),
            RuleRunResult::StageChanged => continue,
        }
    }
    Err(StoreError::Conflict("the application kept moving while its rules ran".into()).into())
}

/// Runs every timeout rule on the applications that have waited long enough; each stay in
/// a stage times out once per rule. Returns how many runs were written.
pub async fn sweep_timeouts(services: &Services) -> ServiceResult<usize> {
    let mut ran = 0;
    for (org, job_id) in services.store.jobs_with_timeouts().await? {
        let job = services.store.get_job(org, job_id).await?;
        for (index, rule) in job.pipeline_rules.iter().enumerate() {
            let (Trigger::StageTimeout, Some(stage), Some(hours)) =
                (rule.on, &rule.stage, rule.after_hours)
            else {
                continue;
            };
            let before = services.clock.now() - chrono::Duration::hours(i64::from(hours));
            let fingerprint = rule_fingerprint(rule);
            for waiting in services
                .store
                .list_waiting(org, job_id, stage, before)
                .await?
            {
                let key = format!(
                    "stage_timeout:{}:{stage}:{}:{fingerprint}",
                    waiting.application_id,
                    waiting.since.timestamp_millis()
                );
                run_keyed(
                    services,
                    org,
                    waiting.application_id,
                    Trigger::StageTimeout,
                    Some(index),
                    &key,
                )
                .await?;
                ran += 1;
            }
        }
    }
    Ok(ran)
}

/// A rule's identity for once-only keys: its content, so reordering rules does not fire a
/// timeout again, and editing one makes it a new rule.
pub(super) fn rule_fingerprint(rule: &PipelineRule) -> String {
    let text = serde_json::to_string(rule).unwrap_or_default();
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}
