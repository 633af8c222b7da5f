//! The review queue: rejections rules proposed, waiting for a person. Confirming rejects
//! the candidate (with a reason category and a note); overriding keeps them in the process.
//! Either way the person, the time and the note are kept with the proposal.

use chrono::{DateTime, Utc};
use kaoguan_domain::{DomainError, RejectReason};
use kaoguan_store::{Effects, Review, ReviewDecision, ReviewResult, ReviewStatus};
use serde::Serialize;

use crate::decisions::MAX_NOTE_CHARS;
use crate::events::DomainEvent;
use crate::{Recruiter, ServiceError, ServiceResult, Services, Staff};

/// Most proposals one read returns.
pub const MAX_PAGE: u32 = 500;

/// A proposal as the API and the console show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewView {
    pub id: String,
    pub application_id: String,
    pub job_id: String,
    pub job_title: String,
    pub candidate_name: String,
    /// The rule's name, when it has one.
    pub rule_name: Option<String>,
    /// The condition that held.
    pub rule_condition: String,
    /// Where the application stood when the rule proposed.
    pub stage: String,
    /// The figures the rule decided on: total, band, dimensions, flags.
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
    /// `pending`, `confirmed` or `overridden`.
    pub status: &'static str,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Review> for ReviewView {
    fn from(r: Review) -> Self {
        Self {
            id: r.id,
            application_id: r.application_id.to_string(),
            job_id: r.job_id.to_string(),
            job_title: r.job_title,
            candidate_name: r.candidate_name,
            rule_name: r.rule_name,
            rule_condition: r.rule_condition,
            stage: r.stage.to_string(),
            facts: r.facts,
            status: r.status.as_str(),
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            created_at: r.created_at,
        }
    }
}

/// Proposals in `status` the caller may see (their department's, for a department head).
pub async fn list(
    services: &Services,
    who: &Staff,
    status: ReviewStatus,
) -> ServiceResult<Vec<ReviewView>> {
    let sight = who.sight(services).await?;
    Ok(services
        .store
        .list_reviews(who.org(), status, MAX_PAGE)
        .await?
        .into_iter()
        .filter(|r| sight.application(who.org(), r.job_id, &r.department, r.application_id))
        .map(ReviewView::from)
        .collect())
}

/// The pending proposal for one application the caller may see, if there is one.
pub async fn pending_for(
    services: &Services,
    who: &Staff,
    application: kaoguan_domain::ApplicationId,
) -> ServiceResult<Option<ReviewView>> {
    crate::applications::get_application(services, who, application).await?;
    Ok(services
        .store
        .pending_review(who.org(), application)
        .await?
        .map(ReviewView::from))
}

/// How a person answers a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Reject the candidate, with this reason category.
    Confirm(RejectReason),
    /// Keep the candidate in the process.
    Override,
}

/// Settles a pending proposal. The note is required: the record says why a person agreed
/// with or overrode the rule.
pub async fn decide(
    services: &Services,
    who: &Recruiter,
    id: &str,
    verdict: Verdict,
    note: &str,
) -> ServiceResult<ReviewView> {
    let note = note.trim();
    if note.is_empty() {
        return Err(DomainError::new("reason", "is required")
            .zh("请写明理由。")
            .en("Give a reason.")
            .into());
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::new("reason", "is longer than 1000 characters")
            .zh("理由不能超过 1000 个字符。")
            .en("The reason must be at most 1000 characters.")
            .into());
    }
    let review = services.store.get_review(who.org(), id).await?;
    let (reject, decision) = match verdict {
        Verdict::Confirm(reason) => (Some(reason), "confirm"),
        Verdict::Override => (None, "override"),
    };
    let mut effects = Effects::none().event(
        DomainEvent::ReviewDecided {
            application_id: review.application_id,
            decision,
        }
        .logged(),
    );
    if let Some(reason) = reject {
        effects = effects.event(
            DomainEvent::StageChanged {
                application_id: review.application_id,
                from: review.stage.to_string(),
                to: kaoguan_domain::stage::REJECTED.to_string(),
                decision: "reject",
                reason: Some(reason.as_str()),
                by: "person",
                user: Some(who.user()),
                rule: Some(review.rule_name.clone().unwrap_or_else(|| "rule".into())),
            }
            .logged(),
        );
    }
    let decided = ReviewDecision {
        by: who.user(),
        reject,
        note: note.to_string(),
    };
    match services
        .store
        .decide_review(who.org(), id, &decided, services.clock.now(), &effects)
        .await?
    {
        ReviewResult::Decided => {}
        ReviewResult::AlreadyDecided => {
            return Err(ServiceError::conflict(
                "review_decided",
                "someone has already decided this proposal",
            ))
        }
        ReviewResult::StageChanged => {
            return Err(ServiceError::conflict(
                "stage_changed",
                "the candidate has moved since the rule proposed this; override it, or decide on the candidate's page",
            ))
        }
    }
    tracing::info!(review = %id, decision, "review decided");
    Ok(services.store.get_review(who.org(), id).await?.into())
}
