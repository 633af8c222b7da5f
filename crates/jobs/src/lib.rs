//! The background worker. Tasks live in the store's queue, so any node can take them and
//! none is lost when a process dies: a claimed task carries a lease, and a task whose
//! worker vanished is claimed again once the lease runs out.
//!
//! `try_execute_task` runs at most one task and says what happened, so tests drive the
//! worker step by step; `run` loops it until shutdown.

use std::time::Duration;

use kaoguan_service::tasks::{
    ApplyRules, LlmFeedbackTask, MatchResume, ScoreApplication, Task, TranscribeAnswer,
};
use kaoguan_service::{intake, llm_feedback, media, resume_match, rules, scoring, Services};
use tracing::Instrument;

/// How long a claimed task is reserved before another worker may take it over.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
const MAX_ATTEMPTS: i64 = 5;
/// How often an idle worker looks for work another node enqueued.
const IDLE_POLL: Duration = Duration::from_millis(500);
/// How often a worker discards uploads that can never be completed (see
/// [`media::sweep_abandoned_uploads`]).
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// How often a worker looks for applications that waited in a stage past a rule's limit.
/// Limits are in hours, so a few minutes late is on time.
const TIMEOUTS_EVERY: Duration = Duration::from_secs(300);
/// How often a worker discards expired import previews (they expire after a day; an
/// expired one is already refused when asked for).
const EXPIRE_IMPORTS_EVERY: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutionOutcome {
    TaskCompleted { kind: String },
    TaskFailed { kind: String, will_retry: bool },
    EmptyQueue,
}

pub async fn try_execute_task(services: &Services) -> anyhow::Result<ExecutionOutcome> {
    let now = services.clock.now();
    let Some(task) = services.store.claim_task(now, now + LEASE).await? else {
        return Ok(ExecutionOutcome::EmptyQueue);
    };
    let span =
        tracing::info_span!("task", id = %task.id, kind = %task.kind, attempt = task.attempts);
    let last_attempt = task.attempts >= MAX_ATTEMPTS;
    let result = run_task(services, &task.kind, &task.payload, last_attempt)
        .instrument(span.clone())
        .await;
    let _enter = span.enter();
    match result {
        Ok(()) => {
            services.store.complete_task(&task.id).await?;
            Ok(ExecutionOutcome::TaskCompleted { kind: task.kind })
        }
        Err(e) => {
            let will_retry = task.attempts < MAX_ATTEMPTS;
            // Exponential back-off: 2 s, 4 s, 8 s, …
            let retry_at = will_retry.then(|| {
                services.clock.now() + chrono::Duration::seconds(1 << task.attempts.clamp(1, 10))
            });
            tracing::warn!(error = %format!("{e:#}"), will_retry, "task failed");
            services
                .store
                .fail_task(&task.id, &format!("{e:#}"), retry_at)
                .await?;
            Ok(ExecutionOutcome::TaskFailed {
                kind: task.kind,
                will_retry,
            })
        }
    }
}

async fn run_task(
    services: &Services,
    kind: &str,
    payload: &serde_json::Value,
    last_attempt: bool,
) -> anyhow::Result<()> {
    let task = Task::decode(kind, payload)
        .map_err(|e| anyhow::anyhow!("unknown task {kind:?} or payload: {e}"))?;
    match task {
        Task::ScoreApplication(ScoreApplication {
            org_id,
            application_id,
        }) => {
            scoring::score_application(services, org_id, application_id).await?;
        }
        Task::LlmFeedback(LlmFeedbackTask {
            org_id,
            application_id,
            scored_at,
        }) => {
            llm_feedback::generate(services, org_id, application_id, scored_at).await?;
        }
        Task::TranscribeAnswer(TranscribeAnswer {
            org_id,
            application_id,
            question_id,
        }) => {
            media::transcription::transcribe_answer(
                services,
                org_id,
                application_id,
                question_id,
                last_attempt,
            )
            .await?;
        }
        Task::MatchResume(MatchResume {
            org_id,
            application_id,
        }) => {
            resume_match::run(services, org_id, application_id).await?;
        }
        Task::ApplyRules(ApplyRules {
            org_id,
            application_id,
            trigger,
        }) => {
            rules::run(services, org_id, application_id, trigger).await?;
        }
    }
    Ok(())
}

/// Work that runs on a clock rather than from the queue. Every node runs each of them;
/// each is safe to run concurrently (its store operations settle races).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Periodic {
    /// Settles uploads their browsers never completed ([`media::sweep_abandoned_uploads`]).
    SweepAbandonedUploads,
    /// Runs `stage_timeout` rules on applications that waited long enough
    /// ([`rules::sweep_timeouts`]).
    StageTimeouts,
    /// Discards import previews nobody committed within a day
    /// ([`intake::purge_expired_imports`]): they hold candidates' details.
    ExpireImports,
}

/// Every periodic job, with how often it runs.
pub const PERIODIC: &[(Periodic, Duration)] = &[
    (Periodic::SweepAbandonedUploads, SWEEP_EVERY),
    (Periodic::StageTimeouts, TIMEOUTS_EVERY),
    (Periodic::ExpireImports, EXPIRE_IMPORTS_EVERY),
];

impl Periodic {
    pub async fn run(self, services: &Services) {
        match self {
            Periodic::SweepAbandonedUploads => match media::sweep_abandoned_uploads(services).await
            {
                Ok(media::Swept {
                    salvaged: 0,
                    discarded: 0,
                }) => {}
                Ok(s) => tracing::info!(
                    salvaged = s.salvaged,
                    discarded = s.discarded,
                    "settled uploads their browsers never completed"
                ),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "could not sweep abandoned uploads")
                }
            },
            Periodic::ExpireImports => match intake::purge_expired_imports(services).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(imports = n, "discarded expired import previews"),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "could not discard expired import previews")
                }
            },
            Periodic::StageTimeouts => match rules::sweep_timeouts(services).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(runs = n, "ran stage timeout rules"),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "could not run stage timeout rules")
                }
            },
        }
    }
}

/// Runs tasks until `shutdown` resolves. Wakes at once when this process enqueues work,
/// and polls for work from other nodes.
pub async fn run(services: Services, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    let start = tokio::time::Instant::now();
    let mut due: Vec<tokio::time::Instant> = PERIODIC.iter().map(|_| start).collect();
    loop {
        for ((job, every), next) in PERIODIC.iter().zip(due.iter_mut()) {
            if tokio::time::Instant::now() >= *next {
                *next = tokio::time::Instant::now() + *every;
                job.run(&services).await;
            }
        }
        let outcome = try_execute_task(&services).await;
        let idle = match outcome {
            Ok(ExecutionOutcome::EmptyQueue) => true,
            Ok(_) => false,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "worker could not reach the queue");
                true
            }
        };
        if idle {
            tokio::select! {
                _ = &mut shutdown => break,
                _ = services.task_wakeup.notified() => {}
                _ = tokio::time::sleep(IDLE_POLL) => {}
            }
        } else if futures_ready(&mut shutdown).await {
            break;
        }
    }
    tracing::info!("worker stopped");
}

/// Whether shutdown has been requested, without waiting for it.
async fn futures_ready(
    shutdown: &mut std::pin::Pin<&mut impl std::future::Future<Output = ()>>,
) -> bool {
    tokio::select! {
        biased;
        _ = shutdown.as_mut() => true,
        _ = std::future::ready(()) => false,
    }
}
