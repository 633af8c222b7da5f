use async_trait::async_trait;
use kaoguan_domain::{ApplicationId, ApplicationStatus, OrgId};

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::{Effects, Report, ReportStore, StoreError, StoreResult};

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
        sqlx::query(
            "INSERT INTO reports (application_id, org_id, status, total, model_version, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (application_id) DO UPDATE
             SET status = excluded.status, total = excluded.total,
                 model_version = excluded.model_version, body = excluded.body,
                 created_at = excluded.created_at",
        )
        .bind(report.application_id.to_string())
        .bind(org.to_string())
        .bind(report.status.as_str())
        .bind(report.total)
        .bind(&report.model_version)
        .bind(to_json(&report.body)?)
        .bind(ms(report.created_at))
        .execute(&mut *tx)
        .await?;
        super::events::write_effects(&mut tx, org, effects, report.created_at).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %id))]
    async fn get_report(&self, org: OrgId, id: ApplicationId) -> StoreResult<Option<Report>> {
        let row = sqlx::query(
            "SELECT application_id, status, total, model_version, body, created_at
             FROM reports WHERE org_id = $1 AND application_id = $2",
        )
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Report {
                application_id: row.parsed("application_id")?,
                status: row.parsed("status")?,
                total: row.opt_float("total")?,
                model_version: row.text("model_version")?,
                body: row.json("body")?,
                created_at: row.time("created_at")?,
            })
        })
        .transpose()
    }
}
