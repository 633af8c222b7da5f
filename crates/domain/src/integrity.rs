//! Integrity signals of one answer, as the candidate's browser counted them: pastes into
//! the answer box, switches away from the page, and (video, opt-in) frames with no face or
//! with more than one. They are shown to reviewers and never enter a score, so the only
//! rules here are the ones that keep the numbers meaningful: whole, non-negative,
//! consistent with each other, and bounded so a broken or hostile client cannot store
//! absurd values.

use crate::DomainError;

/// More paste events or page switches than this in one question is not a person typing.
pub const MAX_EVENTS: u32 = 10_000;
/// An answer holds at most 20,000 characters; repeated pastes may add up to more, but not
/// to this.
pub const MAX_PASTED_CHARS: u32 = 1_000_000;
/// A day: far beyond any question's window (the service checks the real window).
pub const MAX_AWAY_SECONDS: u32 = 86_400;
/// One face check a second for a day.
pub const MAX_FACE_CHECKS: u32 = 86_400;

/// Face-detector results over one answer: how many frames were checked, and in how many
/// of them no face or more than one face was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceCounts {
    checks: u32,
    no_face: u32,
    multiple_faces: u32,
}

impl FaceCounts {
    pub fn parse(checks: i64, no_face: i64, multiple_faces: i64) -> Result<Self, DomainError> {
        let checks = count(
            "faces.checks",
            ("检测帧数", "The number of frames checked"),
            checks,
            MAX_FACE_CHECKS,
        )?;
        let no_face = count(
            "faces.no_face",
            ("未检测到人脸的帧数", "The number of frames with no face"),
            no_face,
            MAX_FACE_CHECKS,
        )?;
        let multiple_faces = count(
            "faces.multiple_faces",
            (
                "检测到多张人脸的帧数",
                "The number of frames with several faces",
            ),
            multiple_faces,
            MAX_FACE_CHECKS,
        )?;
        // A frame has either no face, one, or several: the two counts share the checks.
        if u64::from(no_face) + u64::from(multiple_faces) > u64::from(checks) {
            return Err(DomainError::new(
                "faces",
                "no_face and multiple_faces together cannot exceed checks",
            )
            .zh("未检测到人脸与检测到多张人脸的帧数之和不能超过检测帧数。")
            .en("Frames with no face and frames with several faces together cannot exceed the frames checked."));
        }
        Ok(Self {
            checks,
            no_face,
            multiple_faces,
        })
    }

    pub fn checks(&self) -> u32 {
        self.checks
    }
    pub fn no_face(&self) -> u32 {
        self.no_face
    }
    pub fn multiple_faces(&self) -> u32 {
        self.multiple_faces
    }
}

/// What the browser counted during one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegrityCounts {
    paste_events: u32,
    pasted_chars: u32,
    focus_losses: u32,
    away_seconds: u32,
    faces: Option<FaceCounts>,
}

impl IntegrityCounts {
    /// Raw numbers from the wire or a database row. Signed on purpose: a negative number
    /// is reported against its field rather than as a type error.
    pub fn parse(
        paste_events: i64,
        pasted_chars: i64,
        focus_losses: i64,
        away_seconds: i64,
        faces: Option<FaceCounts>,
    ) -> Result<Self, DomainError> {
        let paste_events = count(
            "paste_events",
            ("粘贴次数", "The number of pastes"),
            paste_events,
            MAX_EVENTS,
        )?;
        let pasted_chars = count(
            "pasted_chars",
            ("粘贴的字符数", "The number of pasted characters"),
            pasted_chars,
            MAX_PASTED_CHARS,
        )?;
        let focus_losses = count(
            "focus_losses",
            ("切换离开页面的次数", "The number of switches away"),
            focus_losses,
            MAX_EVENTS,
        )?;
        let away_seconds = count(
            "away_seconds",
            ("离开页面的秒数", "The time away"),
            away_seconds,
            MAX_AWAY_SECONDS,
        )?;
        if paste_events == 0 && pasted_chars > 0 {
            return Err(DomainError::new(
                "pasted_chars",
                "characters were pasted but no paste was counted",
            )
            .zh("记录了粘贴的字符，却没有记录粘贴次数。")
            .en("Characters were pasted but no paste was counted."));
        }
        if focus_losses == 0 && away_seconds > 0 {
            return Err(DomainError::new(
                "away_seconds",
                "time away was counted but no switch away from the page",
            )
            .zh("记录了离开页面的时间，却没有记录切换离开。")
            .en("Time away was counted but no switch away from the page."));
        }
        Ok(Self {
            paste_events,
            pasted_chars,
            focus_losses,
            away_seconds,
            faces,
        })
    }

