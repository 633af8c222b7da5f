use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, QuestionId, UploadId};
use sqlx::any::AnyRow;

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::models::SlotState;
use crate::{
    AppendOutcome, Effects, MediaAnswer, MediaStore, NewMediaAnswer, NewUpload, StoreError,
    StoreResult, Transcript, TranscriptState, Upload, UploadChunk, UploadState,
};

const UPLOAD_COLUMNS: &str = "id, org_id, application_id, question_id, kind, content_type, \
    max_bytes, received, state, created_at, updated_at, completed_at";

fn upload_from_row(row: &AnyRow) -> StoreResult<Upload> {
    let state = row.text("state")?;
    Ok(Upload {
        id: row.parsed("id")?,
        org_id: row.parsed("org_id")?,
        application_id: row.parsed("application_id")?,
        question_id: row.parsed("question_id")?,
        kind: row.parsed("kind")?,
        content_type: row.text("content_type")?,
        max_bytes: row.int("max_bytes")?,
        received: row.int("received")?,
        state: UploadState::parse(&state)
            .ok_or_else(|| StoreError::Other(anyhow::anyhow!("unknown upload state {state:?}")))?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        completed_at: row.opt_time("completed_at")?,
    })
}

const ANSWER_COLUMNS: &str = "application_id, question_id, upload_id, kind, content_type, \
    size_bytes, sha256, object_key, created_at, transcript_state, transcript, \
    transcript_language, segments, delivery, transcript_error, transcribed_at";

fn answer_from_row(row: &AnyRow) -> StoreResult<MediaAnswer> {
    let state = row.text("transcript_state")?;
    let transcript_state = TranscriptState::parse(&state)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("unknown transcript state {state:?}")))?;
    let transcript = match row.opt_text("transcript")? {
        Some(text) if transcript_state == TranscriptState::Done => Some(Transcript {
            text,
            language: row.opt_text("transcript_language")?.unwrap_or_default(),
            segments: optional_json(row, "segments")?,
            delivery: optional_json(row, "delivery")?,
        }),
        _ => None,
    };
    Ok(MediaAnswer {
        application_id: row.parsed("application_id")?,
        question_id: row.parsed("question_id")?,
        upload_id: row.parsed("upload_id")?,
        kind: row.parsed("kind")?,
        content_type: row.text("content_type")?,
        size_bytes: row.int("size_bytes")?,
        sha256: row.text("sha256")?,
        object_key: row.text("object_key")?,
        created_at: row.time("created_at")?,
        transcript_state,
        transcript,
        transcript_error: row.opt_text("transcript_error")?,
        transcribed_at: row.opt_time("transcribed_at")?,
    })
}

fn optional_json(row: &AnyRow, col: &str) -> StoreResult<serde_json::Value> {
    match row.opt_text(col)? {
        Some(text) => Ok(serde_json::from_str(&text)?),
        None => Ok(serde_json::Value::Null),
    }
}

impl SqlStore {
    async fn upload_by_id(&self, org: OrgId, id: UploadId) -> StoreResult<Upload> {
        let row = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM media_uploads WHERE org_id = $1 AND id = $2"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        upload_from_row(&row)
    }
}

