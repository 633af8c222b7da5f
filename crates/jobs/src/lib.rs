//! The background worker. Tasks live in the store's queue, so any node can take them and
//! none is lost when a process dies: a claimed task carries a lease, and a task whose
//! worker vanished is claimed again once the lease runs out.
//!
//! `try_execute_task` runs at most one task and says what happened, so tests drive the
//! worker step by step; `run` loops it until shutdown.

use std::time::Duration;

use kaoguan_service::tasks::{
    LlmFeedbackTask, ScoreApplication, TranscribeAnswer, LLM_FEEDBACK, SCORE_APPLICATION,
    TRANSCRIBE_ANSWER,
};
use kaoguan_service::{llm_feedback, media, scoring, Services};
use tracing::Instrument;

/// How long a claimed task is reserved before another worker may take it over.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
const MAX_ATTEMPTS: i64 = 5;
/// How often an idle worker looks for work another node enqueued.
const IDLE_POLL: Duration = Duration::from_millis(500);
/// How often a worker discards uploads that can never be completed (see
/// [`media::sweep_abandoned_uploads`]).
const SWEEP_EVERY: Duration = Duration::from_secs(60);

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
    match kind {
        SCORE_APPLICATION => {
            let p: ScoreApplication = serde_json::from_value(payload.clone())?;
            scoring::score_application(services, p.org_id, p.application_id).await?;
            Ok(())
        }
        LLM_FEEDBACK => {
            let p: LlmFeedbackTask = serde_json::from_value(payload.clone())?;
            llm_feedback::generate(services, p.org_id, p.application_id, p.scored_at).await?;
            Ok(())
        }
        TRANSCRIBE_ANSWER => {
            let p: TranscribeAnswer = serde_json::from_value(payload.clone())?;
            media::transcription::transcribe_answer(
                services,
                p.org_id,
                p.application_id,
                p.question_id,
                last_attempt,
            )
            .await?;
            Ok(())
        }
        other => anyhow::bail!("unknown task kind {other:?}"),
    }
}

/// Runs tasks until `shutdown` resolves. Wakes at once when this process enqueues work,
/// and polls for work from other nodes.
pub async fn run(services: Services, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut next_sweep = tokio::time::Instant::now();
    loop {
        if tokio::time::Instant::now() >= next_sweep {
            next_sweep = tokio::time::Instant::now() + SWEEP_EVERY;
            match media::sweep_abandoned_uploads(&services).await {
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