    pub fn paste_events(&self) -> u32 {
        self.paste_events
    }
    pub fn pasted_chars(&self) -> u32 {
        self.pasted_chars
    }
    /// Switches to another tab or app (page hidden or window blurred, counted once each).
    pub fn focus_losses(&self) -> u32 {
        self.focus_losses
    }
    pub fn away_seconds(&self) -> u32 {
        self.away_seconds
    }
    /// `None` when no face detector ran (audio or text answers, or not enabled for the job).
    pub fn faces(&self) -> Option<FaceCounts> {
        self.faces
    }
}

/// `label`: what the number counts, in Chinese and as the start of an English sentence.
fn count(field: &str, label: (&str, &str), value: i64, max: u32) -> Result<u32, DomainError> {
    let (zh, en) = label;
    if value < 0 {
        return Err(DomainError::new(field, "cannot be negative")
            .zh(format!("{zh}不能为负数。"))
            .en(format!("{en} cannot be negative.")));
    }
    u32::try_from(value)
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| {
            DomainError::new(field, format!("cannot exceed {max}"))
                .zh(format!("{zh}不能超过 {max}。"))
                .en(format!("{en} cannot exceed {max}."))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_consistent_counts() {
        let faces = FaceCounts::parse(30, 2, 1).unwrap();
        let c = IntegrityCounts::parse(2, 140, 3, 25, Some(faces)).unwrap();
        assert_eq!(
            (
                c.paste_events(),
                c.pasted_chars(),
                c.focus_losses(),
                c.away_seconds()
            ),
            (2, 140, 3, 25)
        );
        assert_eq!(c.faces().map(|f| (f.checks(), f.no_face())), Some((30, 2)));
        assert!(IntegrityCounts::parse(0, 0, 0, 0, None).is_ok());
        // A paste of an image carries no text: events without characters are fine.
        assert!(IntegrityCounts::parse(1, 0, 0, 0, None).is_ok());
    }

    #[test]
    fn names_the_field_that_is_out_of_range() {
        let field = |r: Result<IntegrityCounts, DomainError>| r.unwrap_err().field;
        assert_eq!(
            field(IntegrityCounts::parse(-1, 0, 0, 0, None)),
            "paste_events"
        );
        assert_eq!(
            field(IntegrityCounts::parse(
                1,
                i64::from(MAX_PASTED_CHARS) + 1,
                0,
                0,
                None
            )),
            "pasted_chars"
        );
        assert_eq!(
            field(IntegrityCounts::parse(
                0,
                0,
                i64::from(MAX_EVENTS) + 1,
                0,
                None
            )),
            "focus_losses"
        );
        assert_eq!(
            field(IntegrityCounts::parse(0, 0, 1, i64::MAX, None)),
            "away_seconds"
        );
    }

    #[test]
    fn refuses_counts_that_contradict_each_other() {
        assert_eq!(
            IntegrityCounts::parse(0, 10, 0, 0, None).unwrap_err().field,
            "pasted_chars"
        );
        assert_eq!(
            IntegrityCounts::parse(0, 0, 0, 5, None).unwrap_err().field,
            "away_seconds"
        );
        assert_eq!(FaceCounts::parse(3, 2, 2).unwrap_err().field, "faces");
        assert_eq!(
            FaceCounts::parse(3, -1, 0).unwrap_err().field,
            "faces.no_face"
        );
    }
}
