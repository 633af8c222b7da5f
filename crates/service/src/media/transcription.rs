//! The seam between recorded answers and a speech engine, and the background task that
//! crosses it. The engine itself (decoding, voice activity, Whisper) lives elsewhere and
//! is handed in through [`Transcription`]; without one, recordings are kept and reported
//! as not transcribed.

use kaoguan_domain::{ApplicationId, ApplicationStatus, Language, OrgId, QuestionId};
use kaoguan_objects::ObjectError;
use kaoguan_store::{Transcript, TranscriptState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assemble;
use crate::{tasks, ServiceResult, Services};

/// A speech-to-text engine. Called on the blocking pool: implementations may take seconds
/// of CPU and should bound their own parallelism.
pub trait Transcription: Send + Sync {
    /// `media` is the whole recording as uploaded (`content_type` says its format);
    /// `vocabulary` holds the question's own terms, to bias the decoder towards them.
    /// An `Err` is final for this recording (it will not be retried) and its text is
    /// shown to reviewers, so it should say what went wrong without personal data.
    fn transcribe(
        &self,
        media: &[u8],
        content_type: &str,
        language: Language,
        vocabulary: &[String],
    ) -> Result<TranscriptResult, String>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptResult {
    pub text: String,
    /// The language spoken, as given or detected.
    pub language: Language,
    /// `(start seconds, end seconds, text)`, in order.
    pub segments: Vec<(f64, f64, String)>,
    /// Descriptive delivery measures (speaking rate, pauses, fillers …); shape owned by
    /// the engine, stored and shown as given.
    pub delivery: serde_json::Value,
}

/// One timed piece of a transcript, as stored and reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

pub const NO_ENGINE: &str = "no speech model installed";

#[derive(Debug, Clone, PartialEq)]
pub enum TranscribeOutcome {
    Transcribed,
    /// Recorded as failed, with the reason; the answer counts as unanswered.
    Failed(String),
    /// Nothing to do: no such answer, or it was transcribed already (a repeated task).
    Skipped,
}

/// Runs the `transcribe_answer` task. Engine errors and unreadable recordings are
/// recorded as failures (retrying cannot fix them); storage errors are returned for the
/// queue to retry, except on the `last_attempt`, which records the failure instead, so
/// scoring never waits for a transcript that will not come.
pub async fn transcribe_answer(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    last_attempt: bool,
) -> ServiceResult<TranscribeOutcome> {
    let Some(answer) = services
        .store
        .get_media_answer(org, application, question)
        .await?
    else {
        return Ok(TranscribeOutcome::Skipped);
    };
    if answer.transcript_state != TranscriptState::Pending {
        return Ok(TranscribeOutcome::Skipped);
    }
    let (language, vocabulary) = context(services, org, application, question).await?;
    let outcome = match run_engine(services, &answer, language, vocabulary).await {
        Ok(Ok(result)) => {
            let segments: Vec<Segment> = result
                .segments
                .into_iter()
                .map(|(start, end, text)| Segment { start, end, text })
                .collect();
            let transcript = Transcript {
                text: result.text,
                language: result.language.to_string(),
                segments: serde_json::to_value(segments).map_err(anyhow::Error::from)?,
                delivery: result.delivery,
            };
            services
                .store
                .save_transcript(
                    org,
                    application,
                    question,
                    &transcript,
                    services.clock.now(),
                )
                .await?;
            TranscribeOutcome::Transcribed
        }
        Ok(Err(reason)) => fail(services, org, application, question, reason).await?,
        Err(e) if last_attempt => {
            let reason = format!("the recording could not be read: {e}");
            fail(services, org, application, question, reason).await?
        }
        Err(e) => return Err(anyhow::Error::new(e).context("reading a recording").into()),
    };
    resume_scoring(services, org, application).await?;
    Ok(outcome)
}

/// The interview's language and the question's own terms, for the decoder.
async fn context(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
) -> ServiceResult<(Language, Vec<String>)> {
    let app = services.store.get_application(org, application).await?;
    let job = services.store.get_job(org, app.job_id).await?;
    let q = services.store.get_question(org, question).await?;
    let mut vocabulary: Vec<String> = Vec::new();
    for term in q.rubric.key_points.iter().chain(&q.rubric.red_flags) {
        let term = term.trim();
        if !term.is_empty() && !vocabulary.iter().any(|v| v == term) {
            vocabulary.push(term.to_string());
        }
    }
    Ok((job.language, vocabulary))
}

async fn fail(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    reason: String,
) -> ServiceResult<TranscribeOutcome> {
    tracing::warn!(%application, %question, reason = %reason, "answer not transcribed");
    services
        .store
        .fail_transcript(org, application, question, &reason, services.clock.now())
        .await?;
    Ok(TranscribeOutcome::Failed(reason))
}

/// `Ok(engine result)`, or `Err` when the recording could not be read for a reason that
/// may pass (storage I/O). A recording that fails its integrity check will not get
/// better, so that is an engine-level failure.
async fn run_engine(
    services: &Services,
    answer: &kaoguan_store::MediaAnswer,
    language: Language,
    vocabulary: Vec<String>,
) -> Result<Result<TranscriptResult, String>, ObjectError> {
    let Some(engine) = services.transcription.clone() else {
        return Ok(Err(NO_ENGINE.to_string()));
    };
    let media = match assemble::read_recording(services, &answer.object_key).await {
        Ok(media) => media,
        Err(e @ (ObjectError::Integrity(_) | ObjectError::UnknownKey(_))) => {
            return Ok(Err(format!("the recording could not be read: {e}")))
        }
        Err(e) => return Err(e),
    };
    let content_type = answer.content_type.clone();
    tokio::task::spawn_blocking(move || {
        engine.transcribe(&media, &content_type, language, &vocabulary)
    })
    .await
    .map_err(|e| ObjectError::Io(std::io::Error::other(e)))
}

/// Queues scoring once a finished interview has no transcript left to wait for. Scoring
/// that ran earlier found one pending and stopped without a report; this is its restart.
async fn resume_scoring(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
) -> ServiceResult<()> {
    let app = services.store.get_application(org, application).await?;
    if app.status != ApplicationStatus::Completed {
        return Ok(());
    }
    let answers = services.store.list_media_answers(org, application).await?;
    if answers
        .iter()
        .all(|a| a.transcript_state != TranscriptState::Pending)
    {
        tasks::enqueue_scoring(services, org, application).await?;
    }
    Ok(())
}
