//! Second-round scorecards (复试评分表): an interviewer rates each dimension of the job's
//! competency model on a behaviourally anchored 1–5 scale, with the evidence for the
//! rating, and gives an overall recommendation. Several interviewers score one candidate;
//! their cards are shown side by side with the AI's dimension scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{CompetencyKey, CompetencyModel, DomainError, Language};

/// Longest evidence note per dimension, and longest summary.
pub const MAX_EVIDENCE_CHARS: usize = 2000;

/// An interviewer's overall call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    StrongHire,
    Hire,
    NoHire,
    StrongNoHire,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::StrongHire,
        Recommendation::Hire,
        Recommendation::NoHire,
        Recommendation::StrongNoHire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::StrongHire => "strong_hire",
            Recommendation::Hire => "hire",
            Recommendation::NoHire => "no_hire",
            Recommendation::StrongNoHire => "strong_no_hire",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                DomainError::new(
                    "recommendation",
                    "expected strong_hire, hire, no_hire or strong_no_hire",
                )
                .zh("请给出总体建议。")
                .en("Give an overall recommendation.")
            })
    }
}

/// One dimension's rating with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DimensionRating {
    /// 1–5, as the anchors describe.
    pub level: u8,
    /// What the candidate said or did that shows it; required.
    pub evidence: String,
}

/// A complete scorecard, checked against the job's competency model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scorecard {
    #[schema(value_type = Object)]
    pub ratings: BTreeMap<CompetencyKey, DimensionRating>,
    pub recommendation: Recommendation,
    /// An optional overall comment.
    #[serde(default)]
    pub summary: Option<String>,
}

impl Scorecard {
    /// Checks that every dimension of `model` is rated 1–5 with evidence, and nothing
    /// else is; trims the texts.
    pub fn checked(mut self, model: &CompetencyModel) -> Result<Self, DomainError> {
        for c in &model.competencies {
            let Some(r) = self.ratings.get_mut(&c.key) else {
                return Err(DomainError::new(
                    format!("ratings.{}", c.key),
                    "every dimension needs a rating",
                )
                .zh(format!("请为“{}”评分。", c.name))
                .en(format!("Rate \"{}\".", c.name)));
            };
            if !(1..=5).contains(&r.level) {
                return Err(
                    DomainError::new(format!("ratings.{}.level", c.key), "must be 1 to 5")
                        .zh(format!("“{}”的评分须为 1 到 5。", c.name))
                        .en(format!("The rating of \"{}\" must be 1 to 5.", c.name)),
                );
            }
            r.evidence = r.evidence.trim().to_string();
            if r.evidence.is_empty() {
                return Err(DomainError::new(
                    format!("ratings.{}.evidence", c.key),
                    "is required: what the candidate said or did",
                )
                .zh(format!(
                    "请写下“{}”评分的依据（候选人说了或做了什么）。",
                    c.name
                ))
                .en(format!(
                    "Write the evidence for \"{}\": what the candidate said or did.",
                    c.name
                )));
            }
            if r.evidence.chars().count() > MAX_EVIDENCE_CHARS {
                return Err(DomainError::new(
                    format!("ratings.{}.evidence", c.key),
                    "is longer than 2000 characters",
                )
                .zh(format!("“{}”的依据不能超过 2000 个字符。", c.name))
                .en(format!(
                    "The evidence for \"{}\" must be at most 2000 characters.",
                    c.name
                )));
            }
        }
        if let Some(extra) = self.ratings.keys().find(|k| model.get(k).is_none()) {
            return Err(DomainError::new(
                format!("ratings.{extra}"),
                "is not a dimension of this job",
            )
            .zh(format!("“{extra}”不是本岗位的能力维度。"))
            .en(format!("\"{extra}\" is not a dimension of this job.")));
        }
        self.summary = self
            .summary
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if self
            .summary
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_EVIDENCE_CHARS)
        {
            return Err(
                DomainError::new("summary", "is longer than 2000 characters")
                    .zh("总体评价不能超过 2000 个字符。")
                    .en("The summary must be at most 2000 characters."),
            );
        }
        Ok(self)
    }
}

