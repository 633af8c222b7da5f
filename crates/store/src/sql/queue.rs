use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::codec::{ms, to_json, RowExt};
use super::{Dialect, SqlStore};
use crate::{StoreError, StoreResult, Task, TaskQueue};

/// A claim is one statement: pick the oldest due task — queued and due, or running with an
/// expired lease (its worker died) — and lease it, returning what was leased.
macro_rules! claim_sql {
    ($lock:literal) => {
        concat!(
            "UPDATE tasks
             SET state = 'running', attempts = attempts + 1, locked_until = $2, updated_at = $1
             WHERE id = (
                 SELECT id FROM tasks
                 WHERE (state = 'queued' AND run_at <= $1)
                    OR (state = 'running' AND locked_until < $1)
                 ORDER BY run_at, created_at
                 LIMIT 1",
            $lock,
            ")
             RETURNING id, kind, payload, attempts"
        )
    };
}

impl Dialect {
    /// The only statement that differs between the dialects. PostgreSQL workers on many
    /// nodes claim at once: the row lock makes the pick and the update one step, and
    /// SKIP LOCKED sends a second claimer to the next task instead of waiting. SQLite
    /// runs one writer at a time, so the plain statement is already atomic.
    fn claim_task_sql(self) -> &'static str {
        match self {
            Dialect::Sqlite => claim_sql!(""),
            Dialect::Postgres => claim_sql!(" FOR UPDATE SKIP LOCKED"),
        }
    }
}

/// Error texts can be whole backtraces; the row only needs enough to diagnose.
const MAX_ERROR_CHARS: usize = 2000;

#[async_trait]
impl TaskQueue for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%kind))]
    async fn enqueue(
        &self,
        kind: &str,
        payload: &serde_json::Value,
        run_at: DateTime<Utc>,
    ) -> StoreResult<String> {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO tasks (id, kind, payload, state, attempts, run_at, created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, $5)",
        )
        .bind(&id)
        .bind(kind)
        .bind(to_json(payload)?)
        .bind(ms(run_at))
        .bind(ms(Utc::now()))
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn claim_task(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Option<Task>> {
        let row = sqlx::query(self.dialect.claim_task_sql())
            .bind(ms(now))
            .bind(ms(lease_until))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let task = Task {
            id: row.text("id")?,
            kind: row.text("kind")?,
            payload: row.json("payload")?,
            attempts: row.int("attempts")?,
        };
        tracing::debug!(task = %task.id, kind = %task.kind, attempts = task.attempts, "claimed");
        Ok(Some(task))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(task = %id))]
    async fn complete_task(&self, id: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE tasks SET state = 'done', locked_until = NULL, updated_at = $1 WHERE id = $2",
        )
        .bind(ms(Utc::now()))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(task = %id, retry = retry_at.is_some()))]
    async fn fail_task(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let state = if retry_at.is_some() { "queued" } else { "dead" };
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        let done = sqlx::query(
            "UPDATE tasks
             SET state = $1, run_at = COALESCE($2, run_at), last_error = $3,
                 locked_until = NULL, updated_at = $4
             WHERE id = $5",
        )
        .bind(state)
        .bind(retry_at.map(ms))
        .bind(error)
        .bind(ms(Utc::now()))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn pending_tasks(&self) -> StoreResult<i64> {
        sqlx::query("SELECT COUNT(*) AS n FROM tasks WHERE state IN ('queued', 'running')")
            .fetch_one(&self.pool)
            .await?
            .int("n")
    }
}
