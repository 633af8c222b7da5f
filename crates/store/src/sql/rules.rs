//! Rule runs, review proposals and queued messages.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::stage::REJECTED as REJECTED_STAGE;
use kaoguan_domain::{ApplicationId, JobId, OrgId, StageKey};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::{
    Message, NewMessage, Review, ReviewDecision, ReviewResult, ReviewStatus, RuleRun,
    RuleRunRecord, RuleRunResult, RuleStore, StoreError, StoreResult, Waiting,
};

const REVIEW_COLUMNS: &str = "v.id AS id, v.application_id AS application_id, a.job_id AS job_id,
    j.title AS job_title, j.department AS department, c.name AS candidate_name,
    v.rule_name AS rule_name, v.rule_condition AS rule_condition, v.stage AS stage,
    v.facts AS facts, v.status AS status, v.decided_by AS decided_by, v.decided_at AS decided_at,
    v.decision_note AS decision_note, v.created_at AS created_at";

const REVIEW_FROM: &str = "FROM reviews v
    JOIN applications a ON a.id = v.application_id AND a.org_id = v.org_id
    JOIN jobs j ON j.id = a.job_id AND j.org_id = a.org_id
    JOIN candidates c ON c.id = a.candidate_id AND c.org_id = a.org_id";

fn review_from_row(row: &AnyRow) -> StoreResult<Review> {
    let status = row.text("status")?;
    Ok(Review {
        id: row.text("id")?,
        application_id: row.parsed("application_id")?,
        job_id: row.parsed("job_id")?,
        job_title: row.text("job_title")?,
        department: row.text("department")?,
        candidate_name: row.text("candidate_name")?,
        rule_name: row.opt_text("rule_name")?,
        rule_condition: row.text("rule_condition")?,
        stage: row.parsed("stage")?,
        facts: row.json("facts")?,
        status: ReviewStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("stored review status {status:?}"))?,
        decided_by: row.opt_text("decided_by")?.map(|u| u.parse()).transpose()?,
        decided_at: row.opt_time("decided_at")?,
        decision_note: row.opt_text("decision_note")?,
        created_at: row.time("created_at")?,
    })
}

