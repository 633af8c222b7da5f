//! Writing a state change's effects inside its transaction, and reading the event log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId};
use sqlx::AnyConnection;

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::{Effects, Event, EventLog, StoreResult};

/// Inserts `effects` on `conn`, which is inside the caller's transaction: they commit or
/// roll back with the change that caused them.
pub(super) async fn write_effects(
    conn: &mut AnyConnection,
    org: OrgId,
    effects: &Effects,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for t in &effects.tasks {
        sqlx::query(
            "INSERT INTO tasks (id, kind, payload, state, attempts, run_at, created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&t.kind)
        .bind(to_json(&t.payload)?)
        .bind(ms(t.run_at))
        .bind(ms(now))
        .execute(&mut *conn)
        .await?;
    }
    for e in &effects.events {
        sqlx::query(
            "INSERT INTO events (id, org_id, kind, application_id, payload, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.to_string())
        .bind(&e.kind)
        .bind(e.application_id.map(|a| a.to_string()))
        .bind(to_json(&e.payload)?)
        .bind(ms(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl EventLog for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, after))]
    async fn list_events(&self, org: OrgId, after: i64, limit: u32) -> StoreResult<Vec<Event>> {
        let rows = sqlx::query(
            "SELECT seq, id, org_id, kind, application_id, payload, created_at FROM events
             WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(org.to_string())
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application, kind))]
    async fn application_events(
        &self,
        org: OrgId,
        application: ApplicationId,
        kind: &str,
    ) -> StoreResult<Vec<Event>> {
        let rows = sqlx::query(
            "SELECT seq, id, org_id, kind, application_id, payload, created_at FROM events
             WHERE org_id = $1 AND application_id = $2 AND kind = $3 ORDER BY seq",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }
}

fn event_from_row(row: &sqlx::any::AnyRow) -> StoreResult<Event> {
    Ok(Event {
        seq: row.int("seq")?,
        id: row.text("id")?,
        org_id: row.parsed("org_id")?,
        kind: row.text("kind")?,
        application_id: row
            .opt_text("application_id")?
            .map(|a| {
                a.parse().map_err(|e: kaoguan_domain::DomainError| {
                    crate::StoreError::Other(anyhow::anyhow!("stored id: {e}"))
                })
            })
            .transpose()?,
        payload: row.json("payload")?,
        created_at: row.time("created_at")?,
    })
}
