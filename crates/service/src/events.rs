//! What happened, as the event log records it (see [`kaoguan_store::Effects`]): each
//! event is written in the transaction of the change it reports, so rules, messages,
//! webhooks and analytics that follow the log in order miss nothing and never see a change
//! that was rolled back.

use kaoguan_domain::{ApplicationId, JobId, ReportStatus};
use kaoguan_store::NewEvent;
use serde_json::json;

/// The events Kaoguan logs. Names are dotted and stable: consumers match on them.
#[derive(Debug, Clone, PartialEq)]
pub enum DomainEvent {
    /// An invitation created an application.
    ApplicationCreated { job_id: JobId },
    /// A resume was screened by the job's rule (or passed for want of one).
    Screened {
        application_id: ApplicationId,
        passed: bool,
        score: f64,
    },
    /// The candidate finished the interview.
    InterviewCompleted { application_id: ApplicationId },
    /// HR replaced the interview link (the old one stopped working).
    LinkRenewed { application_id: ApplicationId },
    /// HR revoked the interview link.
    LinkRevoked { application_id: ApplicationId },
    /// HR merged a second invitation of the same person into their application; the
    /// contacts it offered (`email`, `phone`) were added where the candidate lacked them.
    InvitationMerged {
        application_id: ApplicationId,
        offered: Vec<&'static str>,
    },
    /// The application moved in the pipeline: by a person, or by a rule (which only
    /// advances or moves; rejections are always a person's).
    StageChanged {
        application_id: ApplicationId,
        from: String,
        to: String,
        /// `advance`, `hold`, `reject`, `withdraw` or `move`.
        decision: &'static str,
        /// The rejection's reason category, for a rejection.
        reason: Option<&'static str>,
        /// `person` or `rule`.
        by: &'static str,
        /// The person's user id, for a person's move.
        user: Option<kaoguan_domain::UserId>,
        /// The rule's name (or `rule <n>`), for a rule's move.
        rule: Option<String>,
    },
    /// A rule proposed rejecting the application; a person decides in the review queue.
    RejectionProposed {
        application_id: ApplicationId,
        rule: Option<String>,
    },
    /// A person confirmed (the candidate is rejected) or overrode a proposed rejection.
    ReviewDecided {
        application_id: ApplicationId,
        /// `confirm` or `override`.
        decision: &'static str,
    },
    /// A rule queued a message (delivered by the messaging worker).
    MessageQueued {
        application_id: ApplicationId,
        recipient: String,
        template: String,
    },
    /// Someone commented on the application, mentioning these colleagues.
    CommentAdded {
        application_id: ApplicationId,
        comment_id: String,
        mentions: Vec<kaoguan_domain::UserId>,
    },
    /// A report was written (or re-written).
    ReportReady {
        application_id: ApplicationId,
        status: ReportStatus,
        total: f64,
        model_version: String,
    },
}

impl DomainEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::ApplicationCreated { .. } => "application.created",
            DomainEvent::Screened { .. } => "application.screened",
            DomainEvent::InterviewCompleted { .. } => "interview.completed",
            DomainEvent::LinkRenewed { .. } => "invitation.renewed",
            DomainEvent::LinkRevoked { .. } => "invitation.revoked",
            DomainEvent::InvitationMerged { .. } => "invitation.merged",
            DomainEvent::StageChanged { .. } => "stage.changed",
            DomainEvent::RejectionProposed { .. } => "review.proposed",
            DomainEvent::ReviewDecided { .. } => "review.decided",
            DomainEvent::MessageQueued { .. } => "message.queued",
            DomainEvent::CommentAdded { .. } => "comment.added",
            DomainEvent::ReportReady { .. } => "report.ready",
        }
    }

    /// The event as the log stores it. The payload carries ids and figures, never a
    /// candidate's name or contact details.
    pub fn logged(&self) -> NewEvent {
        let (application_id, payload) = match self {
            // The store fills in the application it creates.
            DomainEvent::ApplicationCreated { job_id } => (None, json!({"job_id": job_id})),
            DomainEvent::Screened {
                application_id,
                passed,
                score,
            } => (
                Some(*application_id),
                json!({"passed": passed, "score": score}),
            ),
            DomainEvent::InterviewCompleted { application_id }
            | DomainEvent::LinkRenewed { application_id }
            | DomainEvent::LinkRevoked { application_id } => (Some(*application_id), json!({})),
            DomainEvent::InvitationMerged {
                application_id,
                offered,
            } => (Some(*application_id), json!({"offered": offered})),
            DomainEvent::StageChanged {
                application_id,
                from,
                to,
                decision,
                reason,
                by,
                user,
                rule,
            } => (
                Some(*application_id),
                json!({"from": from, "to": to, "decision": decision, "reason": reason, "by": by,
                       "user_id": user, "rule": rule}),
            ),
            DomainEvent::RejectionProposed {
                application_id,
                rule,
            } => (Some(*application_id), json!({"rule": rule})),
            DomainEvent::ReviewDecided {
                application_id,
                decision,
            } => (Some(*application_id), json!({"decision": decision})),
            DomainEvent::MessageQueued {
                application_id,
                recipient,
                template,
            } => (
                Some(*application_id),
                json!({"recipient": recipient, "template": template}),
            ),
            DomainEvent::CommentAdded {
                application_id,
                comment_id,
                mentions,
            } => (
                Some(*application_id),
                json!({"comment_id": comment_id, "mentions": mentions}),
            ),
            DomainEvent::ReportReady {
                application_id,
                status,
                total,
                model_version,
            } => (
                Some(*application_id),
                json!({"status": status.as_str(), "total": total, "model_version": model_version}),
            ),
        };
        NewEvent {
            kind: self.kind().to_string(),
            application_id,
            payload,
        }
    }
}

/// A logged event as the API shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct EventView {
    /// Position in the organisation's log: pass the last one seen as `after`.
    pub seq: i64,
    /// Stable across reads, for consumers that deduplicate.
    pub id: String,
    /// e.g. `interview.completed`.
    pub kind: String,
    pub application_id: Option<String>,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Most events one read returns.
pub const MAX_PAGE: u32 = 500;

/// The organisation's events after `after`, oldest first: how rules, webhooks and an EHR
/// that polls follow what happens. Recruiting managers only: the log spans every
/// department.
pub async fn list(
    services: &crate::Services,
    who: &crate::Recruiter,
    after: i64,
    limit: u32,
) -> crate::ServiceResult<Vec<EventView>> {
    let events = services
        .store
        .list_events(who.org(), after.max(0), limit.clamp(1, MAX_PAGE))
        .await?;
    Ok(events
        .into_iter()
        .map(|e| EventView {
            seq: e.seq,
            id: e.id,
            kind: e.kind,
            application_id: e.application_id.map(|a| a.to_string()),
            payload: e.payload,
            created_at: e.created_at,
        })
        .collect())
}
