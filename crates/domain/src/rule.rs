//! Pipeline rules: when something happens to an application (its interview finished, its
//! report is ready, it waited too long in a stage), and a condition on the facts holds, do
//! one thing — advance it, move it, propose its rejection to a person, or notify someone.
//!
//! ```json
//! {"name": "高分进复试", "on": "report_ready", "if": "report.total >= 75", "do": "advance"}
//! {"on": "stage_timeout", "stage": "ai_interview", "after_hours": 72, "do": "notify:hr"}
//! ```
//!
//! A rule never rejects and never hires: `propose_reject` puts the candidate in a review
//! queue until a person confirms or overrides, and no action reaches `rejected`,
//! `withdrawn` or `hired`. The condition's language (CEL) is checked where it is compiled,
//! in the service; this module checks everything else about a rule.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::stage::{Pipeline, StageKey, HIRED};
use crate::{DomainError, Role};

/// Most rules a job may have.
pub const MAX_RULES: usize = 50;
/// Longest wait a timeout rule may name: a year.
pub const MAX_AFTER_HOURS: u32 = 24 * 365;

/// What a rule waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A resume was screened (resume intake).
    Screened,
    /// The candidate finished the AI interview.
    InterviewFinished,
    /// The interview's report was written.
    ReportReady,
    /// The application has stayed in `stage` for `after_hours`.
    StageTimeout,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Screened => "screened",
            Trigger::InterviewFinished => "interview_finished",
            Trigger::ReportReady => "report_ready",
            Trigger::StageTimeout => "stage_timeout",
        }
    }
}

/// What a rule does when its condition holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    /// On to the next stage (never into `hired`).
    Advance,
    /// To a named active stage of the job's pipeline (never `hired`).
    MoveTo(StageKey),
    /// Send the interview invitation (to screened applicants).
    Invite,
    /// Put the application in the review queue for a person to confirm or override a
    /// rejection. Nothing else changes until they do.
    ProposeReject,
    /// Queue a message to the people of a role responsible for the job.
    Notify(Role),
}

impl RuleAction {
    /// Whether the action moves the candidate (or proposes to); of the rules an event
    /// matches, only the first such one acts.
    pub fn moves(&self) -> bool {
        matches!(
            self,
            RuleAction::Advance | RuleAction::MoveTo(_) | RuleAction::ProposeReject
        )
    }
}

impl fmt::Display for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleAction::Advance => f.write_str("advance"),
            RuleAction::MoveTo(s) => write!(f, "move:{s}"),
            RuleAction::Invite => f.write_str("invite"),
            RuleAction::ProposeReject => f.write_str("propose_reject"),
            RuleAction::Notify(r) => write!(f, "notify:{r}"),
        }
    }
}

impl FromStr for RuleAction {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let unknown = || {
            DomainError::new(
                "do",
                format!(
                    "unknown action {s:?}; expected advance, move:<stage>, invite, propose_reject or notify:<role>"
                ),
            )
            .zh(format!(
                "未知的动作“{}”，应为推进、移至某阶段、邀请、建议淘汰或通知。",
                s.escape_debug()
            ))
            .en(format!(
                "Unknown action {s:?}; expected advance, move:<stage>, invite, propose_reject or notify:<role>."
            ))
        };
        match s {
            "advance" => Ok(RuleAction::Advance),
            "invite" => Ok(RuleAction::Invite),
            "propose_reject" => Ok(RuleAction::ProposeReject),
            "reject" | "move:rejected" => Err(DomainError::new(
                "do",
                "a rule never rejects; use propose_reject so that a person decides",
            )
            .zh("规则不能直接淘汰候选人，请用“建议淘汰”，由人确认。")
            .en("A rule never rejects a candidate; use propose_reject so that a person decides.")),
            _ => {
                if let Some(stage) = s.strip_prefix("move:") {
                    Ok(RuleAction::MoveTo(StageKey::parse(stage)?))
                } else if let Some(role) = s.strip_prefix("notify:") {
                    Ok(RuleAction::Notify(role.parse()?))
                } else {
                    Err(unknown())
                }
            }
        }
    }
}

impl Serialize for RuleAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RuleAction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One rule as HR writes it and the job stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PipelineRule {
    /// What people call the rule (shown in the review queue and the log); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub on: Trigger,
    /// A CEL condition over the facts the trigger provides; absent: always.
    #[serde(
        rename = "if",
        default,
        skip_serializing_if = "Option::is_none",
        alias = "when"
    )]
    pub condition: Option<String>,
    #[serde(rename = "do")]
    #[schema(value_type = String, example = "advance")]
    pub action: RuleAction,
    /// For `stage_timeout`: the stage waited in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub stage: Option<StageKey>,
    /// For `stage_timeout`: how long, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours: Option<u32>,
}

impl PipelineRule {
    /// The condition's text, `true` when there is none.
    pub fn condition_text(&self) -> &str {
        self.condition
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or("true")
    }

