use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, FaceCounts, IntegrityCounts, OrgId, QuestionId};
use sqlx::any::AnyRow;

use super::codec::{ms, stored, RowExt};
use super::SqlStore;
use crate::{AnswerIntegrity, IntegrityStore, StoreError, StoreResult};

fn integrity_from_row(row: &AnyRow) -> StoreResult<AnswerIntegrity> {
    let faces = match (
        row.opt_int("face_checks")?,
        row.opt_int("face_none")?,
        row.opt_int("face_multiple")?,
    ) {
        (Some(checks), Some(none), Some(multiple)) => {
            Some(FaceCounts::parse(checks, none, multiple)?)
        }
        _ => None,
    };
    Ok(AnswerIntegrity {
        application_id: row.parsed("application_id")?,
        question_id: row.parsed("question_id")?,
        counts: IntegrityCounts::parse(
            row.int("paste_events")?,
            row.int("pasted_chars")?,
            row.int("focus_losses")?,
            row.int("away_seconds")?,
            faces,
        )?,
        updated_at: row.time("updated_at")?,
    })
}

#[async_trait]
impl IntegrityStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, %question))]
    async fn save_integrity(
        &self,
        org: OrgId,
        application: ApplicationId,
        question: QuestionId,
        counts: &IntegrityCounts,
        now: DateTime<Utc>,
    ) -> StoreResult<AnswerIntegrity> {
        let faces = counts.faces();
        // Selecting from the slot is the org and ownership check, as for uploads. The casts
        // give PostgreSQL a type for parameters (and NULLs) in a SELECT list; SQLite
        // keeps the integers as they are. (SQLite needs the WHERE clause before ON
        // CONFLICT to parse an upsert from a SELECT; it is there anyway.)
        let done = sqlx::query(
            "INSERT INTO answer_integrity (application_id, question_id, org_id, paste_events,
                 pasted_chars, focus_losses, away_seconds, face_checks, face_none, face_multiple,
                 updated_at)
             SELECT s.application_id, s.question_id, s.org_id, CAST($1 AS BIGINT),
                 CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT),
                 CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS BIGINT)
             FROM answer_slots s
             WHERE s.org_id = $9 AND s.application_id = $10 AND s.question_id = $11
             ON CONFLICT (application_id, question_id) DO UPDATE
             SET paste_events = excluded.paste_events, pasted_chars = excluded.pasted_chars,
                 focus_losses = excluded.focus_losses, away_seconds = excluded.away_seconds,
                 face_checks = excluded.face_checks, face_none = excluded.face_none,
                 face_multiple = excluded.face_multiple, updated_at = excluded.updated_at",
        )
        .bind(i64::from(counts.paste_events()))
        .bind(i64::from(counts.pasted_chars()))
        .bind(i64::from(counts.focus_losses()))
        .bind(i64::from(counts.away_seconds()))
        .bind(faces.map(|f| i64::from(f.checks())))
        .bind(faces.map(|f| i64::from(f.no_face())))
        .bind(faces.map(|f| i64::from(f.multiple_faces())))
        .bind(ms(now))
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(question.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(AnswerIntegrity {
            application_id: application,
            question_id: question,
            counts: *counts,
            updated_at: stored(now)?,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_integrity(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<AnswerIntegrity>> {
        let rows = sqlx::query(
            "SELECT application_id, question_id, paste_events, pasted_chars, focus_losses,
                 away_seconds, face_checks, face_none, face_multiple, updated_at
             FROM answer_integrity WHERE org_id = $1 AND application_id = $2
             ORDER BY question_id",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(integrity_from_row).collect()
    }
}
