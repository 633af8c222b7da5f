//! Settles uploads their browser never completed.
//!
//! A recording whose browser died mid-answer leaves an open upload and its staged chunks
//! (encrypted candidate audio) behind. Once the question's window and the completion
//! allowance have passed, nothing else will complete it: if its question is still waiting
//! for an answer, the recording becomes the answer as it stands (see `salvage`); if the
//! question was answered or missed some other way, the upload is discarded, since keeping
//! it would only keep personal data without purpose. The worker calls
//! [`sweep_abandoned_uploads`] periodically; any number of nodes may run it at once.

use chrono::Duration;

use super::salvage::salvage_recording;
use super::{assemble, COMPLETE_ALLOWANCE_SECONDS};
use crate::interview::grace;
use crate::{ServiceResult, Services};

/// Uploads discarded per store query; a sweep repeats until a batch comes back short.
const BATCH: i64 = 200;

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Recordings kept as their question's answer.
    pub salvaged: usize,
    /// Uploads removed with their staged chunks.
    pub discarded: usize,
}

/// Keeps or discards every abandoned upload.
pub async fn sweep_abandoned_uploads(services: &Services) -> ServiceResult<Swept> {
    let now = services.clock.now();
    let cutoff = now - grace(services) - Duration::seconds(COMPLETE_ALLOWANCE_SECONDS);
    let mut swept = Swept::default();
    loop {
        let batch = services.store.list_abandoned_uploads(cutoff, BATCH).await?;
        let full = batch.len() as i64 == BATCH;
        let mut progressed = false;
        for upload in batch {
            // Keeps the question's longest recording; if that is another upload, this one
            // is discarded once the question is answered (the next batch lists it again).
            if upload.received > 0
                && salvage_recording(
                    services,
                    upload.org_id,
                    upload.application_id,
                    upload.question_id,
                    now,
                )
                .await?
            {
                swept.salvaged += 1;
                progressed = true;
                continue;
            }
            // `None`: completed or discarded by someone else since the listing.
            let Some(keys) = services
                .store
                .discard_upload(upload.org_id, upload.id)
                .await?
            else {
                continue;
            };
            assemble::delete_objects(services, keys).await;
            tracing::info!(
                upload = %upload.id,
                application = %upload.application_id,
                bytes = upload.received,
                "discarded an upload that was never completed"
            );
            swept.discarded += 1;
            progressed = true;
        }
        if !full || !progressed {
            return Ok(swept);
        }
    }
}
