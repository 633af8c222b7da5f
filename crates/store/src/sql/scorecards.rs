//! Scorecards, one per interviewer per application per stage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId};

use super::codec::{ms, to_json, RowExt};
use super::SqlStore;
use crate::{Effects, ScorecardStore, StoreResult, StoredScorecard};

#[async_trait]
impl ScorecardStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, fields(%org, application = %card.application_id))]
    async fn save_scorecard(
        &self,
        org: OrgId,
        card: &StoredScorecard,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO scorecards (org_id, application_id, rater_id, stage, ratings, recommendation,
                                     summary, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (application_id, rater_id, stage) DO UPDATE SET
                 ratings = excluded.ratings, recommendation = excluded.recommendation,
                 summary = excluded.summary, updated_at = excluded.updated_at",
        )
        .bind(org.to_string())
        .bind(card.application_id.to_string())
        .bind(card.rater_id.to_string())
        .bind(card.stage.as_str())
        .bind(to_json(&card.card.ratings)?)
        .bind(card.card.recommendation.as_str())
        .bind(card.card.summary.clone())
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        super::events::write_effects(&mut tx, org, effects, now).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(%org, %application))]
    async fn list_scorecards(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<StoredScorecard>> {
        let rows = sqlx::query(
            "SELECT s.application_id AS application_id, s.rater_id AS rater_id,
                    u.display_name AS rater_name, s.stage AS stage, s.ratings AS ratings,
                    s.recommendation AS recommendation, s.summary AS summary,
                    s.updated_at AS updated_at
             FROM scorecards s JOIN users u ON u.id = s.rater_id AND u.org_id = s.org_id
             WHERE s.org_id = $1 AND s.application_id = $2 ORDER BY s.created_at, s.rater_id",
        )
        .bind(org.to_string())
        .bind(application.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredScorecard {
                    application_id: row.parsed("application_id")?,
                    rater_id: row.parsed("rater_id")?,
                    rater_name: row.text("rater_name")?,
                    stage: row.parsed("stage")?,
                    card: kaoguan_domain::scorecard::Scorecard {
                        ratings: row.json("ratings")?,
                        recommendation: kaoguan_domain::scorecard::Recommendation::parse(
                            &row.text("recommendation")?,
                        )?,
                        summary: row.opt_text("summary")?,
                    },
                    updated_at: row.time("updated_at")?,
                })
            })
            .collect()
    }
}
