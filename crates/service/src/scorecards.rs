//! Second-round scorecards: each interviewer rates the job's dimensions 1–5 against the
//! anchors, with evidence and an overall recommendation; the board shows every card side
//! by side with the AI's dimension scores and marks where they disagree.

use chrono::{DateTime, Utc};
use kaoguan_domain::scorecard::{ai_level, disagree, DimensionRating, Recommendation, Scorecard};
use kaoguan_domain::ApplicationId;
use kaoguan_store::{Effects, NewEvent, StoredScorecard};
use serde::Serialize;
use serde_json::json;

use crate::report::ReportBody;
use crate::{applications, ServiceResult, Services, Staff};

/// One interviewer's card as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CardView {
    pub rater_id: String,
    pub rater_name: String,
    /// The stage the candidate was at when the card was written.
    pub stage: String,
    #[schema(value_type = Object)]
    pub ratings: std::collections::BTreeMap<String, DimensionRating>,
    pub recommendation: Recommendation,
    pub summary: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// One dimension across the AI and every card.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DimensionRow {
    pub key: String,
    pub name: String,
    /// The AI interview's score (0–100) and its level on the 1–5 scale, when scored.
    pub ai_score: Option<f64>,
    pub ai_level: Option<u8>,
    /// Each card's level, in the order of `cards`.
    pub levels: Vec<Option<u8>>,
    /// Two of the levels (the AI's included) are two or more apart.
    pub disagreement: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardBoard {
    pub dimensions: Vec<DimensionRow>,
    pub cards: Vec<CardView>,
}

fn view(c: StoredScorecard) -> CardView {
    CardView {
        rater_id: c.rater_id.to_string(),
        rater_name: c.rater_name,
        stage: c.stage.to_string(),
        ratings: c
            .card
            .ratings
            .into_iter()
            .map(|(k, r)| (k.to_string(), r))
            .collect(),
        recommendation: c.card.recommendation,
        summary: c.card.summary,
        updated_at: c.updated_at,
    }
}

/// Writes (or replaces) the caller's card for the application at its current stage.
/// Anyone who may see the candidate may score them. Logged as `scorecard.submitted`.
pub async fn submit(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
    card: Scorecard,
) -> ServiceResult<ScorecardBoard> {
    let app = applications::get_application(services, who, id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let card = card.checked(&job.model)?;
    let effects = Effects::none().event(NewEvent {
        kind: "scorecard.submitted".into(),
        application_id: Some(id),
        payload: json!({"stage": app.stage.as_str(), "recommendation": card.recommendation.as_str()}),
    });
    let stored = StoredScorecard {
        application_id: id,
        rater_id: who.user.id,
        rater_name: String::new(),
        stage: app.stage.clone(),
        card,
        updated_at: services.clock.now(),
    };
    services
        .store
        .save_scorecard(who.org(), &stored, services.clock.now(), &effects)
        .await?;
    board(services, who, id).await
}

/// Every card of the application beside the AI's scores.
pub async fn board(
    services: &Services,
    who: &Staff,
    id: ApplicationId,
) -> ServiceResult<ScorecardBoard> {
    let app = applications::get_application(services, who, id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let ai: Option<ReportBody> = match services.store.get_report(who.org(), id).await? {
        Some(r) => serde_json::from_value(r.body).ok(),
        None => None,
    };
    let cards: Vec<CardView> = services
        .store
        .list_scorecards(who.org(), id)
        .await?
        .into_iter()
        .map(view)
        .collect();
    let dimensions = job
        .model
        .competencies
        .iter()
        .map(|c| {
            let key = c.key.to_string();
            let ai_score = ai.as_ref().and_then(|b| {
                b.dimensions
                    .iter()
                    .find(|d| d.key == key)
                    .map(|d| (d.score * 10.0).round() / 10.0)
            });
            let ai_level = ai_score.map(ai_level);
            let levels: Vec<Option<u8>> = cards
                .iter()
                .map(|card| card.ratings.get(&key).map(|r| r.level))
                .collect();
            let all: Vec<u8> = ai_level
                .into_iter()
                .chain(levels.iter().flatten().copied())
                .collect();
            let disagreement = all.iter().any(|a| all.iter().any(|b| disagree(*a, *b)));
            DimensionRow {
                key,
                name: c.name.clone(),
                ai_score,
                ai_level,
                levels,
                disagreement,
            }
        })
        .collect();
    Ok(ScorecardBoard { dimensions, cards })
}
