use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::OrgId;
use sqlx::any::AnyRow;

use super::codec::{flag, ms, stored, to_json, RowExt};
use super::SqlStore;
use crate::{OrgSettings, OrgStore, Organisation, StoreError, StoreResult};

const ORG_COLUMNS: &str =
    "id, name, timezone, created_at, pipeline, invite_valid_days, dept_heads_see_contacts";

fn org_from_row(row: &AnyRow) -> StoreResult<Organisation> {
    Ok(Organisation {
        id: row.parsed("id")?,
        name: row.text("name")?,
        timezone: row.text("timezone")?,
        settings: OrgSettings {
            pipeline: row.opt_json("pipeline")?,
            invite_valid_days: row.opt_u32("invite_valid_days")?,
            dept_heads_see_contacts: row.int("dept_heads_see_contacts")? != 0,
        },
        created_at: row.time("created_at")?,
    })
}

#[async_trait]
impl OrgStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_org(
        &self,
        name: &str,
        timezone: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Organisation> {
        let org = Organisation {
            id: OrgId::new(),
            name: name.to_string(),
            timezone: timezone.to_string(),
            settings: OrgSettings::default(),
            created_at: stored(now)?,
        };
        sqlx::query(
            "INSERT INTO organisations (id, name, timezone, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(org.id.to_string())
        .bind(&org.name)
        .bind(&org.timezone)
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        Ok(org)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %id))]
    async fn get_org(&self, id: OrgId) -> StoreResult<Organisation> {
        let row = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        org_from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn find_org_by_name(&self, name: &str) -> StoreResult<Option<Organisation>> {
        sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE name = $1"
        ))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(org_from_row)
        .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %id))]
    async fn set_org_settings(
        &self,
        id: OrgId,
        settings: &OrgSettings,
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE organisations SET pipeline = $1, invite_valid_days = $2, dept_heads_see_contacts = $3
             WHERE id = $4",
        )
        .bind(settings.pipeline.as_ref().map(to_json).transpose()?)
        .bind(settings.invite_valid_days.map(i64::from))
        .bind(flag(settings.dept_heads_see_contacts))
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