/// The AI's 0–100 dimension score on the interviewers' 1–5 scale: 0–20 is 1, 20–40 is 2,
/// …, 80–100 is 5.
pub fn ai_level(score: f64) -> u8 {
    ((score / 20.0).ceil().clamp(1.0, 5.0)) as u8
}

/// Ratings two or more levels apart disagree: one says weak where the other says strong.
pub fn disagree(a: u8, b: u8) -> bool {
    a.abs_diff(b) >= 2
}

/// The behavioural anchor of `level` for people in `language`: what a rating means,
/// whatever the dimension (the dimension's own indicators are shown beside it).
pub fn anchor(level: u8, language: Language) -> &'static str {
    let (zh, en) = match level {
        1 => (
            "未表现出：回答中没有相关行为或事例，或表现与要求相反",
            "Not shown: no relevant behaviour or example, or the opposite of what is needed",
        ),
        2 => (
            "较弱：只有笼统的说法，缺少具体做法，需要反复追问",
            "Weak: general statements, few concrete actions, needed repeated probing",
        ),
        3 => (
            "达到要求：有具体事例和做法，基本符合岗位要求",
            "Meets the bar: concrete examples and actions that fit the role",
        ),
        4 => (
            "良好：多个具体事例，做法得当且有可衡量的结果",
            "Strong: several concrete examples, sound actions and measurable results",
        ),
        _ => (
            "突出：稳定地展现该能力，能举一反三，可作为团队标杆",
            "Outstanding: shows it consistently, generalises it, a model for the team",
        ),
    };
    match language {
        Language::Zh => zh,
        Language::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Competency;

    fn model() -> CompetencyModel {
        CompetencyModel {
            competencies: vec![
                Competency {
                    key: "logic".parse().unwrap(),
                    name: "逻辑".into(),
                    weight: 50.0,
                    indicators: vec![],
                },
                Competency {
                    key: "service".parse().unwrap(),
                    name: "服务".into(),
                    weight: 50.0,
                    indicators: vec![],
                },
            ],
        }
    }

    fn card(levels: &[(&str, u8, &str)]) -> Scorecard {
        Scorecard {
            ratings: levels
                .iter()
                .map(|(k, l, e)| {
                    (
                        k.parse().unwrap(),
                        DimensionRating {
                            level: *l,
                            evidence: e.to_string(),
                        },
                    )
                })
                .collect(),
            recommendation: Recommendation::Hire,
            summary: Some("  ".into()),
        }
    }

    #[test]
    fn a_card_rates_every_dimension_with_evidence_and_nothing_else() {
        let ok = card(&[("logic", 4, " 拆解清楚 "), ("service", 3, "先致歉")])
            .checked(&model())
            .unwrap();
        assert_eq!(ok.ratings[&"logic".parse().unwrap()].evidence, "拆解清楚");
        assert_eq!(ok.summary, None);
        for bad in [
            card(&[("logic", 4, "x")]),
            card(&[("logic", 0, "x"), ("service", 3, "y")]),
            card(&[("logic", 6, "x"), ("service", 3, "y")]),
            card(&[("logic", 4, "  "), ("service", 3, "y")]),
            card(&[("logic", 4, "x"), ("service", 3, "y"), ("charm", 5, "z")]),
        ] {
            assert!(bad.clone().checked(&model()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ai_scores_map_to_levels_and_two_apart_disagree() {
        assert_eq!(
            [0.0, 15.0, 20.0, 20.1, 55.0, 80.0, 99.0, 100.0].map(ai_level),
            [1, 1, 1, 2, 3, 4, 5, 5]
        );
        assert!(disagree(1, 3) && disagree(5, 2));
        assert!(!disagree(3, 4) && !disagree(2, 2));
        assert!(Recommendation::parse("maybe").is_err());
        assert_eq!(
            Recommendation::parse("no_hire").unwrap(),
            Recommendation::NoHire
        );
    }
}
