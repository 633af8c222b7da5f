//! The candidate's side of an interview, keyed by the personal token in their link.
//!
//! The server owns the clock: a question's deadline is fixed when it is first shown
//! (think time + answer time), survives reloads, and an answer arriving after the
//! deadline plus a small grace is refused and the question counts as unanswered.

use chrono::{DateTime, Duration, Utc};
use kaoguan_domain::{
    AnswerMode, ApplicationStatus, DomainError, InterviewToken, Language, QuestionId, QuestionKind,
};
use kaoguan_store::{AnswerSlot, Application, Effects, Job, SlotState};
use serde::Serialize;
use utoipa::ToSchema;

use crate::events::DomainEvent;
use crate::{tasks, ServiceError, ServiceResult, Services};

/// The version of the notice text candidates consent to; recorded with the decision.
pub const CONSENT_VERSION: &str = "ai-notice-2026-11";
pub const PRACTICE_ID: &str = "practice";
pub const MAX_ANSWER_CHARS: usize = 20_000;
const PRACTICE_THINK_SECONDS: u32 = 15;
const PRACTICE_ANSWER_SECONDS: u32 = 120;

/// What the portal shows before and around the questions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InterviewState {
    pub status: ApplicationStatus,
    pub organisation: String,
    pub job_title: String,
    pub language: Language,
    pub candidate_name: String,
    /// `null` until the candidate accepts or refuses the AI notice.
    pub consent: Option<bool>,
    pub consent_version: &'static str,
    pub practice_done: bool,
    pub question_count: usize,
    pub answered_count: usize,
    /// Upper bound of the interview's length, for the notice ("about 12 minutes").
    pub total_minutes: u32,
    pub question_kinds: Vec<QuestionKind>,
    /// Every way some question may be answered (`text`, `audio`, `video`), so the portal
    /// can check the microphone and camera before the first question.
    pub answer_modes: Vec<AnswerMode>,
    /// The job opted in to counting faces during video answers: the portal runs a small
    /// face detector on the device and sends only counts.
    pub face_detection: bool,
    /// Until when the link can be used to start; `null` for links without an expiry.
    pub link_expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionView {
    /// A question id, or `"practice"` for the unscored warm-up question.
    pub id: String,
    pub kind: Option<QuestionKind>,
    pub text: String,
    pub think_seconds: u32,
    pub answer_seconds: u32,
    pub modes: Vec<AnswerMode>,
}

/// The current question with its server-side deadlines, or `{"done": true}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NextStep {
    pub done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice: Option<bool>,
    /// 1-based position among the real questions; 0 for the practice question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_time: Option<DateTime<Utc>>,
    /// When thinking time ends and answering time begins (answers may start earlier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub think_deadline: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_deadline: Option<DateTime<Utc>>,
}

