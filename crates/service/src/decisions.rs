//! Decisions on applications — 通过 (advance), 待定 (hold), 淘汰 (reject, with its reason),
//! withdrawal, and moves to a named stage — checked against the job's pipeline, taken only
//! on the stage the person saw, and logged as `stage.changed` in the same transaction.

use kaoguan_domain::{ApplicationId, Decision, DomainError, StageKey};
use kaoguan_store::{Application, Effects};

use crate::events::DomainEvent;
use crate::{Recruiter, ServiceError, ServiceResult, Services};

/// Longest note a rejection keeps.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Takes `decision` on the application. `expected` is the stage the person saw: when the
/// application has moved since, nothing changes and the answer is a conflict naming that.
pub async fn decide(
    services: &Services,
    who: &Recruiter,
    id: ApplicationId,
    decision: Decision,
    note: Option<&str>,
    expected: Option<&StageKey>,
) -> ServiceResult<Application> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(DomainError::new("note", "is longer than 1000 characters")
            .zh("备注不能超过 1000 个字符。")
            .en("The note must be at most 1000 characters.")
            .into());
    }
    let app = services.store.get_application(who.org(), id).await?;
    let job = services.store.get_job(who.org(), app.job_id).await?;
    let current = app.position();
    if expected.is_some_and(|e| *e != current.stage) {
        return Err(stage_changed());
    }
    let to = current.after(&job.pipeline(), &decision)?;
    let (kind, reason) = match &decision {
        Decision::Advance => ("advance", None),
        Decision::Hold => ("hold", None),
        Decision::Reject { reason } => ("reject", Some(reason.as_str())),
        Decision::Withdraw => ("withdraw", None),
        Decision::MoveTo(_) => ("move", None),
    };
    let rejection = match &decision {
        Decision::Reject { reason } => Some((*reason, note.map(str::to_string))),
        _ => None,
    };
    let effects = Effects::none().event(
        DomainEvent::StageChanged {
            application_id: id,
            from: current.stage.to_string(),
            to: to.stage.to_string(),
            decision: kind,
            reason,
            by: "person",
            user: Some(who.user()),
            rule: None,
        }
        .logged(),
    );
    let moved = services
        .store
        .move_stage(
            who.org(),
            id,
            &current,
            &to,
            rejection,
            services.clock.now(),
            &effects,
        )
        .await?;
    if !moved {
        return Err(stage_changed());
    }
    tracing::info!(application = %id, from = %current.stage, to = %to.stage, decision = kind, "stage changed");
    Ok(services.store.get_application(who.org(), id).await?)
}

fn stage_changed() -> ServiceError {
    ServiceError::conflict(
        "stage_changed",
        "the application has moved since this page was loaded; reload and decide again",
    )
}
