use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, OrgId, UserId};
use sqlx::any::AnyRow;

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::{Calibration, CalibrationStatus, Rating, RatingStore, StoreError, StoreResult};

const RATING_COLUMNS: &str =
    "r.application_id, r.question_id, r.competency, r.rater_id, r.rating, r.note, r.updated_at";
const CALIBRATION_COLUMNS: &str =
    "job_id, version, status, weights, result, created_by, created_at, published_at";

fn rating(row: &AnyRow) -> StoreResult<Rating> {
    Ok(Rating {
        application_id: row.parsed("application_id")?,
        question_id: row.parsed("question_id")?,
        competency: row.parsed("competency")?,
        rater_id: row.parsed("rater_id")?,
        rating: row.int("rating")?,
        note: row.opt_text("note")?,
        updated_at: row.time("updated_at")?,
    })
}

fn calibration(row: &AnyRow) -> StoreResult<Calibration> {
    let status = row.text("status")?;
    Ok(Calibration {
        job_id: row.parsed("job_id")?,
        version: row.int("version")?,
        status: CalibrationStatus::parse(&status).ok_or_else(|| {
            StoreError::Other(anyhow::anyhow!("unknown calibration status {status:?}"))
        })?,
        weights: row.json("weights")?,
        result: row.json("result")?,
        created_by: row.parsed("created_by")?,
        created_at: row.time("created_at")?,
        published_at: row.opt_time("published_at")?,
    })
}

#[async_trait]
impl RatingStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %r.application_id))]
    async fn upsert_rating(&self, org: OrgId, r: &Rating) -> StoreResult<()> {
        // The SELECT is the org check: the application must be the org's and the question
        // one of its job's, or nothing is inserted.
        let done = sqlx::query(
            "INSERT INTO ratings (application_id, question_id, competency, rater_id, org_id, rating, note, created_at, updated_at)
             SELECT a.id, q.id, $1, $2, a.org_id, $3, $4, $5, $5
             FROM applications a JOIN questions q ON q.job_id = a.job_id
             WHERE a.org_id = $6 AND a.id = $7 AND q.id = $8
             ON CONFLICT (application_id, question_id, competency, rater_id) DO UPDATE
             SET rating = excluded.rating, note = excluded.note, updated_at = excluded.updated_at",
        )
        .bind(r.competency.as_str())
        .bind(r.rater_id.to_string())
        .bind(r.rating)
        .bind(r.note.clone())
        .bind(ms(r.updated_at))
        .bind(org.to_string())
        .bind(r.application_id.to_string())
        .bind(r.question_id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn list_ratings(&self, org: OrgId, id: ApplicationId) -> StoreResult<Vec<Rating>> {
        let rows = sqlx::query(&format!(
            "SELECT {RATING_COLUMNS} FROM ratings r
             WHERE r.org_id = $1 AND r.application_id = $2
             ORDER BY r.question_id, r.competency, r.rater_id"
        ))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rating).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn list_job_ratings(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Rating>> {
        let rows = sqlx::query(&format!(
            "SELECT {RATING_COLUMNS} FROM ratings r
             JOIN applications a ON a.id = r.application_id
             WHERE r.org_id = $1 AND a.org_id = $1 AND a.job_id = $2
             ORDER BY r.application_id, r.question_id, r.competency, r.rater_id"
        ))
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rating).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn create_calibration(
        &self,
        org: OrgId,
        job: JobId,
        weights: &serde_json::Value,
        result: &serde_json::Value,
        created_by: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Calibration> {
        let row = sqlx::query(&format!(
            "INSERT INTO calibrations (org_id, job_id, version, status, weights, result, created_by, created_at)
             SELECT j.org_id, j.id,
                    COALESCE((SELECT MAX(c.version) FROM calibrations c WHERE c.job_id = j.id), 0) + 1,
                    $1, $2, $3, $4, $5
             FROM jobs j WHERE j.org_id = $6 AND j.id = $7
             RETURNING {CALIBRATION_COLUMNS}"
        ))
        .bind(CalibrationStatus::Draft.as_str())
        .bind(to_json(weights)?)
        .bind(to_json(result)?)
        .bind(created_by.to_string())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(calibration)
            .unwrap_or(Err(StoreError::NotFound))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn list_calibrations(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Calibration>> {
        let rows = sqlx::query(&format!(
            "SELECT {CALIBRATION_COLUMNS} FROM calibrations
             WHERE org_id = $1 AND job_id = $2 ORDER BY version DESC"
        ))
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(calibration).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job, version))]
    async fn publish_calibration(
        &self,
        org: OrgId,
        job: JobId,
        version: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE calibrations SET status = $1
             WHERE org_id = $2 AND job_id = $3 AND status = $4 AND version <> $5",
        )
        .bind(CalibrationStatus::Retired.as_str())
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(CalibrationStatus::Published.as_str())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE calibrations SET status = $1, published_at = $2
             WHERE org_id = $3 AND job_id = $4 AND version = $5",
        )
        .bind(CalibrationStatus::Published.as_str())
        .bind(ms(now))
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn published_calibration(
        &self,
        org: OrgId,
        job: JobId,
    ) -> StoreResult<Option<Calibration>> {
        let row = sqlx::query(&format!(
            "SELECT {CALIBRATION_COLUMNS} FROM calibrations
             WHERE org_id = $1 AND job_id = $2 AND status = $3"
        ))
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(CalibrationStatus::Published.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(calibration).transpose()
    }
}
