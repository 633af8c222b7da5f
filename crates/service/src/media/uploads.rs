//! The chunked upload protocol: open, put chunks at offsets, ask how far it got, complete.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use kaoguan_domain::{AnswerMode, ApplicationId, DomainError, OrgId, QuestionId, UploadId};
use kaoguan_store::{
    AnswerSlot, AppendOutcome, NewMediaAnswer, NewUpload, SlotState, Upload, UploadState,
};

use super::assemble::{self, sha256_hex};
use super::{MediaAnswerView, MediaType, UploadView, COMPLETE_ALLOWANCE_SECONDS, MAX_CHUNK_BYTES};
use crate::interview::{self, deadline_passed, grace, require_in_progress, Context};
use crate::{tasks, ServiceError, ServiceResult, Services};

/// What happened to a chunk. Offsets and sizes are refusals the client acts on (resume
/// from `expected`, or stop), so they are outcomes rather than errors.
#[derive(Debug, Clone)]
pub enum ChunkOutcome {
    /// Stored, or already stored with the same bytes (`duplicate`).
    Stored { upload: UploadView, duplicate: bool },
    /// The chunk does not start where the upload stands, or overlaps it with other bytes.
    OffsetMismatch { expected: u64 },
    /// The recording would exceed the upload's limit.
    TooLarge { max_bytes: u64 },
}

/// Opens an upload for the question currently shown, while its window is open and if the
/// question takes answers of this kind.
pub async fn create_upload(
    services: &Services,
    token: &str,
    question: QuestionId,
    media_type: &MediaType,
) -> ServiceResult<UploadView> {
    let ctx = interview::load(services, token).await?;
    let upload =
        create_upload_at(services, &ctx, question, media_type, services.clock.now()).await?;
    Ok(UploadView::from(&upload))
}

pub(super) async fn create_upload_at(
    services: &Services,
    ctx: &Context,
    question: QuestionId,
    media_type: &MediaType,
    now: DateTime<Utc>,
) -> ServiceResult<Upload> {
    let q = ctx
        .job
        .questions
        .iter()
        .find(|q| q.id == question)
        .ok_or(ServiceError::NotFound)?;
    if !q.modes.contains(&media_type.kind()) {
        let allowed: Vec<&str> = q.modes.iter().map(|m| m.as_str()).collect();
        return Err(DomainError::new(
            "content_type",
            format!(
                "this question does not take {} answers; it takes: {}",
                media_type.kind().as_str(),
                allowed.join(", ")
            ),
        )
        .zh(format!(
            "这道题不接受{}作答，可用的作答方式：{}。",
            mode_zh(media_type.kind()),
            q.modes
                .iter()
                .map(|m| mode_zh(*m))
                .collect::<Vec<_>>()
                .join("、")
        ))
        .en(format!(
            "This question does not take {} answers; it takes: {}.",
            media_type.kind().as_str(),
            allowed.join(", ")
        ))
        .into());
    }
    open_slot(services, ctx, question, now, Duration::zero(), true).await?;
    let upload = services
        .store
        .create_upload(
            ctx.app.org_id,
            &NewUpload {
                id: UploadId::new(),
                application_id: ctx.app.id,
                question_id: question,
                kind: media_type.kind(),
                content_type: media_type.to_string(),
                max_bytes: i64::try_from(services.settings.media_max_upload_bytes)
                    .unwrap_or(i64::MAX),
            },
            now,
        )
        .await?;
    Ok(upload)
}

/// The question's slot if its window (deadline + grace + `extra`) is still open at `now`.
/// `mark_missed`: a closed window also marks the question missed, as a late text answer
/// does; a late chunk does not, since the upload may still be completed with what came
/// in time.
/// An answer mode as the Chinese console names it.
fn mode_zh(mode: AnswerMode) -> &'static str {
    match mode {
        AnswerMode::Text => "文字",
        AnswerMode::Audio => "语音",
        AnswerMode::Video => "视频",
    }
}

async fn open_slot(
    services: &Services,
    ctx: &Context,
    question: QuestionId,
    now: DateTime<Utc>,
    extra: Duration,
    mark_missed: bool,
) -> ServiceResult<AnswerSlot> {
    require_in_progress(&ctx.app)?;
    let slots = services
        .store
        .list_slots(ctx.app.org_id, ctx.app.id)
        .await?;
    let Some(slot) = slots.into_iter().find(|s| s.question_id == question) else {
        return Err(ServiceError::conflict(
            "question_not_started",
            "this question has not been shown yet; fetch the next question first",
        ));
    };
    match slot.state {
        SlotState::Answered => Err(ServiceError::conflict(
            "already_answered",
            "this question has already been answered",
        )),
        SlotState::Missed => Err(deadline_passed()),
        SlotState::Presented if now > slot.deadline_at + grace(services) + extra => {
            if mark_missed {
                super::salvage::close_slot(services, ctx.app.org_id, ctx.app.id, question, now)
                    .await?;
            }
            Err(deadline_passed())
        }
        SlotState::Presented => Ok(slot),
    }
}

