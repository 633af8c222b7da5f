use async_trait::async_trait;
use kaoguan_domain::{
    ApplicationId, ApplicationStatus, Band, BandThresholds, JobId, OrgId, ReportStatus,
};
use sqlx::{Any, Transaction};

use super::codec::{from_json, ms, to_json, RowExt};
use super::SqlStore;
use crate::{Effects, Report, ReportStore, StoreError, StoreResult};

/// `flags` as stored: " a b " so that `LIKE '% a %'` matches one flag exactly.
pub(super) fn stored_flags(flags: &[String]) -> String {
    if flags.is_empty() {
        String::new()
    } else {
        format!(" {} ", flags.join(" "))
    }
}

fn band_of(
    status: ReportStatus,
    total: Option<f64>,
    red_flags: i64,
    t: &BandThresholds,
) -> Option<&'static str> {
    total.map(|total| {
        Band::of(
            total,
            usize::try_from(red_flags).unwrap_or(usize::MAX),
            status == ReportStatus::InsufficientData,
            t,
        )
        .as_str()
    })
}

/// The job's thresholds, read after its row is locked: `UPDATE … SET id = id` takes the
/// row lock on PostgreSQL (the write lock on SQLite), so a report saved while the
/// thresholds change is banded under one set or the other, never a stale one.
pub(super) async fn locked_thresholds(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    job: JobId,
) -> StoreResult<BandThresholds> {
    sqlx::query("UPDATE jobs SET id = id WHERE org_id = $1 AND id = $2")
        .bind(org.to_string())
        .bind(job.to_string())
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query("SELECT band_thresholds FROM jobs WHERE org_id = $1 AND id = $2")
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(match row.opt_text("band_thresholds")? {
        Some(text) => from_json(&text)?,
        None => BandThresholds::default(),
    })
}

/// Sets the band of every scored report of the job under `t` (in the caller's transaction).
pub(super) async fn reband_job(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    job: JobId,
    t: &BandThresholds,
) -> StoreResult<()> {
    let rows = sqlx::query(
        "SELECT r.application_id AS id, r.status AS status, r.total AS total, r.red_flags AS red_flags
         FROM reports r JOIN applications a ON a.id = r.application_id AND a.org_id = r.org_id
         WHERE r.org_id = $1 AND a.job_id = $2",
    )
    .bind(org.to_string())
    .bind(job.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        let band = band_of(
            row.parsed("status")?,
            row.opt_float("total")?,
            row.int("red_flags")?,
            t,
        );
        sqlx::query("UPDATE reports SET band = $1 WHERE org_id = $2 AND application_id = $3")
            .bind(band)
            .bind(org.to_string())
            .bind(row.text("id")?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl ReportStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %report.application_id))]
    async fn save_report(&self, org: OrgId, report: &Report, effects: &Effects) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        // The status update goes first: it is the org check (another org's application
        // matches no row) and takes the write lock before anything else is read.
        let done = sqlx::query(
            "UPDATE applications SET status = $1, updated_at = $2 WHERE org_id = $3 AND id = $4",
        )
        .bind(ApplicationStatus::Scored.as_str())
        .bind(ms(report.created_at))
        .bind(org.to_string())
        .bind(report.application_id.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let job: JobId =
            sqlx::query("SELECT job_id FROM applications WHERE org_id = $1 AND id = $2")
                .bind(org.to_string())
                .bind(report.application_id.to_string())
                .fetch_one(&mut *tx)
                .await?
                .parsed("job_id")?;
        let thresholds = locked_thresholds(&mut tx, org, job).await?;
        let band = band_of(
            report.status,
            report.total,
            i64::from(report.red_flags),
            &thresholds,
        );
        sqlx::query(
            "INSERT INTO reports (application_id, org_id, status, total, model_version, body, created_at,
                                  band, red_flags, flags)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (application_id) DO UPDATE
             SET status = excluded.status, total = excluded.total,
                 model_version = excluded.model_version, body = excluded.body,
                 created_at = excluded.created_at, band = excluded.band,
                 red_flags = excluded.red_flags, flags = excluded.flags",
        )
        .bind(report.application_id.to_string())
        .bind(org.to_string())
        .bind(report.status.as_str())
        .bind(report.total)
        .bind(&report.model_version)
        .bind(to_json(&report.body)?)
        .bind(ms(report.created_at))
        .bind(band)
        .bind(i64::from(report.red_flags))
        .bind(stored_flags(&report.flags))
        .execute(&mut *tx)
        .await?;
        super::events::write_effects(&mut tx, org, effects, report.created_at).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn get_report(&self, org: OrgId, id: ApplicationId) -> StoreResult<Option<Report>> {
        let row = sqlx::query(
            "SELECT application_id, status, total, model_version, body, created_at, red_flags, flags
             FROM reports WHERE org_id = $1 AND application_id = $2",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(report_from_row).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn reports_without_band(&self, limit: u32) -> StoreResult<Vec<(OrgId, Report)>> {
        let rows = sqlx::query(
            "SELECT org_id, application_id, status, total, model_version, body, created_at, red_flags, flags
             FROM reports WHERE band IS NULL AND total IS NOT NULL
             ORDER BY application_id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.parsed("org_id")?, report_from_row(row)?)))
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn set_report_facts(
        &self,
        org: OrgId,
        id: ApplicationId,
        red_flags: u32,
        flags: &[String],
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        // Write first (the report row itself), so SQLite's write lock is taken at once
        // rather than by upgrading a read, which fails outright under contention.
        sqlx::query("UPDATE reports SET total = total WHERE org_id = $1 AND application_id = $2")
            .bind(org.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(
            "SELECT a.job_id AS job_id, r.status AS status, r.total AS total
             FROM reports r JOIN applications a ON a.id = r.application_id AND a.org_id = r.org_id
             WHERE r.org_id = $1 AND r.application_id = $2",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let thresholds = locked_thresholds(&mut tx, org, row.parsed("job_id")?).await?;
        let band = band_of(
            row.parsed("status")?,
            row.opt_float("total")?,
            i64::from(red_flags),
            &thresholds,
        );
        sqlx::query(
            "UPDATE reports SET band = $1, red_flags = $2, flags = $3
             WHERE org_id = $4 AND application_id = $5",
        )
        .bind(band)
        .bind(i64::from(red_flags))
        .bind(stored_flags(flags))
        .bind(org.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn report_from_row(row: &sqlx::any::AnyRow) -> StoreResult<Report> {
    Ok(Report {
        application_id: row.parsed("application_id")?,
        status: row.parsed("status")?,
        total: row.opt_float("total")?,
        model_version: row.text("model_version")?,
        body: row.json("body")?,
        red_flags: row.opt_u32("red_flags")?.unwrap_or(0),
        flags: row
            .text("flags")?
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        created_at: row.time("created_at")?,
    })
}
