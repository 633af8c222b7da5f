//! Turning a finished interview into a report. Runs in a background task; the scoring
//! itself is CPU work and goes to the blocking pool.

use kaoguan_domain::{ApplicationId, ApplicationStatus, Language, OrgId, ReportStatus};
use kaoguan_inference::llm::{LlmError, RubricReading};
use kaoguan_scoring::{AnswerScore, AnswerStatus, QuestionInput, Scorer};
use kaoguan_store::{Effects, MediaAnswer, Question, Report, SlotState, TranscriptState};

use crate::events::DomainEvent;
use crate::external_reading::{ExternalReadingInfo, ReadingStatus, DISAGREEMENT_POINTS};
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

    // With an external judge configured, its readings first (network, not CPU work).
    let judge = services.rubric_judge.clone();
    let readings = match &judge {
        Some(j) => {
            crate::external_reading::read_all(j.clone(), &app, job.language, &questions, &answers)
                .await
        }
        None => vec![None; questions.len()],
    };
    let judge_id = judge.as_ref().map(|j| j.id());

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
        let (scores, infos): (Vec<Option<AnswerScore>>, Vec<Option<ExternalReadingInfo>>) = inputs
            .iter()
            .zip(&answers)
            .zip(readings)
            .map(|((q, a), reading)| match a.as_deref() {
                Some(text) => {
                    let (score, info) = score_one(&scorer, q, text, reading, judge_id.as_deref());
                    (Some(score), info)
                }
                None => (None, None),
            })
            .unzip();
        let used_judge = infos
            .iter()
            .flatten()
            .any(|i| i.status == ReadingStatus::Used);
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
            .zip(infos)
            .map(|((((q, text), score), recording), info)| {
                let mut report = with_recording(answer_report(q, text, score), recording);
                report.external_reading = info;
                report
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
            // Named only when the external reading decided at least one answer.
            model_version: match judge_id.as_deref().filter(|_| used_judge) {
                Some(id) => format!("{}+llm:{id}", scorer.version()),
                None => scorer.version(),
            },
            competency_model_version,
            scored_at: now,
            external_feedback: None,
        }
    })
    .await
    .map_err(anyhow::Error::from)?;

    let (red_flags, flags) = crate::report::filter_facts(&body);
    let report = Report {
        application_id: id,
        status: body.status,
        total: Some(body.total),
        model_version: body.model_version.clone(),
        body: serde_json::to_value(&body).map_err(anyhow::Error::from)?,
        red_flags,
        flags,
        created_at: now,
    };
    // The report, its event and (with an external model) the task for its advisory notes
    // commit together: the notes come later, from their own task, and are never lost.
    let mut effects = Effects::none().event(
        DomainEvent::ReportReady {
            application_id: id,
            status: body.status,
            total: body.total,
            model_version: body.model_version.clone(),
        }
        .logged(),
    );
    // Rules on report_ready run once per application (the key of their run), so a
    // re-scored report queues a run that changes nothing.
    if crate::rules::has_rules_on(&job, kaoguan_domain::Trigger::ReportReady) {
        effects = effects.task(
            crate::tasks::Task::apply_rules(org, id, kaoguan_domain::Trigger::ReportReady)
                .queued_at(now),
        );
    }
    let wants_notes =
        services.llm.is_some() && body.answers.iter().any(|a| a.answer_text.is_some());
    if wants_notes {
        effects = effects.task(crate::tasks::Task::llm_feedback(org, id, now).queued_at(now));
    }
    services.store.save_report(org, &report, &effects).await?;
    if !effects.tasks.is_empty() {
        services.task_wakeup.notify_one();
    }
    tracing::info!(application = %id, status = body.status.as_str(), "report ready");
    Ok(ScoringOutcome::Scored(body.status))
}

/// Scores one answer: with the external reading where there is one (and the local
/// engine's own total beside it as the cross-check), by the local engine alone otherwise.
fn score_one(
    scorer: &Scorer,
    q: &QuestionInput,
    text: &str,
    reading: Option<Result<RubricReading, LlmError>>,
    judge_id: Option<&str>,
) -> (AnswerScore, Option<ExternalReadingInfo>) {
    let local = scorer.score_answer(q, text);
    let (Some(reading), Some(model)) = (reading, judge_id) else {
        return (local, None);
    };
    let reading = match reading {
        Ok(r) => r,
        Err(e) => {
            let info = ExternalReadingInfo {
                model: model.to_string(),
                status: ReadingStatus::Unavailable,
                level: None,
                rationale: None,
                local_total: Some(local.total),
                discarded: 0,
                error: Some(e.to_string()),
            };
            return (local, Some(info));
        }
    };
    let external = crate::external_reading::to_scoring(&reading, text);
    let mut score = scorer.score_answer_read(q, text, Some(&external));
    let language = q.language;
    if (score.total - local.total).abs() >= DISAGREEMENT_POINTS {
        score.flags.push("engines_disagree".into());
        score.hr_notes.push(match language {
            Language::Zh => format!(
                "外部模型与本地引擎对这道题的判断相差较大({:.1} 对 {:.1}),请人工复核。",
                score.total, local.total
            ),
            Language::En => format!(
                "The external model and the local engine disagree on this answer ({:.1} vs {:.1}); review it yourself.",
                score.total, local.total
            ),
        });
    }
    let info = ExternalReadingInfo {
        model: model.to_string(),
        status: ReadingStatus::Used,
        level: reading.level,
        rationale: reading.rationale,
        local_total: Some(local.total),
        discarded: reading.discarded,
        error: None,
    };
    (score, Some(info))
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
        hr_notes,
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
            s.hr_notes,
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
        hr_notes,
        features,
        flags,
        media: None,
        transcript: None,
        segments: None,
        delivery: None,
        note: None,
        external_reading: None,
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
