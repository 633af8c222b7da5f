//! An external model's reading of one answer against its rubric (see
//! `kaoguan_inference::llm::rubric`), as the scorer takes it: per key point, what the
//! answer does with it, and per red flag, whether the answer asserts it — each claim with
//! a quote already checked to occur in the answer. Where the reading has a claim, it
//! decides the item; where it has none, the local reading stands. The formula, the other
//! features and the explanation stay the local engine's.

/// What the answer does with a key point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointReading {
    Supports(String),
    Contradicts(String),
    Mentions(String),
    Absent,
}

/// Whether the answer asserts a red flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagReading {
    Asserted(String),
    Absent,
}

/// Claims aligned with the rubric's key points and red flags; `None` where the external
/// model gave no usable claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalReading {
    pub key_points: Vec<Option<PointReading>>,
    pub red_flags: Vec<Option<FlagReading>>,
}

impl ExternalReading {
    pub(crate) fn point(&self, k: usize) -> Option<&PointReading> {
        self.key_points.get(k).and_then(Option::as_ref)
    }

    pub(crate) fn flag(&self, k: usize) -> Option<&FlagReading> {
        self.red_flags.get(k).and_then(Option::as_ref)
    }
}
