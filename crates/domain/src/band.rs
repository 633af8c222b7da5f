//! Where a job's recommendation bands (强烈推荐 / 推荐 / 待定 / 不推荐) start. Jobs differ:
//! a graduate programme that interviews thousands may recommend from 70, a senior role
//! with few applicants from 60, so each job may set its own; a job that sets none uses
//! [`BandThresholds::default`].

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Total scores (0–100) from which "strongly recommend", "recommend" and "undecided"
/// start; below `undecided` is "not recommended". Strictly increasing by construction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawThresholds", into = "RawThresholds")]
pub struct BandThresholds {
    strongly_recommend: f64,
    recommend: f64,
    undecided: f64,
}

#[derive(Serialize, Deserialize)]
struct RawThresholds {
    strongly_recommend: f64,
    recommend: f64,
    undecided: f64,
}

impl Default for BandThresholds {
    /// 80 / 65 / 50: on the 0–100 scale of the reports, 80 is an answer set that covers
    /// nearly every key point with evidence, 50 one that covers about half.
    fn default() -> Self {
        Self {
            strongly_recommend: 80.0,
            recommend: 65.0,
            undecided: 50.0,
        }
    }
}

impl BandThresholds {
    /// Checks that every threshold lies in 0–100 and that they increase from "undecided"
    /// to "strongly recommend", each at least one point above the one below.
    pub fn new(
        strongly_recommend: f64,
        recommend: f64,
        undecided: f64,
    ) -> Result<Self, DomainError> {
        for (field, v) in [
            ("strongly_recommend", strongly_recommend),
            ("recommend", recommend),
            ("undecided", undecided),
        ] {
            if !v.is_finite() || !(0.0..=100.0).contains(&v) {
                let (zh, en) = threshold_words(field);
                return Err(DomainError::new(field, "must be a number from 0 to 100")
                    .zh(format!("“{zh}”档的起始分须为 0 到 100 之间的数。"))
                    .en(format!(
                        "The {en} threshold must be a number from 0 to 100."
                    )));
            }
        }
        if recommend < undecided + 1.0 || strongly_recommend < recommend + 1.0 {
            return Err(DomainError::new(
                "band_thresholds",
                "must increase: undecided < recommend < strongly recommend",
            )
            .zh("档位起始分须逐档升高，每档至少高 1 分：待定 < 推荐 < 强烈推荐。")
            .en("The thresholds must increase, each at least one point above the one below: undecided < recommend < strongly recommend."));
        }
        Ok(Self {
            strongly_recommend,
            recommend,
            undecided,
        })
    }

    pub fn strongly_recommend(&self) -> f64 {
        self.strongly_recommend
    }

    pub fn recommend(&self) -> f64 {
        self.recommend
    }

    pub fn undecided(&self) -> f64 {
        self.undecided
    }
}

/// The recommendation band of a report, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    StronglyRecommend,
    Recommend,
    Undecided,
    NotRecommended,
}

impl Band {
    pub const ALL: [Band; 4] = [
        Band::StronglyRecommend,
        Band::Recommend,
        Band::Undecided,
        Band::NotRecommended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::StronglyRecommend => "strongly_recommend",
            Band::Recommend => "recommend",
            Band::Undecided => "undecided",
            Band::NotRecommended => "not_recommended",
        }
    }

    /// The band of a report: the total against the thresholds, capped at "undecided" by a
    /// red flag (someone must look before recommending), and "undecided" whatever the
    /// total when too little was answered to judge. The one place this rule lives: the
    /// report page derives it here and the store keeps it beside the report from here, so
    /// the candidate list can filter by band in SQL.
    pub fn of(total: f64, red_flags: usize, insufficient_data: bool, t: &BandThresholds) -> Band {
        if insufficient_data {
            return Band::Undecided;
        }
        let by_total = Band::by_total(total, t);
        if red_flags > 0 {
            by_total.max(Band::Undecided)
        } else {
            by_total
        }
    }

    /// The band the total alone reaches.
    pub fn by_total(total: f64, t: &BandThresholds) -> Band {
        if total >= t.strongly_recommend {
            Band::StronglyRecommend
        } else if total >= t.recommend {
            Band::Recommend
        } else if total >= t.undecided {
            Band::Undecided
        } else {
            Band::NotRecommended
        }
    }
}

impl std::str::FromStr for Band {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Band::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| {
                DomainError::new(
                    "band",
                    "must be strongly_recommend, recommend, undecided or not_recommended",
                )
                .zh("档位须为强烈推荐、推荐、待定或不推荐。")
                .en("The band must be strongly recommend, recommend, undecided or not recommended.")
            })
    }
}

/// A threshold's band as the console names it, in Chinese and English.
pub fn threshold_words(field: &str) -> (&'static str, &'static str) {
    match field {
        "strongly_recommend" => ("强烈推荐", "strongly-recommend"),
        "recommend" => ("推荐", "recommend"),
        _ => ("待定", "undecided"),
    }
}

impl TryFrom<RawThresholds> for BandThresholds {
    type Error = DomainError;
    fn try_from(r: RawThresholds) -> Result<Self, Self::Error> {
        Self::new(r.strongly_recommend, r.recommend, r.undecided)
    }
}

impl From<BandThresholds> for RawThresholds {
    fn from(t: BandThresholds) -> Self {
        Self {
            strongly_recommend: t.strongly_recommend,
            recommend: t.recommend,
            undecided: t.undecided,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_must_increase_within_the_scale() {
        assert!(BandThresholds::new(85.0, 70.0, 55.0).is_ok());
        assert_eq!(
            BandThresholds::new(80.0, 65.0, 50.0).unwrap(),
            BandThresholds::default()
        );
        for (s, r, u) in [
            (70.0, 70.0, 50.0),
            (80.0, 50.0, 65.0),
            (101.0, 65.0, 50.0),
            (80.0, 65.0, -1.0),
            (f64::NAN, 65.0, 50.0),
            (80.0, 50.5, 50.0),
        ] {
            assert!(BandThresholds::new(s, r, u).is_err(), "{s} {r} {u}");
        }
    }

    #[test]
    fn a_red_flag_caps_and_too_little_answer_holds_the_band() {
        let t = BandThresholds::default();
        assert_eq!(Band::of(80.0, 0, false, &t), Band::StronglyRecommend);
        assert_eq!(Band::of(79.9, 0, false, &t), Band::Recommend);
        assert_eq!(Band::of(49.9, 0, false, &t), Band::NotRecommended);
        assert_eq!(Band::of(92.0, 1, false, &t), Band::Undecided);
        assert_eq!(Band::of(30.0, 2, false, &t), Band::NotRecommended);
        assert_eq!(Band::of(5.0, 0, true, &t), Band::Undecided);
        for b in Band::ALL {
            assert_eq!(b.as_str().parse::<Band>().unwrap(), b);
        }
        assert!("excellent".parse::<Band>().is_err());
    }

    #[test]
    fn stored_thresholds_are_checked_when_read() {
        let json = serde_json::to_string(&BandThresholds::new(90.0, 75.0, 60.0).unwrap()).unwrap();
        let back: BandThresholds = serde_json::from_str(&json).unwrap();
        assert_eq!(back.recommend(), 75.0);
        let bad = r#"{"strongly_recommend":50,"recommend":60,"undecided":70}"#;
        assert!(serde_json::from_str::<BandThresholds>(bad).is_err());
    }
}
