//! Comments on an application, with the colleagues they mention.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId, UserId};

use crate::{Effects, NewMessage, StoreResult};

/// A comment as stored; names are filled in when read.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: String,
    pub application_id: ApplicationId,
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    /// Who it mentions (and so notifies), in the order they appear.
    pub mentions: Vec<UserId>,
    pub created_at: DateTime<Utc>,
}

/// A comment that mentions someone, as their to-do list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub comment: Comment,
    pub candidate_name: String,
    pub job_title: String,
    pub job_id: kaoguan_domain::JobId,
    pub department: String,
}

#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Writes the comment, a message to each person it mentions and `effects`, in one
    /// transaction. `NotFound` for an application outside `org`.
    async fn add_comment(
        &self,
        org: OrgId,
        comment: &Comment,
        messages: &[NewMessage],
        effects: &Effects,
    ) -> StoreResult<()>;
    /// The application's comments, oldest first.
    async fn list_comments(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<Comment>>;
    /// The newest `limit` comments that mention `user`.
    async fn mentions_of(&self, org: OrgId, user: UserId, limit: u32) -> StoreResult<Vec<Mention>>;
}
