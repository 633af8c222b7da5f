//! Deciding a job's rules on one application's facts, changing nothing.

use kaoguan_domain::{PipelineRule, Position, RuleAction, StageKey};
use kaoguan_rules::EvalError;
use kaoguan_store::{Application, Job, NewMessage, NewReview};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::check::compile;

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
pub(super) struct Decided {
    pub(super) verdicts: Vec<RuleVerdict>,
    /// From, to, the decision's kind and the rule that made it (its name, or `rule <n>`).
    pub(super) movement: Option<(Position, Position, &'static str, String)>,
    pub(super) review: Option<NewReview>,
    pub(super) messages: Vec<NewMessage>,
}

/// Decides `rules` (already those of the trigger) on `facts` for `app`.
pub(super) fn decide(
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
                // Invite a screened applicant: on to the interview stage, and the
                // invitation queued for the candidate (the delivery makes their link).
                RuleAction::Invite => {
                    let target = pipeline.interview_stage().clone();
                    let before = pipeline
                        .position(&here.stage)
                        .zip(pipeline.position(&target));
                    if moved {
                        out.verdicts.push(verdict(
                            "skipped",
                            Some("an earlier rule already acted on the stage".into()),
                        ));
                    } else if !movable(&here.stage) || before.is_none_or(|(h, t)| h >= t) {
                        out.verdicts.push(verdict(
                            "skipped",
                            Some(format!("the application is already at {}", here.stage)),
                        ));
                    } else {
                        match here.after(&pipeline, &kaoguan_domain::Decision::MoveTo(target)) {
                            Ok(to) => {
                                moved = true;
                                out.verdicts.push(verdict(
                                    "acted",
                                    Some(format!("invited; to {}", to.stage)),
                                ));
                                let label = rule
                                    .name
                                    .clone()
                                    .unwrap_or_else(|| format!("rule {}", index + 1));
                                out.movement = Some((here.clone(), to, "invite", label));
                                out.messages.push(NewMessage {
                                    recipient: format!("candidate:{}", app.id),
                                    template: "interview_invitation".into(),
                                    payload: json!({"job_id": job.id, "application_id": app.id}),
                                });
                            }
                            Err(e) => out.verdicts.push(verdict("skipped", Some(e.message))),
                        }
                    }
                }
            },
        }
    }
    out
}

/// Rules move applications only from an ordered, open stage: never out of 待定 (a person
/// put it there) or out of a closed one.
pub(super) fn movable(stage: &StageKey) -> bool {
    !stage.is_final() && stage.as_str() != kaoguan_domain::stage::ON_HOLD
}

/// What a reviewer is shown of the facts: the report's figures and the stage.
pub(super) fn figures(facts: &Map<String, Value>) -> Map<String, Value> {
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

pub(super) fn eval_message(e: &EvalError) -> String {
    match e {
        EvalError::UnknownName(n) => format!("the facts have no {n:?}"),
        other => other.to_string(),
    }
}