    /// Checks everything but the condition's language against the job's pipeline. Errors
    /// are reported within `rules[i]` by the caller.
    pub fn check(&self, pipeline: &Pipeline) -> Result<(), DomainError> {
        if self
            .name
            .as_ref()
            .is_some_and(|n| n.trim().chars().count() > 60)
        {
            return Err(DomainError::new("name", "is longer than 60 characters")
                .zh("规则名称不能超过 60 个字符。")
                .en("The rule's name must be at most 60 characters."));
        }
        match self.on {
            Trigger::StageTimeout => {
                let Some(stage) = &self.stage else {
                    return Err(DomainError::new("stage", "stage_timeout needs a stage")
                        .zh("超时规则须指定阶段。")
                        .en("A stage_timeout rule needs the stage it waits in."));
                };
                if !pipeline.stages().iter().any(|s| &s.key == stage) || stage.is_final() {
                    return Err(DomainError::new(
                        "stage",
                        format!("{stage} is not an active stage of this job's pipeline"),
                    )
                    .zh("超时规则的阶段须是本岗位流程中进行中的阶段。")
                    .en(format!(
                        "{stage} is not an active stage of this job's pipeline."
                    )));
                }
                if !self
                    .after_hours
                    .is_some_and(|h| (1..=MAX_AFTER_HOURS).contains(&h))
                {
                    return Err(DomainError::new("after_hours", "must be 1 to 8760")
                        .zh("超时时长须为 1 到 8760 小时。")
                        .en("after_hours must be 1 to 8760."));
                }
            }
            _ => {
                if self.stage.is_some() || self.after_hours.is_some() {
                    return Err(DomainError::new(
                        "stage",
                        "only stage_timeout rules take a stage and after_hours",
                    )
                    .zh("只有超时规则才需要指定阶段和时长。")
                    .en("Only stage_timeout rules take a stage and after_hours."));
                }
            }
        }
        match &self.action {
            RuleAction::MoveTo(to) => {
                if to.as_str() == HIRED || to.is_final() {
                    return Err(DomainError::new(
                        "do",
                        "a rule never moves a candidate to hired, rejected or withdrawn",
                    )
                    .zh("规则不能把候选人移入入职、淘汰或撤回，这些须由人决定。")
                    .en("A rule never moves a candidate to hired, rejected or withdrawn; a person decides those."));
                }
                if !pipeline.stages().iter().any(|s| &s.key == to) {
                    return Err(DomainError::new(
                        "do",
                        format!("the job's pipeline has no stage {to}"),
                    )
                    .zh(format!("本岗位的流程中没有阶段“{to}”。"))
                    .en(format!("The job's pipeline has no stage {to}.")));
                }
            }
            RuleAction::Invite if self.on != Trigger::Screened => {
                return Err(
                    DomainError::new("do", "invite applies to screened applicants")
                        .zh("“邀请面试”只适用于简历筛选后的候选人。")
                        .en("invite applies only to rules on screened."),
                );
            }
            RuleAction::Notify(Role::Admin) => {
                return Err(
                    DomainError::new("do", "notify hr, dept_head or interviewer")
                        .zh("通知对象须为招聘 HR、用人部门负责人或面试官。")
                        .en("Notify hr, dept_head or interviewer."),
                );
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn rule(json: serde_json::Value) -> Result<PipelineRule, String> {
        serde_json::from_value(json).map_err(|e| e.to_string())
    }

    #[test]
    fn actions_round_trip_through_their_text() {
        for s in [
            "advance",
            "move:second_round",
            "invite",
            "propose_reject",
            "notify:hr",
            "notify:dept_head",
        ] {
            let a: RuleAction = s.parse().unwrap();
            assert_eq!(a.to_string(), s);
        }
        assert!("notify:ceo".parse::<RuleAction>().is_err());
        assert!("promote".parse::<RuleAction>().is_err());
    }

    #[test]
    fn no_rule_rejects_or_hires() {
        let p = Pipeline::default_for(Language::Zh);
        for action in ["reject", "move:rejected"] {
            let e = action.parse::<RuleAction>().unwrap_err();
            assert!(e.message.contains("propose_reject"), "{e}");
        }
        for action in ["move:hired", "move:withdrawn"] {
            let r = rule(serde_json::json!({"on": "report_ready", "do": action})).unwrap();
            assert!(r.check(&p).is_err(), "{action}");
        }
    }

    #[test]
    fn timeouts_need_an_active_stage_and_a_duration_and_others_take_neither() {
        let p = Pipeline::default_for(Language::Zh);
        let ok = rule(
            serde_json::json!({"on": "stage_timeout", "stage": "ai_interview",
                                         "after_hours": 72, "do": "notify:hr"}),
        )
        .unwrap();
        assert_eq!(ok.check(&p), Ok(()));
        for bad in [
            serde_json::json!({"on": "stage_timeout", "after_hours": 72, "do": "notify:hr"}),
            serde_json::json!({"on": "stage_timeout", "stage": "ai_interview", "do": "notify:hr"}),
            serde_json::json!({"on": "stage_timeout", "stage": "ai_interview", "after_hours": 0, "do": "notify:hr"}),
            serde_json::json!({"on": "stage_timeout", "stage": "nowhere", "after_hours": 5, "do": "notify:hr"}),
            serde_json::json!({"on": "stage_timeout", "stage": "hired", "after_hours": 5, "do": "notify:hr"}),
            serde_json::json!({"on": "report_ready", "stage": "ai_interview", "do": "advance"}),
            serde_json::json!({"on": "report_ready", "do": "invite"}),
            serde_json::json!({"on": "report_ready", "do": "move:nowhere"}),
        ] {
            let r = rule(bad.clone()).unwrap();
            assert!(r.check(&p).is_err(), "{bad}");
        }
        assert!(rule(serde_json::json!({"on": "sometime", "do": "advance"})).is_err());
    }

    #[test]
    fn a_rule_without_a_condition_always_holds() {
        let r = rule(serde_json::json!({"on": "interview_finished", "do": "notify:hr"})).unwrap();
        assert_eq!(r.condition_text(), "true");
        let back = serde_json::to_value(&r).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"on": "interview_finished", "do": "notify:hr"})
        );
    }
}