impl NextStep {
    fn done() -> Self {
        Self {
            done: true,
            practice: None,
            index: None,
            total: None,
            question: None,
            server_time: None,
            think_deadline: None,
            answer_deadline: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerReceipt {
    pub question_id: String,
    pub accepted: bool,
    /// True when the same answer had already been received (a retried request).
    pub duplicate: bool,
}

pub(crate) struct Context {
    pub(crate) app: Application,
    pub(crate) job: Job,
    org_name: String,
}

pub(crate) async fn load(services: &Services, token: &str) -> ServiceResult<Context> {
    // A malformed token is reported like an unknown one: both mean "no such interview".
    let token: InterviewToken = token.parse().map_err(|_| ServiceError::NotFound)?;
    let app = services
        .store
        .find_application_by_token(&token.digest())
        .await?
        .ok_or(ServiceError::NotFound)?;
    // An expired link opens nothing for a candidate who has not started; one who has
    // may finish. The portal says the link is invalid or expired and to ask for a new one.
    let expired = app
        .link_expires_at
        .is_some_and(|at| at <= services.clock.now());
    if expired && app.status == kaoguan_domain::ApplicationStatus::Invited {
        return Err(ServiceError::NotFound);
    }
    let job = services.store.get_job(app.org_id, app.job_id).await?;
    let org = services.store.get_org(app.org_id).await?;
    Ok(Context {
        app,
        job,
        org_name: org.name,
    })
}

pub async fn state(services: &Services, token: &str) -> ServiceResult<InterviewState> {
    let ctx = load(services, token).await?;
    let slots = services
        .store
        .list_slots(ctx.app.org_id, ctx.app.id)
        .await?;
    Ok(build_state(&ctx, &slots))
}

fn build_state(ctx: &Context, slots: &[AnswerSlot]) -> InterviewState {
    let questions = &ctx.job.questions;
    let seconds: u32 = questions
        .iter()
        .map(|q| q.think_seconds + q.answer_seconds)
        .sum::<u32>()
        + PRACTICE_THINK_SECONDS
        + PRACTICE_ANSWER_SECONDS;
    let mut kinds: Vec<QuestionKind> = Vec::new();
    let mut modes: Vec<AnswerMode> = Vec::new();
    for q in questions {
        if !kinds.contains(&q.kind) {
            kinds.push(q.kind);
        }
        for m in &q.modes {
            if !modes.contains(m) {
                modes.push(*m);
            }
        }
    }
    InterviewState {
        link_expires_at: ctx.app.link_expires_at,
        status: ctx.app.status,
        organisation: ctx.org_name.clone(),
        job_title: ctx.job.title.clone(),
        language: ctx.job.language,
        candidate_name: ctx.app.candidate_name.clone(),
        consent: ctx.app.consent,
        consent_version: CONSENT_VERSION,
        practice_done: ctx.app.practice_done,
        question_count: questions.len(),
        answered_count: slots
            .iter()
            .filter(|s| s.state == SlotState::Answered)
            .count(),
        total_minutes: seconds.div_ceil(60),
        question_kinds: kinds,
        face_detection: ctx.job.face_detection && modes.contains(&AnswerMode::Video),
        answer_modes: modes,
    }
}

/// Records the candidate's decision on the AI notice. Refusing routes the application to
/// a human interview and it is never scored. Repeating the same decision is harmless;
/// changing it afterwards is refused.
pub async fn consent(
    services: &Services,
    token: &str,
    accept: bool,
) -> ServiceResult<InterviewState> {
    let ctx = load(services, token).await?;
    match ctx.app.consent {
        Some(previous) if previous == accept => {}
        Some(_) => {
            return Err(ServiceError::conflict(
                "consent_already_recorded",
                "a decision on the AI interview was already recorded; contact the recruiter to change it",
            ))
        }
        None => {
            let changed = services
                .store
                .record_consent(ctx.app.org_id, ctx.app.id, accept, CONSENT_VERSION, services.clock.now())
                .await?;
            if !changed {
                return Err(ServiceError::conflict(
                    "consent_already_recorded",
                    "a decision on the AI interview was already recorded",
                ));
            }
        }
    }
    state(services, token).await
}

pub(crate) fn require_in_progress(app: &Application) -> ServiceResult<()> {
    match app.status {
        ApplicationStatus::InProgress => Ok(()),
        ApplicationStatus::Invited => Err(ServiceError::conflict(
            "consent_required",
            "accept or refuse the AI interview notice first",
        )),
        ApplicationStatus::HumanInterviewRequested => Err(ServiceError::conflict(
            "ai_interview_refused",
            "you chose a human interview; the recruiter will contact you",
        )),
        ApplicationStatus::Completed | ApplicationStatus::Scored => Err(ServiceError::conflict(
            "interview_finished",
            "this interview is already finished",
        )),
    }
}

pub(crate) fn grace(services: &Services) -> Duration {
    Duration::seconds(i64::from(services.settings.answer_grace_seconds))
}

fn practice_view(language: Language) -> QuestionView {
    let text = match language {
        Language::Zh => "（练习题，不计分）请用两三句话介绍一下你自己。",
        Language::En => {
            "(Practice question, not scored) Please introduce yourself in two or three sentences."
        }
    };
    QuestionView {
        id: PRACTICE_ID.into(),
        kind: None,
        text: text.into(),
        think_seconds: PRACTICE_THINK_SECONDS,
        answer_seconds: PRACTICE_ANSWER_SECONDS,
        modes: vec![AnswerMode::Text],
    }
}

/// The practice question first, then the first real question not yet answered or missed.
/// Showing a question starts its clock; asking again returns the same deadlines.
pub async fn next(services: &Services, token: &str) -> ServiceResult<NextStep> {
    let ctx = load(services, token).await?;
    if ctx.app.status.is_closed() && ctx.app.status != ApplicationStatus::HumanInterviewRequested {
        return Ok(NextStep::done());
    }
    require_in_progress(&ctx.app)?;
    let now = services.clock.now();
    let total = ctx.job.questions.len();
    if !ctx.app.practice_done {
        let view = practice_view(ctx.job.language);
        return Ok(NextStep {
            done: false,
            practice: Some(true),
            index: Some(0),
            total: Some(total),
            server_time: Some(now),
            think_deadline: None,
            answer_deadline: None,
            question: Some(view),
        });
    }
    let slots = services
        .store
        .list_slots(ctx.app.org_id, ctx.app.id)
        .await?;
    for (i, q) in ctx.job.questions.iter().enumerate() {
        let slot = match slots.iter().find(|s| s.question_id == q.id) {
            Some(s) => s.clone(),
            None => {
                let deadline =
                    now + Duration::seconds(i64::from(q.think_seconds + q.answer_seconds));
                services
                    .store
                    .present_question(ctx.app.org_id, ctx.app.id, q.id, now, deadline)
                    .await?
            }
        };
        match slot.state {
            SlotState::Answered | SlotState::Missed => continue,
            SlotState::Presented if now > slot.deadline_at + grace(services) => {
                // Missed, unless a recording of it arrived in time and only its browser's
                // "complete" is missing.
                crate::media::close_slot(services, ctx.app.org_id, ctx.app.id, q.id, now).await?;
                continue;
            }
            SlotState::Presented => {
                return Ok(NextStep {
                    done: false,
                    practice: Some(false),
                    index: Some(i + 1),
                    total: Some(total),
                    server_time: Some(now),
                    think_deadline: Some(
                        slot.presented_at + Duration::seconds(i64::from(q.think_seconds)),
                    ),
                    answer_deadline: Some(slot.deadline_at),
                    question: Some(QuestionView {
                        id: q.id.to_string(),
                        kind: Some(q.kind),
                        text: q.text.clone(),
                        think_seconds: q.think_seconds,
                        answer_seconds: q.answer_seconds,
                        modes: q.modes.clone(),
                    }),
                });
            }
        }
    }
    Ok(NextStep::done())
}

/// Takes an answer to the question currently shown. Re-sending the same answer (a retry
/// after a dropped connection) succeeds without change; a different second answer, an
/// answer to a question not yet shown, or one after the deadline is refused.
pub async fn answer(
    services: &Services,
    token: &str,
    question_id: &str,
    text: &str,
) -> ServiceResult<AnswerReceipt> {
    let ctx = load(services, token).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::new("text", "the answer is empty")
            .zh("回答不能为空。")
            .en("The answer is empty.")
            .into());
    }
    if text.chars().count() > MAX_ANSWER_CHARS {
        return Err(DomainError::new(
            "text",
            format!("the answer is longer than {MAX_ANSWER_CHARS} characters"),
        )
        .zh(format!("回答不能超过 {MAX_ANSWER_CHARS} 个字符。"))
        .en(format!(
            "The answer must be at most {MAX_ANSWER_CHARS} characters."
        ))
        .into());
    }
    if question_id == PRACTICE_ID {
        require_in_progress(&ctx.app)?;
        // The practice answer is not kept: it is never scored or shown to anyone.
        if !ctx.app.practice_done {
            services
                .store
                .mark_practice_done(ctx.app.org_id, ctx.app.id, services.clock.now())
                .await?;
        }
        return Ok(AnswerReceipt {
            question_id: PRACTICE_ID.into(),
            accepted: true,
            duplicate: ctx.app.practice_done,
        });
    }
    let qid: QuestionId = question_id.parse().map_err(|_| {
        DomainError::new("question_id", "is not a question of this interview")
            .zh("这道题不属于本次面试。")
            .en("That is not a question of this interview.")
    })?;
    let slots = services
        .store
        .list_slots(ctx.app.org_id, ctx.app.id)
        .await?;
    let Some(slot) = slots.into_iter().find(|s| s.question_id == qid) else {
        if ctx.job.questions.iter().any(|q| q.id == qid) {
            require_in_progress(&ctx.app)?;
            return Err(ServiceError::conflict(
                "question_not_started",
                "this question has not been shown yet; fetch the next question first",
            ));
        }
        return Err(ServiceError::NotFound);
    };
    match slot.state {
        SlotState::Answered if slot.text.as_deref() == Some(text) => {
            return Ok(AnswerReceipt {
                question_id: qid.to_string(),
                accepted: true,
                duplicate: true,
            })
        }
        SlotState::Answered => {
            return Err(ServiceError::conflict(
                "already_answered",
                "this question has already been answered",
            ))
        }
        SlotState::Missed => return Err(deadline_passed()),
        SlotState::Presented => {}
    }
    require_in_progress(&ctx.app)?;
    let now = services.clock.now();
    if now > slot.deadline_at + grace(services) {
        crate::media::close_slot(services, ctx.app.org_id, ctx.app.id, qid, now).await?;
        return Err(deadline_passed());
    }
    let stored = services
        .store
        .record_answer(ctx.app.org_id, ctx.app.id, qid, text, now)
        .await?;
    if !stored {
        // Lost a race with a concurrent submission of this question; report what won.
        return Err(ServiceError::conflict(
            "already_answered",
            "this question has already been answered",
        ));
    }
    Ok(AnswerReceipt {
        question_id: qid.to_string(),
        accepted: true,
        duplicate: false,
    })
}

pub(crate) fn deadline_passed() -> ServiceError {
    ServiceError::conflict(
        "deadline_passed",
        "the time for this question is over; it counts as unanswered and the interview moves on",
    )
}

/// Ends the interview and queues scoring. Finishing again is harmless and queues nothing.
pub async fn finish(services: &Services, token: &str) -> ServiceResult<InterviewState> {
    let ctx = load(services, token).await?;
    match ctx.app.status {
        ApplicationStatus::Completed | ApplicationStatus::Scored => {}
        _ => {
            require_in_progress(&ctx.app)?;
            let now = services.clock.now();
            // Finished and queued for scoring together, or neither (a failure leaves the
            // interview in progress, so finishing again works).
            let mut effects = Effects::none()
                .task(tasks::Task::score(ctx.app.org_id, ctx.app.id).queued_at(now))
                .event(
                    DomainEvent::InterviewCompleted {
                        application_id: ctx.app.id,
                    }
                    .logged(),
                );
            let trigger = kaoguan_domain::Trigger::InterviewFinished;
            if crate::rules::has_rules_on(&ctx.job, trigger) {
                effects = effects.task(
                    tasks::Task::apply_rules(ctx.app.org_id, ctx.app.id, trigger).queued_at(now),
                );
            }
            if services
                .store
                .finish_application(ctx.app.org_id, ctx.app.id, now, &effects)
                .await?
            {
                services.task_wakeup.notify_one();
            }
        }
    }
    state(services, token).await
}
