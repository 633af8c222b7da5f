//! Keeping a recording the browser never completed.
//!
//! Chunks are taken only while the question's window is open, so whatever an upload holds
//! was recorded in time; only the browser's final "complete" is missing — the phone died,
//! the tab was closed, the app was switched away for good. When the slot closes (the
//! candidate comes back and moves on, a late request arrives, or the sweeper finds the
//! upload after the completion allowance), the longest such recording becomes the answer
//! as it stands rather than the question counting as unanswered. The decoder keeps the
//! audio of a cut-off recording (webm, ogg, fragmented mp4, wav); one that cannot be read
//! is reported as not transcribed, like any other.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, QuestionId};

use super::uploads::record_upload;
use crate::{ServiceResult, Services};

/// Records the question's longest open upload, if any received bytes, as its answer;
/// `true` if it did.
pub(crate) async fn salvage_recording(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let open = services
        .store
        .list_open_uploads(org, application, question)
        .await?;
    let Some(longest) = open.first() else {
        return Ok(false);
    };
    let recorded = record_upload(services, org, application, longest, now).await?;
    if recorded {
        tracing::info!(
            %application,
            %question,
            bytes = longest.received,
            "kept a recording its browser never completed"
        );
    }
    Ok(recorded)
}

/// Closes a question whose window is over: its unfinished recording becomes the answer
/// when there is one, otherwise the question is missed.
pub(crate) async fn close_slot(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if !salvage_recording(services, org, application, question, now).await? {
        services
            .store
            .mark_missed(org, application, question, now)
            .await?;
    }
    Ok(())
}
