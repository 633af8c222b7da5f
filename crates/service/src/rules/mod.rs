//! Pipeline rules: checked when saved (the error names the rule and the position in its
//! condition), previewed on the job's candidates, and run once per application and
//! trigger by the worker.
//!
//! A run reads the facts, decides every rule in order, and writes the outcome in one
//! transaction with what it caused: the first rule that holds and moves the candidate
//! (advance, move, propose_reject) acts, later moving rules are skipped; every notify rule
//! that holds queues its message. Nothing a rule does rejects or hires anyone.
//!
//! Once means: the first finished interview and the first report of an application run
//! their rules (a re-scored report updates the report but moves nobody again), and each
//! stay in a stage times out once per timeout rule.

mod check;
mod decide;
mod facts;
mod history;
mod preview;
mod run;

pub use check::{check, has_rules_on, set_rules};
pub use decide::RuleVerdict;
pub use history::{history, MessageView, RuleHistory, RunView};
pub use preview::{preview, PreviewRow};
pub use run::{run, sweep_timeouts};
