//! What rules did to one application, and the messages they queued.

use chrono::{DateTime, Utc};
use kaoguan_domain::ApplicationId;
use serde::Serialize;
use serde_json::Value;

use crate::{ServiceResult, Services};

/// An application's rule runs and queued messages, for its page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleHistory {
    pub runs: Vec<RunView>,
    pub messages: Vec<MessageView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RunView {
    pub trigger: String,
    #[schema(value_type = Vec<Object>)]
    pub verdicts: Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    /// e.g. `role:hr`.
    pub recipient: String,
    pub template: String,
    /// `queued` until the messaging worker sends it.
    pub status: String,
    pub at: DateTime<Utc>,
}

/// What rules did to an application the caller may see.
pub async fn history(
    services: &Services,
    who: &crate::Staff,
    id: ApplicationId,
) -> ServiceResult<RuleHistory> {
    crate::applications::get_application(services, who, id).await?;
    let runs = services.store.list_rule_runs(who.org(), id).await?;
    let messages = services.store.list_messages(who.org(), id).await?;
    Ok(RuleHistory {
        runs: runs
            .into_iter()
            .map(|r| RunView {
                trigger: r.trigger,
                verdicts: r.outcome,
                at: r.created_at,
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                recipient: m.recipient,
                template: m.template,
                status: m.status,
                at: m.created_at,
            })
            .collect(),
    })
}
