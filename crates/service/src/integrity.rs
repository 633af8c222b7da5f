//! Integrity signals: what the candidate's browser counted during each question (pastes,
//! switches away, face-detector counts) and long silences in recorded answers.
//!
//! They are for a reviewer to look at and weigh, never a deduction: scoring does not read
//! them, and the report attaches them when it is viewed, beside the stored scores. The
//! browser's counts are the candidate's own device reporting on itself, so the report
//! says "as reported by the browser" rather than presenting them as proof.

use chrono::{DateTime, Duration, Utc};
use kaoguan_domain::{IntegrityCounts, QuestionId};
use kaoguan_store::AnswerIntegrity;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::interview::{self, deadline_passed, grace};
use crate::{ServiceError, ServiceResult, Services};

/// The sentence that travels with the signals wherever they are shown.
pub const NOTE: &str =
    "Integrity signals are for a reviewer to look at; they never change any score.";

/// Face-detector counts over one video answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FaceSignals {
    /// Frames checked on the candidate's device.
    pub checks: u32,
    /// Frames in which no face was found.
    pub no_face: u32,
    /// Frames in which more than one face was found.
    pub multiple_faces: u32,
}

/// What the candidate's browser reported for one question (its latest report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BrowserSignals {
    /// Paste events into the answer box.
    pub paste_events: u32,
    /// Characters those pastes carried.
    pub pasted_chars: u32,
    /// Switches to another tab or app while the question was on screen.
    pub focus_losses: u32,
    /// Total time away, seconds.
    pub away_seconds: u32,
    /// `null` unless a face detector ran (video answers, opt-in per job).
    pub faces: Option<FaceSignals>,
    pub reported_at: DateTime<Utc>,
}

impl From<&AnswerIntegrity> for BrowserSignals {
    fn from(r: &AnswerIntegrity) -> Self {
        let c = &r.counts;
        Self {
            paste_events: c.paste_events(),
            pasted_chars: c.pasted_chars(),
            focus_losses: c.focus_losses(),
            away_seconds: c.away_seconds(),
            faces: c.faces().map(|f| FaceSignals {
                checks: f.checks(),
                no_face: f.no_face(),
                multiple_faces: f.multiple_faces(),
            }),
            reported_at: r.updated_at,
        }
    }
}

/// Long silences inside a recorded answer, taken from its delivery measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LongSilences {
    /// Pauses at least `threshold_seconds` long between the first and the last speech.
    pub count: u32,
    pub total_seconds: f64,
    pub longest_seconds: f64,
    pub threshold_seconds: f64,
}

impl LongSilences {
    /// From the delivery measures the speech engine stored (`pauses.long_count` …);
    /// `None` when they carry no pause measures.
    pub fn from_delivery(delivery: &serde_json::Value) -> Option<Self> {
        #[derive(Deserialize)]
        struct Pauses {
            long_count: u32,
            long_total_s: f64,
            longest_s: f64,
            long_threshold_s: f64,
        }
        let p: Pauses = serde_json::from_value(delivery.get("pauses")?.clone()).ok()?;
        Some(Self {
            count: p.long_count,
            total_seconds: p.long_total_s,
            longest_seconds: p.longest_s,
            threshold_seconds: p.long_threshold_s,
        })
    }
}

/// All integrity signals of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntegritySignals {
    /// `null` when the browser sent no counts for this question.
    pub browser: Option<BrowserSignals>,
    /// `null` for text answers and recordings without pause measures.
    pub long_silences: Option<LongSilences>,
}

impl IntegritySignals {
    /// `None` when there is nothing to show.
    pub fn of(
        browser: Option<&AnswerIntegrity>,
        delivery: Option<&serde_json::Value>,
    ) -> Option<Self> {
        let signals = Self {
            browser: browser.map(BrowserSignals::from),
            long_silences: delivery.and_then(LongSilences::from_delivery),
        };
        (signals.browser.is_some() || signals.long_silences.is_some()).then_some(signals)
    }
}

/// Stores the browser's latest counts for a question the candidate was shown, while that
/// question's window (deadline + grace) is open: the same window as its answer, so counts
/// cannot be rewritten afterwards. Sending the same or newer counts again replaces them.
pub async fn record(
    services: &Services,
    token: &str,
    question: QuestionId,
    counts: IntegrityCounts,
) -> ServiceResult<BrowserSignals> {
    let ctx = interview::load(services, token).await?;
    let slots = services
        .store
        .list_slots(ctx.app.org_id, ctx.app.id)
        .await?;
    // Only a question this candidate was shown has a slot; the slot is also what ties
    // the counts to this application and its org.
    let Some(slot) = slots.into_iter().find(|s| s.question_id == question) else {
        if ctx.job.questions.iter().any(|q| q.id == question) {
            return Err(ServiceError::conflict(
                "question_not_started",
                "this question has not been shown yet; fetch the next question first",
            ));
        }
        return Err(ServiceError::NotFound);
    };
    let now = services.clock.now();
    if now > slot.deadline_at + grace(services) {
        return Err(deadline_passed());
    }
    // The browser counts time away from when it showed the question, which the server
    // did at `presented_at`: more time away than the window holds is a broken count.
    let window = slot.deadline_at - slot.presented_at + grace(services);
    if Duration::seconds(i64::from(counts.away_seconds())) > window {
        return Err(kaoguan_domain::DomainError::new(
            "away_seconds",
            "is longer than the question's time",
        )
        .zh("离开页面的时间超过了本题的作答时间。")
        .en("The time away is longer than the question's time.")
        .into());
    }
    let saved = services
        .store
        .save_integrity(ctx.app.org_id, ctx.app.id, question, &counts, now)
        .await?;
    Ok(BrowserSignals::from(&saved))
}
