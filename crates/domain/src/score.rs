use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A score on the 0–100 scale, rounded to one decimal when shown.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Score(f64);

impl Score {
    pub const MIN: Score = Score(0.0);
    pub const MAX: Score = Score(100.0);

    pub fn new(value: f64) -> Result<Self, DomainError> {
        if value.is_finite() && (0.0..=100.0).contains(&value) {
            Ok(Self(value))
        } else {
            Err(DomainError::new("score", "must be between 0 and 100")
                .zh("分数须在 0 到 100 之间。")
                .en("The score must be between 0 and 100."))
        }
    }

    /// Clamps into range; for values computed by the engine, never for user input.
    pub fn clamped(value: f64) -> Self {
        if value.is_nan() {
            Self(0.0)
        } else {
            Self(value.clamp(0.0, 100.0))
        }
    }

    pub fn value(&self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Score {
    type Error = DomainError;
    fn try_from(v: f64) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<Score> for f64 {
    fn from(s: Score) -> f64 {
        s.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_enforced() {
        assert!(Score::new(-0.1).is_err());
        assert!(Score::new(100.1).is_err());
        assert!(Score::new(f64::NAN).is_err());
        assert_eq!(Score::clamped(140.0).value(), 100.0);
        assert_eq!(Score::new(72.25).unwrap().to_string(), "72.2");
    }
}
