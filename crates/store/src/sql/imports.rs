use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{JobId, OrgId};

use super::codec::{from_json, ms, to_json, RowExt};
use super::intake::{lock_job, write_intake, Written};
use super::SqlStore;
use crate::{
    ImportRow, ImportStore, ImportedRow, KnownContacts, NewImport, StoreError, StoreResult,
    StoredImport,
};

/// Contact keys per `IN (…)` query: well inside every database's limit on parameters.
const KEYS_PER_QUERY: usize = 500;

#[async_trait]
impl ImportStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn save_import(
        &self,
        org: OrgId,
        new: &NewImport<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "INSERT INTO imports (id, org_id, job_id, created_by, file_name, preview, created_at)
             SELECT $1, j.org_id, j.id, $2, $3, $4, $5 FROM jobs j
             WHERE j.org_id = $6 AND j.id = $7",
        )
        .bind(new.id)
        .bind(new.created_by.to_string())
        .bind(new.file_name)
        .bind(to_json(new.preview)?)
        .bind(ms(now))
        .bind(org.to_string())
        .bind(new.job.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn get_import(&self, org: OrgId, id: &str) -> StoreResult<StoredImport> {
        let row = sqlx::query(
            "SELECT id, job_id, created_by, file_name, preview, result, created_at, committed_at
             FROM imports WHERE org_id = $1 AND id = $2",
        )
        .bind(org.to_string())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(StoredImport {
            id: row.text("id")?,
            job_id: row.parsed("job_id")?,
            created_by: row.parsed("created_by")?,
            file_name: row.text("file_name")?,
            preview: from_json(&row.text("preview")?)?,
            result: row.opt_text("result")?.map(|r| from_json(&r)).transpose()?,
            created_at: row.time("created_at")?,
            committed_at: row.opt_time("committed_at")?,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, rows = rows.len()))]
    async fn commit_import(
        &self,
        org: OrgId,
        id: &str,
        rows: &[ImportRow<'_>],
        cleared_preview: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ImportedRow>> {
        let mut tx = self.pool.begin().await?;
        // Claiming the import first takes SQLite's write lock and, on PostgreSQL, makes a
        // second commit of the same import wait here and then find it committed.
        let claimed = sqlx::query(
            "UPDATE imports SET committed_at = $1, preview = $2
             WHERE org_id = $3 AND id = $4 AND committed_at IS NULL",
        )
        .bind(ms(now))
        .bind(to_json(cleared_preview)?)
        .bind(org.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            let committed =
                sqlx::query("SELECT committed_at FROM imports WHERE org_id = $1 AND id = $2")
                    .bind(org.to_string())
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match committed {
                Some(_) => StoreError::Conflict("the import was committed already".into()),
                None => StoreError::NotFound,
            });
        }
        let job: JobId = sqlx::query("SELECT job_id FROM imports WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .parsed("job_id")?;
        lock_job(&mut tx, org, job).await?;
        let mut result = Vec::with_capacity(rows.len());
        for row in rows {
            let written = write_intake(&mut tx, org, job, &row.intake, now, &row.effects).await?;
            result.push(ImportedRow {
                row: row.row,
                application_id: match written {
                    Written::Created => row.intake.id,
                    Written::Existing(existing) => existing,
                },
                created: matches!(written, Written::Created),
            });
        }
        sqlx::query("UPDATE imports SET result = $1 WHERE org_id = $2 AND id = $3")
            .bind(to_json(
                &serde_json::to_value(&result).map_err(anyhow::Error::from)?,
            )?)
            .bind(org.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(result)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn purge_imports(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done =
            sqlx::query("DELETE FROM imports WHERE committed_at IS NULL AND created_at < $1")
                .bind(ms(before))
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn known_contacts(
        &self,
        org: OrgId,
        job: JobId,
        email_keys: &[String],
        phone_keys: &[String],
    ) -> StoreResult<KnownContacts> {
        let mut known = KnownContacts::default();
        for (column, keys) in [("email_key", email_keys), ("phone_key", phone_keys)] {
            for chunk in keys.chunks(KEYS_PER_QUERY) {
                let placeholders: Vec<String> =
                    (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                // The column name is one of two constants; the keys are bound.
                let sql = format!(
                    "SELECT {column} AS k, job_id FROM applications
                     WHERE org_id = $1 AND {column} IN ({})",
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql).bind(org.to_string());
                for key in chunk {
                    query = query.bind(key);
                }
                for row in query.fetch_all(&self.pool).await? {
                    let key = row.text("k")?;
                    let this_job = row.text("job_id")? == job.to_string();
                    let (in_org, in_job) = if column == "email_key" {
                        (&mut known.org_emails, &mut known.job_emails)
                    } else {
                        (&mut known.org_phones, &mut known.job_phones)
                    };
                    if this_job {
                        in_job.insert(key.clone());
                    }
                    in_org.insert(key);
                }
            }
        }
        Ok(known)
    }
}
