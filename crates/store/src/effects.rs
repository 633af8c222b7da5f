//! The work a state change causes — tasks for the worker, events for whoever follows the
//! log — written in the same transaction as the change itself. A change that commits has
//! its work queued; one that fails or changes nothing leaves none behind. "Save, then
//! queue" lost the scoring of an interview on the first error between the two.

use chrono::{DateTime, Utc};
use kaoguan_domain::{ApplicationId, OrgId};

/// A task to queue with a state change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub kind: String,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
}

/// An event to log with a state change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Dotted name, e.g. `interview.completed`.
    pub kind: String,
    pub application_id: Option<ApplicationId>,
    pub payload: serde_json::Value,
}

/// Everything a state change causes; empty by default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    pub tasks: Vec<NewTask>,
    pub events: Vec<NewEvent>,
}

impl Effects {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn task(mut self, task: NewTask) -> Self {
        self.tasks.push(task);
        self
    }

    pub fn event(mut self, event: NewEvent) -> Self {
        self.events.push(event);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.events.is_empty()
    }
}

/// A logged event, in the order the log committed them (`seq`).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    pub org_id: OrgId,
    pub kind: String,
    pub application_id: Option<ApplicationId>,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}
