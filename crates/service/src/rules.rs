//! Pipeline rules: checked when saved (the error names the rule and the position in its
//! condition), previewed on the job's candidates, and run once per application and
//! trigger by the worker.
//!
//! A run reads the facts, decides every rule in order, and writes the outcome in one
//! transaction with what it caused: the first rule that holds and moves the candidate
//! (advance, move, propose_reject) acts, later moving rules are skipped; every notify rule
//! that holds queues its message. Nothing a rule does rejects or hires anyone.
//!
//! Once means: the first finished interview and the first report of an application run
//! their rules (a re-scored report updates the report but moves nobody again), and each
//! stay in a stage times out once per timeout rule.

use chrono::{DateTime, Utc};
use kaoguan_domain::{
    ApplicationId, DomainError, JobId, OrgId, PipelineRule, Position, RuleAction, StageKey, Trigger,
};
use kaoguan_rules::{CompileError, Condition, EvalError};
use kaoguan_store::{
    Application, Effects, Job, NewMessage, NewReview, RuleRun, RuleRunResult, StoreError,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::events::DomainEvent;
use crate::report::ReportBody;
use crate::{Recruiter, ServiceResult, Services};

/// The facts' top-level names and what each trigger provides.
fn provides(trigger: Trigger) -> &'static [&'static str] {
    match trigger {
        Trigger::ReportReady => &["report", "application", "candidate"],
        Trigger::InterviewFinished | Trigger::StageTimeout | Trigger::Screened => {
            &["application", "candidate"]
        }
    }
}

/// What a condition can read, as JSON.
///
/// - `report`: `total` (0–100), `band` (`strongly_recommend`, `recommend`, `undecided`,
///   `not_recommended`), `status` (`ready`, `insufficient_data`), `dimensions.<key>`
///   (0–100), `flags` (answer flags such as `off_topic`, `evasive`), `red_flags` and
///   `contradicted_points` (counts);
/// - `application`: `stage`, `status`, `days_in_stage`;
/// - `candidate`: `has_email`, `has_phone`.
///
/// Candidates' names and contact details are never facts.
fn facts(
    app: &Application,
    report: Option<(&Job, &ReportBody)>,
    now: DateTime<Utc>,
) -> Map<String, Value> {
    let since = app.stage_changed_at.unwrap_or(app.created_at);
    let days = (now - since).num_minutes().max(0) as f64 / (24.0 * 60.0);
    let mut facts = Map::new();
    facts.insert(
        "application".into(),
        json!({
            "stage": app.stage.as_str(),
            "status": app.status.as_str(),
            "days_in_stage": (days * 100.0).round() / 100.0,
        }),
    );
    facts.insert(
        "candidate".into(),
        json!({
            "has_email": app.candidate_email.is_some(),
            "has_phone": app.candidate_phone.is_some(),
        }),
    );
    if let Some((job, body)) = report {
        facts.insert("report".into(), report_facts(job, body));
    }
    facts
}

