//! Turning a finished interview into a report. Runs in a background task; the scoring
//! itself is CPU work and goes to the blocking pool.

use kaoguan_domain::{ApplicationId, ApplicationStatus, Language, OrgId, ReportStatus};
use kaoguan_scoring::{AnswerScore, AnswerStatus, QuestionInput};
use kaoguan_store::{MediaAnswer, Question, Report, SlotState, TranscriptState};

use crate::media::transcription::Segment;
use crate::report::{AnswerReport, DimensionScore, MediaInfo, ReportBody};
use crate::{ServiceResult, Services};

/// What happened when a scoring task ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoringOutcome {
    Scored(ReportStatus),
    /// The application is not in a state that has a report (e.g. refused, unfinished).
    Skipped,
    /// A recorded answer is still being transcribed; its transcription task queues
    /// scoring again when it ends.
    WaitingForTranscripts,
}

pub async fn score_application(
    services: &Services,
    org: OrgId,
    id: ApplicationId,
) -> ServiceResult<ScoringOutcome> {
    let app = services.store.get_application(org, id).await?;
    if !matches!(
        app.status,
        ApplicationStatus::Completed | ApplicationStatus::Scored
    ) {
        return Ok(ScoringOutcome::Skipped);
    }
    let media = services.store.list_media_answers(org, id).await?;
    if media
        .iter()
        .any(|m| m.transcript_state == TranscriptState::Pending)
    {
        tracing::info!(application = %id, "scoring waits for transcripts");
        return Ok(ScoringOutcome::WaitingForTranscripts);
    }
    let job = services.store.get_job(org, app.job_id).await?;
    let slots = services.store.list_slots(org, id).await?;

    // The interview as it was put to the candidate: the job's questions, plus any the
    // candidate answered that have since been archived.
    let mut questions: Vec<Question> = job.questions.clone();
    for s in &slots {
        if !questions.iter().any(|q| q.id == s.question_id) {
            questions.push(services.store.get_question(org, s.question_id).await?);
        }
    }
    // A recorded answer is scored by its transcript; one that could not be transcribed
    // counts as unanswered (its report entry says why).
    let recordings: Vec<Option<MediaAnswer>> = questions
        .iter()
        .map(|q| media.iter().find(|m| m.question_id == q.id).cloned())
        .collect();
    let answers: Vec<Option<String>> = questions
        .iter()
        .zip(&recordings)
        .map(|(q, recording)| {
            let slot = slots
                .iter()
                .find(|s| s.question_id == q.id && s.state == SlotState::Answered)?;
            match recording {
                Some(m) => m.transcript.as_ref().map(|t| t.text.clone()),
                None => slot.text.clone(),
            }
        })
        .collect();

    // The job's published calibration, if any; its version is named in the report.
    let scorer = crate::calibration::scorer_for_job(services, org, job.id).await?;
    let model = job.model.clone();
    let language = job.language;
    let competency_model_version = job.model_version;
    let now = services.clock.now();
    let body = tokio::task::spawn_blocking(move || {
        let inputs: Vec<QuestionInput> = questions
            .iter()
            .map(|q| question_input(q, language))
            .collect();
        let scores: Vec<Option<AnswerScore>> = inputs
            .iter()
            .zip(&answers)
            .map(|(q, a)| a.as_deref().map(|text| scorer.score_answer(q, text)))
            .collect();
        let pairs: Vec<(&QuestionInput, Option<&AnswerScore>)> = inputs
            .iter()
            .zip(scores.iter().map(Option::as_ref))
            .collect();
        let summary = kaoguan_scoring::aggregate(&model, &pairs);
        let status = match summary.status {
            AnswerStatus::InsufficientData => ReportStatus::InsufficientData,
            _ => ReportStatus::Ready,
        };
        let dimensions = model
            .normalised_weights()
            .into_iter()
            .map(|(key, weight)| DimensionScore {
                name: model.get(&key).map(|c| c.name.clone()).unwrap_or_default(),
                score: summary.dimensions.get(key.as_str()).copied().unwrap_or(0.0),
                key: key.to_string(),
                weight,
            })
            .collect();
        let answers = questions
            .iter()
            .zip(answers)
            .zip(scores)
            .zip(recordings)
            .map(|(((q, text), score), recording)| {
                with_recording(answer_report(q, text, score), recording)
            })
            .collect();
        ReportBody {
            status,
            total: summary.total,
            dimensions,
            answers,
            highlights: summary.highlights,
            suggestions: summary.suggestions,
            next_round_advice: summary.next_round_advice,
            model_version: scorer.version(),
            competency_model_version,
            scored_at: now,
            external_feedback: None,
        }
    })
    .await
    .map_err(anyhow::Error::from)?;

    let report = Report {
        application_id: id,
        status: body.status,
        total: Some(body.total),
        model_version: body.model_version.clone(),
        body: serde_json::to_value(&body).map_err(anyhow::Error::from)?,
        created_at: now,
    };
    services.store.save_report(org, &report).await?;
    tracing::info!(application = %id, status = body.status.as_str(), "report ready");
    // The external model's notes come later, from their own task: the report above is
    // complete without them. Failing to enqueue must not fail (and so re-run) the scoring.
    if services.llm.is_some() && body.answers.iter().any(|a| a.answer_text.is_some()) {
        if let Err(e) = crate::tasks::enqueue_llm_feedback(services, org, id, now).await {
            tracing::warn!(application = %id, error = %e, "could not enqueue external feedback");
        }
    }
    Ok(ScoringOutcome::Scored(body.status))
}

