//! The hiring pipeline: the stages an application moves through after (and apart from)
//! its interview, and the decisions that move it.
//!
//! ```text
//! screening → ai_interview → second_round → background_check → offer → hired
//!      any active stage ──待定──▶ on_hold ──通过──▶ the stage after the one it was held in
//!      any active stage ──淘汰──▶ rejected        any active stage ──▶ withdrawn
//! ```
//!
//! A job orders and names its own active stages (it must end in `hired`); `rejected`,
//! `withdrawn` and `on_hold` belong to every pipeline and sit outside the order.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{DomainError, Language};

pub const SCREENING: &str = "screening";
pub const AI_INTERVIEW: &str = "ai_interview";
pub const SECOND_ROUND: &str = "second_round";
pub const BACKGROUND_CHECK: &str = "background_check";
pub const OFFER: &str = "offer";
pub const HIRED: &str = "hired";
pub const REJECTED: &str = "rejected";
pub const WITHDRAWN: &str = "withdrawn";
pub const ON_HOLD: &str = "on_hold";

/// The stages outside every pipeline's order.
const SPECIAL: [&str; 3] = [REJECTED, WITHDRAWN, ON_HOLD];

/// A stage's stable key: 1–40 lowercase ASCII letters, digits and underscores, starting
/// with a letter. Names are for people and may change; keys never do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StageKey(String);