fn report_facts(job: &Job, body: &ReportBody) -> Value {
    let recommendation = crate::report::recommend(job, body.status, body.total, body);
    let mut flags: Vec<&str> = body
        .answers
        .iter()
        .flat_map(|a| a.flags.iter().map(String::as_str))
        .collect();
    flags.sort_unstable();
    flags.dedup();
    let dimensions: Map<String, Value> = body
        .dimensions
        .iter()
        .map(|d| (d.key.clone(), json!(round2(d.score))))
        .collect();
    json!({
        "total": round2(body.total),
        "band": recommendation.band.as_str(),
        "status": body.status.as_str(),
        "dimensions": dimensions,
        "flags": flags,
        "red_flags": body.answers.iter().map(|a| a.red_flags.len()).sum::<usize>(),
        "contradicted_points": body.answers.iter().flat_map(|a| &a.key_points).filter(|k| k.contradicted()).count(),
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Facts of the right shape for `job` and `trigger`, for checking which paths exist.
fn sample_facts(job: &Job, trigger: Trigger) -> Map<String, Value> {
    let mut facts = Map::new();
    facts.insert(
        "application".into(),
        json!({"stage": "", "status": "", "days_in_stage": 0.0}),
    );
    facts.insert(
        "candidate".into(),
        json!({"has_email": false, "has_phone": false}),
    );
    if provides(trigger).contains(&"report") {
        let dimensions: Map<String, Value> = job
            .model
            .competencies
            .iter()
            .map(|c| (c.key.to_string(), json!(0.0)))
            .collect();
        facts.insert(
            "report".into(),
            json!({"total": 0.0, "band": "", "status": "", "dimensions": dimensions,
                   "flags": [], "red_flags": 0, "contradicted_points": 0}),
        );
    }
    facts
}

/// Checks `rules` for `job`: each rule's trigger, stage and action against the pipeline,
/// and its condition's syntax and every field it reads against what its trigger provides.
pub fn check(job: &Job, rules: &[PipelineRule]) -> Result<(), DomainError> {
    if rules.len() > kaoguan_domain::rule::MAX_RULES {
        return Err(DomainError::new("rules", "at most 50 rules per job")
            .zh("每个岗位最多 50 条规则。")
            .en("A job may have at most 50 rules."));
    }
    let pipeline = job.pipeline();
    for (i, rule) in rules.iter().enumerate() {
        let within = format!("rules[{i}]");
        if rule.on == Trigger::Screened {
            return Err(DomainError::new(
                "on",
                "there is no resume screening yet, so rules on screened would never run",
            )
            .zh("目前还没有简历筛选，基于“简历筛选完成”的规则不会执行。")
            .en("There is no resume screening yet, so a rule on screened would never run.")
            .within(&within));
        }
        rule.check(&pipeline).map_err(|e| e.within(&within))?;
        let condition = compile(rule).map_err(|e| e.within(&within))?;
        check_paths(&condition, &sample_facts(job, rule.on), rule.on)
            .map_err(|e| e.within(&within))?;
    }
    Ok(())
}

fn compile(rule: &PipelineRule) -> Result<Condition, DomainError> {
    Condition::compile(rule.condition_text()).map_err(|e| match e {
        CompileError::Syntax {
            line,
            column,
            message,
        } => DomainError::new(
            "if",
            format!("syntax error at line {line}, column {column}: {message}"),
        )
        .zh(format!(
            "条件第 {line} 行第 {column} 列有语法错误（{message}）。"
        ))
        .en(format!(
            "The condition has a syntax error at line {line}, column {column} ({message})."
        )),
        CompileError::TooLong => DomainError::new("if", "is longer than 500 characters")
            .zh("条件不能超过 500 个字符。")
            .en("The condition must be at most 500 characters."),
        CompileError::TooDeep => DomainError::new("if", "nests brackets too deeply")
            .zh("条件的括号嵌套过深。")
            .en("The condition nests brackets too deeply."),
        CompileError::Empty => DomainError::new("if", "is empty")
            .zh("条件为空。")
            .en("The condition is empty."),
    })
}

/// Every path the condition reads must exist in the trigger's facts (a dimension key the
/// competency model lacks, `report` on a trigger that has no report, a typo).
fn check_paths(
    condition: &Condition,
    sample: &Map<String, Value>,
    trigger: Trigger,
) -> Result<(), DomainError> {
    for path in condition.paths() {
        let mut at: Option<&Value> = sample.get(&path[0]);
        if at.is_none() {
            let name = &path[0];
            return Err(if name == "report" {
                DomainError::new(
                    "if",
                    format!(
                        "there is no report yet when a rule on {} runs",
                        trigger.as_str()
                    ),
                )
                .zh("这个时机还没有报告，条件不能读取 report。")
                .en(format!(
                    "There is no report yet when a rule on {} runs.",
                    trigger.as_str()
                ))
            } else {
                DomainError::new("if", format!("unknown name {name:?}"))
                    .zh(format!(
                        "条件中的“{}”无法识别，可用 report、application、candidate。",
                        name.escape_debug()
                    ))
                    .en(format!(
                        "The condition reads {name:?}, which is not known; use report, application or candidate."
                    ))
            });
        }
        for (depth, field) in path.iter().enumerate().skip(1) {
            at = at.and_then(|v| v.as_object()).and_then(|o| o.get(field));
            if at.is_none() {
                let dotted = path[..=depth].join(".");
                return Err(DomainError::new("if", format!("unknown field {dotted}"))
                    .zh(format!("条件中的“{}”不存在。", dotted.escape_debug()))
                    .en(format!(
                        "The condition reads {dotted}, which does not exist."
                    )));
            }
        }
    }
    Ok(())
}

/// Whether the job has rules on `trigger`: the change that fires it then queues their run
/// in its own transaction.
pub fn has_rules_on(job: &Job, trigger: Trigger) -> bool {
    job.pipeline_rules.iter().any(|r| r.on == trigger)
}

/// Replaces the job's rules after checking them.
pub async fn set_rules(
    services: &Services,
    who: &Recruiter,
    id: JobId,
    rules: &[PipelineRule],
) -> ServiceResult<Job> {
    let job = services.store.get_job(who.org(), id).await?;
    check(&job, rules)?;
    services
        .store
        .set_pipeline_rules(who.org(), id, rules, services.clock.now())
        .await?;
    Ok(services.store.get_job(who.org(), id).await?)
}

/// What one rule made (or would make) of one application.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RuleVerdict {
    /// 1-based, as people count rules.
    pub rule: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "do")]
    pub action: String,
    /// `acted`, `not_met`, `skipped` or `error`; in a preview also `not_yet` (the
    /// occasion has not come for this application) and `already_ran`.
    pub result: &'static str,
    /// For `acted`: where the candidate went, or what was queued; for `skipped` and
    /// `error`: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the rules decided for one application.
struct Decided {
    verdicts: Vec<RuleVerdict>,
    /// From, to, the decision's kind and the rule that made it (its name, or `rule <n>`).
    movement: Option<(Position, Position, &'static str, String)>,
    review: Option<NewReview>,
    messages: Vec<NewMessage>,
}

/// Decides `rules` (already those of the trigger) on `facts` for `app`.
fn decide(
    job: &Job,
    app: &Application,
    rules: &[(usize, &PipelineRule)],
    facts: &Map<String, Value>,
) -> Decided {
    let pipeline = job.pipeline();
    let here = app.position();
    let mut out = Decided {
        verdicts: Vec::new(),
        movement: None,
        review: None,
        messages: Vec::new(),
    };
    let mut moved = false;
    for &(index, rule) in rules {
        let verdict = |result: &'static str, note: Option<String>| RuleVerdict {
            rule: index + 1,
            name: rule.name.clone(),
            action: rule.action.to_string(),
            result,
            note,
        };
        let holds = compile(rule)
            .map_err(|e| e.message)
            .and_then(|c| c.evaluate(facts).map_err(|e| eval_message(&e)));
        match holds {
            Err(why) => out.verdicts.push(verdict("error", Some(why))),
            Ok(false) => out.verdicts.push(verdict("not_met", None)),
            Ok(true) if rule.action.moves() && moved => out.verdicts.push(verdict(
                "skipped",
                Some("an earlier rule already acted on the stage".into()),
            )),
            Ok(true) if rule.action.moves() && !movable(&here.stage) => out.verdicts.push(verdict(
                "skipped",
                Some(format!(
                    "the application is {}; rules leave it to people",
                    here.stage
                )),
            )),
            Ok(true) => match &rule.action {
                RuleAction::Advance | RuleAction::MoveTo(_) => {
                    let decision = match &rule.action {
                        RuleAction::MoveTo(s) => kaoguan_domain::Decision::MoveTo(s.clone()),
                        _ => kaoguan_domain::Decision::Advance,
                    };
                    match here.after(&pipeline, &decision) {
                        Ok(to) if to.stage.as_str() == kaoguan_domain::stage::HIRED => {
                            out.verdicts.push(verdict(
                                "skipped",
                                Some("a rule never hires; a person decides".into()),
                            ))
                        }
                        Ok(to) => {
                            moved = true;
                            out.verdicts
                                .push(verdict("acted", Some(format!("to {}", to.stage))));
                            let kind = if matches!(rule.action, RuleAction::Advance) {
                                "advance"
                            } else {
                                "move"
                            };
                            let label = rule
                                .name
                                .clone()
                                .unwrap_or_else(|| format!("rule {}", index + 1));
                            out.movement = Some((here.clone(), to, kind, label));
                        }
                        Err(e) => out.verdicts.push(verdict("skipped", Some(e.message))),
                    }
                }
                RuleAction::ProposeReject => {
                    moved = true;
                    out.verdicts.push(verdict(
                        "acted",
                        Some("rejection proposed for review".into()),
                    ));
                    out.review = Some(NewReview {
                        rule_name: rule.name.clone(),
                        rule_condition: rule.condition_text().to_string(),
                        stage: here.stage.clone(),
                        facts: Value::Object(figures(facts)),
                    });
                }
                RuleAction::Notify(role) => {
                    out.verdicts
                        .push(verdict("acted", Some(format!("message to {role} queued"))));
                    out.messages.push(NewMessage {
                        recipient: format!("role:{role}"),
                        template: "rule_notice".into(),
                        payload: json!({
                            "job_id": job.id,
                            "application_id": app.id,
                            "rule": index + 1,
                            "rule_name": rule.name,
                        }),
                    });
                }
                RuleAction::Invite => out.verdicts.push(verdict(
                    "skipped",
                    Some("invitations follow screening".into()),
                )),
            },
        }
    }
    out
}

/// Rules move applications only from an ordered, open stage: never out of 待定 (a person
/// put it there) or out of a closed one.
fn movable(stage: &StageKey) -> bool {
    !stage.is_final() && stage.as_str() != kaoguan_domain::stage::ON_HOLD
}

/// What a reviewer is shown of the facts: the report's figures and the stage.
fn figures(facts: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(report) = facts.get("report") {
        for key in ["total", "band", "dimensions", "red_flags", "flags"] {
            if let Some(v) = report.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if let Some(stage) = facts.get("application").and_then(|a| a.get("stage")) {
        out.insert("stage".into(), stage.clone());
    }
    out
}

fn eval_message(e: &EvalError) -> String {
    match e {
        EvalError::UnknownName(n) => format!("the facts have no {n:?}"),
        other => other.to_string(),
    }
}

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

async fn run_keyed(
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
        let facts = facts(&app, body.as_ref().map(|b| (&job, b)), now);
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
fn rule_fingerprint(rule: &PipelineRule) -> String {
    let text = serde_json::to_string(rule).unwrap_or_default();
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

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
        let facts = facts(&app, body.as_ref().map(|b| (&job, b)), now);
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

/// An application's rule runs and queued messages, for its page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleHistory {
    pub runs: Vec<RunView>,
    pub messages: Vec<MessageView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RunView {
    pub trigger: String,
    #[schema(value_type = Vec<Object>)]
    pub verdicts: Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    /// e.g. `role:hr`.
    pub recipient: String,
    pub template: String,
    /// `queued` until the messaging worker sends it.
    pub status: String,
    pub at: DateTime<Utc>,
}

/// What rules did to an application the caller may see.
pub async fn history(
    services: &Services,
    who: &crate::Staff,
    id: ApplicationId,
) -> ServiceResult<RuleHistory> {
    crate::applications::get_application(services, who, id).await?;
    let runs = services.store.list_rule_runs(who.org(), id).await?;
    let messages = services.store.list_messages(who.org(), id).await?;
    Ok(RuleHistory {
        runs: runs
            .into_iter()
            .map(|r| RunView {
                trigger: r.trigger,
                verdicts: r.outcome,
                at: r.created_at,
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                recipient: m.recipient,
                template: m.template,
                status: m.status,
                at: m.created_at,
            })
            .collect(),
    })
}