fn question_input(q: &Question, language: Language) -> QuestionInput {
    QuestionInput {
        id: q.id.to_string(),
        kind: q.kind,
        language,
        text: q.text.clone(),
        competencies: q.competencies.clone(),
        rubric: q.rubric.clone(),
    }
}

fn answer_report(q: &Question, text: Option<String>, score: Option<AnswerScore>) -> AnswerReport {
    let answered = text.is_some();
    let (
        score_value,
        status,
        key_points,
        red_flags,
        star,
        highlights,
        suggestions,
        features,
        flags,
    ) = match score {
        Some(s) => (
            Some(s.total),
            Some(s.status),
            s.key_points,
            s.red_flags,
            s.star,
            s.highlights,
            s.suggestions,
            s.features,
            s.flags,
        ),
        None => (
            None,
            None,
            vec![],
            vec![],
            None,
            vec![],
            vec![],
            vec![],
            vec!["unanswered".to_string()],
        ),
    };
    AnswerReport {
        question_id: q.id.to_string(),
        question_text: q.text.clone(),
        kind: q.kind,
        competencies: q.competencies.iter().map(|k| k.to_string()).collect(),
        answered,
        answer_text: text,
        score: score_value,
        status,
        key_points,
        red_flags,
        star,
        highlights,
        suggestions,
        features,
        flags,
        media: None,
        transcript: None,
        segments: None,
        delivery: None,
        note: None,
        // Attached when the report is viewed, never here: scoring does not see them.
        integrity: None,
    }
}

/// Adds a recorded answer's transcript, segments and delivery measures to its entry.
fn with_recording(mut report: AnswerReport, recording: Option<MediaAnswer>) -> AnswerReport {
    let Some(m) = recording else {
        return report;
    };
    report.media = Some(MediaInfo {
        kind: m.kind,
        content_type: m.content_type.clone(),
        size_bytes: u64::try_from(m.size_bytes).unwrap_or(0),
        transcript_status: m.transcript_state.as_str().to_string(),
    });
    match m.transcript {
        Some(t) => {
            report.transcript = Some(t.text);
            report.segments = serde_json::from_value::<Vec<Segment>>(t.segments).ok();
            report.delivery = Some(t.delivery).filter(|d| !d.is_null());
        }
        None => {
            report.flags.push("transcription_failed".into());
            report.note = Some(format!(
                "the recorded answer could not be transcribed ({}); it counts as unanswered",
                m.transcript_error.as_deref().unwrap_or("unknown reason")
            ));
        }
    }
    report
}
