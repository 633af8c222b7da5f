use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, ApplicationStatus, JobId, OrgId};
use sqlx::{Any, Transaction};

use super::codec::{from_json, ms, to_json, RowExt};
use super::SqlStore;
use crate::{
    ApplicationStore, Effects, IntakeOutcome, IntakeStore, NewCandidate, NewIntake, StoreError,
    StoreResult, StoredResume,
};

/// The job's first application with the email key `$3` or the phone key `$4`. Each key
/// is looked up through its own index: written with `OR` and `ORDER BY created_at`, SQLite
/// walks every application of the job in date order instead (measured: a 5,000-row import
/// spent most of its time there).
pub(super) const SAME_PERSON_IN_JOB: &str = "SELECT id FROM (
         SELECT id, created_at FROM applications
         WHERE org_id = $1 AND job_id = $2 AND email_key = $3
         UNION ALL
         SELECT id, created_at FROM applications
         WHERE org_id = $1 AND job_id = $2 AND phone_key = $4
     ) AS found ORDER BY created_at LIMIT 1";

/// The organisation's candidate with `candidate`'s email or phone (the first one made),
/// or a new candidate. One person applying to several jobs stays one candidate.
pub(super) async fn candidate_for(
    tx: &mut Transaction<'_, Any>,
    org: OrgId,
    candidate: &NewCandidate,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let email_key = candidate.email.as_ref().map(|e| e.match_key());
    let phone_key = candidate.phone.as_ref().map(|p| p.match_key());
    if email_key.is_some() || phone_key.is_some() {
        let found = sqlx::query(
            "SELECT candidate_id FROM (
                 SELECT candidate_id, created_at FROM applications
                 WHERE org_id = $1 AND email_key = $2
                 UNION ALL
                 SELECT candidate_id, created_at FROM applications
                 WHERE org_id = $1 AND phone_key = $3
             ) AS found ORDER BY created_at LIMIT 1",
        )
        .bind(org.to_string())
        .bind(email_key)
        .bind(phone_key)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(row) = found {
            return row.text("candidate_id");
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO candidates (id, org_id, name, email, phone, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(org.to_string())
    .bind(candidate.name.as_str())
    .bind(candidate.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(candidate.phone.as_ref().map(|p| p.as_str().to_string()))
    .bind(ms(now))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Touches the job row: the org check (`NotFound` outside `org`), SQLite's write lock at
/// once and, on PostgreSQL, a queue for concurrent applications to one job, so the
/// duplicate check in [`write_intake`] cannot race.
pub(super) async fn lock_job(
    tx: &mut Transaction<'_, Any>,
    org: OrgId,
    job: JobId,
) -> StoreResult<()> {
    let job_row = sqlx::query("UPDATE jobs SET status = status WHERE org_id = $1 AND id = $2")
        .bind(org.to_string())
        .bind(job.to_string())
        .execute(&mut **tx)
        .await?;
    if job_row.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// What [`write_intake`] did.
pub(super) enum Written {
    Created,
    /// The same person already applied to the job: nothing was written.
    Existing(ApplicationId),
}

/// Writes one intake inside `tx`, whose job row [`lock_job`] has locked.
pub(super) async fn write_intake(
    tx: &mut Transaction<'_, Any>,
    org: OrgId,
    job: JobId,
    new: &NewIntake<'_>,
    now: DateTime<Utc>,
    effects: &Effects,
) -> StoreResult<Written> {
    let email_key = new.candidate.email.as_ref().map(|e| e.match_key());
    let phone_key = new.candidate.phone.as_ref().map(|p| p.match_key());
    if email_key.is_some() || phone_key.is_some() {
        let existing = sqlx::query(SAME_PERSON_IN_JOB)
            .bind(org.to_string())
            .bind(job.to_string())
            .bind(email_key.clone())
            .bind(phone_key.clone())
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(row) = existing {
            return Ok(Written::Existing(row.parsed("id")?));
        }
    }
    let candidate_id = candidate_for(tx, org, new.candidate, now).await?;
    sqlx::query(
        "INSERT INTO applications (id, org_id, job_id, candidate_id, token_digest, status,
             email_key, phone_key, link_expires_at, created_at, updated_at, stage,
             source, screening, screened_at)
         SELECT $1, j.org_id, j.id, $2, $3, $4, $5, $6,
                $7 + COALESCE(j.invite_valid_days, 14) * CAST(86400000 AS BIGINT), $7, $7, $10,
                $11, $12, $7
         FROM jobs j WHERE j.org_id = $8 AND j.id = $9",
    )
    .bind(new.id.to_string())
    .bind(&candidate_id)
    .bind(new.token.as_str())
    .bind(ApplicationStatus::Invited.as_str())
    .bind(email_key)
    .bind(phone_key)
    .bind(ms(now))
    .bind(org.to_string())
    .bind(job.to_string())
    .bind(new.stage.as_str())
    .bind(new.source)
    .bind(to_json(new.screening)?)
    .execute(&mut **tx)
    .await?;
    if let Some(resume) = new.resume {
        sqlx::query(
            "INSERT INTO resumes (id, org_id, application_id, file_name, format, size_bytes,
                 sha256, text, parsed, corrections, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', $10)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.to_string())
        .bind(new.id.to_string())
        .bind(&resume.file_name)
        .bind(&resume.format)
        .bind(i64::try_from(resume.size_bytes).unwrap_or(i64::MAX))
        .bind(&resume.sha256)
        .bind(&resume.text)
        .bind(to_json(&resume.parsed)?)
        .bind(ms(now))
        .execute(&mut **tx)
        .await?;
    }
    let effects = super::applications::with_application(effects, new.id);
    super::events::write_effects(tx, org, &effects, now).await?;
    Ok(Written::Created)
}

#[async_trait]
impl IntakeStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn create_intake(
        &self,
        org: OrgId,
        job: JobId,
        new: &NewIntake<'_>,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<IntakeOutcome> {
        let mut tx = self.pool.begin().await?;
        lock_job(&mut tx, org, job).await?;
        if let Written::Existing(existing) =
            write_intake(&mut tx, org, job, new, now, effects).await?
        {
            return Ok(IntakeOutcome::Existing(existing));
        }
        tx.commit().await?;
        Ok(IntakeOutcome::Created(Box::new(
            self.get_application(org, new.id).await?,
        )))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn get_resume(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<StoredResume>> {
        let Some(row) = sqlx::query(
            "SELECT id, application_id, file_name, format, size_bytes, text, parsed, corrections, created_at
             FROM resumes WHERE org_id = $1 AND application_id = $2",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(StoredResume {
            id: row.text("id")?,
            application_id: row.parsed("application_id")?,
            file_name: row.text("file_name")?,
            format: row.text("format")?,
            size_bytes: u64::try_from(row.int("size_bytes")?).unwrap_or(0),
            text: row.text("text")?,
            parsed: from_json(&row.text("parsed")?)?,
            corrections: from_json(&row.text("corrections")?)?,
            created_at: row.time("created_at")?,
        }))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%job))]
    async fn job_org(&self, job: JobId) -> StoreResult<OrgId> {
        let row = sqlx::query("SELECT org_id FROM jobs WHERE id = $1")
            .bind(job.to_string())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        row.parsed("org_id")
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn get_screening(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<(serde_json::Value, DateTime<Utc>)>> {
        let row = sqlx::query(
            "SELECT screening, screened_at FROM applications WHERE org_id = $1 AND id = $2",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        match (row.opt_text("screening")?, row.opt_time("screened_at")?) {
            (Some(s), Some(at)) => Ok(Some((from_json(&s)?, at))),
            _ => Ok(None),
        }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn set_resume_match(
        &self,
        org: OrgId,
        application: ApplicationId,
        found: &serde_json::Value,
    ) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE applications SET resume_match = $1 WHERE org_id = $2 AND id = $3")
                .bind(to_json(found)?)
                .bind(org.to_string())
                .bind(application.to_string())
                .execute(&self.pool)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn get_resume_match(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<serde_json::Value>> {
        let row =
            sqlx::query("SELECT resume_match FROM applications WHERE org_id = $1 AND id = $2")
                .bind(org.to_string())
                .bind(application.to_string())
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound)?;
        row.opt_text("resume_match")?
            .map(|s| from_json(&s))
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn set_resume_corrections(
        &self,
        org: OrgId,
        application: ApplicationId,
        corrections: &serde_json::Value,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE resumes SET corrections = $1 WHERE org_id = $2 AND application_id = $3",
        )
        .bind(to_json(corrections)?)
        .bind(org.to_string())
        .bind(application.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn set_screening(
        &self,
        org: OrgId,
        application: ApplicationId,
        screening: &serde_json::Value,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET screening = $1, screened_at = $2, updated_at = $2
             WHERE org_id = $3 AND id = $4",
        )
        .bind(to_json(screening)?)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(application.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn set_intake_settings(
        &self,
        org: OrgId,
        job: JobId,
        screening_rule: Option<&str>,
        apply_open: bool,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE jobs SET screening_rule = $1, apply_open = $2 WHERE org_id = $3 AND id = $4",
        )
        .bind(screening_rule)
        .bind(i64::from(apply_open))
        .bind(org.to_string())
        .bind(job.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