impl StageKey {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = (1..=40).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(DomainError::new(
                "stage",
                format!("{s:?} is not a stage key (lowercase letters, digits, _)"),
            )
            .zh(format!("“{}”不是有效的阶段标识。", s.escape_debug()))
            .en(format!("{s:?} is not a valid stage key.")))
        }
    }

    fn fixed(s: &'static str) -> Self {
        Self(s.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `rejected`, `withdrawn` or `hired`: the application's process is over.
    pub fn is_final(&self) -> bool {
        matches!(self.0.as_str(), REJECTED | WITHDRAWN | HIRED)
    }
}

impl fmt::Display for StageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for StageKey {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for StageKey {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<StageKey> for String {
    fn from(k: StageKey) -> Self {
        k.0
    }
}

/// One active stage of a pipeline, with its name as the job shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub key: StageKey,
    pub name: String,
}

/// A job's ordered active stages, ending in `hired`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Stage>", into = "Vec<Stage>")]
pub struct Pipeline {
    stages: Vec<Stage>,
}

impl Pipeline {
    /// 简历筛选 → AI面试 → 复试 → 背景调查 → 录用 → 入职, named in `language`.
    pub fn default_for(language: Language) -> Self {
        let keys = [
            SCREENING,
            AI_INTERVIEW,
            SECOND_ROUND,
            BACKGROUND_CHECK,
            OFFER,
            HIRED,
        ];
        Self {
            stages: keys
                .into_iter()
                .map(|k| Stage {
                    key: StageKey::fixed(k),
                    name: default_name(k, language).to_string(),
                })
                .collect(),
        }
    }

    pub fn new(stages: Vec<Stage>) -> Result<Self, DomainError> {
        let invalid = |en: &str, zh: &str| {
            DomainError::new("pipeline", en.to_string())
                .zh(zh.to_string())
                .en(format!("The pipeline {en}."))
        };
        if stages.len() < 2 || stages.len() > 20 {
            return Err(invalid(
                "must have 2 to 20 stages",
                "流程须有 2 到 20 个阶段。",
            ));
        }
        if stages.last().map(|s| s.key.as_str()) != Some(HIRED) {
            return Err(invalid(
                "must end with hired",
                "流程的最后一个阶段须为“入职”。",
            ));
        }
        for (i, s) in stages.iter().enumerate() {
            if SPECIAL.contains(&s.key.as_str()) {
                return Err(invalid(
                    "cannot order rejected, withdrawn or on_hold: every pipeline has them",
                    "淘汰、撤回和待定是每个流程都有的状态，不能排进阶段顺序。",
                ));
            }
            if stages[..i].iter().any(|o| o.key == s.key) {
                return Err(invalid("has a stage twice", "流程中有重复的阶段。"));
            }
            let n = s.name.trim().chars().count();
            if n == 0 || n > 40 {
                return Err(invalid(
                    "needs a name of 1 to 40 characters for every stage",
                    "每个阶段的名称须为 1 到 40 个字符。",
                ));
            }
        }
        Ok(Self { stages })
    }

    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// Where a new application starts.
    pub fn first(&self) -> &StageKey {
        &self.stages[0].key
    }

    /// Where an invited candidate stands while taking the AI interview: the
    /// `ai_interview` stage, or the first stage of a pipeline without one.
    pub fn interview_stage(&self) -> &StageKey {
        self.stages
            .iter()
            .find(|s| s.key.as_str() == AI_INTERVIEW)
            .map_or_else(|| self.first(), |s| &s.key)
    }

    /// Whether `key` is one of this pipeline's stages, ordered or special.
    pub fn has(&self, key: &StageKey) -> bool {
        SPECIAL.contains(&key.as_str()) || self.position(key).is_some()
    }

    /// Where `key` stands in the order (from 0); `None` for a special stage.
    pub fn position(&self, key: &StageKey) -> Option<usize> {
        self.stages.iter().position(|s| &s.key == key)
    }

    /// The stage after `key` in the order; `None` after `hired` or for a special stage.
    pub fn after(&self, key: &StageKey) -> Option<&StageKey> {
        let i = self.position(key)?;
        self.stages.get(i + 1).map(|s| &s.key)
    }

    /// A stage's name for people: the job's name for an ordered stage, the standard one
    /// for the special stages and for keys the pipeline no longer has.
    pub fn name_of(&self, key: &StageKey, language: Language) -> String {
        match self.stages.iter().find(|s| &s.key == key) {
            Some(s) => s.name.clone(),
            None => default_name(key.as_str(), language).to_string(),
        }
    }
}

impl TryFrom<Vec<Stage>> for Pipeline {
    type Error = DomainError;
    fn try_from(stages: Vec<Stage>) -> Result<Self, Self::Error> {
        Self::new(stages)
    }
}

impl From<Pipeline> for Vec<Stage> {
    fn from(p: Pipeline) -> Self {
        p.stages
    }
}

fn default_name(key: &str, language: Language) -> &'static str {
    let (zh, en) = match key {
        SCREENING => ("简历筛选", "Screening"),
        AI_INTERVIEW => ("AI面试", "AI interview"),
        SECOND_ROUND => ("复试", "Second round"),
        BACKGROUND_CHECK => ("背景调查", "Background check"),
        OFFER => ("录用", "Offer"),
        HIRED => ("入职", "Hired"),
        REJECTED => ("已淘汰", "Rejected"),
        WITHDRAWN => ("已撤回", "Withdrawn"),
        ON_HOLD => ("待定", "On hold"),
        _ => ("其他阶段", "Other stage"),
    };
    match language {
        Language::Zh => zh,
        Language::En => en,
    }
}

/// Why a candidate was rejected, by category (for the report of reasons and for fairness
/// monitoring); the free-text note is separate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    Skills,
    Experience,
    Motivation,
    Communication,
    Compensation,
    Availability,
    NoShow,
    Other,
}

impl RejectReason {
    pub const ALL: [RejectReason; 8] = [
        Self::Skills,
        Self::Experience,
        Self::Motivation,
        Self::Communication,
        Self::Compensation,
        Self::Availability,
        Self::NoShow,
        Self::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Skills => "skills",
            Self::Experience => "experience",
            Self::Motivation => "motivation",
            Self::Communication => "communication",
            Self::Compensation => "compensation",
            Self::Availability => "availability",
            Self::NoShow => "no_show",
            Self::Other => "other",
        }
    }
}

impl FromStr for RejectReason {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                DomainError::new("reason", format!("unknown reason {s:?}"))
                    .zh("请选择淘汰原因。")
                    .en("Choose a reason for the rejection.")
            })
    }
}

/// A decision a person takes on an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// 通过: on to the next stage (from 待定: the stage after the one it was held in).
    Advance,
    /// 待定.
    Hold,
    /// 淘汰, with its reason.
    Reject { reason: RejectReason },
    /// The candidate withdrew.
    Withdraw,
    /// To a named ordered stage (a move on the board, or reopening a closed application).
    MoveTo(StageKey),
}

