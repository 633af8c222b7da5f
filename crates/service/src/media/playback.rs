//! Recordings played back to reviewers, decrypted on the way out. Only staff who may see
//! the application's report may hear its recordings; nothing here is public.

use kaoguan_domain::{ApplicationId, QuestionId};

use super::assemble;
use crate::{ServiceError, ServiceResult, Services, Staff};

/// A recorded answer, decrypted.
#[derive(Debug, Clone)]
pub struct Recording {
    /// As the recorder declared it, e.g. `audio/webm;codecs=opus`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The recording of one answer. The whole recording is decrypted into memory: recordings
/// are bounded by the upload limit, and a player's range requests are answered from it.
pub async fn recording(
    services: &Services,
    who: &Staff,
    application: ApplicationId,
    question: QuestionId,
) -> ServiceResult<Recording> {
    let app = services
        .store
        .get_application(who.org(), application)
        .await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    if !who.may_view_job(&job) {
        return Err(ServiceError::NotFound);
    }
    let answer = services
        .store
        .get_media_answer(who.org(), application, question)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let bytes = assemble::read_recording(services, &answer.object_key)
        .await
        .map_err(|e| {
            ServiceError::Internal(anyhow::Error::new(e).context("reading a recording"))
        })?;
    Ok(Recording {
        content_type: answer.content_type,
        bytes,
    })
}
