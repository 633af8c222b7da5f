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

    /// Several recordings of one candidate in one language; `result[i]` answers
    /// `inputs[i]`, with the same meaning as [`Transcription::transcribe`]'s result. An
    /// engine that can share work between short recordings (one model pass over several)
    /// overrides this; the default transcribes them one by one.
    fn transcribe_many(
        &self,
        inputs: &[MediaInput<'_>],
        language: Language,
    ) -> Vec<Result<TranscriptResult, String>> {
        inputs
            .iter()
            .map(|i| self.transcribe(i.media, i.content_type, language, i.vocabulary))
            .collect()
    }
}

/// One recording for [`Transcription::transcribe_many`].
#[derive(Debug, Clone, Copy)]
pub struct MediaInput<'a> {
    pub media: &'a [u8],
    pub content_type: &'a str,
    pub vocabulary: &'a [String],
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

/// Recordings one engine call may take along with the one its task is for: the same
/// candidate's other answers that are still waiting, so an engine that shares a model pass
/// between short recordings has several to share. Never another candidate's: a wrong cut
/// between two recordings must not move one person's words into another's transcript.
const TAKEN_ALONG: usize = 7;
/// At most this many bytes of recordings taken along (they are held in memory at once).
const TAKEN_ALONG_BYTES: i64 = 32 << 20;

/// Runs the `transcribe_answer` task. Engine errors and unreadable recordings are
/// recorded as failures (retrying cannot fix them); storage errors are returned for the
/// queue to retry, except on the `last_attempt`, which records the failure instead, so
/// scoring never waits for a transcript that will not come. The same candidate's other
/// waiting recordings go along in the same engine call (see [`TAKEN_ALONG`]); their own
/// tasks then find them transcribed and skip.
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
    let app = services.store.get_application(org, application).await?;
    let language = services.store.get_job(org, app.job_id).await?.language;
    // Without an engine, or with a recording that will never read, the answer is given
    // up on here; a read that may pass is retried by the queue until its last attempt.
    let ready = match services.transcription.clone() {
        None => Err(NO_ENGINE.to_string()),
        Some(engine) => match read(services, &answer).await {
            Readable::Ready(media) => Ok((engine, media)),
            Readable::Never(reason) => Err(reason),
            Readable::NotNow(e) if last_attempt => {
                Err(format!("the recording could not be read: {e}"))
            }
            Readable::NotNow(e) => {
                return Err(anyhow::Error::new(e).context("reading a recording").into())
            }
        },
    };
    let (engine, media) = match ready {
        Ok(ready) => ready,
        Err(reason) => {
            let outcome = fail(services, org, application, question, reason).await?;
            resume_scoring(services, org, application).await?;
            return Ok(outcome);
        }
    };
    let mut batch = vec![Recording {
        question,
        content_type: answer.content_type.clone(),
        vocabulary: vocabulary(services, org, question).await?,
        media,
    }];
    batch.extend(taken_along(services, org, application, question).await?);

    let questions: Vec<QuestionId> = batch.iter().map(|r| r.question).collect();
    let results = tokio::task::spawn_blocking(move || {
        let inputs: Vec<MediaInput<'_>> = batch
            .iter()
            .map(|r| MediaInput {
                media: &r.media,
                content_type: &r.content_type,
                vocabulary: &r.vocabulary,
            })
            .collect();
        engine.transcribe_many(&inputs, language)
    })
    .await
    .map_err(anyhow::Error::from)?;

    if results.len() != questions.len() {
        return Err(anyhow::anyhow!(
            "the speech engine answered {} of {} recordings",
            results.len(),
            questions.len()
        )
        .into());
    }
    // The task's own recording is the first; its outcome is the task's.
    let mut outcome = None;
    for (q, result) in questions.into_iter().zip(results) {
        let this = match result {
            Ok(result) => {
                save(services, org, application, q, result).await?;
                TranscribeOutcome::Transcribed
            }
            Err(reason) => fail(services, org, application, q, reason).await?,
        };
        outcome.get_or_insert(this);
    }
    resume_scoring(services, org, application).await?;
    Ok(outcome.expect("the batch holds the task's own recording"))
}

/// A recording read into memory for the engine.
struct Recording {
    question: QuestionId,
    content_type: String,
    vocabulary: Vec<String>,
    media: Vec<u8>,
}

/// The candidate's other recordings still waiting for a transcript, within the limits. One
/// that cannot be read now is left to its own task, which knows whether to retry.
async fn taken_along(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
) -> ServiceResult<Vec<Recording>> {
    let mut out = Vec::new();
    let mut bytes = 0i64;
    for other in services.store.list_media_answers(org, application).await? {
        if out.len() == TAKEN_ALONG {
            break;
        }
        if other.question_id == question
            || other.transcript_state != TranscriptState::Pending
            || bytes + other.size_bytes > TAKEN_ALONG_BYTES
        {
            continue;
        }
        if let Readable::Ready(media) = read(services, &other).await {
            bytes += other.size_bytes;
            out.push(Recording {
                question: other.question_id,
                content_type: other.content_type,
                vocabulary: vocabulary(services, org, other.question_id).await?,
                media,
            });
        }
    }
    Ok(out)
}

async fn save(
    services: &Services,
    org: OrgId,
    application: ApplicationId,
    question: QuestionId,
    result: TranscriptResult,
) -> ServiceResult<()> {
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
    Ok(())
}

/// The question's own terms, for the decoder.
async fn vocabulary(
    services: &Services,
    org: OrgId,
    question: QuestionId,
) -> ServiceResult<Vec<String>> {
    let q = services.store.get_question(org, question).await?;
    let mut vocabulary: Vec<String> = Vec::new();
    for term in q.rubric.key_points.iter().chain(&q.rubric.red_flags) {
        let term = term.trim();
        if !term.is_empty() && !vocabulary.iter().any(|v| v == term) {
            vocabulary.push(term.to_string());
        }
    }
    Ok(vocabulary)
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

/// A stored recording, read or not.
enum Readable {
    Ready(Vec<u8>),
    /// Unreadable for good (fails its integrity check, or gone): the reason.
    Never(String),
    /// Unreadable for a reason that may pass (storage I/O).
    NotNow(ObjectError),
}

async fn read(services: &Services, answer: &kaoguan_store::MediaAnswer) -> Readable {
    match assemble::read_recording(services, &answer.object_key).await {
        Ok(media) => Readable::Ready(media),
        Err(e @ (ObjectError::Integrity(_) | ObjectError::UnknownKey(_))) => {
            Readable::Never(format!("the recording could not be read: {e}"))
        }
        Err(e) => Readable::NotNow(e),
    }
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
        tasks::enqueue(services, tasks::Task::score(org, application)).await?;
    }
    Ok(())
}
