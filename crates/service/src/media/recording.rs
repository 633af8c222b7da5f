//! A whole recording in one request, for integrations and tests: the same rules as the
//! chunked upload, which it is built on, so there is one path to a stored answer.

use std::future::Future;

use kaoguan_domain::{DomainError, QuestionId};
use sha2::{Digest, Sha256};

use super::uploads::{complete_at, create_upload_at, put_chunk_at, ChunkOutcome};
use super::{assemble, MediaAnswerView, MediaType};
use crate::interview;
use crate::{ServiceError, ServiceResult, Services};

/// A request body read piece by piece, so a recording never sits in memory whole.
pub trait ChunkSource: Send {
    /// The next piece (at most [`super::RECORDING_PIECE_BYTES`]), or `None` at the end.
    fn next_piece(&mut self) -> impl Future<Output = Result<Option<Vec<u8>>, String>> + Send;
}

#[derive(Debug, Clone)]
pub enum RecordingOutcome {
    /// Stored as the answer, or (`duplicate`) the same recording had been stored before.
    Recorded(MediaAnswerView),
    TooLarge {
        max_bytes: u64,
    },
}

fn unreadable(e: String) -> ServiceError {
    DomainError::new("body", format!("the recording could not be read: {e}"))
        .zh("无法读取这段录音，请重新录制后再提交。")
        .en(format!("The recording could not be read: {e}."))
        .into()
}

/// Takes the recording as the answer to `question`. Chunks count as arriving when the
/// request did, so a long upload that started in time is not cut off by the deadline.
pub async fn answer_with_recording(
    services: &Services,
    token: &str,
    question: QuestionId,
    media_type: &MediaType,
    body: &mut impl ChunkSource,
) -> ServiceResult<RecordingOutcome> {
    let ctx = interview::load(services, token).await?;
    let now = services.clock.now();
    let max_bytes = services.settings.media_max_upload_bytes;

    // A retried request after a lost response: the same bytes mean the same answer.
    if let Some(existing) = services
        .store
        .get_media_answer(ctx.app.org_id, ctx.app.id, question)
        .await?
    {
        let mut digest = Sha256::new();
        let mut size = 0u64;
        while let Some(piece) = body.next_piece().await.map_err(unreadable)? {
            size += piece.len() as u64;
            if size > max_bytes {
                break;
            }
            digest.update(&piece);
        }
        let same = size == u64::try_from(existing.size_bytes).unwrap_or(u64::MAX)
            && hex::encode(digest.finalize()) == existing.sha256;
        if same {
            return Ok(RecordingOutcome::Recorded(MediaAnswerView::new(
                &existing, true,
            )));
        }
        return Err(ServiceError::conflict(
            "already_answered",
            "this question has already been answered",
        ));
    }

    let mut upload = create_upload_at(services, &ctx, question, media_type, now).await?;
    let mut offset = 0u64;
    loop {
        let piece = match body.next_piece().await {
            Ok(Some(piece)) => piece,
            Ok(None) => break,
            Err(e) => {
                discard(services, &upload).await;
                return Err(unreadable(e));
            }
        };
        let len = piece.len() as u64;
        match put_chunk_at(services, &ctx, upload.clone(), offset, piece, now).await? {
            ChunkOutcome::Stored { .. } => {
                offset += len;
                upload.received += i64::try_from(len).map_err(anyhow::Error::from)?;
            }
            ChunkOutcome::TooLarge { max_bytes } => {
                discard(services, &upload).await;
                return Ok(RecordingOutcome::TooLarge { max_bytes });
            }
            ChunkOutcome::OffsetMismatch { expected } => {
                return Err(anyhow::anyhow!(
                    "recording upload out of step: at {offset}, store expects {expected}"
                )
                .into())
            }
        }
    }
    complete_at(services, &ctx, upload, now)
        .await
        .map(RecordingOutcome::Recorded)
}

/// Frees the staged chunks of an upload that will never complete.
async fn discard(services: &Services, upload: &kaoguan_store::Upload) {
    if let Ok(chunks) = services
        .store
        .list_upload_chunks(upload.org_id, upload.id)
        .await
    {
        let keys = chunks.into_iter().map(|c| c.object_key).collect();
        assemble::delete_objects(services, keys).await;
    }
}
