//! Assignments of applications and jobs to members of staff.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{JobId, OrgId, UserId};
use sqlx::any::AnyRow;

use super::codec::{ms, RowExt};
use super::SqlStore;
use crate::{Assignment, AssignmentStore, Effects, NewAssignment, StoreResult};

const COLUMNS: &str =
    "s.id AS id, s.user_id AS user_id, u.display_name AS user_name, u.role AS user_role,
    s.job_id AS job_id, s.application_id AS application_id, s.created_at AS created_at";

fn from_row(row: &AnyRow) -> StoreResult<Assignment> {
    Ok(Assignment {
        id: row.text("id")?,
        user_id: row.parsed("user_id")?,
        user_name: row.text("user_name")?,
        user_role: row.parsed("user_role")?,
        job_id: row.parsed("job_id")?,
        application_id: row
            .opt_text("application_id")?
            .map(|a| a.parse())
            .transpose()?,
        created_at: row.time("created_at")?,
    })
}

#[async_trait]
impl AssignmentStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn assign(
        &self,
        org: OrgId,
        a: &NewAssignment,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // The job, the application and the user must all be this organisation's: the
        // INSERT … SELECT finds nothing to insert otherwise.
        let done = sqlx::query(
            "INSERT INTO assignments (id, org_id, user_id, job_id, application_id, assigned_by, created_at)
             SELECT $1, $2, u.id, j.id, $5, $6, $7 FROM users u, jobs j
             WHERE u.org_id = $2 AND u.id = $3 AND j.org_id = $2 AND j.id = $4
               AND ($5 IS NULL OR EXISTS (SELECT 1 FROM applications a
                                          WHERE a.org_id = $2 AND a.id = $5 AND a.job_id = j.id))
             ON CONFLICT DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.to_string())
        .bind(a.user_id.to_string())
        .bind(a.job_id.to_string())
        .bind(a.application_id.map(|x| x.to_string()))
        .bind(a.assigned_by.to_string())
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn unassign(
        &self,
        org: OrgId,
        id: &str,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM assignments WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn get_assignment(&self, org: OrgId, id: &str) -> StoreResult<Assignment> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM assignments s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id
             WHERE s.org_id = $1 AND s.id = $2"
        ))
        .bind(org.to_string())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(crate::StoreError::NotFound)?;
        from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %user))]
    async fn assignments_of_user(&self, org: OrgId, user: UserId) -> StoreResult<Vec<Assignment>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM assignments s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id
             WHERE s.org_id = $1 AND s.user_id = $2 ORDER BY s.created_at, s.id"
        ))
        .bind(org.to_string())
        .bind(user.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job))]
    async fn assignments_of_job(&self, org: OrgId, job: JobId) -> StoreResult<Vec<Assignment>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM assignments s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id
             WHERE s.org_id = $1 AND s.job_id = $2 ORDER BY s.created_at, s.id"
        ))
        .bind(org.to_string())
        .bind(job.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}
