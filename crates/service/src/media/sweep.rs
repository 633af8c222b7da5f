//! Discards uploads that can never become answers.
//!
//! A recording whose browser died mid-answer leaves an open upload and its staged chunks
//! (encrypted candidate audio) behind. Once the question's window and the completion
//! allowance have passed, or the slot was answered or missed some other way, nothing can
//! complete it, so keeping it would only keep personal data without purpose. The worker
//! calls [`sweep_abandoned_uploads`] periodically; any number of nodes may run it at once.

use chrono::Duration;

use super::{assemble, COMPLETE_ALLOWANCE_SECONDS};
use crate::interview::grace;
use crate::{ServiceResult, Services};

/// Uploads discarded per store query; a sweep repeats until a batch comes back short.
const BATCH: i64 = 200;

/// Discards every abandoned upload (records and staged objects); returns how many.
pub async fn sweep_abandoned_uploads(services: &Services) -> ServiceResult<usize> {
    let now = services.clock.now();
    let cutoff = now - grace(services) - Duration::seconds(COMPLETE_ALLOWANCE_SECONDS);
    let mut discarded = 0;
    loop {
        let batch = services.store.list_abandoned_uploads(cutoff, BATCH).await?;
        let full = batch.len() as i64 == BATCH;
        let mut progressed = false;
        for upload in batch {
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
            discarded += 1;
            progressed = true;
        }
        if !full || !progressed {
            return Ok(discarded);
        }
    }
}
