//! What pipeline rules write: their runs (each once, by key), the rejections they propose
//! for a person to review, and the messages they queue.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, JobId, OrgId, Position, RejectReason, StageKey, UserId};

use crate::{Effects, StoreResult};

/// One run of a job's rules on one application, written in one transaction: the run's
/// record, the move or proposal it decided, its messages and its events.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRun {
    /// Makes the run happen once, e.g. `report_ready:<application>`.
    pub key: String,
    pub application_id: ApplicationId,
    pub trigger: String,
    /// What each rule did and why, for the application's history.
    pub outcome: serde_json::Value,
    /// The move a rule decided: from where the rules saw the application, to where.
    pub movement: Option<(Position, Position)>,
    pub review: Option<NewReview>,
    pub messages: Vec<NewMessage>,
    pub effects: Effects,
}

/// What became of a [`RuleRun`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRunResult {
    /// Written, with everything it caused.
    Done,
    /// A run with this key was written before; nothing changed.
    AlreadyRun,
    /// The application moved after the rules read it; nothing changed. Read again.
    StageChanged,
}

/// A rejection a rule proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    pub rule_name: Option<String>,
    pub rule_condition: String,
    /// The stage the application stood in; confirming only rejects it from there.
    pub stage: StageKey,
    /// The figures the rule decided on (total, band, dimensions), for the reviewer.
    pub facts: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Pending,
    /// A person rejected the candidate as proposed.
    Confirmed,
    /// A person kept the candidate in the process.
    Overridden,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::Overridden => "overridden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Confirmed, Self::Overridden]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A proposed rejection, with what a reviewer needs to see.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub id: String,
    pub application_id: ApplicationId,
    pub job_id: JobId,
    pub job_title: String,
    pub department: String,
    pub candidate_name: String,
    pub rule_name: Option<String>,
    pub rule_condition: String,
    pub stage: StageKey,
    pub facts: serde_json::Value,
    pub status: ReviewStatus,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A person's answer to a proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDecision {
    pub by: UserId,
    /// `Some`: confirm, rejecting with this reason category; `None`: override.
    pub reject: Option<RejectReason>,
    pub note: String,
}

/// What became of a [`ReviewDecision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewResult {
    Decided,
    /// Someone decided it first.
    AlreadyDecided,
    /// The application left the proposal's stage; confirming would reject it from a stage
    /// the rule never saw. Override, or decide on the application itself.
    StageChanged,
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// Who: `role:hr`, `role:dept_head`, `role:interviewer`, `candidate`.
    pub recipient: String,
    /// Which message, e.g. `rule_notice`.
    pub template: String,
    /// Ids and figures only; the sender fills in names when it renders.
    pub payload: serde_json::Value,
}

/// A queued (or, later, sent) message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: String,
    pub application_id: Option<ApplicationId>,
    pub recipient: String,
    pub template: String,
    pub payload: serde_json::Value,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// A recorded run, for an application's history.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRunRecord {
    pub trigger: String,
    pub outcome: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// An application that has stayed in a stage since `since`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub application_id: ApplicationId,
    pub since: DateTime<Utc>,
}

#[async_trait]
pub trait RuleStore: Send + Sync {
    /// Writes a run of rules with everything it decided, once per key (see
    /// [`RuleRunResult`]).
    async fn record_rule_run(
        &self,
        org: OrgId,
        run: &RuleRun,
        now: DateTime<Utc>,
    ) -> StoreResult<RuleRunResult>;
    /// The application's rule runs, oldest first.
    async fn list_rule_runs(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<RuleRunRecord>>;
    /// Proposals in `status`, oldest first, at most `limit`.
    async fn list_reviews(
        &self,
        org: OrgId,
        status: ReviewStatus,
        limit: u32,
    ) -> StoreResult<Vec<Review>>;
    async fn get_review(&self, org: OrgId, id: &str) -> StoreResult<Review>;
    /// The application's pending proposal, if one waits.
    async fn pending_review(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Option<Review>>;
    /// Settles a pending proposal; confirming rejects the application from the
    /// proposal's stage in the same transaction, with `effects`.
    async fn decide_review(
        &self,
        org: OrgId,
        id: &str,
        decision: &ReviewDecision,
        now: DateTime<Utc>,
        effects: &Effects,
    ) -> StoreResult<ReviewResult>;
    /// Messages queued for the application, oldest first.
    async fn list_messages(
        &self,
        org: OrgId,
        application: ApplicationId,
    ) -> StoreResult<Vec<Message>>;
    /// Every job, in any organisation, with a `stage_timeout` rule.
    async fn jobs_with_timeouts(&self) -> StoreResult<Vec<(OrgId, JobId)>>;
    /// The job's applications that have been in `stage` since before `before`.
    async fn list_waiting(
        &self,
        org: OrgId,
        job: JobId,
        stage: &StageKey,
        before: DateTime<Utc>,
    ) -> StoreResult<Vec<Waiting>>;
}