#[async_trait]
impl MediaStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, upload = %upload.id))]
    async fn create_upload(
        &self,
        org: OrgId,
        upload: &NewUpload,
        now: DateTime<Utc>,
    ) -> StoreResult<Upload> {
        // Selecting from the slot is the org and ownership check: only a question that was
        // presented to this application, in this org, can take an upload.
        let done = sqlx::query(
            "INSERT INTO media_uploads (id, org_id, application_id, question_id, kind, content_type,
                 max_bytes, received, state, created_at, updated_at)
             SELECT $1, s.org_id, s.application_id, s.question_id, $2, $3, $4, 0, $5, $6, $6
             FROM answer_slots s
             WHERE s.org_id = $7 AND s.application_id = $8 AND s.question_id = $9",
        )
        .bind(upload.id.to_string())
        .bind(upload.kind.as_str())
        .bind(&upload.content_type)
        .bind(upload.max_bytes)
        .bind(UploadState::Open.as_str())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(upload.application_id.to_string())
        .bind(upload.question_id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.upload_by_id(org, upload.id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, upload = %id))]
    async fn get_upload(
        &self,
        org: OrgId,
        application: ApplicationId,
        id: UploadId,
    ) -> StoreResult<Upload> {
        let upload = self.upload_by_id(org, id).await?;
        if upload.application_id != application {
            return Err(StoreError::NotFound);
        }
        Ok(upload)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn list_abandoned_uploads(
        &self,
        deadline_before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<Upload>> {
        let rows = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM media_uploads u
             WHERE state = $1 AND EXISTS (
                 SELECT 1 FROM answer_slots s
                 WHERE s.org_id = u.org_id AND s.application_id = u.application_id
                   AND s.question_id = u.question_id
                   AND (s.state <> $2 OR s.deadline_at < $3))
             ORDER BY updated_at, id LIMIT $4"
        ))
        .bind(UploadState::Open.as_str())
        .bind(SlotState::Presented.as_str())
        .bind(ms(deadline_before))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(upload_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, %question))]
    async fn list_open_uploads(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
    ) -> StoreResult<Vec<Upload>> {
        let rows = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM media_uploads
             WHERE org_id = $1 AND application_id = $2 AND question_id = $3 AND state = $4
               AND received > 0
             ORDER BY received DESC, id"
        ))
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(question.to_string())
        .bind(UploadState::Open.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(upload_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, upload = %id))]
    async fn discard_upload(&self, org: OrgId, id: UploadId) -> StoreResult<Option<Vec<String>>> {
        let mut tx = self.pool.begin().await?;
        // Touching the row first takes its lock (PostgreSQL), so a chunk arriving now waits
        // and then finds no open upload; on SQLite the write transaction serialises it.
        let open = sqlx::query(
            "UPDATE media_uploads SET updated_at = updated_at
             WHERE org_id = $1 AND id = $2 AND state = $3",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .bind(UploadState::Open.as_str())
        .execute(&mut *tx)
        .await?;
        if open.rows_affected() == 0 {
            return Ok(None);
        }
        let keys = sqlx::query(
            "SELECT object_key FROM media_upload_chunks WHERE org_id = $1 AND upload_id = $2
             ORDER BY byte_offset",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| row.text("object_key"))
        .collect::<StoreResult<Vec<_>>>()?;
        for sql in [
            "DELETE FROM media_upload_chunks WHERE org_id = $1 AND upload_id = $2",
            "DELETE FROM media_uploads WHERE org_id = $1 AND id = $2",
        ] {
            sqlx::query(sql)
                .bind(org.to_string())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(keys))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, upload = %id))]
    async fn list_upload_chunks(&self, org: OrgId, id: UploadId) -> StoreResult<Vec<UploadChunk>> {
        let rows = sqlx::query(
            "SELECT upload_id, byte_offset, length, sha256, object_key, created_at
             FROM media_upload_chunks WHERE org_id = $1 AND upload_id = $2
             ORDER BY byte_offset",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            self.upload_by_id(org, id).await?;
        }
        rows.iter()
            .map(|row| {
                Ok(UploadChunk {
                    upload_id: row.parsed("upload_id")?,
                    offset: row.int("byte_offset")?,
                    length: row.int("length")?,
                    sha256: row.text("sha256")?,
                    object_key: row.text("object_key")?,
                    created_at: row.time("created_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, upload = %chunk.upload_id, offset = chunk.offset))]
    async fn append_chunk(
        &self,
        org: OrgId,
        chunk: &UploadChunk,
        now: DateTime<Utc>,
    ) -> StoreResult<AppendOutcome> {
        let mut tx = self.pool.begin().await?;
        // The compare-and-set on `received` is the whole ordering rule: of two requests
        // for the same offset, one moves `received` on and the other matches no row.
        let done = sqlx::query(
            "UPDATE media_uploads SET received = received + $1, updated_at = $2
             WHERE org_id = $3 AND id = $4 AND state = $5 AND received = $6
               AND received + $1 <= max_bytes",
        )
        .bind(chunk.length)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(chunk.upload_id.to_string())
        .bind(UploadState::Open.as_str())
        .bind(chunk.offset)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            drop(tx);
            return Ok(AppendOutcome::Rejected(
                self.upload_by_id(org, chunk.upload_id).await?,
            ));
        }
        sqlx::query(
            "INSERT INTO media_upload_chunks (upload_id, org_id, byte_offset, length, sha256, object_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(chunk.upload_id.to_string())
        .bind(org.to_string())
        .bind(chunk.offset)
        .bind(chunk.length)
        .bind(&chunk.sha256)
        .bind(&chunk.object_key)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AppendOutcome::Appended(
            self.upload_by_id(org, chunk.upload_id).await?,
        ))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %answer.application_id, question = %answer.question_id))]
    async fn record_media_answer(
        &self,
        org: OrgId,
        answer: &NewMediaAnswer,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // The slot goes first: it is the once-only rule (a slot answered or missed matches
        // no row) and takes the write lock before anything else is written.
        let done = sqlx::query(
            "UPDATE answer_slots SET state = $1, answered_at = $2
             WHERE org_id = $3 AND application_id = $4 AND question_id = $5 AND state = $6",
        )
        .bind(SlotState::Answered.as_str())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(answer.application_id.to_string())
        .bind(answer.question_id.to_string())
        .bind(SlotState::Presented.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            drop(tx);
            self.ensure_application(org, answer.application_id).await?;
            return Ok(false);
        }
        let completed = sqlx::query(
            "UPDATE media_uploads SET state = $1, completed_at = $2, updated_at = $2
             WHERE org_id = $3 AND id = $4 AND application_id = $5 AND question_id = $6
               AND state = $7 AND received = $8",
        )
        .bind(UploadState::Complete.as_str())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(answer.upload_id.to_string())
        .bind(answer.application_id.to_string())
        .bind(answer.question_id.to_string())
        .bind(UploadState::Open.as_str())
        .bind(answer.size_bytes)
        .execute(&mut *tx)
        .await?;
        if completed.rows_affected() == 0 {
            // Rolls the slot back too: the answer must name an open upload of this slot
            // whose size is what was assembled.
            return Err(StoreError::Conflict(
                "the upload is not open for this answer, or its size changed".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO media_answers (application_id, question_id, org_id, upload_id, kind,
                 content_type, size_bytes, sha256, object_key, created_at, transcript_state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(answer.application_id.to_string())
        .bind(answer.question_id.to_string())
        .bind(org.to_string())
        .bind(answer.upload_id.to_string())
        .bind(answer.kind.as_str())
        .bind(&answer.content_type)
        .bind(answer.size_bytes)
        .bind(&answer.sha256)
        .bind(&answer.object_key)
        .bind(ms(now))
        .bind(TranscriptState::Pending.as_str())
        .execute(&mut *tx)
        .await?;
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, %question))]
    async fn get_media_answer(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
    ) -> StoreResult<Option<MediaAnswer>> {
        sqlx::query(&format!(
            "SELECT {ANSWER_COLUMNS} FROM media_answers
             WHERE org_id = $1 AND application_id = $2 AND question_id = $3"
        ))
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(question.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(answer_from_row)
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_media_answers(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<MediaAnswer>> {
        let rows = sqlx::query(&format!(
            "SELECT {ANSWER_COLUMNS} FROM media_answers
             WHERE org_id = $1 AND application_id = $2
             ORDER BY created_at, question_id"
        ))
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            self.ensure_application(org, application).await?;
        }
        rows.iter().map(answer_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, %question))]
    async fn save_transcript(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        transcript: &Transcript,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE media_answers
             SET transcript_state = $1, transcript = $2, transcript_language = $3,
                 segments = $4, delivery = $5, transcript_error = NULL, transcribed_at = $6
             WHERE org_id = $7 AND application_id = $8 AND question_id = $9",
        )
        .bind(TranscriptState::Done.as_str())
        .bind(&transcript.text)
        .bind(&transcript.language)
        .bind(to_json(&transcript.segments)?)
        .bind(to_json(&transcript.delivery)?)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(question.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, %question))]
    async fn fail_transcript(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let error: String = error.chars().take(2000).collect();
        let done = sqlx::query(
            "UPDATE media_answers
             SET transcript_state = $1, transcript = NULL, transcript_language = NULL,
                 segments = NULL, delivery = NULL, transcript_error = $2, transcribed_at = $3
             WHERE org_id = $4 AND application_id = $5 AND question_id = $6",
        )
        .bind(TranscriptState::Failed.as_str())
        .bind(error)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(question.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
