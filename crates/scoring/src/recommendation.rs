//! The recommendation band of a report (强烈推荐 / 推荐 / 待定 / 不推荐) and the reasons that
//! drove it. A decision aid for the people who decide, never a decision: the band is
//! derived from the report when it is read, so it always matches the scores shown.

use serde::{Deserialize, Serialize};

/// The band, best first (the rule that picks it lives in the domain).
pub use kaoguan_domain::Band;

/// Where the bands start: per job, with defaults of 80, 65 and 50 (see
/// [`kaoguan_domain::BandThresholds`]).
pub use kaoguan_domain::BandThresholds as Thresholds;

/// Why the band is what it is; the UI puts each in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The total reached the band's threshold.
    TotalAtLeast { total: f64, threshold: f64 },
    /// The total stayed below the lowest band's threshold.
    TotalBelow { total: f64, threshold: f64 },
    /// Red flags the answers assert: the band is at most "undecided".
    RedFlags { count: usize },
    /// Key points the answers contradict.
    Contradicted { count: usize },
    /// Too little was answered to judge: "undecided" whatever the total.
    InsufficientData,
}

/// A band with its reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub band: Band,
    pub reasons: Vec<Reason>,
}

/// What the band is computed from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence {
    pub total: f64,
    pub insufficient_data: bool,
    pub red_flags: usize,
    pub contradicted_points: usize,
}

/// The band for a report. A red flag caps it at "undecided" (someone must look at it
/// before recommending), and too little answer makes it "undecided" whatever the total.
pub fn recommend(e: &Evidence, t: &Thresholds) -> Recommendation {
    let mut reasons = Vec::new();
    let band = Band::of(e.total, e.red_flags, e.insufficient_data, t);
    let threshold = match Band::by_total(e.total, t) {
        Band::StronglyRecommend => Some(t.strongly_recommend()),
        Band::Recommend => Some(t.recommend()),
        Band::Undecided => Some(t.undecided()),
        Band::NotRecommended => None,
    };
    reasons.push(match threshold {
        Some(threshold) => Reason::TotalAtLeast {
            total: e.total,
            threshold,
        },
        None => Reason::TotalBelow {
            total: e.total,
            threshold: t.undecided(),
        },
    });
    if e.red_flags > 0 {
        reasons.push(Reason::RedFlags { count: e.red_flags });
    }
    if e.contradicted_points > 0 {
        reasons.push(Reason::Contradicted {
            count: e.contradicted_points,
        });
    }
    if e.insufficient_data {
        reasons.insert(0, Reason::InsufficientData);
    }
    Recommendation { band, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(total: f64, red_flags: usize, insufficient: bool) -> Band {
        recommend(
            &Evidence {
                total,
                insufficient_data: insufficient,
                red_flags,
                contradicted_points: 0,
            },
            &Thresholds::default(),
        )
        .band
    }

    #[test]
    fn the_total_picks_the_band_at_its_thresholds() {
        assert_eq!(band(80.0, 0, false), Band::StronglyRecommend);
        assert_eq!(band(79.9, 0, false), Band::Recommend);
        assert_eq!(band(65.0, 0, false), Band::Recommend);
        assert_eq!(band(50.0, 0, false), Band::Undecided);
        assert_eq!(band(49.9, 0, false), Band::NotRecommended);
    }

    #[test]
    fn a_red_flag_caps_at_undecided_and_says_so() {
        assert_eq!(band(92.0, 1, false), Band::Undecided);
        assert_eq!(band(30.0, 2, false), Band::NotRecommended);
        let r = recommend(
            &Evidence {
                total: 92.0,
                red_flags: 1,
                contradicted_points: 2,
                ..Evidence::default()
            },
            &Thresholds::default(),
        );
        assert!(r.reasons.contains(&Reason::RedFlags { count: 1 }));
        assert!(r.reasons.contains(&Reason::Contradicted { count: 2 }));
    }

    #[test]
    fn a_job_s_own_thresholds_move_the_bands() {
        let strict = Thresholds::new(90.0, 75.0, 60.0).unwrap();
        let at = |total: f64| {
            recommend(
                &Evidence {
                    total,
                    ..Evidence::default()
                },
                &strict,
            )
        };
        assert_eq!(at(85.0).band, Band::Recommend);
        assert_eq!(at(55.0).band, Band::NotRecommended);
        assert_eq!(
            at(55.0).reasons,
            vec![Reason::TotalBelow {
                total: 55.0,
                threshold: 60.0
            }]
        );
    }

    #[test]
    fn too_little_answer_is_undecided_whatever_the_total() {
        assert_eq!(band(5.0, 0, true), Band::Undecided);
        let r = recommend(
            &Evidence {
                total: 5.0,
                insufficient_data: true,
                ..Evidence::default()
            },
            &Thresholds::default(),
        );
        assert_eq!(r.reasons[0], Reason::InsufficientData);
    }
}
