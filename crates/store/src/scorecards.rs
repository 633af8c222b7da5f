//! Second-round scorecards as stored: one per interviewer per application per stage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, UserId};

use crate::{Effects, StoreResult};

/// One interviewer's scorecard of one application at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredScorecard {
    pub application_id: ApplicationId,
    pub rater_id: UserId,
    /// Filled in when read.
    pub rater_name: String,
    pub stage: kaoguan_domain::StageKey,
    pub card: kaoguan_domain::scorecard::Scorecard,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait ScorecardStore: Send + Sync {
    /// Writes (or replaces) a scorecard, with `effects`.
    async fn save_scorecard(
        &self,
        org: OrgId,
        card: &StoredScorecard,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<()>;
    /// The application's scorecards, oldest first.
    async fn list_scorecards(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<StoredScorecard>>;
}