/// Where an application stands in its pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub stage: StageKey,
    /// The stage it was in when put on hold.
    pub held_from: Option<StageKey>,
}

impl Position {
    pub fn at(stage: StageKey) -> Self {
        Self {
            stage,
            held_from: None,
        }
    }

    /// Where `decision` takes this position in `pipeline`, or why the pipeline forbids it.
    pub fn after(&self, pipeline: &Pipeline, decision: &Decision) -> Result<Position, DomainError> {
        let forbid = |en: &str, zh: &str| {
            Err(DomainError::new("decision", en.to_string())
                .zh(zh.to_string())
                .en(format!("{en}.")))
        };
        let here = self.stage.as_str();
        if here == HIRED && !matches!(decision, Decision::Withdraw) {
            return forbid(
                "A hired candidate cannot be moved",
                "已入职的候选人不能再调整阶段。",
            );
        }
        match decision {
            Decision::Advance => {
                let from = match here {
                    ON_HOLD => self.held_from.as_ref().unwrap_or(pipeline.first()),
                    REJECTED | WITHDRAWN => {
                        return forbid(
                            "A closed application must be reopened at a stage first",
                            "已结束的申请须先重新打开到某个阶段。",
                        )
                    }
                    _ => &self.stage,
                };
                match pipeline.after(from) {
                    Some(next) => Ok(Position::at(next.clone())),
                    None => forbid("There is no stage after this one", "已经是最后一个阶段。"),
                }
            }
            Decision::Hold => match here {
                ON_HOLD => forbid(
                    "The application is already on hold",
                    "该候选人已是待定状态。",
                ),
                REJECTED | WITHDRAWN => forbid(
                    "A closed application cannot be put on hold",
                    "已结束的申请不能设为待定。",
                ),
                _ => Ok(Position {
                    stage: StageKey::fixed(ON_HOLD),
                    held_from: Some(self.stage.clone()),
                }),
            },
            Decision::Reject { .. } => match here {
                REJECTED => forbid("The application is already rejected", "该候选人已被淘汰。"),
                WITHDRAWN => forbid("The candidate has withdrawn", "候选人已撤回申请。"),
                _ => Ok(Position::at(StageKey::fixed(REJECTED))),
            },
            Decision::Withdraw => match here {
                WITHDRAWN => forbid("The candidate has already withdrawn", "候选人已撤回申请。"),
                _ => Ok(Position::at(StageKey::fixed(WITHDRAWN))),
            },
            Decision::MoveTo(to) => {
                if SPECIAL.contains(&to.as_str()) {
                    return forbid(
                        "Use hold, reject or withdraw for those stages",
                        "待定、淘汰和撤回请用对应的操作。",
                    );
                }
                if pipeline.position(to).is_none() {
                    return forbid(
                        "The job's pipeline has no such stage",
                        "本岗位的流程中没有这个阶段。",
                    );
                }
                if to == &self.stage {
                    return forbid(
                        "The application is already at that stage",
                        "该候选人已在这个阶段。",
                    );
                }
                Ok(Position::at(to.clone()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> StageKey {
        StageKey::parse(s).unwrap()
    }

    fn default() -> Pipeline {
        Pipeline::default_for(Language::Zh)
    }

    #[test]
    fn the_interview_happens_at_ai_interview_or_else_at_the_first_stage() {
        assert_eq!(default().interview_stage(), &key(AI_INTERVIEW));
        let without = Pipeline::new(vec![
            Stage {
                key: key("written_test"),
                name: "笔试".into(),
            },
            Stage {
                key: key(HIRED),
                name: "入职".into(),
            },
        ])
        .unwrap();
        assert_eq!(without.interview_stage(), &key("written_test"));
    }

    #[test]
    fn advancing_walks_the_order_to_hired_and_stops() {
        let p = default();
        let mut at = Position::at(p.first().clone());
        let mut seen = vec![at.stage.to_string()];
        while let Ok(next) = at.after(&p, &Decision::Advance) {
            at = next;
            seen.push(at.stage.to_string());
        }
        assert_eq!(
            seen,
            [
                SCREENING,
                AI_INTERVIEW,
                SECOND_ROUND,
                BACKGROUND_CHECK,
                OFFER,
                HIRED
            ]
        );
        assert!(at
            .after(
                &p,
                &Decision::Reject {
                    reason: RejectReason::Other
                }
            )
            .is_err());
        assert!(
            at.after(&p, &Decision::Withdraw).is_ok(),
            "a hire may still withdraw"
        );
    }

    #[test]
    fn on_hold_remembers_where_it_was_held_and_advances_from_there() {
        let p = default();
        let held = Position::at(key(SECOND_ROUND))
            .after(&p, &Decision::Hold)
            .unwrap();
        assert_eq!(held.stage.as_str(), ON_HOLD);
        assert_eq!(held.held_from, Some(key(SECOND_ROUND)));
        assert!(held.after(&p, &Decision::Hold).is_err());
        assert_eq!(
            held.after(&p, &Decision::Advance).unwrap(),
            Position::at(key(BACKGROUND_CHECK))
        );
        assert_eq!(
            held.after(&p, &Decision::MoveTo(key(SECOND_ROUND)))
                .unwrap(),
            Position::at(key(SECOND_ROUND))
        );
    }

    #[test]
    fn closed_applications_move_only_when_reopened() {
        let p = default();
        let rejected = Position::at(key(AI_INTERVIEW))
            .after(
                &p,
                &Decision::Reject {
                    reason: RejectReason::Skills,
                },
            )
            .unwrap();
        assert_eq!(rejected.stage.as_str(), REJECTED);
        for d in [
            Decision::Advance,
            Decision::Hold,
            Decision::Reject {
                reason: RejectReason::Other,
            },
        ] {
            assert!(rejected.after(&p, &d).is_err(), "{d:?}");
        }
        assert_eq!(
            rejected
                .after(&p, &Decision::MoveTo(key(SECOND_ROUND)))
                .unwrap(),
            Position::at(key(SECOND_ROUND)),
            "reopened"
        );
    }

    #[test]
    fn moves_the_pipeline_does_not_know_are_refused() {
        let p = default();
        let at = Position::at(key(SCREENING));
        assert!(at.after(&p, &Decision::MoveTo(key("final_round"))).is_err());
        assert!(at.after(&p, &Decision::MoveTo(key(REJECTED))).is_err());
        assert!(at.after(&p, &Decision::MoveTo(key(SCREENING))).is_err());
        assert!(
            at.after(&p, &Decision::MoveTo(key(OFFER))).is_ok(),
            "jumps are allowed"
        );
    }

    #[test]
    fn custom_pipelines_are_checked() {
        let stage = |k: &str, n: &str| Stage {
            key: key(k),
            name: n.into(),
        };
        let ok = Pipeline::new(vec![
            stage("phone_screen", "电话初筛"),
            stage(HIRED, "入职"),
        ])
        .unwrap();
        assert_eq!(ok.after(&key("phone_screen")), Some(&key(HIRED)));
        assert_eq!(ok.name_of(&key(ON_HOLD), Language::En), "On hold");
        for bad in [
            vec![stage(HIRED, "入职")],
            vec![stage("a", "A"), stage("b", "B")],
            vec![
                stage("a", "A"),
                stage(REJECTED, "淘汰"),
                stage(HIRED, "入职"),
            ],
            vec![stage("a", "A"), stage("a", "A2"), stage(HIRED, "入职")],
            vec![stage("a", " "), stage(HIRED, "入职")],
        ] {
            assert!(Pipeline::new(bad.clone()).is_err(), "{bad:?}");
        }
        let json = serde_json::to_string(&ok).unwrap();
        assert_eq!(serde_json::from_str::<Pipeline>(&json).unwrap(), ok);
        assert!(serde_json::from_str::<Pipeline>(r#"[{"key":"hired","name":"x"}]"#).is_err());
    }

    #[test]
    fn stage_keys_are_plain() {
        for good in ["screening", "round_2"] {
            assert!(StageKey::parse(good).is_ok());
        }
        for bad in ["", "2nd", "Screening", "复试", "a-b", &"a".repeat(41)] {
            assert!(StageKey::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            "no_show".parse::<RejectReason>().unwrap(),
            RejectReason::NoShow
        );
        assert!("lazy".parse::<RejectReason>().is_err());
    }
}