/// How far an upload got, to resume after a dropped connection.
pub async fn upload_status(
    services: &Services,
    token: &str,
    id: UploadId,
) -> ServiceResult<UploadView> {
    let ctx = interview::load(services, token).await?;
    let upload = services
        .store
        .get_upload(ctx.app.org_id, ctx.app.id, id)
        .await?;
    Ok(UploadView::from(&upload))
}

/// Stores `bytes` at `offset`. Sending a chunk that was already stored, with the same
/// bytes at the same offset, changes nothing (a retry after a lost response).
pub async fn put_chunk(
    services: &Services,
    token: &str,
    id: UploadId,
    offset: u64,
    bytes: Vec<u8>,
) -> ServiceResult<ChunkOutcome> {
    let ctx = interview::load(services, token).await?;
    let upload = services
        .store
        .get_upload(ctx.app.org_id, ctx.app.id, id)
        .await?;
    put_chunk_at(services, &ctx, upload, offset, bytes, services.clock.now()).await
}

pub(super) async fn put_chunk_at(
    services: &Services,
    ctx: &Context,
    upload: Upload,
    offset: u64,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> ServiceResult<ChunkOutcome> {
    if bytes.len() > MAX_CHUNK_BYTES {
        return Err(DomainError::new(
            "body",
            format!("a chunk may hold at most {MAX_CHUNK_BYTES} bytes"),
        )
        .zh(format!("每个分块最多 {MAX_CHUNK_BYTES} 字节。"))
        .en(format!("A chunk may hold at most {MAX_CHUNK_BYTES} bytes."))
        .into());
    }
    let org = ctx.app.org_id;
    let digest = sha256_hex(&bytes);
    let len = bytes.len() as u64;
    if let Some(outcome) = settled(services, &upload, offset, len, &digest).await? {
        return Ok(outcome);
    }
    // `settled` let through only a non-empty chunk at `received`, within the limit, on an
    // open upload.
    open_slot(
        services,
        ctx,
        upload.question_id,
        now,
        Duration::zero(),
        false,
    )
    .await?;
    let key = assemble::staging_key(org, upload.id, offset);
    assemble::put_chunk_object(services, key.clone(), Arc::new(bytes)).await?;
    let chunk = kaoguan_store::UploadChunk {
        upload_id: upload.id,
        offset: i64::try_from(offset).map_err(anyhow::Error::from)?,
        length: i64::try_from(len).map_err(anyhow::Error::from)?,
        sha256: digest.clone(),
        object_key: key.to_string(),
        created_at: now,
    };
    match services.store.append_chunk(org, &chunk, now).await? {
        AppendOutcome::Appended(stored) => Ok(ChunkOutcome::Stored {
            upload: UploadView::from(&stored),
            duplicate: false,
        }),
        AppendOutcome::Rejected(current) => {
            // Another request moved the upload on first (typically the same chunk, sent
            // twice at once): drop this copy and answer as if it had come second.
            assemble::delete_objects(services, vec![key.to_string()]).await;
            Ok(settled(services, &current, offset, len, &digest)
                .await?
                .unwrap_or(ChunkOutcome::OffsetMismatch {
                    expected: u64::try_from(current.received).unwrap_or(0),
                }))
        }
    }
}

/// The answer for a chunk that need not (or must not) be stored; `None` for a chunk that
/// should be appended.
async fn settled(
    services: &Services,
    upload: &Upload,
    offset: u64,
    len: u64,
    digest: &str,
) -> ServiceResult<Option<ChunkOutcome>> {
    let received = u64::try_from(upload.received).unwrap_or(0);
    let stored = || ChunkOutcome::Stored {
        upload: UploadView::from(upload),
        duplicate: true,
    };
    if offset < received || upload.state == UploadState::Complete {
        let chunks = services
            .store
            .list_upload_chunks(upload.org_id, upload.id)
            .await?;
        let same = chunks.iter().any(|c| {
            u64::try_from(c.offset).ok() == Some(offset)
                && u64::try_from(c.length).ok() == Some(len)
                && c.sha256 == digest
        });
        if same || (len == 0 && offset <= received) {
            return Ok(Some(stored()));
        }
        if upload.state == UploadState::Complete {
            return Err(ServiceError::conflict(
                "upload_complete",
                "this upload is complete and takes no more bytes",
            ));
        }
        return Ok(Some(ChunkOutcome::OffsetMismatch { expected: received }));
    }
    if offset > received {
        return Ok(Some(ChunkOutcome::OffsetMismatch { expected: received }));
    }
    if len == 0 {
        return Ok(Some(stored()));
    }
    if received + len > u64::try_from(upload.max_bytes).unwrap_or(0) {
        return Ok(Some(ChunkOutcome::TooLarge {
            max_bytes: u64::try_from(upload.max_bytes).unwrap_or(0),
        }));
    }
    Ok(None)
}

/// Assembles the upload and records it as the question's answer, then queues its
/// transcription. Completing again returns the same answer.
pub async fn complete_upload(
    services: &Services,
    token: &str,
    id: UploadId,
) -> ServiceResult<MediaAnswerView> {
    let ctx = interview::load(services, token).await?;
    let upload = services
        .store
        .get_upload(ctx.app.org_id, ctx.app.id, id)
        .await?;
    complete_at(services, &ctx, upload, services.clock.now()).await
}

pub(super) async fn complete_at(
    services: &Services,
    ctx: &Context,
    upload: Upload,
    now: DateTime<Utc>,
) -> ServiceResult<MediaAnswerView> {
    let org = ctx.app.org_id;
    if upload.state == UploadState::Complete {
        return existing_answer(services, ctx, &upload).await;
    }
    if upload.received == 0 {
        return Err(DomainError::new("upload", "nothing was uploaded")
            .zh("没有收到任何上传内容。")
            .en("Nothing was uploaded.")
            .into());
    }
    if let Err(late) = open_slot(
        services,
        ctx,
        upload.question_id,
        now,
        Duration::seconds(COMPLETE_ALLOWANCE_SECONDS),
        true,
    )
    .await
    {
        // Closing the slot late keeps the recording that arrived in time (see
        // `salvage`): if that was this upload, it is the answer.
        let current = services
            .store
            .get_upload(org, ctx.app.id, upload.id)
            .await?;
        if current.state == UploadState::Complete {
            return existing_answer(services, ctx, &current).await;
        }
        return Err(late);
    }
    if !record_upload(services, org, ctx.app.id, &upload, now).await? {
        let current = services
            .store
            .get_upload(org, ctx.app.id, upload.id)
            .await?;
        return existing_answer(services, ctx, &current).await;
    }
    let stored = services
        .store
        .get_media_answer(org, ctx.app.id, upload.question_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("media answer missing right after it was recorded"))?;
    Ok(MediaAnswerView::new(&stored, false))
}

/// Assembles an open upload's chunks into the answer object, records it as the question's
/// answer atomically with the slot, queues its transcription and drops the staged chunks.
/// `false` if the slot no longer takes it (answered or missed meanwhile, or a concurrent
/// completion of the same upload won); the staged chunks are then left to their owner.
pub(super) async fn record_upload(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    upload: &Upload,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let chunks = services.store.list_upload_chunks(org, upload.id).await?;
    let target = assemble::answer_key(org, application, upload.question_id, upload.id);
    let staged: Vec<String> = chunks.iter().map(|c| c.object_key.clone()).collect();
    let (size, sha256) = assemble::assemble(services, chunks, target.clone()).await?;
    let answer = NewMediaAnswer {
        application_id: application,
        question_id: upload.question_id,
        upload_id: upload.id,
        kind: upload.kind,
        content_type: upload.content_type.clone(),
        size_bytes: i64::try_from(size).map_err(anyhow::Error::from)?,
        sha256,
        object_key: target.to_string(),
    };
    // Recorded and queued for transcription together, or neither.
    let effects = kaoguan_store::Effects::none()
        .task(tasks::Task::transcribe(org, application, upload.question_id).queued_at(now));
    let recorded = match services
        .store
        .record_media_answer(org, &answer, now, &effects)
        .await
    {
        Ok(recorded) => recorded,
        // The upload changed under us: a concurrent completion of it won.
        Err(kaoguan_store::StoreError::Conflict(_)) => false,
        Err(e) => return Err(e.into()),
    };
    if !recorded {
        let current = services
            .store
            .get_upload(org, application, upload.id)
            .await?;
        if current.state != UploadState::Complete {
            // Another upload answered the question, or its time ran out meanwhile. (A
            // completed upload wrote this same object: it stays.)
            assemble::delete_objects(services, vec![target.to_string()]).await;
        }
        return Ok(false);
    }
    tracing::info!(%application, question = %upload.question_id, size, "media answer recorded");
    services.task_wakeup.notify_one();
    assemble::delete_objects(services, staged).await;
    Ok(true)
}

/// The answer this upload became, or why it did not become one.
async fn existing_answer(
    services: &Services,
    ctx: &Context,
    upload: &Upload,
) -> ServiceResult<MediaAnswerView> {
    let answer = services
        .store
        .get_media_answer(ctx.app.org_id, ctx.app.id, upload.question_id)
        .await?;
    match answer {
        Some(a) if a.upload_id == upload.id => Ok(MediaAnswerView::new(&a, true)),
        _ => {
            let slots = services
                .store
                .list_slots(ctx.app.org_id, ctx.app.id)
                .await?;
            let slot = slots.iter().find(|s| s.question_id == upload.question_id);
            Err(match slot.map(|s| s.state) {
                Some(SlotState::Missed) => deadline_passed(),
                _ => ServiceError::conflict(
                    "already_answered",
                    "this question has already been answered",
                ),
            })
        }
    }
}