pub(super) async fn insert_messages(
    conn: &mut AnyConnection,
    org: OrgId,
    application: ApplicationId,
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for m in messages {
        sqlx::query(
            "INSERT INTO outbox (id, org_id, application_id, recipient, template, payload, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.to_string())
        .bind(application.to_string())
        .bind(&m.recipient)
        .bind(&m.template)
        .bind(to_json(&m.payload)?)
        .bind(ms(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl RuleStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %run.application_id, key = %run.key))]
    async fn record_rule_run(
        &self,
        org: OrgId,
        run: &RuleRun,
        now: DateTime<Utc>,
    ) -> StoreResult<RuleRunResult> {
        let mut tx = self.pool.begin().await?;
        // The run's key is the once-only rule: a second run of the same key (a retried
        // task, a second node's sweep) inserts nothing and changes nothing.
        let inserted = sqlx::query(
            "INSERT INTO rule_runs (run_key, org_id, application_id, trigger_kind, outcome, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&run.key)
        .bind(org.to_string())
        .bind(run.application_id.to_string())
        .bind(&run.trigger)
        .bind(to_json(&run.outcome)?)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(RuleRunResult::AlreadyRun);
        }
        if let Some((from, to)) = &run.movement {
            let moved = sqlx::query(
                "UPDATE applications SET stage = $1, held_from = $2, stage_changed_at = $3, updated_at = $3
                 WHERE org_id = $4 AND id = $5 AND stage = $6",
            )
            .bind(to.stage.as_str())
            .bind(to.held_from.as_ref().map(|s| s.as_str().to_string()))
            .bind(ms(now))
            .bind(org.to_string())
            .bind(run.application_id.to_string())
            .bind(from.stage.as_str())
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(RuleRunResult::StageChanged);
            }
        }
        if let Some(review) = &run.review {
            // At most one pending proposal per application (a partial unique index): a
            // second proposal while one waits adds nothing.
            sqlx::query(
                "INSERT INTO reviews (id, org_id, application_id, rule_name, rule_condition, stage,
                                      facts, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) ON CONFLICT DO NOTHING",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(org.to_string())
            .bind(run.application_id.to_string())
            .bind(review.rule_name.clone())
            .bind(&review.rule_condition)
            .bind(review.stage.as_str())
            .bind(to_json(&review.facts)?)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        }
        insert_messages(&mut tx, org, run.application_id, &run.messages, now).await?;
        super::events::write_effects(&mut tx, org, &run.effects, now).await?;
        tx.commit().await?;
        Ok(RuleRunResult::Done)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_rule_runs(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<RuleRunRecord>> {
        let rows = sqlx::query(
            "SELECT trigger_kind, outcome, created_at FROM rule_runs
             WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, run_key",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RuleRunRecord {
                    trigger: row.text("trigger_kind")?,
                    outcome: row.json("outcome")?,
                    created_at: row.time("created_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, status = status.as_str()))]
    async fn list_reviews(
        &self,
        org: OrgId,
        status: ReviewStatus,
        limit: u32,
    ) -> StoreResult<Vec<Review>> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM}
             WHERE v.org_id = $1 AND v.status = $2 ORDER BY v.created_at, v.id LIMIT $3"
        ))
        .bind(org.to_string())
        .bind(status.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn get_review(&self, org: OrgId, id: &str) -> StoreResult<Review> {
        let row = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM} WHERE v.org_id = $1 AND v.id = $2"
        ))
        .bind(org.to_string())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        review_from_row(&row)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn pending_review(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<Review>> {
        let row = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM}
             WHERE v.org_id = $1 AND v.application_id = $2 AND v.status = 'pending'"
        ))
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(review_from_row).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org))]
    async fn decide_review(
        &self,
        org: OrgId,
        id: &str,
        decision: &ReviewDecision,
        now: DateTime<Utc>,
        effects: &crate::Effects,
    ) -> StoreResult<ReviewResult> {
        let mut tx = self.pool.begin().await?;
        let status = match decision.reject {
            Some(_) => ReviewStatus::Confirmed,
            None => ReviewStatus::Overridden,
        };
        let row = sqlx::query(
            "UPDATE reviews SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4
             WHERE org_id = $5 AND id = $6 AND status = 'pending'
             RETURNING application_id, stage",
        )
        .bind(status.as_str())
        .bind(decision.by.to_string())
        .bind(ms(now))
        .bind(&decision.note)
        .bind(org.to_string())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            // Missing, or decided by someone else first.
            self.get_review(org, id).await?;
            return Ok(ReviewResult::AlreadyDecided);
        };
        if let Some(reason) = decision.reject {
            let application: String = row.text("application_id")?;
            let stage: StageKey = row.parsed("stage")?;
            let rejected = sqlx::query(
                "UPDATE applications SET stage = $1, held_from = NULL, stage_changed_at = $2,
                     reject_reason = $3, reject_note = $4, updated_at = $2
                 WHERE org_id = $5 AND id = $6 AND stage = $7",
            )
            .bind(REJECTED_STAGE)
            .bind(ms(now))
            .bind(reason.as_str())
            .bind(&decision.note)
            .bind(org.to_string())
            .bind(&application)
            .bind(stage.as_str())
            .execute(&mut *tx)
            .await?;
            if rejected.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(ReviewResult::StageChanged);
            }
        }
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(ReviewResult::Decided)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_messages(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<Message>> {
        let rows = sqlx::query(
            "SELECT id, application_id, recipient, template, payload, status, created_at FROM outbox
             WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Message {
                    id: row.text("id")?,
                    application_id: row
                        .opt_text("application_id")?
                        .map(|a| a.parse())
                        .transpose()?,
                    recipient: row.text("recipient")?,
                    template: row.text("template")?,
                    payload: row.json("payload")?,
                    status: row.text("status")?,
                    created_at: row.time("created_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn jobs_with_timeouts(&self) -> StoreResult<Vec<(OrgId, JobId)>> {
        let rows = sqlx::query(
            "SELECT org_id, id FROM jobs WHERE pipeline_rules LIKE '%stage_timeout%' ORDER BY org_id, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.parsed("org_id")?, row.parsed("id")?)))
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %job, %stage))]
    async fn list_waiting(
        &self,
        org: OrgId,
        job: JobId,
        stage: &StageKey,
        before: DateTime<Utc>,
    ) -> StoreResult<Vec<Waiting>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(stage_changed_at, created_at) AS since FROM applications
             WHERE org_id = $1 AND job_id = $2 AND stage = $3
               AND COALESCE(stage_changed_at, created_at) < $4
             ORDER BY since, id",
        )
        .bind(org.to_string())
        .bind(job.to_string())
        .bind(stage.as_str())
        .bind(ms(before))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Waiting {
                    application_id: row.parsed("id")?,
                    since: row.time("since")?,
                })
            })
            .collect()
    }
}
